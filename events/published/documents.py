"""The one builder: a record's public document, made from the working rows.

Publishing stores what it returns as a revision; the admin's preview renders it with the
public templates; the diff compares it with the current revision. A document holds every
fact the public may see of the record, each with its citations (quote, the passage around
it, stance, rank and the source by id), and refers to other records by identity only: their
public names come from their own approved revisions when the document is read.

Built in batches (`build_meetings`, `build_people`) with a fixed number of queries per batch,
so a bulk load publishes 100,000 meetings as fast as one.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from c5site.text import passage_context
from people.models import Country, Organization, Person, Position

from ..models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Place, Series, Source, Topic

SCHEMA = 1


def _day(value):
    return value.isoformat() if value is not None else None


def _citations(targets):
    """{(model, object id): [citation, …]} for every (model, ids) in `targets`: the valid
    citations of those facts, each with the passage around its quote."""
    condition = Q()
    types = ContentType.objects.get_for_models(*(model for model, _ in targets))
    for model, ids in targets:
        if ids:
            condition |= Q(content_type=types[model], object_id__in=list(ids))
    if not condition:
        return {}
    model_of = {ct.pk: model for model, ct in types.items()}
    rows = list(
        Citation.objects.filter(condition, start__isnull=False)
        .order_by("pk")
        .values_list(
            "content_type_id",
            "object_id",
            "id",
            "source_id",
            "field",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "stance",
            "note",
            "rank",
            "rank_reason",
            "reported_value",
        )  # fmt: skip
    )
    texts = dict(Source.objects.filter(pk__in={row[3] for row in rows}).values_list("pk", "text"))
    grouped = defaultdict(list)
    for ct, object_id, pk, source, field, quote, prefix, suffix, start, end, stance, note, rank, reason, value in rows:
        before, after = passage_context(texts[source], start, end)
        grouped[model_of[ct], object_id].append(
            {
                "id": pk,
                "source": source,
                "field": field,
                "quote": quote,
                "exact": texts[source][start:end],
                "prefix": prefix,
                "suffix": suffix,
                "before": before,
                "after": after,
                "start": start,
                "end": end,
                "stance": stance,
                "note": note,
                "rank": rank,
                "rank_reason": reason,
                "value": value,
            }
        )
    return grouped


def _by_meeting(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["meeting_id"]].append(row)
    return grouped


def build_meetings(ids):
    """{meeting id: document} for the meetings with these ids (nine queries, whatever their number)."""
    meetings = list(
        Meeting.objects.filter(pk__in=list(ids)).values(
            "id",
            "slug",
            "title",
            "kind",
            "format",
            "series_id",
            "ordinal",
            "place_id",
            "place_name_reported",
            "start_date",
            "end_date",
            "date_precision",
            "date_not_after",
            "summary",
        )  # fmt: skip
    )
    ids = [m["id"] for m in meetings]
    participations = _by_meeting(
        Participation.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "country__name", "person__sort_name", "pk")
        .values("meeting_id", "id", "person_id", "role", "country_id", "position_id")
    )
    delegations = _by_meeting(
        Delegation.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "country__name", "pk")
        .values("meeting_id", "id", "country_id")
    )
    meeting_topics = _by_meeting(
        MeetingTopic.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "topic__name", "pk")
        .values("meeting_id", "id", "topic_id")
    )
    outcomes = _by_meeting(
        Outcome.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "kind", "pk")
        .values("meeting_id", "id", "kind", "description", "amount", "currency")
    )

    def child_ids(grouped):
        return [row["id"] for rows in grouped.values() for row in rows]

    cited = _citations(
        [
            (Meeting, ids),
            (Participation, child_ids(participations)),
            (Delegation, child_ids(delegations)),
            (MeetingTopic, child_ids(meeting_topics)),
            (Outcome, child_ids(outcomes)),
        ]
    )
    documents = {}
    for m in meetings:
        pk = m["id"]
        documents[pk] = {
            "schema": SCHEMA,
            "type": "meeting",
            "id": pk,
            "slug": m["slug"],
            "title": m["title"],
            "kind": m["kind"],
            "format": m["format"],
            "series": m["series_id"],
            "ordinal": m["ordinal"],
            "date": {
                "start": _day(m["start_date"]),
                "end": _day(m["end_date"]),
                "precision": m["date_precision"],
                "not_after": _day(m["date_not_after"]),
            },
            "place": m["place_id"],
            "place_name_reported": m["place_name_reported"],
            "summary": m["summary"],
            "citations": cited.get((Meeting, pk), []),
            "participants": [
                {
                    "id": p["id"],
                    "person": p["person_id"],
                    "role": p["role"],
                    "country": p["country_id"],
                    "position": p["position_id"],
                    "citations": cited.get((Participation, p["id"]), []),
                }
                for p in participations.get(pk, [])
            ],
            "countries": [
                {"id": d["id"], "country": d["country_id"], "citations": cited.get((Delegation, d["id"]), [])}
                for d in delegations.get(pk, [])
            ],
            "topics": [
                {"id": t["id"], "topic": t["topic_id"], "citations": cited.get((MeetingTopic, t["id"]), [])}
                for t in meeting_topics.get(pk, [])
            ],
            "outcomes": [
                {
                    "id": o["id"],
                    "kind": o["kind"],
                    "description": o["description"],
                    "amount": None if o["amount"] is None else f"{o['amount']:.2f}",
                    "currency": o["currency"],
                    "citations": cited.get((Outcome, o["id"]), []),
                }
                for o in outcomes.get(pk, [])
            ],
        }
    return documents


def build_people(ids):
    """{person id: document} for the people with these ids (four queries, whatever their number)."""
    people = list(
        Person.objects.filter(pk__in=list(ids)).values(
            "id", "slug", "name", "sort_name", "aliases", "country_id", "wikidata_id", "summary"
        )
    )
    ids = [p["id"] for p in people]
    positions = defaultdict(list)
    for row in (
        Position.objects.filter(person_id__in=ids)
        .order_by("person_id", "start_date", "title", "pk")
        .values(
            "person_id",
            "id",
            "title",
            "organization_id",
            "country_id",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
        )  # fmt: skip
    ):
        positions[row["person_id"]].append(row)
    cited = _citations([(Position, [row["id"] for rows in positions.values() for row in rows])])
    return {
        p["id"]: {
            "schema": SCHEMA,
            "type": "person",
            "id": p["id"],
            "slug": p["slug"],
            "name": p["name"],
            "sort_name": p["sort_name"],
            "aliases": list(p["aliases"] or []),
            "country": p["country_id"],
            "wikidata_id": p["wikidata_id"],
            "summary": p["summary"],
            "positions": [
                {
                    "id": row["id"],
                    "title": row["title"],
                    "organization": row["organization_id"],
                    "country": row["country_id"],
                    "start": {"date": _day(row["start_date"]), "precision": row["start_precision"]},
                    "end": {"date": _day(row["end_date"]), "precision": row["end_precision"]},
                    "citations": cited.get((Position, row["id"]), []),
                }
                for row in positions.get(p["id"], [])
            ],
        }
        for p in people
    }


# --- reference data: the public value of each kind ------------------------------------------------------

REFERENCE_MODELS = {
    "country": Country,
    "organization": Organization,
    "place": Place,
    "series": Series,
    "topic": Topic,
    "source": Source,
}
REFERENCE_KINDS = {model: kind for kind, model in REFERENCE_MODELS.items()}


def reference_document(obj):
    """The document of one piece of reference data, from its row (a place's names prefetched or not)."""
    kind = REFERENCE_KINDS[type(obj)]
    return {"schema": SCHEMA, "type": kind, "id": obj.pk, **_reference(kind, obj)}


def _reference(kind, obj):
    if kind == "country":
        return {"code": obj.code, "name": obj.name, "is_c5": obj.is_c5}
    if kind == "organization":
        return {"slug": obj.slug, "name": obj.name, "kind": obj.kind, "country": obj.country_id,
                "parent": obj.parent_id, "url": obj.url}  # fmt: skip
    if kind == "place":
        return {
            "slug": obj.slug,
            "name": obj.name,
            "country": obj.country_id,
            "names": [{"name": n.name, "kind": n.kind, "from_year": n.from_year, "to_year": n.to_year} for n in obj.names.all()],
        }
    if kind in ("series", "topic"):
        return {"slug": obj.slug, "name": obj.name, "description": obj.description}
    return {
        "title": obj.title,
        "publisher": obj.publisher_id,
        "url": obj.url,
        "published_on": _day(obj.published_on),
        "published_precision": obj.published_precision,
        "language": obj.language,
        "attribution": obj.attribution,
    }


def build_references(kind, ids):
    """{id: document} of reference data of one kind (a source's document has no text: it is not public)."""
    model = REFERENCE_MODELS[kind]
    rows = model.objects.filter(pk__in=list(ids))
    if kind == "place":
        rows = rows.prefetch_related("names")
    if kind == "source":
        rows = rows.defer("text")
    return {obj.pk: {"schema": SCHEMA, "type": kind, "id": obj.pk, **_reference(kind, obj)} for obj in rows}


def build(record):
    """The document of one record: a meeting, a person or a piece of reference data."""
    if isinstance(record, Meeting):
        return build_meetings([record.pk])[record.pk]
    if isinstance(record, Person):
        return build_people([record.pk])[record.pk]
    return build_references(REFERENCE_KINDS[type(record)], [record.pk])[record.pk]


def references(document):
    """{kind: {id, …}} of the other records a meeting's or person's document shows."""
    refs = defaultdict(set)

    def cite(citations):
        for citation in citations:
            refs["source"].add(citation["source"])

    if document["type"] == "meeting":
        if document["series"]:
            refs["series"].add(document["series"])
        if document["place"]:
            refs["place"].add(document["place"])
        cite(document["citations"])
        for p in document["participants"]:
            refs["person"].add(p["person"])
            if p["country"]:
                refs["country"].add(p["country"])
            cite(p["citations"])
        for d in document["countries"]:
            refs["country"].add(d["country"])
            cite(d["citations"])
        for t in document["topics"]:
            refs["topic"].add(t["topic"])
            cite(t["citations"])
        for o in document["outcomes"]:
            cite(o["citations"])
    elif document["type"] == "person":
        if document["country"]:
            refs["country"].add(document["country"])
        for position in document["positions"]:
            if position["organization"]:
                refs["organization"].add(position["organization"])
            if position["country"]:
                refs["country"].add(position["country"])
            cite(position["citations"])
    return dict(refs)
