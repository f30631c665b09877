"""The record pages: a meeting, a person, a source, and the corrections, read from the published record.

Every page is built from the current revision (or, with `?revision=N`, an older one) of a record
through events.published.reader: the working rows are never read (rule 2), so an edit shows only
once a second editor has approved it. A retracted record answers 410 with its notice, never its
facts. Each page runs a fixed number of queries whatever the record's size: lists page over an
index (MeetingFacet, PublishedCitation, the corrections' index on Revision).

`meeting_context()` and `person_context()` are the one way to turn a resolved document into what
its template shows: the admin's preview (events.site.preview) renders through them too.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import http_date

from c5site.partial_dates import PartialDate, display
from c5site.surrogate import add_surrogate_keys
from people.models import Person

from ..api import records as published_rows
from ..models import (
    Meeting,
    MeetingFacet,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
    Revision,
)
from ..published import keys, reader
from ..published.describe import describe, references
from ..published.documents import REFERENCE_MODELS

MEETING_TEMPLATE = "events/meeting_detail.html"
PERSON_TEMPLATE = "people/person_detail.html"
PERSON_MEETINGS_PER_PAGE = 25
SOURCE_PASSAGES_PER_PAGE = 50
CORRECTIONS_PER_PAGE = 30
COUNT_CAP = 1000  # counts above this read "more than 1,000"
MAX_PAGE = 10_000
LARGEST_NUMBER = 2**31 - 1  # of a revision or a page: what the database's integers hold
ONLINE_KINDS = {Meeting.Kind.PHONE_CALL, Meeting.Kind.VIDEO_CONFERENCE}
ONLINE_FORMATS = {Meeting.Format.VIRTUAL, Meeting.Format.PHONE}


# --- reading the request ---------------------------------------------------------------------------------


def _number(request, name, what):
    """The positive whole number of query parameter `name`, None when absent; 404 when malformed."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= LARGEST_NUMBER:
        raise Http404(f"There is no {what} “{value[:40]}”: it is a whole number from 1.")
    return int(value)


def _page_number(request):
    number = _number(request, "page", "page")
    if number is not None and number > MAX_PAGE:
        raise Http404(f"There is no page {number}.")
    return number or 1


def _capped_count(queryset):
    """(count up to COUNT_CAP, whether there are more): one bounded query."""
    found = len(queryset[: COUNT_CAP + 1])
    return min(found, COUNT_CAP), found > COUNT_CAP


def _with_last_modified(response, when):
    if when is not None:
        response["Last-Modified"] = http_date(when.timestamp())
    return response


# --- history and corrections of a record --------------------------------------------------------------------


def _revisions(model, record_id):
    """The record's revisions, oldest first (one query; their documents are not read)."""
    return list(
        Revision.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=record_id)
        .defer("body")
        .order_by("number")
    )


def history(model, record_id, *, names=None):
    """{"revisions": [...], "corrections": [...]}: every revision of a record (number, date, kind, note,
    whether it corrected), and its corrections with what they changed in words."""
    revisions = _revisions(model, record_id)
    corrections = [r for r in revisions if r.is_correction and not r.is_retraction]
    names = names or reader.Names()
    wanted = {}
    for revision in corrections:
        for kind, ids in references(revision.changes).items():
            wanted.setdefault(kind, set()).update(ids)
    names.load_ids(wanted)  # at once, for all the corrections
    return {
        "revisions": revisions,
        "corrections": [{"revision": r, "lines": describe(r.changes, names)} for r in reversed(corrections)],
    }


def _revision_banner(shown, current):
    if shown is None or current is None or shown.number == current.number:
        return None
    return {"number": shown.number, "of": current.number, "approved": shown.created_at}


# --- a meeting --------------------------------------------------------------------------------------------


def is_public_person(person):
    return bool(person) and not person.get("retracted")


def iso_partial(date):
    """(start, end) in ISO 8601 at the date's precision ("2015-11", "2015"), as schema.org accepts."""
    if not date.is_known:
        return None, None

    def iso(value):
        if date.precision == "year":
            return f"{value.year:04d}"
        if date.precision == "month":
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()

    return iso(date.start), iso(date.end or date.start)


