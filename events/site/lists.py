"""The public lists, read from the published record only (rule 2): the home page, meetings with
their filters, topics, countries, people, sources, a series and a place.

Each page reads its rows a page at a time from an index that serves its order
(events.published.lists: a meeting list from its facets' index at any depth and filter), then
the page's documents through the one reader (events.published.reader), so a page runs the
same few queries at page 1 and at page 1,000. What is counted over whole tables — the
record's totals, the timeline, the values the filters offer — is kept per record version.
A filter value that names nothing public is a 400 naming the parameter; a page that is not
there, or a record that is not public, a 404.
"""

from django import forms
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode

from c5site.http import reverse_cached

from ..api.filters import resolve_countries, resolve_kinds, resolve_people, resolve_series, resolve_topics
from ..models import Meeting, PublishedCitation, PublishedMeeting, PublishedPerson, PublishedReference
from ..published import lists, publish, reader
from ..published.order import date_of
from ..published.reader import Names
from ..templatetags.timeline import build_timeline
from . import kept_items

MEETINGS_PER_PAGE = 20
PEOPLE_PER_PAGE = 50
SOURCES_PER_PAGE = 30
LATEST = 6
OFFICIALS = 100
MAX_OPTIONS = 1000  # values of one drop-down (topics, places…), and topics on /topics/
KIND_LABELS = dict(Meeting.Kind.choices)


# --- reading ----------------------------------------------------------------------------------------------


def _public_ref(kind, slug):
    row = PublishedReference.objects.filter(kind=kind, slug=slug, uses__gt=0).first()
    if row is None:
        raise Http404(f"No {kind} {slug!r} in the published record.")
    return {**row.data, "id": row.object_id, "slug": row.slug, "name": row.name}


def _items(ids, *, possibly=(), fact=None):
    """The page's meetings as the partial shows them: each its kept item unless its date only may
    fall in the year asked for (`possibly`), the others read (reader.listed_meetings); with `fact`
    (the topic or country the page is about), each with its entry of that fact, whose citations the
    page footnotes (reader.fact_entries for the kept ones)."""
    ids = list(ids)
    plain = kept_items.items([pk for pk in ids if pk not in possibly])
    facts = reader.fact_entries(list(plain), fact) if fact is not None and plain else {}
    read = {meeting["id"]: meeting for meeting in reader.listed_meetings([pk for pk in ids if pk not in plain], fact=fact)}
    return [{"kept": plain[pk], "fact": facts.get(pk)} if pk in plain else
            {"kept": None, "meeting": read[pk], "possibly": pk in possibly, "fact": read[pk]["fact"]}
            for pk in ids if pk in plain or pk in read]  # fmt: skip


def _meeting_page(request, facets, *, fact=None, rows=None):
    """{"page_obj", "paginator", "items"} of the meetings that have every one of `facets` (or `rows`)."""
    number = lists.page_number(request.GET.get("page"))
    rows = lists.meeting_ids(facets) if rows is None else rows
    page = lists.Page(rows, number, MEETINGS_PER_PAGE)
    year = next((facet for facet in facets if facet.startswith("year:")), None)
    possibly = lists.possibly_in(page.object_list, year) if year else set()
    return {"page_obj": page, "paginator": page.paginator, "items": _items(page.object_list, possibly=possibly, fact=fact)}


def _timeline(state, within=None, total=None):
    """The timeline of the public meetings (`within`: those with that facet); `total`: their number, if known."""

    def compute():
        counts = lists.year_kind_counts(within)
        meetings = total if total is not None else lists.facet_total(within)
        labels = {kind: str(label) for kind, label in KIND_LABELS.items()}  # text, not lazy proxies (see "kinds")
        timeline = build_timeline(counts, max(0, meetings - sum(counts.values())), labels)
        version, changed_at = state
        # The partial's drawing is kept too ({% cache %}), under this key: hundreds of numbers to format.
        return {**timeline, "key": f"{version}:{changed_at.isoformat() if changed_at else ''}:{within or ''}"}

    return lists.kept(f"timeline:{within or ''}", compute, state)


