"""The public site's pages for meetings, topics, sources and corrections.

Every view starts from the published records (rule 2) in one `get_queryset()` and
loads what its page shows in a fixed number of queries, whatever the number of rows.
"""

import datetime
from functools import partial
from types import SimpleNamespace

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import F, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from c5site.api.caching import last_modified_of
from c5site.api.pagination import kept_count, record_state
from c5site.db import CompiledOnce, prepared_cursor
from c5site.records import Status
from people.models import Country, Person, Position

from . import meeting_page
from .paging import CappedPaginator, count_for_page, page_or_404
from .models import (
    Citation,
    Correction,
    Delegation,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    Source,
    Topic,
    Transition,
)
from .templatetags.timeline import build_timeline, counts_by_year_and_kind

ONLINE_KINDS = {Meeting.Kind.PHONE_CALL, Meeting.Kind.VIDEO_CONFERENCE}
ONLINE_FORMATS = {Meeting.Format.VIRTUAL, Meeting.Format.PHONE}
# The meeting list offers officials in a drop-down up to this many; past it (20,000
# generated ones: a 1.2 MB page), a text field that takes a name or a page's address name.
PEOPLE_CHOICES_MAX = 200


def cited():
    """Citations as footnotes show them: with their source and its publisher, not the article's text."""
    return Citation.objects.select_related("source__publisher").defer("source__text").order_by("pk")


class LastModifiedMixin:
    """Sends Last-Modified from `last_modified()`; ConditionalGetMiddleware answers 304 from it and the ETag."""

    def last_modified(self, context):
        return None

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        when = self.last_modified(context)
        if when is not None:
            response["Last-Modified"] = http_date(when.timestamp())
        return response


def latest(*moments):
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


# --- Meetings --------------------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    """The meeting list's filters, validated: a malformed value answers 400 with this form's errors."""

    year = forms.IntegerField(min_value=1900, max_value=2100, required=False)
    country = forms.CharField(max_length=2, required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Meeting.Kind.choices], required=False)
    topic = forms.SlugField(required=False)
    person = forms.CharField(max_length=200, required=False)

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if not code:
            return None
        country = Country.objects.filter(code=code).first()
        if country is None:
            raise forms.ValidationError(f"No country with the code “{code.lower()}”.")
        return country

    def clean_topic(self):
        slug = self.cleaned_data["topic"]
        if not slug:
            return None
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise forms.ValidationError(f"No topic “{slug}”.")
        return topic

    def clean_person(self):
        """An official by the address name of their page (the slug) or, typed in, by their full name."""
        value = " ".join(self.cleaned_data["person"].split())
        if not value:
            return None
        people = Person.objects.published()
        person = people.filter(slug=value).first()
        if person is None:
            named = list(people.filter(name__iexact=value)[:2])
            if len(named) > 1:
                raise forms.ValidationError(
                    f"Several officials are named “{value}”: choose one on the People page and follow its meetings link."
                )
            person = named[0] if named else None
        if person is None:
            raise forms.ValidationError(f"No official “{value}” on record.")
        return person


def meetings_of_country(meetings, country):
    """Meetings where `country` was represented, or a published official took part for it."""
    represented = Delegation.objects.filter(country=country).values("meeting")
    attended = Participation.objects.public().filter(country=country).values("meeting")
    return meetings.filter(Q(pk__in=represented) | Q(pk__in=attended))