def meeting_jsonld(meeting, participants, build_uri):
    """schema.org Event of a resolved meeting: attendees in their role at the time, sources as `citation`."""
    online = meeting["kind"] in ONLINE_KINDS or meeting["format"] in ONLINE_FORMATS
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting["title"],
        "url": build_uri(meeting["url"]),
        "description": meeting["summary"],
        "eventStatus": "https://schema.org/EventScheduled",
    }
    start, end = iso_partial(meeting["date"])
    if start:
        data["startDate"], data["endDate"] = start, end
    if online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "name": str(meeting["format_display"])}
    elif meeting["format"] == Meeting.Format.IN_PERSON:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    place = meeting["place"]
    if place and not online:
        address = {"@type": "PostalAddress", "addressLocality": place["name"]}
        if place.get("country"):
            address["addressCountry"] = place["country"]["code"]
        data["location"] = {"@type": "Place", "name": place["display"], "address": address}
    if meeting["series"]:
        data["superEvent"] = {"@type": "EventSeries", "name": meeting["series"]["name"]}
    data["attendee"] = [
        {
            "@type": "Role",
            "roleName": p["role"],
            "attendee": {
                "@type": "Person",
                "name": p["person"]["name"],
                "url": build_uri(p["person"]["url"]),
                **({"nationality": {"@type": "Country", "name": p["country"]["name"]}} if p["country"] else {}),
            },
        }
        for p in participants
    ]
    data["about"] = [{"@type": "Thing", "name": t["topic"]["name"]} for t in meeting["topics"] if t["topic"]]
    sources = {}
    for _, item_citations in _all_citations(meeting):
        for citation in item_citations:
            sources.setdefault(citation["source"]["id"], citation["source"])
    data["citation"] = [_source_jsonld(s) for s in sources.values()]
    return data


def _all_citations(meeting):
    yield meeting, meeting["citations"]
    for key in ("participants", "countries", "topics", "outcomes"):
        for item in meeting[key]:
            yield item, item["citations"]


def _source_jsonld(source):
    data = {"@type": "NewsArticle", "headline": source.get("title", "")}
    if source.get("article_url"):
        data["url"] = source["article_url"]
    if source.get("publisher"):
        data["publisher"] = {"@type": "Organization", "name": source["publisher"]["name"]}
    if source.get("published_on"):
        published = datetime.date.fromisoformat(source["published_on"])
        data["datePublished"] = iso_partial(PartialDate(published, source.get("published_precision") or "day"))[0]
    return data


def meeting_context(meeting, *, build_uri, shown=None, current=None, preview=False):
    """What meeting_detail.html shows of a resolved meeting: the public page and the admin's preview."""
    participants = [p for p in meeting["participants"] if is_public_person(p["person"])]
    return {
        "meeting": meeting,
        "participants": participants,
        "countries": [c for c in meeting["countries"] if c["country"]],
        "topics": [t for t in meeting["topics"] if t["topic"]],
        "outcomes": meeting["outcomes"],
        "structured_data": None if preview else meeting_jsonld(meeting, participants, build_uri),
        "revision_banner": _revision_banner(shown, current),
        "shown": shown,
        "current": current,
        **history(Meeting, meeting["id"]),
    }


def meeting_detail(request, slug):
    number = _number(request, "revision", "revision")
    try:
        meeting, shown, current = reader.meeting(slug, revision=number)
    except reader.NotPublic as error:
        raise Http404(str(error)) from None
    except reader.Gone as gone:
        return _gone(request, MEETING_TEMPLATE, gone.revision)
    if current.is_retraction:  # an older revision of a retracted record: its facts are withdrawn
        return _gone(request, MEETING_TEMPLATE, current)
    context = meeting_context(meeting, build_uri=request.build_absolute_uri, shown=shown, current=current)
    response = add_surrogate_keys(TemplateResponse(request, MEETING_TEMPLATE, context), *keys.shown(context))
    return _with_last_modified(response, current.created_at)


def _gone(request, template, revision):
    """410: the record's retraction notice and date, never its facts."""
    document = revision.document
    context = {"retracted": {"title": document.get("title", ""), "notice": document.get("notice", ""),
                             "at": revision.created_at}}  # fmt: skip
    return TemplateResponse(request, template, context, status=410)


# --- a person ---------------------------------------------------------------------------------------------


def attended(person_id, page):
    """One page of the meetings a person took part in, newest first: (rows, count, more, has_next), each
    row {"meeting", "roles"}: the meeting as the page shows it (reader.attended_meetings) and this
    person's participations in it."""
    facet = MeetingFacet.objects.filter(facet=f"person:{person_id}").order_by("-sort_key", "-meeting_id")
    start = (page - 1) * PERSON_MEETINGS_PER_PAGE
    ids = list(facet.values_list("meeting_id", flat=True)[start : start + PERSON_MEETINGS_PER_PAGE + 1])
    has_next = len(ids) > PERSON_MEETINGS_PER_PAGE
    ids = ids[:PERSON_MEETINGS_PER_PAGE]
    if page > 1 and not ids:
        raise Http404(f"There is no page {page} of this official’s meetings.")
    rows = [{"meeting": meeting, "roles": meeting["roles"]} for meeting in reader.attended_meetings(ids, person_id)]
    count, more = _capped_count(facet.values_list("meeting_id", flat=True)) if (page > 1 or has_next) else (len(ids), False)
    return rows, count, more, has_next