# --- the home page -----------------------------------------------------------------------------------------


def _totals():
    public = PublishedReference.objects.filter(uses__gt=0)  # each count read from its kind's partial index
    return {
        "meetings": lists.facet_total(),
        "people": PublishedPerson.objects.filter(is_retracted=False).count(),
        "sources": public.filter(kind="source").count(),
        "countries": public.filter(kind="country").count(),
        "citations": PublishedCitation.objects.count(),
    }


def home(request):
    state = publish.record_state()
    latest = list(lists.meeting_ids()[:LATEST])
    counts = lists.kept("totals", _totals, state)
    context = {
        "counts": counts,
        "items": _items(latest),
        "timeline": _timeline(state, total=counts["meetings"]),
        "countries": _c5_countries(state),
    }
    return render(request, "home.html", context)


def _c5_countries(state):
    def compute():
        rows = PublishedReference.objects.filter(kind="country", uses__gt=0).order_by("sort_key", "object_id")[:MAX_OPTIONS]
        return [{"code": row.slug, "name": row.name} for row in rows if row.data.get("is_c5") or row.slug == "us"]

    return lists.kept("c5-countries", compute, state)


# --- meetings and their filters -----------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    """The filters of /meetings/: each names one facet of the published meetings."""

    year = forms.CharField(required=False)
    country = forms.CharField(required=False, max_length=200)
    kind = forms.CharField(required=False, max_length=200)
    topic = forms.CharField(required=False, max_length=200)
    person = forms.CharField(required=False, max_length=200)
    series = forms.CharField(required=False, max_length=200)
    place = forms.CharField(required=False, max_length=200)

    LABELS = {"year": "Year", "country": "Country", "kind": "Kind", "topic": "Topic", "person": "Official",
              "series": "Series", "place": "Place"}  # fmt: skip

    def _resolve(self, name, resolve, lower=False):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        if "\x00" in value:
            raise forms.ValidationError(f"{value[:40]!r} is not a value of this filter.")
        [found] = resolve([value.lower() if lower else value])
        return found

    def clean_year(self):
        value = (self.cleaned_data.get("year") or "").strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) == 4):
            raise forms.ValidationError(f"{value[:40]!r} is not a year: give four digits, such as 2023.")
        return int(value)

    def clean_country(self):
        return self._resolve("country", resolve_countries, lower=True)

    def clean_kind(self):
        return self._resolve("kind", resolve_kinds)

    def clean_topic(self):
        return self._resolve("topic", resolve_topics)

    def clean_person(self):
        return self._resolve("person", resolve_people)

    def clean_series(self):
        return self._resolve("series", resolve_series)

    def clean_place(self):
        return self._resolve("place", _resolve_places)

    def facets(self):
        """The facets the valid filters name ("year:2023", "country:12"…)."""
        return [f"{name}:{value}" for name, value in self.cleaned_data.items() if value not in (None, "")]


