"""The public pages of officials and countries: published people only (rule 2)."""

from django.core.paginator import InvalidPage
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from c5site.api.pagination import kept_count, record_state
from c5site.records import Status

from .models import Country, Person

MEETINGS_PER_PAGE = 25

# DESIGN: `people` never imports `events` at module level, so the pages that show
# meetings import it where they run.


def cited():
    from events.views import cited  # noqa: PLC0415

    return cited()


class LastModified:
    """Sends Last-Modified from `last_modified()` (ConditionalGetMiddleware answers 304 from it)."""

    def render_to_response(self, context, **kwargs):
        from django.utils.http import http_date  # noqa: PLC0415

        response = super().render_to_response(context, **kwargs)
        when = self.last_modified(context)
        if when is not None:
            response["Last-Modified"] = http_date(when.timestamp())
        return response


class PersonListView(ListView):
    """Published officials by family name, 50 a page, each with their number of meetings.

    The meetings are counted for the page's 50 people only, after it is cut: counted as an
    annotation of the list, every official's participations were joined and grouped before
    the page was taken (20,000 people, 400,000 participations: 430 ms)."""

    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return Person.objects.for_list_page().prefetch_related("positions").order_by("sort_name", "name", "pk")

    def get_context_data(self, **kwargs):
        from events.models import Participation  # noqa: PLC0415
        from events.paging import count_for_page  # noqa: PLC0415

        context = super().get_context_data(**kwargs)
        published = Participation.objects.filter(meeting__status=Status.PUBLISHED)
        count_for_page(context["people"], published, "person", "meeting_count")
        return context


class PersonDetailView(LastModified, DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        # Retracted people keep their page, which shows the notice instead of the record.
        return Person.objects.visible().select_related("country")

    def get_context_data(self, **kwargs):
        from events.paging import page_number  # noqa: PLC0415
        from events.person_page import attended, positions_of  # noqa: PLC0415
        from events.views import corrections_of  # noqa: PLC0415

        context = super().get_context_data(**kwargs)
        person = self.object
        context["retracted"] = person.status == Status.RETRACTED
        if context["retracted"]:
            return context
        positions = positions_of(person.pk)
        # A busy official attended thousands of meetings: the page shows them a page at a
        # time, newest first, with whom they met at those; the meetings list has them all.
        try:
            page, met, built_at = attended(person, page_number(self.request.GET.get("page")), MEETINGS_PER_PAGE)
        except InvalidPage:
            raise Http404("There is no such page of this official’s meetings.") from None
        context.update(
            positions=positions,
            participations=page.object_list,
            page_obj=page,
            met=met,
            documents_built_at=built_at,
            corrections=corrections_of(Person, person.pk),
        )
        context["structured_data"] = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": person.name,
            "alternateName": person.aliases,
            "url": self.request.build_absolute_uri(person.get_absolute_url()),
            **({"nationality": {"@type": "Country", "name": person.country.name}} if person.country else {}),
            "hasOccupation": [{"@type": "Role", "roleName": p.title} for p in positions],
            **({"sameAs": f"https://www.wikidata.org/wiki/{person.wikidata_id}"} if person.wikidata_id else {}),
        }
        return context

    def last_modified(self, context):
        from c5site.api.caching import last_modified_of  # noqa: PLC0415
        from events.views import latest  # noqa: PLC0415

        moments = [self.object.updated_at, self.object.published_at]
        for position in context.get("positions", []):
            moments += [c.created_at for c in position.citations.all()]
        # A meeting's stored document is rebuilt by every change to what it shows (the roles,
        # their citations, the others met); one built now is dated by the record's last change.
        for participation, built_at in zip(context.get("participations", []), context.get("documents_built_at", [])):
            moments += [participation.meeting.updated_at, built_at or last_modified_of(self.request)]
        moments += [c.created_at for c in context.get("corrections", [])]
        return latest(*moments)


COUNTRY_MEETINGS_PER_PAGE = 20
OFFICIALS_SHOWN = 100
ROLES_SHOWN = 4  # an official's first two and latest two, where they have more


def officials_of(country):
    """([{"person", "roles", "meetings"}], how many more officials there are) for `country`:
    the first OFFICIALS_SHOWN officials to have represented it, in the order of their first
    meeting, each with their first and latest ROLES_SHOWN participations (with citations) and
    their number of meetings for it. Three queries and a prefetch, whatever the numbers."""
    from events.models import Participation  # noqa: PLC0415

    order = [F("meeting__date_lo").asc(nulls_last=True), F("meeting__pk").asc(), F("pk").asc()]
    theirs = Participation.objects.public().filter(country=country)
    numbered = theirs.annotate(
        n=Window(RowNumber(), partition_by=[F("person")], order_by=order),
        of=Window(Count("pk"), partition_by=[F("person")]),
    )
    firsts = list(numbered.filter(n=1).order_by(*order).values_list("person", "of")[: OFFICIALS_SHOWN + 1])
    shown = dict(firsts[:OFFICIALS_SHOWN])
    more = len(firsts) > OFFICIALS_SHOWN and theirs.values("person").distinct().count() - OFFICIALS_SHOWN
    keep = Q(n__lte=ROLES_SHOWN // 2) | Q(n__gt=F("of") - (ROLES_SHOWN - ROLES_SHOWN // 2)) | Q(of__lte=ROLES_SHOWN)
    officials = {pk: {"person": None, "roles": [], "meetings": total} for pk, total in shown.items()}
    for participation in (
        numbered.filter(person__in=list(shown))
        .filter(keep)
        .select_related("person", "meeting")
        .prefetch_related(Prefetch("citations", queryset=cited()))
        .order_by(*order)
    ):
        entry = officials[participation.person_id]
        entry["person"] = participation.person
        entry["roles"].append(participation)
    return list(officials.values()), more


class CountryDetailView(DetailView):
    template_name = "people/country_detail.html"
    context_object_name = "country"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            # One address per country: the lower-case code.
            return redirect("people:country-detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        """The country's meetings, a page of COUNTRY_MEETINGS_PER_PAGE at a time, and its
        officials over time: at most OFFICIALS_SHOWN, by first appearance, each with at most
        ROLES_SHOWN of their roles (the first and the latest ones), cited. Kazakhstan in the
        100k corpus had 40,000 meetings and 2,000 officials, all on one page: 49 s."""
        from events.models import Delegation, Meeting  # noqa: PLC0415
        from events.paging import page_or_404  # noqa: PLC0415
        from events.views import meetings_of_country, timeline_of  # noqa: PLC0415

        context = super().get_context_data(**kwargs)
        country = self.object
        here = Delegation.objects.filter(country=country).prefetch_related(Prefetch("citations", queryset=cited()))
        meetings = meetings_of_country(Meeting.objects.for_list_page(), country).prefetch_related(
            "place__names", Prefetch("delegations", queryset=here, to_attr="country_delegations")
        )
        context.update(
            page_or_404(
                meetings.newest_first(), COUNTRY_MEETINGS_PER_PAGE, self.request, "There is no such page of this country’s meetings."
            )
        )
        context["officials"], context["more_officials"] = officials_of(country)
        context["timeline"] = kept_count(  # kept until the record changes, as the home page's (0.3 s)
            lambda: timeline_of(meetings_of_country(Meeting.objects.published(), country)),
            record_state(self.request),
            ("country-timeline", country.pk),
        )
        return context