def met(person_id, rows):
    """The other public officials at the meetings of this page, by name, each with those meetings:
    [{"person", "country", "meetings": [meeting]}] (read from the meetings already loaded)."""
    found = {}
    for row in rows:
        for participant in row["meeting"]["participants"]:
            person = participant["person"]
            if not is_public_person(person) or person["id"] == person_id:
                continue
            entry = found.setdefault(person["id"], {"person": person, "country": participant["country"], "meetings": []})
            if not entry["meetings"] or entry["meetings"][-1] is not row["meeting"]:
                entry["meetings"].append(row["meeting"])
    return sorted(found.values(), key=lambda entry: (entry["person"]["name"].casefold(), entry["person"]["id"]))


def person_context(person, *, page=1, shown=None, current=None, preview=False):
    """What person_detail.html shows of a resolved person: the public page and the admin's preview."""
    rows, count, more, has_next = attended(person["id"], page)
    first = (page - 1) * PERSON_MEETINGS_PER_PAGE + 1
    return {
        "person": person,
        "positions": person["positions"],
        "attended": rows,
        "met": met(person["id"], rows),
        "meetings_page": {
            "number": page,
            "first": first,
            "last": first + len(rows) - 1,
            "count": count,
            "more": more,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if has_next else None,
        },
        "revision_banner": _revision_banner(shown, current),
        "shown": shown,
        "current": current,
        **history(Person, person["id"]),
    }


def person_detail(request, slug):
    number = _number(request, "revision", "revision")
    page = _page_number(request)
    try:
        person, shown, current = reader.person(slug, revision=number)
    except reader.NotPublic as error:
        raise Http404(str(error)) from None
    except reader.Gone as gone:
        return _gone(request, PERSON_TEMPLATE, gone.revision)
    if current.is_retraction:
        return _gone(request, PERSON_TEMPLATE, current)
    context = person_context(person, page=page, shown=shown, current=current)
    response = TemplateResponse(request, PERSON_TEMPLATE, context)
    add_surrogate_keys(response, keys.meetings_of("person", person["id"]), *keys.shown(context))
    return _with_last_modified(response, current.created_at)


# --- a source ---------------------------------------------------------------------------------------------


FACT_ORDER = ("meeting", "participant", "country", "topic", "outcome", "position")


def source_detail(request, pk):
    row = PublishedReference.objects.filter(kind="source", object_id=pk, uses__gt=0).only("body", "object_id").first()
    if row is None:
        raise Http404("No public source at this address.")
    page = _page_number(request)
    names = reader.Names()
    source = names._value("source", pk, row.data)
    if source.get("publisher"):
        names.load_ids({"organization": {source["publisher"]}})
    source["publisher"] = names.ref("organization", source.get("publisher"))
    rows = PublishedCitation.objects.filter(source_id=pk).order_by("start", "citation_id")
    begin = (page - 1) * SOURCE_PASSAGES_PER_PAGE
    ids = list(rows.values_list("citation_id", flat=True)[begin : begin + SOURCE_PASSAGES_PER_PAGE + 1])
    has_next = len(ids) > SOURCE_PASSAGES_PER_PAGE
    ids = ids[:SOURCE_PASSAGES_PER_PAGE]
    if page > 1 and not ids:
        raise Http404(f"There is no page {page} of this source’s passages.")
    passages = published_rows.citations(ids)
    count, more = _capped_count(rows.values_list("citation_id", flat=True)) if (page > 1 or has_next) else (len(ids), False)
    context = {
        "source": source,
        "published": _source_date(source),
        "passages": passages,
        "passages_page": {
            "number": page,
            "first": begin + 1,
            "last": begin + len(passages),
            "count": count,
            "more": more,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if has_next else None,
        },
    }
    return TemplateResponse(request, "events/source_detail.html", context)


def _source_date(source):
    if not source.get("published_on"):
        return None
    return display(PartialDate(datetime.date.fromisoformat(source["published_on"]), source.get("published_precision") or "day"))


# --- the corrections --------------------------------------------------------------------------------------


