"""The API's meetings as plain rows: MeetingSerializer's exact JSON, built from `.values()` queries.

A page of 50 meetings nests about 200 participants and 500 citations. Building a model
instance for each of them, and running DRF's per-field machinery over every one, was most
of the page's time (issue #6). Here each kind of row is one `.values()` query (meetings,
participants, countries, topics, outcomes, then the citations of all of them at once and their
sources) and the dicts are assembled directly: seven queries for a page of any size.

MeetingSerializer stays the interface: the schema is generated from it, and
tests/api/test_meeting_rows.py checks that both give the same bytes for every meeting of the
demo corpus and for generated ones.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from rest_framework import serializers

from c5site import lookups  # noqa: F401 — registers `__any_of`
from c5site.api.serializers import citation_json, source_ref_json
from c5site.links import url_maker
from c5site.partial_dates import PartialDate
from c5site.records import Status

from .models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Source

# Formats an amount exactly as OutcomeSerializer's field does ("25000000.00").
_AMOUNT = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)

_MEETING_COLUMNS = (
    "id", "slug", "title", "kind", "format", "series__slug", "series__name", "ordinal", "start_date", "end_date",
    "date_precision", "date_not_after", "place_id", "place__name", "place_name_reported", "place__country__code",
    "summary",
)  # fmt: skip


def _iso(day):
    return day.isoformat() if day is not None else None


def _children(model, meeting_ids, columns, order, **filters):
    """The rows of one kind of child, grouped by meeting, in the order the model's prefetch gives."""
    grouped = defaultdict(list)
    rows = model.objects.filter(meeting_id__in=meeting_ids, **filters).order_by("meeting_id", *order, "pk")
    for row in rows.values("meeting_id", "id", *columns):
        grouped[row["meeting_id"]].append(row)
    return grouped


def _citations(targets):
    """{(content type id, object id): [citation JSON, …]} for every (model, ids) in `targets`.

    Two queries: the citations of all of them, then their sources, each source's JSON built
    once and shared. (The ids are listed: PostgreSQL's plan for subqueries OR-ed here scanned
    the whole table, 300 ms against 1.5 ms.)"""
    condition = Q()
    for model, ids in targets:
        if ids:
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__any_of=ids)
    if not condition:
        return {}
    rows = list(
        Citation.objects.filter(condition)
        .order_by("pk")
        .values_list("content_type_id", "object_id", "id", "quote", "field", "stance", "note", "source_id")
    )
    sources = {
        row[0]: source_ref_json(*row)
        for row in Source.objects.filter(pk__in={row[-1] for row in rows}).values_list(
            "id", "title", "publisher__name", "published_on", "published_precision", "url"
        )
    }
    grouped = defaultdict(list)
    for content_type_id, object_id, citation_id, quote, field, stance, note, source_id in rows:
        grouped[content_type_id, object_id].append(citation_json(citation_id, quote, field, stance, note, sources[source_id]))
    return grouped


def _cited(item, citations):
    item["citations"] = citations
    item["disputed"] = any(citation["stance"] == "contradicts" for citation in citations)
    return item


def url_makers(request):
    """(slug → the public page's absolute URL, slug → the API's), the last two keys of a meeting."""
    return url_maker("events:meeting-detail", request=request), url_maker("api:meetings-detail", request=request)


def meeting_rows(ids, request=None):
    """The published meetings among `ids`, in that order, each as MeetingSerializer would render it.

    A meeting that has left the published list since its id was read is left out (rule 2);
    so is a participant whose person is not published."""
    return [row for _, row in build_rows(ids, request)]


def build_rows(ids, request=None, *, published_only=True, urls=True):
    """[(id, JSON of the meeting)] for the meetings among `ids`, in that order: only published ones
    unless `published_only` is false (stored documents are made for every meeting), and without
    `url`/`api_url` when `urls` is false (they depend on the request's host)."""
    ids = list(ids)
    if not ids:
        return []
    meetings = Meeting.objects.published() if published_only else Meeting.objects.all()
    meetings = {row["id"]: row for row in meetings.filter(pk__in=ids).values(*_MEETING_COLUMNS)}
    found = [pk for pk in ids if pk in meetings]
    participants = _children(
        Participation, found, ("person__slug", "person__name", "role", "country__code"), ("country__name", "person__sort_name"),
        person__status=Status.PUBLISHED,
    )  # fmt: skip
    delegations = _children(Delegation, found, ("country__code", "country__name"), ("country__name",))
    topics = _children(MeetingTopic, found, ("topic__slug", "topic__name"), ("topic__name",))
    outcomes = _children(Outcome, found, ("kind", "description", "amount", "currency"), ("kind",))
    citations = _citations(
        [
            (Meeting, found),
            (Participation, [row["id"] for rows in participants.values() for row in rows]),
            (Delegation, [row["id"] for rows in delegations.values() for row in rows]),
            (MeetingTopic, [row["id"] for rows in topics.values() for row in rows]),
            (Outcome, [row["id"] for rows in outcomes.values() for row in rows]),
        ]
    )
    types = ContentType.objects.get_for_models(Meeting, Participation, Delegation, MeetingTopic, Outcome)
    meeting_type, participation_type, delegation_type, topic_type, outcome_type = (
        types[model].id for model in (Meeting, Participation, Delegation, MeetingTopic, Outcome)
    )
    if urls:
        page_url, api_url = url_makers(request)

    results = []
    for pk in found:
        m = meetings[pk]
        own = citations.get((meeting_type, pk), [])
        place = None
        if m["place_id"] is not None:
            place = {
                "name": m["place__name"],
                "name_as_reported": m["place_name_reported"] or m["place__name"],
                "country": m["place__country__code"],
            }
        date = PartialDate(m["start_date"], m["date_precision"], m["end_date"], m["date_not_after"])
        row = {
                "slug": m["slug"],
                "title": m["title"],
                "kind": m["kind"],
                "format": m["format"],
                "series": m["series__slug"],
                "series_name": m["series__name"],
                "ordinal": m["ordinal"],
                "start_date": _iso(m["start_date"]),
                "end_date": _iso(m["end_date"]),
                "date_precision": m["date_precision"],
                "date_not_after": _iso(m["date_not_after"]),
                "date_display": str(date),
                "place": place,
                "summary": m["summary"],
                "participants": [
                    _cited(
                        {"person": {"slug": p["person__slug"], "name": p["person__name"]}, "role": p["role"], "country": p["country__code"]},
                        citations.get((participation_type, p["id"]), []),
                    )
                    for p in participants.get(pk, ())
                ],
                "countries": [
                    _cited({"code": d["country__code"], "name": d["country__name"]}, citations.get((delegation_type, d["id"]), []))
                    for d in delegations.get(pk, ())
                ],
                "topics": [
                    _cited({"slug": t["topic__slug"], "name": t["topic__name"]}, citations.get((topic_type, t["id"]), []))
                    for t in topics.get(pk, ())
                ],
                "outcomes": [
                    _cited(
                        {
                            "kind": o["kind"],
                            "description": o["description"],
                            "amount": _AMOUNT.to_representation(o["amount"]) if o["amount"] is not None else None,
                            "currency": o["currency"] or None,
                        },
                        citations.get((outcome_type, o["id"]), []),
                    )
                    for o in outcomes.get(pk, ())
                ],
                "citations": own,
                "disputed_fields": sorted({c["field"] for c in own if c["stance"] == "contradicts"}),
        }
        if urls:
            row["url"] = page_url(m["slug"])
            row["api_url"] = api_url(m["slug"])
        results.append((pk, row))
    return results