def _resolve_places(slugs):
    found = dict(PublishedReference.objects.filter(kind="place", slug__in=slugs, uses__gt=0).values_list("slug", "object_id"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise forms.ValidationError(f"No place {unknown[0]!r} in the published record (give its slug).")
    return [found[slug] for slug in slugs]


def _options(state):
    """The values the filters offer: those with at least one public meeting."""

    def compute():
        having = lists.facets_in_use("year", "kind", "country", "series")
        refs = {"country": [], "topic": [], "series": [], "place": []}
        rows = PublishedReference.objects.filter(kind__in=refs, uses__gt=0).order_by("kind", "sort_key", "object_id")
        for kind, slug, name, pk in rows.values_list("kind", "slug", "name", "object_id"):
            wanted = having.get(kind) if kind in ("country", "series") else None
            if len(refs[kind]) < MAX_OPTIONS and (wanted is None or str(pk) in wanted):
                refs[kind].append({"slug": slug, "name": name})
        return {
            "years": sorted((int(year) for year in having.get("year", ())), reverse=True),
            # Labels as text: a lazy translation is a proxy whose every unpickling from the cache builds a class.
            "kinds": [(value, str(label)) for value, label in Meeting.Kind.choices if value in having.get("kind", ())],
            "countries": refs["country"],
            "topics": refs["topic"],
            "series_list": refs["series"],
            "places": refs["place"],
        }

    return lists.kept("options", compute, state)


def meeting_list(request):
    state = publish.record_state()
    form = MeetingFilterForm(request.GET)
    # Each filter's value as given, "" when not: the drop-downs compare every option with it, and a
    # template's look-up of a missing key in the query string fails slowly (an exception and a dir()).
    chosen = {name: request.GET.get(name, "") for name in form.fields}
    context = {"form": form, "chosen": chosen, **_options(state)}
    if not form.is_valid():
        context["errors"] = [(form.LABELS[name], name, error) for name, errors in form.errors.items() for error in errors]
        return render(request, "events/meeting_list.html", context, status=400)
    facets = form.facets()
    context.update(_meeting_page(request, facets), active_filters=bool(facets),
                   filtered_year=form.cleaned_data.get("year"))  # fmt: skip
    return render(request, "events/meeting_list.html", context)


# --- topics -----------------------------------------------------------------------------------------------


def topic_list(request):
    state = publish.record_state()

    def compute():
        counts = lists.facet_counts("topic")
        rows = PublishedReference.objects.filter(kind="topic", uses__gt=0).order_by("sort_key", "object_id")[:MAX_OPTIONS]
        return [{"slug": row.slug, "name": row.name, "url": reverse("events:topic-detail", kwargs={"slug": row.slug}),
                 "meetings": counts.get(str(row.object_id), 0)} for row in rows]  # fmt: skip

    return render(request, "events/topic_list.html", {"topics": lists.kept("topics", compute, state)})


def topic_detail(request, slug):
    topic = _public_ref("topic", slug)
    facet = f"topic:{topic['id']}"
    context = {"topic": topic, **_meeting_page(request, [facet], fact=("topic", topic["id"]))}
    return render(request, "events/topic_detail.html", context)


# --- countries --------------------------------------------------------------------------------------------


def country_list(request):
    state = publish.record_state()

    def compute():
        counts = lists.facet_counts("country")
        rows = PublishedReference.objects.filter(kind="country", uses__gt=0).order_by("sort_key", "object_id")[:MAX_OPTIONS]
        return [{"code": row.slug, "name": row.name, "is_c5": row.data.get("is_c5", False),
                 "url": reverse("events:country-detail", kwargs={"code": row.slug}),
                 "meetings": counts.get(str(row.object_id), 0)} for row in rows]  # fmt: skip

    return render(request, "people/country_list.html", {"countries": lists.kept("countries", compute, state)})


def _officials(country):
    """(the first OFFICIALS public officials of a country by name, each with its page and its meetings
    with that country; how many more there are): the same on every page of the country, so kept."""
    pk = country["id"]
    people = PublishedPerson.objects.filter(country_id=pk, is_retracted=False)
    officials = list(people.order_by("sort_name", "person_id").values("slug", "name")[: OFFICIALS + 1])
    more = people.count() - OFFICIALS if len(officials) > OFFICIALS else 0
    meetings_url = reverse_cached("events:meeting-list")
    for official in officials:
        official["url"] = reverse_cached("events:person-detail", slug=official["slug"])
        official["meetings_url"] = f"{meetings_url}?{urlencode({'country': country['slug'], 'person': official['slug']})}"
    return officials[:OFFICIALS], more


def country_detail(request, code):
    if code != code.lower():
        return redirect("events:country-detail", code=code.lower(), permanent=True)
    country = _public_ref("country", code)
    pk = country["id"]
    state = publish.record_state()
    officials, more = lists.kept(f"officials:{pk}", lambda: _officials(country), state)
    context = {
        "country": country,
        "timeline": _timeline(state, f"country:{pk}"),
        "hosted": lists.facet_total(f"host:{pk}"),  # kept by publishing: one row, exact
        "officials": officials,
        "more_officials": more,
        **_meeting_page(request, [f"country:{pk}"], fact=("country", pk)),
    }
    return render(request, "people/country_detail.html", context)


# --- series and places --------------------------------------------------------------------------------


def series_detail(request, slug):
    series = _public_ref("series", slug)
    rows = (
        PublishedMeeting.objects.filter(series_id=series["id"], is_retracted=False)
        .order_by(F("ordinal").asc(nulls_last=True), "sort_key", "meeting_id")  # numbered first, in their order
        .values_list("meeting_id", flat=True)
    )
    context = {"series": series, **_meeting_page(request, [], rows=rows)}
    return render(request, "events/series_detail.html", context)


def place_detail(request, slug):
    place = _public_ref("place", slug)
    names = Names().load_ids({"country": {place["country"]}} if place.get("country") else {})
    context = {
        "place": place,
        "place_country": names.ref("country", place.get("country")),
        **_meeting_page(request, [f"place:{place['id']}"]),
    }
    return render(request, "events/place_detail.html", context)


# --- people and sources -----------------------------------------------------------------------------------


def person_list(request):
    number = lists.page_number(request.GET.get("page"))
    rows = PublishedPerson.objects.filter(is_retracted=False).order_by("sort_name", "person_id")
    page = lists.Page(rows.values_list("person_id", flat=True), number, PEOPLE_PER_PAGE, noun="people")
    people = list(PublishedPerson.objects.filter(person_id__in=page.object_list).order_by("sort_name", "person_id")
                  .values("person_id", "slug", "name", "country_id"))  # fmt: skip
    names = Names().load_ids({"country": {p["country_id"] for p in people if p["country_id"]}})
    counts = lists.facet_totals([f"person:{p['person_id']}" for p in people])
    for person in people:
        person["url"] = reverse("events:person-detail", kwargs={"slug": person["slug"]})
        person["country"] = names.ref("country", person["country_id"])
        person["meetings"] = counts.get(f"person:{person['person_id']}", 0)
    return render(request, "people/person_list.html", {"people": people, "page_obj": page, "paginator": page.paginator})


def source_list(request):
    number = lists.page_number(request.GET.get("page"))
    rows = PublishedReference.objects.filter(kind="source", uses__gt=0).order_by("sort_key", "object_id")
    page = lists.Page(rows.values_list("object_id", flat=True), number, SOURCES_PER_PAGE, noun="sources")
    names = Names().load_ids({"source": set(page.object_list)})
    names.load_ids({"organization": {s["publisher"] for s in names.refs["source"].values() if s and s.get("publisher")}})
    facts = dict(
        PublishedCitation.objects.filter(source_id__in=page.object_list)
        .order_by()
        .values("source_id")
        .annotate(n=Count("citation_id"))
        .values_list("source_id", "n")
    )
    sources = []
    for pk in page.object_list:
        source = names.ref("source", pk)
        if source is None:
            continue
        published = source.get("published_on")
        date = date_of({"start": published, "end": None, "precision": source.get("published_precision") or "day",
                        "not_after": None}) if published else None  # fmt: skip
        sources.append({**source, "published": date, "page_url": reverse("events:source-detail", kwargs={"pk": pk}),
                        "publisher": names.ref("organization", source.get("publisher")),
                        "facts": facts.get(pk, 0)})  # fmt: skip
    return render(request, "events/source_list.html", {"sources": sources, "page_obj": page, "paginator": page.paginator})


urlpatterns = [
    path("", home, name="home"),
    path("meetings/", meeting_list, name="meeting-list"),
    path("topics/", topic_list, name="topic-list"),
    path("topics/<slug:slug>/", topic_detail, name="topic-detail"),
    path("countries/", country_list, name="country-list"),
    path("countries/<str:code>/", country_detail, name="country-detail"),
    path("series/<slug:slug>/", series_detail, name="series-detail"),
    path("places/<slug:slug>/", place_detail, name="place-detail"),
    path("people/", person_list, name="person-list"),
    path("sources/", source_list, name="source-list"),
]