def filter_meetings(meetings, data):
    """Apply the cleaned filters of MeetingFilterForm to `meetings`."""
    if data.get("year"):
        year = data["year"]
        meetings = meetings.in_range(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if data.get("country"):
        meetings = meetings_of_country(meetings, data["country"])
    if data.get("kind"):
        meetings = meetings.filter(kind=data["kind"])
    if data.get("topic"):
        meetings = meetings.filter(pk__in=MeetingTopic.objects.filter(topic=data["topic"]).values("meeting"))
    if data.get("person"):
        meetings = meetings.filter(pk__in=Participation.objects.public().filter(person=data["person"]).values("meeting"))
    return meetings


class MeetingListView(ListView):
    template_name = "events/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        self.form = MeetingFilterForm(request.GET)
        self.form_valid = self.form.is_valid()
        response = super().get(request, *args, **kwargs)
        if not self.form_valid:
            response.status_code = 400
        return response

    def get_queryset(self):
        meetings = Meeting.objects.for_list_page().prefetch_related("place__names").newest_first()
        if not self.form_valid:
            return meetings.none()
        return filter_meetings(meetings, self.form.cleaned_data)

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            raise Http404("There is no such page of meetings: the list has fewer pages.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = {key: value for key, value in (self.form.cleaned_data.items() if self.form_valid else []) if value}
        context.update(
            form=self.form,
            active_filters=active,
            countries=Country.objects.all(),
            topics=with_any(Topic.objects.all(), MeetingTopic.objects.filter(meeting__status=Status.PUBLISHED), "topic"),
            people=people_choices(),
            kinds=Meeting.Kind.choices,
            years=meeting_years(),
        )
        return context


def with_any(rows, children, field):
    """`rows` with at least one of `children` pointing at them by `field`: one index probe per row.

    As EXISTS, PostgreSQL turns this into a hash join over every child (80-300 ms over
    200k topic links or 400k participations); a scalar subquery stays a probe per row,
    which is cheap for a few hundred rows."""
    first = Subquery(children.filter(**{field: OuterRef("pk")}).order_by().values("pk")[:1])
    return rows.alias(first_child=first).filter(first_child__isnull=False)


def people_choices():
    """The officials with a public participation, for the drop-down; None when there are too many to list."""
    published = Person.objects.published()
    if len(published.order_by().values_list("pk", flat=True)[: PEOPLE_CHOICES_MAX + 1]) > PEOPLE_CHOICES_MAX:
        return None
    return list(with_any(published, Participation.objects.public(), "person").only("pk", "slug", "name", "sort_name"))


def meeting_years():
    """The years with at least one published, dated meeting, newest first."""
    bounds = Meeting.objects.published().filter(date_lo__isnull=False).aggregate(first=Min("date_lo"), last=Max("date_hi"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


class MeetingDetailView(LastModifiedMixin, TemplateView):
    """A meeting's page, from the meeting's row and its document (events/meeting_page.py): the
    facts the API serves, with their citations, in the same order."""

    template_name = "events/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = (
            Meeting.objects.visible()
            .filter(slug=kwargs["slug"])
            .values("pk", "slug", "title", "status", "public_notice", "place_id", "place_name_reported",
                    "updated_at", "published_at", "document__body", "document__built_at")
            .first()
        )  # fmt: skip
        if row is None:
            raise Http404("No meeting on record at this address.")
        context["retracted"] = row["status"] == Status.RETRACTED
        self.moments = [row["updated_at"], row["published_at"]]
        if context["retracted"]:
            context["meeting"] = SimpleNamespace(title=row["title"], public_notice=row["public_notice"])
            return context
        document = meeting_page.document_of(row["pk"], row["document__body"])
        meeting, participations, delegations, meeting_topics, outcomes = meeting_page.read(
            document, row["place_id"], row["place_name_reported"]
        )
        context.update(
            meeting=meeting,
            participations=participations,
            delegations=delegations,
            meeting_topics=meeting_topics,
            outcomes=outcomes,
            corrections=corrections_of(Meeting, row["pk"]),
            online=meeting.kind in ONLINE_KINDS or meeting.format in ONLINE_FORMATS,
        )
        context["structured_data"] = meeting_jsonld(self.request, meeting, participations, context)
        # The document keeps no time of each fact, but a stored one is rebuilt (or dropped) by every
        # change to what it shows; one built now is dated by the record's last change (the API's).
        built = row["document__built_at"] if row["document__body"] is not None else last_modified_of(self.request)
        self.moments += [built, *(c.created_at for c in context["corrections"])]
        return context

    def last_modified(self, context):
        return latest(*self.moments)


def _shown_with(model, pk):
    """The facts a record's page shows with it, each kind as (model, queryset by the record's id)."""
    if model is Meeting:
        return [
            (Participation, Participation.objects.public().filter(meeting=pk)),  # the page is of a published meeting
            (Delegation, Delegation.objects.filter(meeting=pk)),
            (MeetingTopic, MeetingTopic.objects.filter(meeting=pk)),
            (Outcome, Outcome.objects.filter(meeting=pk)),
        ]
    if model is Person:
        return [(Position, Position.objects.filter(person=pk))]
    return []


def _correction_ids(model, pk):
    # Content types by name, not id: this query is compiled once, and ids are read from the
    # database (a test database flushed and filled again gives the same types other ids).
    def of(kind):
        return {"content_type__app_label": kind._meta.app_label, "content_type__model": kind._meta.model_name}

    condition = Q(**of(model), object_id=pk)
    for child, rows in _shown_with(model, pk):
        condition |= Q(**of(child), object_id__in=rows.values("pk"))
    return Correction.objects.filter(condition).values_list("pk", flat=True)


_correction_queries = {}  # per kind of record: its query, compiled once (c5site.db.CompiledOnce)


def corrections_of(model, pk):
    """Public corrections of a record (`model`, `pk`) and of the facts its page shows with it,
    newest first: one query, compiled once per kind of record, and a second where there are any
    (rarely: compiling the query had been a tenth of a meeting page's time)."""
    query = _correction_queries.get(model)
    if query is None:
        # The marker must be a valid id: Django drops a condition whose value its field cannot hold.
        query = _correction_queries[model] = CompiledOnce(partial(_correction_ids, model), marker=2**62 + 1)
    with prepared_cursor() as cursor:
        cursor.execute(*query(pk))
        ids = [correction_id for (correction_id,) in cursor.fetchall()]
    return list(Correction.objects.filter(pk__in=ids).select_related("citation__source__publisher")) if ids else []


def iso_partial(value, precision):
    """ISO 8601 at the date's precision ("2015-11", "2015"), as schema.org accepts."""
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def source_jsonld(source):
    data = {"@type": "NewsArticle", "headline": source.title}
    if source.url:
        data["url"] = source.url
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher.name}
    if source.published_on:
        data["datePublished"] = iso_partial(source.published_on, source.published_precision)
    return data


def meeting_jsonld(request, meeting, participations, context):
    """schema.org Event for a meeting page (objects of events/meeting_page.py): attendees in
    their role at the time, sources as `citation`."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": request.build_absolute_uri(reverse("events:meeting-detail", kwargs={"slug": meeting.slug})),
        "description": meeting.summary,
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if meeting.start_date:
        data["startDate"] = iso_partial(meeting.start_date, meeting.date_precision)
        data["endDate"] = iso_partial(meeting.end_date or meeting.start_date, meeting.date_precision)
    if context["online"]:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "name": meeting.format_display}
    elif meeting.format == Meeting.Format.IN_PERSON:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if meeting.place_name and not context["online"]:
        data["location"] = {
            "@type": "Place",
            "name": meeting.place_display,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": meeting.place_name,
                "addressCountry": meeting.place_country.code,
            },
        }
    if meeting.series_name:
        data["superEvent"] = {"@type": "EventSeries", "name": meeting.series_name}
    data["attendee"] = [
        {
            "@type": "Role",
            "roleName": p.role,
            "attendee": {
                "@type": "Person",
                "name": p.person.name,
                "url": request.build_absolute_uri(p.person.url),
                **({"nationality": {"@type": "Country", "name": p.country.name}} if p.country else {}),
            },
        }
        for p in participations
    ]
    data["about"] = [{"@type": "Thing", "name": mt.topic.name} for mt in context["meeting_topics"]]
    sources = {}
    for record in [meeting, *participations, *context["delegations"], *context["meeting_topics"], *context["outcomes"]]:
        for citation in record.citations.all():
            sources.setdefault(citation.source_id, citation.source)
    data["citation"] = [source_jsonld(s) for s in sources.values()]
    return data


# --- Topics and sources ----------------------------------------------------------------------------


TOPIC_MEETINGS_PER_PAGE = 20


class TopicDetailView(DetailView):
    template_name = "events/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return Topic.objects.all()

    def get_context_data(self, **kwargs):
        """The topic's meetings, newest first, a page of TOPIC_MEETINGS_PER_PAGE at a time:
        a topic of the 100k corpus had 8,000 meetings, all on one page (7.5 s)."""
        context = super().get_context_data(**kwargs)
        links = MeetingTopic.objects.filter(topic=self.object).prefetch_related(Prefetch("citations", queryset=cited()))
        meetings = (
            Meeting.objects.for_list_page()
            .filter(meeting_topics__topic=self.object)
            .prefetch_related("place__names", Prefetch("meeting_topics", queryset=links, to_attr="topic_links"))
            .newest_first()
        )
        context.update(
            page_or_404(meetings, TOPIC_MEETINGS_PER_PAGE, self.request, "There is no such page of this topic’s meetings.")
        )
        return context


class SourceListView(ListView):
    """The sources the public may see, newest first, 30 a page, each with its number of public
    facts.

    Counted up to 1,000 (CappedPaginator), read in the order of an index (events/0009) that
    stops at the page's last row, and the facts counted for the page's sources only: at 50,000
    sources and 1M citations the page took more than 15 s (a count of every source's public
    citations, grouped, and a sort of all of them) and now takes 40 ms (page 900: 0.3 s)."""

    template_name = "events/source_list.html"
    context_object_name = "sources"
    paginate_by = 30
    paginator_class = CappedPaginator

    def get_queryset(self):
        return (
            Source.objects.cited_in_published()
            .select_related("publisher")
            .defer("text")
            .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count_for_page(context["sources"], Citation.objects.public(), "source", "facts")
        return context


def fact_label(citation):
    """What fact a citation supports, in words, with the page it belongs on: (label, record with a URL)."""
    obj = citation.content_object
    if isinstance(obj, Meeting):
        return (f"The meeting’s {citation.field}" if citation.field else "The meeting", obj)
    if isinstance(obj, Participation):
        return (f"{obj.person.name} took part as {obj.role}", obj.meeting)
    if isinstance(obj, Delegation):
        return (f"{obj.country.name} was represented", obj.meeting)
    if isinstance(obj, MeetingTopic):
        return (f"Topic discussed: {obj.topic.name}", obj.meeting)
    if isinstance(obj, Outcome):
        return (f"Outcome: {obj.description}", obj.meeting)
    if isinstance(obj, Position):
        return (f"{obj.person.name} held the position {obj.title}", obj.person)
    return ("", None)


def public_citation_targets():
    """Prefetches the fact behind each citation with what its label needs, one query per kind of fact."""
    return GenericPrefetch(
        "content_object",
        [
            Meeting.objects.all(),
            Participation.objects.select_related("person", "meeting"),
            Delegation.objects.select_related("country", "meeting"),
            MeetingTopic.objects.select_related("topic", "meeting"),
            Outcome.objects.select_related("meeting"),
            Position.objects.select_related("person"),
        ],
    )


class SourceDetailView(LastModifiedMixin, DetailView):
    template_name = "events/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        # The article's full text is never shown: readers get the passages and a link.
        return Source.objects.cited_in_published().select_related("publisher").defer("text")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        citations = (
            Citation.objects.public()
            .filter(source=self.object)
            .select_related("content_type")
            .prefetch_related(public_citation_targets())
            .order_by("start", "pk")
        )
        groups = {}
        for citation in citations:
            label, page = fact_label(citation)
            if page is None:
                continue
            group = groups.setdefault((type(page).__name__, page.pk), {"record": page, "facts": []})
            group["facts"].append({"label": label, "citation": citation})
        context["groups"] = list(groups.values())
        context["fact_count"] = sum(len(g["facts"]) for g in context["groups"])
        return context

    def last_modified(self, context):
        return latest(self.object.updated_at, *(f["citation"].created_at for g in context["groups"] for f in g["facts"]))


# --- Home, search, corrections ---------------------------------------------------------------------


def timeline_of(meetings):
    counts = counts_by_year_and_kind(meetings)
    undated = meetings.order_by().filter(date_lo__isnull=True).count()
    return build_timeline(counts, undated, dict(Meeting.Kind.choices))


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        published = Meeting.objects.published()
        state = record_state(self.request)
        context.update(
            latest_meetings=Meeting.objects.for_list_page().prefetch_related("place__names").newest_first()[:6],
            counts={
                "meetings": published.count(),
                "people": Person.objects.published().count(),
                # The whole-record counts (0.25 and 0.34 s at 1M citations) are kept in the
                # worker until the record changes, as the API keeps its lists' counts.
                "sources": kept_count(lambda: Source.objects.cited_in_published().count(), state, "home:sources"),
                "citations": kept_count(Citation.objects.count_public, state, "home:citations"),
                "countries": Country.objects.filter(delegations__meeting__status=Status.PUBLISHED).distinct().count(),
            },
            timeline=kept_count(lambda: timeline_of(published), state, "home:timeline"),  # its counts too (80 ms)
        )
        return context


def public_corrections():
    """Corrections of records the public can see (published or retracted, and their shown children)."""
    types = ContentType.objects.get_for_models(Meeting, Participation, Delegation, MeetingTopic, Outcome, Person, Position)
    meetings = Meeting.objects.visible().values("pk")
    people = Person.objects.visible().values("pk")
    return (
        Correction.objects.filter(
            Q(content_type=types[Meeting], object_id__in=meetings)
            | Q(
                content_type=types[Participation],
                object_id__in=Participation.objects.filter(meeting__in=meetings, person__status=Status.PUBLISHED).values("pk"),
            )
            | Q(content_type=types[Delegation], object_id__in=Delegation.objects.filter(meeting__in=meetings).values("pk"))
            | Q(content_type=types[MeetingTopic], object_id__in=MeetingTopic.objects.filter(meeting__in=meetings).values("pk"))
            | Q(content_type=types[Outcome], object_id__in=Outcome.objects.filter(meeting__in=meetings).values("pk"))
            | Q(content_type=types[Person], object_id__in=people)
            | Q(content_type=types[Position], object_id__in=Position.objects.filter(person__in=people).values("pk"))
        )
        .select_related("content_type", "citation__source__publisher")
        .prefetch_related(public_citation_targets_for_corrections())
    )


def public_citation_targets_for_corrections():
    return GenericPrefetch(
        "record",
        [
            Meeting.objects.all(),
            Person.objects.all(),
            Participation.objects.select_related("person", "meeting"),
            Delegation.objects.select_related("country", "meeting"),
            MeetingTopic.objects.select_related("topic", "meeting"),
            Outcome.objects.select_related("meeting"),
            Position.objects.select_related("person"),
        ],
    )


def public_retractions():
    """Retractions of published meetings and people that are retracted now, newest first."""
    types = ContentType.objects.get_for_models(Meeting, Person)
    return (
        Transition.objects.filter(from_status=Status.PUBLISHED, to_status=Status.RETRACTED)
        .filter(
            Q(content_type=types[Meeting], object_id__in=Meeting.objects.filter(status=Status.RETRACTED).values("pk"))
            | Q(content_type=types[Person], object_id__in=Person.objects.filter(status=Status.RETRACTED).values("pk"))
        )
        .select_related("content_type")
        .prefetch_related(GenericPrefetch("record", [Meeting.objects.all(), Person.objects.all()]))
    )


def record_page(record):
    """The public page a corrected record is shown on, and its name."""
    if isinstance(record, (Meeting, Person)):
        return record
    if isinstance(record, Position):
        return record.person
    return getattr(record, "meeting", None)


def corrections_entries(limit=None):
    """Corrections and retractions as one list, newest first, each with a stable anchor."""
    entries = []
    corrections = public_corrections()
    retractions = public_retractions()
    if limit:
        corrections, retractions = corrections[:limit], retractions[:limit]
    for correction in corrections:
        entries.append(
            {
                "kind": "correction",
                "anchor": f"correction-{correction.pk}",
                "at": correction.created_at,
                "record": record_page(correction.record),
                "what": correction_subject(correction.record),
                "note": correction.note,
                "citation": correction.citation,
            }
        )
    for transition in retractions:
        entries.append(
            {
                "kind": "retraction",
                "anchor": f"retraction-{transition.pk}",
                "at": transition.at,
                "record": transition.record,
                "what": f"Retracted: {transition.record}",
                "note": getattr(transition.record, "public_notice", ""),
                "citation": None,
            }
        )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit] if limit else entries


def correction_subject(record):
    if isinstance(record, Meeting):
        return f"Meeting: {record.title}"
    if isinstance(record, Person):
        return f"Official: {record.name}"
    if isinstance(record, Participation):
        return f"{record.person.name} at {record.meeting.title}"
    if isinstance(record, Delegation):
        return f"{record.country.name} at {record.meeting.title}"
    if isinstance(record, MeetingTopic):
        return f"Topic {record.topic.name} at {record.meeting.title}"
    if isinstance(record, Outcome):
        return f"Outcome of {record.meeting.title}"
    if isinstance(record, Position):
        return f"{record.person.name}: {record.title}"
    return str(record)


class CorrectionListView(TemplateView):
    template_name = "events/corrections.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = corrections_entries()
        return context


def not_yet(request, slug):
    raise Http404("Not yet.")