def _public_records():
    """Revisions of records that are public now (their index rows), by kind of record."""
    types = ContentType.objects.get_for_models(Meeting, Person)
    condition = Q(content_type=types[Meeting], object_id__in=PublishedMeeting.objects.values("meeting_id"))
    condition |= Q(content_type=types[Person], object_id__in=PublishedPerson.objects.values("person_id"))
    reference_types = ContentType.objects.get_for_models(*REFERENCE_MODELS.values())
    for kind, model in REFERENCE_MODELS.items():
        public = PublishedReference.objects.filter(kind=kind, uses__gt=0).values("object_id")
        condition |= Q(content_type=reference_types[model], object_id__in=public)
    return condition


def _record_names(revisions):
    """{(content type id, object id): (name, url)} of the records these revisions are of (a query per kind)."""
    by_type = {}
    for revision in revisions:
        by_type.setdefault(revision.content_type_id, set()).add(revision.object_id)
    found = {}
    kinds = {model: kind for kind, model in REFERENCE_MODELS.items()}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is Meeting:
            for pk, slug, title in PublishedMeeting.objects.filter(meeting_id__in=ids).values_list("meeting_id", "slug", "title"):
                found[type_id, pk] = (title, reader._url("meeting", slug), "Meeting")
        elif model is Person:
            for pk, slug, name in PublishedPerson.objects.filter(person_id__in=ids).values_list("person_id", "slug", "name"):
                found[type_id, pk] = (name, reader._url("person", slug), "Official")
        elif model in kinds:
            kind = kinds[model]
            for pk, slug, name in PublishedReference.objects.filter(kind=kind, object_id__in=ids).values_list(
                "object_id", "slug", "name"
            ):
                url = reader._url(kind, int(slug) if kind == "source" else slug) if kind != "organization" else None
                found[type_id, pk] = (name, url, kind.capitalize())
    return found


def corrections(request):
    page = _page_number(request)
    start = (page - 1) * CORRECTIONS_PER_PAGE
    revisions = list(
        Revision.objects.filter(is_correction=True)
        .filter(_public_records())
        .defer("body")
        .order_by("-created_at", "-pk")[start : start + CORRECTIONS_PER_PAGE + 1]
    )
    has_next = len(revisions) > CORRECTIONS_PER_PAGE
    revisions = revisions[:CORRECTIONS_PER_PAGE]
    if page > 1 and not revisions:
        raise Http404(f"There is no page {page} of corrections.")
    records = _record_names(revisions)
    names = reader.Names()
    wanted = {}
    for revision in revisions:
        if not revision.is_retraction:
            for kind, ids in references(revision.changes).items():
                wanted.setdefault(kind, set()).update(ids)
    names.load_ids(wanted)
    entries = []
    for revision in revisions:
        name, url, kind = records.get((revision.content_type_id, revision.object_id), ("", None, ""))
        entries.append({
            "revision": revision,
            "anchor": f"revision-{revision.pk}",
            "name": name,
            "url": url,
            "kind": kind,
            "lines": [] if revision.is_retraction else describe(revision.changes, names),
        })  # fmt: skip
    context = {
        "entries": entries,
        "page": {"number": page, "previous": page - 1 if page > 1 else None, "next": page + 1 if has_next else None},
    }
    return TemplateResponse(request, "events/corrections.html", context)


# --- a record's history -----------------------------------------------------------------------------------


HISTORY_OF = {  # kind of record -> (index of the published record, model, the record's page)
    "meeting": (PublishedMeeting, Meeting, "events:meeting-detail"),
    "person": (PublishedPerson, Person, "events:person-detail"),
}


def record_history(request, slug, kind):
    """Every published revision of a meeting or an official (a retracted one too: its history says
    when and why), each linking to the page as it was, with the corrections in words."""
    index, model, page = HISTORY_OF[kind]
    row = index.objects.filter(slug=slug).values_list(index._meta.pk.attname, "is_retracted").first()
    if row is None:
        raise Http404("No public record at this address.")
    record_id, retracted = row
    current = _revisions(model, record_id)[-1]
    name = current.document.get("title") or current.document.get("name") or slug
    context = {"kind": kind, "name": name, "retracted": retracted, "record_url": reverse(page, kwargs={"slug": slug}),
               **history(model, record_id)}  # fmt: skip
    return _with_last_modified(TemplateResponse(request, "events/record_history.html", context), current.created_at)


urlpatterns = [
    path("meetings/<slug:slug>/", meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/history/", record_history, {"kind": "meeting"}, name="meeting-history"),
    path("people/<slug:slug>/", person_detail, name="person-detail"),
    path("people/<slug:slug>/history/", record_history, {"kind": "person"}, name="person-history"),
    path("sources/<int:pk>/", source_detail, name="source-detail"),
    path("corrections/", corrections, name="correction-list"),
]
