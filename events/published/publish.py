"""Writing the published record: the only code that does.

`publish()` builds a record's document from the working rows (events.published.documents),
stores it as a new revision and rewrites the record's index rows; `retract()` writes a
retraction revision; `unpublish()` takes a record off the public site; `publish_reference()`
approves the public value of a piece of reference data. Each runs in one transaction that also
raises the record version once (`RecordVersion`), so caches keyed on it go stale exactly then.
The workflow (events.workflow) decides who may do this and when; this module only writes.

`publish_all()` publishes many records at once for bulk loads (the demo, generated corpora, a
restored export), in batches with a fixed number of queries each.
"""

import datetime
from collections import Counter, defaultdict

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.dispatch import Signal
from django.utils import timezone

from c5site.partial_dates import period_end
from people.models import Person

from ..models import (
    CitationBucket,
    FacetCount,
    Meeting,
    MeetingFacet,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
    RecordVersion,
    Revision,
)
from ..models import published as published_models
from . import by_ids, keys, search_text
from .diff import diff, is_correction
from .documents import REFERENCE_KINDS, REFERENCE_MODELS, build_meetings, build_people, build_references, references
from .order import sort_key, years
from .reader import Names, resolve_meeting, resolve_person

BATCH = 500
SEARCHED_KINDS = ("person", "topic", "place", "series", "country")  # their names are in a meeting's search text
TIMELINES = ("",)  # and every "country:<id>": the facets counted by year and kind

# Sent once the transaction that changed the published record has committed, with `version` (the new
# record version) and `keys` (a frozenset of the surrogate keys of what changed: events.published.keys;
# `all` for bulk loads and restores): for work that follows a publication outside the request (bulk
# files, purges of a shared cache in front).
record_changed = Signal()

# Sent inside the publishing transaction with `meeting_ids`: the meetings whose representation may
# have changed (their own revision, or a record they show: a person, a source, its publisher…), for
# what is kept of them beside the index (events.api.kept). Retracted and unpublished ones are among them.
meetings_changed = Signal()


class PublishError(Exception):
    """Publishing was refused; the message says why."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


def _dumps(value):
    return orjson.dumps(value).decode()


# --- the record version -----------------------------------------------------------------------------------


def record_version():
    """The published record's version: changes exactly when the published record does."""
    return record_state()[0]


_STATE = f"SELECT version, changed_at FROM {RecordVersion._meta.db_table} ORDER BY id LIMIT 1"


def record_state(using=None):
    """(version, the time it was raised): what anything kept between requests is keyed on. One query.
    The time tells apart a database restored to an older version from pages kept under that number.
    `using` names the database to read it from (the router's choice if None: c5site/db_router.py).
    Read in SQL written once: most requests ask (a response cache's hit, every list), and the ORM's
    compiling of the query cost a request more than the query did."""
    rows = by_ids.rows(RecordVersion, _STATE, using=using)
    if not rows:
        return (0, None)
    ((version, changed_at),) = rows
    if changed_at is not None and timezone.is_naive(changed_at):  # SQLite keeps UTC without its zone
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return version, changed_at


def raise_version(now=None, changed=(keys.ALL,)):
    """Raise the record version, as a change of the published record does (a restored export is one);
    `changed`: the surrogate keys of what changed (everything, unless told)."""
    _bump(now or timezone.now(), changed)


def lock_version():
    """Wait for, then hold until commit, the record version's row: every publishing transaction takes
    it first, so they run one after another (they did from their raise of the version on), and what is
    kept beside the index (events.api.kept) is written from what one of them left, never from half."""
    RecordVersion.objects.select_for_update().filter(pk=1).values_list("pk", flat=True).first()


def _bump(now, changed):
    """Raise the version, and once the transaction commits tell the receivers of `record_changed`
    what changed: the keys of every _bump of the transaction, in one send. Each _bump registers
    a callback; the first to run at the commit sends what is pending, the others find nothing due.
    (Keys of a rolled-back transaction stay pending and go with the next send: a purge too many.)"""
    if not RecordVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        RecordVersion.objects.create(pk=1, version=1, changed_at=now)  # its row was lost: start again from 1
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("_c5site_changed", {"due": False, "keys": set()})
    pending["due"] = True
    pending["keys"].update(changed)

    def send():
        if not pending["due"]:
            return
        keys, pending["keys"], pending["due"] = frozenset(pending["keys"]), set(), False
        record_changed.send(sender=RecordVersion, version=record_version(), keys=keys)

    transaction.on_commit(send, robust=True)


# --- what is public now ---------------------------------------------------------------------------------

_INDEX = {Meeting: PublishedMeeting, Person: PublishedPerson}
_INDEX_KINDS = {Meeting: "meeting", Person: "person"}


def _index_row(record, *, lock=False):
    model = type(record)
    if model in _INDEX:
        rows = _INDEX[model].objects.filter(pk=record.pk)
    else:
        rows = PublishedReference.objects.filter(kind=REFERENCE_KINDS[model], object_id=record.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.select_related("revision").first()


def current_revision(record):
    """The revision the public reads for `record` now (a publication or a retraction), or None."""
    row = _index_row(record)
    return row.revision if row else None


def public_document(record):
    """The document the public reads for `record` now, or None (none, or retracted)."""
    revision = current_revision(record)
    if revision is None or revision.is_retraction:
        return None
    return revision.document


def unpublished_changes(record):
    """What approving `record` now would change for the public, as events.published.diff lists it:
    its own facts, then those of the reference data it shows that await approval."""
    document = _build([record])[record.pk]
    changes = diff(public_document(record), document)
    for kind, pk, new, old in pending_references(document):
        changes += [{**change, "reference": [kind, pk]} for change in diff(old, new)]
    return changes


def pending_references(document):
    """[(kind, id, working document, approved document or None)] of the reference data a meeting's or
    person's document shows whose working value is not the approved one (new, or changed since)."""
    wanted = {kind: ids for kind, ids in references(document).items() if kind in REFERENCE_MODELS}
    pending, seen = [], set()
    while wanted:
        nested = defaultdict(set)
        for kind, ids in wanted.items():
            ids = set(ids) - {pk for k, pk in seen if k == kind}
            if not ids:
                continue
            seen.update((kind, pk) for pk in ids)
            approved = dict(PublishedReference.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "body"))
            for pk, working in build_references(kind, ids).items():
                old = orjson.loads(approved[pk]) if pk in approved else None
                if old != working:
                    pending.append((kind, pk, working, old))
                for field, target in (("country", "country"), ("publisher", "organization"), ("parent", "organization")):
                    if working.get(field) and kind != "country":
                        nested[target].add(working[field])
        wanted = nested
    return pending


# --- publishing -------------------------------------------------------------------------------------------


def _build(records):
    model = type(records[0])
    ids = [r.pk for r in records]
    if model is Meeting:
        return build_meetings(ids)
    if model is Person:
        return build_people(ids)
    return build_references(REFERENCE_KINDS[model], ids)


def _next_number(content_type, object_id):
    last = Revision.objects.filter(content_type=content_type, object_id=object_id).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def publish(record, *, by=None, submitted_by=None, note="", now=None):
    """Approve the working state of a meeting or person: write its next revision and its index rows,
    and approve with it the reference data it shows that awaits approval. Returns the revision.

    Raises PublishError where it changes or removes a fact the public was shown and `note` is empty."""
    lock_version()
    now = now or timezone.now()
    note = (note or "").strip()
    row = _index_row(record, lock=True)
    previous = row.revision if row else None
    before = previous.document if previous and not previous.is_retraction else None
    document = _build([record])[record.pk]
    changes = diff(before, document)
    correction = before is not None and is_correction(changes)
    if correction and not note:
        raise PublishError(
            "This revision changes or removes facts readers were shown: it is a correction, and needs a public "
            "note saying what changed and why."
        )
    changed = keys.changed(document["type"], record.pk, before, document)
    for kind, pk, _, _ in pending_references(document):
        publish_reference(REFERENCE_MODELS[kind](pk=pk), by=by, note=note, now=now, bump=False)
        changed.add(keys.key(kind, pk))
    content_type = ContentType.objects.get_for_model(record)
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=record.pk,
        number=_next_number(content_type, record.pk),
        body=_dumps(document),
        changes_body=_dumps(changes),
        is_correction=correction,
        note=note,
        submitted_by=submitted_by,
        approved_by=by,
        created_at=now,
    )
    _write_index([(document, revision, before)], first_published=row.first_published_at if row else now)
    _bump(now, changed)
    return revision


@transaction.atomic
def retract(record, *, by=None, reason, now=None):
    """Replace a public record by its retraction notice: a retraction revision; its facts leave every list."""
    lock_version()
    now = now or timezone.now()
    row = _index_row(record, lock=True)
    if row is None or row.revision.is_retraction:
        raise PublishError(f"“{record}” is not public: there is nothing to retract.")
    before = row.revision.document
    title = before.get("title") or before.get("name")
    document = {"schema": before["schema"], "type": before["type"], "id": record.pk, "slug": before["slug"],
                "title": title, "retracted": True, "notice": reason, "retracts": row.revision.number}  # fmt: skip
    content_type = ContentType.objects.get_for_model(record)
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=record.pk,
        number=_next_number(content_type, record.pk),
        kind=Revision.Kind.RETRACTION,
        body=_dumps(document),
        changes_body=_dumps(diff(before, None)),
        is_correction=True,
        note=reason,
        approved_by=by,
        created_at=now,
    )
    shown_by = meetings_showing(before["type"], record.pk)  # before its facets go
    _drop_facts(record, before)
    type(row).objects.filter(pk=row.pk).update(revision=revision, is_retracted=True, revised_at=now, search_text="")
    _meetings_changed(shown_by)
    _bump(now, keys.changed(before["type"], record.pk, before))
    return revision


@transaction.atomic
def unpublish(record, *, now=None):
    """Take a record off the public site (its revisions are kept, not shown)."""
    lock_version()
    now = now or timezone.now()
    row = _index_row(record, lock=True)
    if row is None:
        return
    document = None if row.revision.is_retraction else row.revision.document
    kind = _INDEX_KINDS.get(type(record)) or REFERENCE_KINDS[type(record)]
    shown_by = meetings_showing(kind, record.pk)
    if document is not None:
        _drop_facts(record, document)
    row.delete()
    _meetings_changed(shown_by)
    _bump(now, keys.changed(kind, record.pk, document))


def _drop_facts(record, document):
    counts = Counter()
    counts.subtract(_uses_of([document]))
    _adjust_counts(counts)
    record_kind = document["type"]
    citations = PublishedCitation.objects.filter(record_kind=record_kind, record_id=record.pk)
    buckets = Counter()
    buckets.subtract(_buckets_in(citations))
    _count_buckets(buckets)
    citations.delete()
    if record_kind == "meeting":
        _count_facets(_facets_of([record.pk]), -1)
        MeetingFacet.objects.filter(meeting_id=record.pk).delete()


@transaction.atomic
def publish_reference(record, *, by=None, note="", now=None, bump=True):
    """Approve the working value of a piece of reference data (a topic's name, a source's title…).
    Returns the new revision, or None where the approved value is already the working one."""
    lock_version()
    now = now or timezone.now()
    kind = REFERENCE_KINDS[type(record)]
    row = _index_row(record, lock=True)
    before = row.revision.document if row else None
    document = build_references(kind, [record.pk])[record.pk]
    if document == before:
        return None
    changes = diff(before, document)
    correction = before is not None and is_correction(changes)
    if correction and not (note or "").strip():
        raise PublishError(
            f"The change to the {kind} “{row.name}” alters what readers were shown: approving it needs a public note."
        )
    content_type = ContentType.objects.get_for_model(record)
    revision = Revision.objects.create(
        content_type=content_type,
        object_id=record.pk,
        number=_next_number(content_type, record.pk),
        body=_dumps(document),
        changes_body=_dumps(changes),
        is_correction=correction,
        note=(note or "").strip(),
        approved_by=by,
        created_at=now,
    )
    text = REFERENCE_MODELS["source"].objects.get(pk=record.pk).text if kind == "source" else ""
    values = _reference_values(kind, document, revision, text)
    if row is None:
        PublishedReference.objects.create(kind=kind, object_id=record.pk, **values)
    else:
        PublishedReference.objects.filter(pk=row.pk).update(**values)
        if kind == "source" and row.uses and before["publisher"] != document["publisher"]:
            # A publisher is used by as many revisions as cite its sources.
            _adjust_counts(Counter({("organization", before["publisher"]): -row.uses,
                                    ("organization", document["publisher"]): row.uses}))  # fmt: skip
    shown_by = meetings_showing(kind, record.pk)
    renamed = before is not None and before.get("name", before.get("title")) != document.get("name", document.get("title"))
    if renamed and kind in SEARCHED_KINDS:
        reindex_search_text(shown_by)
    _meetings_changed(shown_by)
    if bump:
        _bump(now, keys.changed(kind, record.pk))
    return revision


def _reference_values(kind, document, revision, text=""):
    columns = {"date_lo": None, "date_hi": None, "publisher_id": None}
    if kind == "source":
        known = document["published_on"]
        day = int(known.replace("-", "")) if known else 0
        name, sort = document["title"], f"{99999999 - day:08d}|{document['title'].casefold()}"
        slug = str(document["id"])
        lo = datetime.date.fromisoformat(known) if known else None
        columns = {"date_lo": lo, "date_hi": lo and period_end(lo, document["published_precision"]),
                   "publisher_id": document.get("publisher")}  # fmt: skip
    else:
        name = document["name"]
        sort = name.casefold()
        slug = document["code"].lower() if kind == "country" else document["slug"]
    return {
        "revision": revision,
        "slug": slug,
        "name": name[:500],
        "sort_key": sort[:500],
        "body": revision.body,
        "search_text": search_text.for_reference(kind, document, text),
        **columns,
    }


# --- the index ------------------------------------------------------------------------------------------


def _uses_of(documents):
    """Counter of (kind, id) for what these documents count as using: what each refers to, and the
    publishers of the sources each cites (one query for those)."""
    refs = [references(document) for document in documents]
    sources = set().union(*(r.get("source", set()) for r in refs))
    publishers = {}
    if sources:
        for pk, body in PublishedReference.objects.filter(kind="source", object_id__in=sources).values_list("object_id", "body"):
            publishers[pk] = orjson.loads(body)["publisher"]
    counts = Counter()
    for r in refs:
        used = {(kind, pk) for kind, ids in r.items() if kind in REFERENCE_MODELS for pk in ids}
        used |= {("organization", publishers[pk]) for pk in r.get("source", ()) if publishers.get(pk)}
        counts.update(used)
    return counts


def _adjust_counts(counts):
    by_delta = defaultdict(lambda: defaultdict(list))
    for (kind, pk), delta in counts.items():
        if delta and pk is not None:
            by_delta[delta][kind].append(pk)
    for delta, kinds in by_delta.items():
        for kind, ids in kinds.items():
            PublishedReference.objects.filter(kind=kind, object_id__in=ids).update(uses=F("uses") + delta)


def _meeting_index(document, revision, names, first_published):
    resolved = resolve_meeting(document, names)
    lo, hi = resolved["date_range"]
    key = sort_key(lo, hi)
    row = PublishedMeeting(
        meeting_id=document["id"],
        revision=revision,
        slug=document["slug"],
        title=document["title"],
        kind=document["kind"],
        format=document["format"],
        series_id=document["series"],
        ordinal=document["ordinal"],
        place_id=document["place"],
        date_lo=lo,
        date_hi=hi,
        date_precision=document["date"]["precision"],
        sort_key=key,
        is_retracted=False,
        first_published_at=first_published,
        revised_at=revision.created_at,
        search_text=search_text.for_meeting(resolved),
    )
    facets = {f"kind:{document['kind']}": False, f"format:{document['format']}": False}
    if document["series"]:
        facets[f"series:{document['series']}"] = False
    if document["place"]:
        facets[f"place:{document['place']}"] = False
        if resolved["place"] and resolved["place"]["country"]:
            facets[f"host:{resolved['place']['country']['id']}"] = False
    for p in document["participants"]:
        facets[f"person:{p['person']}"] = False
        if p["country"]:
            facets[f"country:{p['country']}"] = False
    for d in document["countries"]:
        facets[f"country:{d['country']}"] = False
    for t in document["topics"]:
        facets[f"topic:{t['topic']}"] = False
    for year, possibly in years(lo, hi):
        facets[f"year:{year}"] = possibly
    facet_rows = [
        MeetingFacet(meeting_id=document["id"], facet=facet, sort_key=key, possibly=possibly)
        for facet, possibly in facets.items()
    ]
    return row, facet_rows, _citation_rows(document, revision)


def _citation_rows(document, revision):
    rows = []

    def add(fact, citations):
        rows.extend(
            PublishedCitation(
                citation_id=c["id"],
                revision=revision,
                record_kind=document["type"],
                record_id=document["id"],
                source_id=c["source"],
                fact=fact,
                field=c["field"],
                stance=c["stance"],
                start=c["start"],
            )  # fmt: skip
            for c in citations
        )

    if document["type"] == "meeting":
        add("meeting", document["citations"])
        for key, fact in (("participants", "participant"), ("countries", "country"), ("topics", "topic"),
                          ("outcomes", "outcome")):  # fmt: skip
            for item in document[key]:
                add(fact, item["citations"])
    else:
        for position in document["positions"]:
            add("position", position["citations"])
    return rows


def _person_index(document, revision, names, first_published):
    resolved = resolve_person(document, names)
    row = PublishedPerson(
        person_id=document["id"],
        revision=revision,
        slug=document["slug"],
        name=document["name"],
        sort_name=document["sort_name"],
        aliases="\n".join(document["aliases"]),
        country_id=document["country"],
        is_retracted=False,
        first_published_at=first_published,
        revised_at=revision.created_at,
        search_text=search_text.for_person(resolved),
    )
    return row, [], _citation_rows(document, revision)


def _write_index(entries, *, first_published=None, bulk=False):
    """Write the index rows of [(document, revision, previous document or None)] of one type."""
    if not entries:
        return
    kind = entries[0][0]["type"]
    index, make = (PublishedMeeting, _meeting_index) if kind == "meeting" else (PublishedPerson, _person_index)
    ids = [document["id"] for document, _, _ in entries]
    names = Names().load([document for document, _, _ in entries])
    rows, facets, citations = [], [], []
    for document, revision, _ in entries:
        row, facet_rows, citation_rows = make(document, revision, names, first_published or revision.created_at)
        rows.append(row)
        facets += facet_rows
        citations += citation_rows
    counts = _uses_of([document for document, _, _ in entries])
    counts.subtract(_uses_of([before for _, _, before in entries if before]))
    _adjust_counts(counts)
    buckets = _buckets_of(citations)
    if not bulk:
        dropped = PublishedCitation.objects.filter(record_kind=kind, record_id__in=ids)
        buckets.subtract(_buckets_in(dropped))
        dropped.delete()
        if kind == "meeting":
            _count_facets(_facets_of(ids), -1)
            MeetingFacet.objects.filter(meeting_id__in=ids).delete()
        index.objects.filter(pk__in=ids).delete()
    index.objects.bulk_create(rows, batch_size=BATCH)
    MeetingFacet.objects.bulk_create(facets, batch_size=2000)
    if kind == "meeting":
        kinds = {row.meeting_id: row.kind for row in rows}
        _count_facets([(f.meeting_id, kinds[f.meeting_id], f.facet, f.possibly) for f in facets], +1)
    PublishedCitation.objects.bulk_create(citations, batch_size=2000)
    _count_buckets(buckets)
    if kind == "meeting":
        _meetings_changed(ids)
    elif not bulk:  # a bulk load publishes people before the meetings that show them
        shown_by = {meeting for pk in ids for meeting in meetings_showing("person", pk)}
        reindex_search_text(shown_by)
        _meetings_changed(shown_by)


def _facets_of(meeting_ids):
    """[(meeting, kind, facet, possibly)] of the facet rows these meetings have now."""
    rows = MeetingFacet.objects.filter(meeting_id__in=meeting_ids).order_by()
    return list(rows.values_list("meeting_id", "meeting__kind", "facet", "possibly"))


def _count_facets(rows, sign):
    """Add (sign +1) or take away (-1) the meetings of facet rows [(meeting, kind, facet, possibly)]
    in `FacetCount`: each meeting counts once under each of its facets and under "" (all); by its
    certain year (0 when its date does not fix one) and its kind under the facets whose pages
    show a timeline (all meetings, a country's), under (0, "") for the others (`_add_counts`)."""
    by_meeting = defaultdict(list)
    for meeting, kind, facet, possibly in rows:
        by_meeting[(meeting, kind)].append((facet, possibly))
    counts = Counter()
    for (_, kind), facets in by_meeting.items():
        year = next((int(facet[5:]) for facet, possibly in facets if facet.startswith("year:") and not possibly), 0)
        for facet in ["", *(facet for facet, _ in facets)]:
            counts[(facet, year, kind) if facet in TIMELINES or facet.startswith("country:") else (facet, 0, "")] += sign
    _add_counts(FacetCount, ("facet", "year", "kind"), counts)


def _add_counts(model, key_fields, counts):
    """Add `counts` ({key: change}, a key the values of `key_fields`) to the `n` of `model`'s rows,
    creating them: one upsert per batch of keys, in key order (two publications adding to the same
    counts wait for each other, never deadlock)."""
    keys = sorted(key for key, n in counts.items() if n)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(key_fields)
    row = "(" + ", ".join(["%s"] * (len(key_fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES {', '.join([row] * len(batch))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n",
                [value for key in batch for value in (*key, counts[key])],
            )


def _buckets_of(citations):
    """Counter of (fact, field, stance, bucket) of these PublishedCitation rows (in hand: about to be written)."""
    width = published_models.WIDTH
    return Counter((c.fact, c.field, c.stance, c.citation_id // width) for c in citations)


def _buckets_in(rows):
    """The same of a queryset of PublishedCitation rows (about to be deleted), counted in one query."""
    rows = rows.order_by().annotate(bucket=F("citation_id") / published_models.WIDTH)
    counted = rows.values("fact", "field", "stance", "bucket").annotate(n=Count("*"))
    return Counter({tuple(key): n for *key, n in counted.values_list("fact", "field", "stance", "bucket", "n")})


def _count_buckets(counts):
    """Add `counts` ({(fact, field, stance, bucket): change}) to `CitationBucket`. A count that falls
    to 0 keeps its row: the keys are few (facts × fields × stances × buckets), and the read skips them."""
    _add_counts(CitationBucket, ("fact", "field", "stance", "bucket"), counts)


def meetings_showing(kind, pk):
    """The ids of the public meetings (retracted ones too) that show the record (`kind`, `pk`):
    itself, a participant, a delegation's or a place's country, a topic, a place, a series, a cited
    source, a cited source's publisher. Read from the facets and citations publishing wrote."""
    if kind == "meeting":
        return {pk}
    if kind in ("person", "topic", "place", "series", "country"):
        facets = [f"{kind}:{pk}"]
        if kind == "country":  # and the meetings held in its places (a place moved to it has no host facet yet)
            places = PublishedReference.objects.filter(kind="place").values_list("object_id", "body")
            facets += [f"host:{pk}", *(f"place:{place}" for place, body in places if orjson.loads(body).get("country") == pk)]
        return set(MeetingFacet.objects.filter(facet__in=facets).values_list("meeting_id", flat=True))
    if kind == "organization":
        sources = PublishedReference.objects.filter(kind="source", publisher_id=pk).values("object_id")
        return set(PublishedCitation.objects.filter(record_kind="meeting", source_id__in=sources).values_list(
            "record_id", flat=True))  # fmt: skip
    if kind == "source":
        return set(PublishedCitation.objects.filter(record_kind="meeting", source_id=pk).values_list("record_id", flat=True))
    return set()


def _meetings_changed(meeting_ids):
    if meeting_ids:
        meetings_changed.send(sender=PublishedMeeting, meeting_ids=frozenset(meeting_ids))


def reindex_search_text(meeting_ids):
    """Rewrite the search text of these public meetings (they show a person or reference renamed)."""
    meeting_ids = sorted(meeting_ids)
    for start in range(0, len(meeting_ids), BATCH):
        batch = meeting_ids[start : start + BATCH]
        rows = PublishedMeeting.objects.filter(pk__in=batch, is_retracted=False).values_list("pk", "revision__body")
        documents = [orjson.loads(body) for _, body in rows]
        names = Names().load(documents)
        for document in documents:
            PublishedMeeting.objects.filter(pk=document["id"]).update(
                search_text=search_text.for_meeting(resolve_meeting(document, names))
            )


# --- bulk -----------------------------------------------------------------------------------------------


@transaction.atomic
def publish_all(*, meetings=(), people=(), by=None, now=None):
    """Publish these meetings and people (ids) that have no revision yet, with every reference they show,
    in batches: for bulk loads (the demo corpus, generated corpora, a restored export)."""
    lock_version()
    now = now or timezone.now()
    meeting_ids, person_ids = list(meetings), list(people)
    if not (meeting_ids or person_ids):
        return
    kinds = defaultdict(set)
    for start in range(0, len(person_ids), BATCH):
        for document in build_people(person_ids[start : start + BATCH]).values():
            for kind, ids in references(document).items():
                kinds[kind] |= ids
    for start in range(0, len(meeting_ids), BATCH):
        for document in build_meetings(meeting_ids[start : start + BATCH]).values():
            for kind, ids in references(document).items():
                kinds[kind] |= ids
    _publish_references(kinds, by=by, now=now)
    for model, builder, ids in ((Person, build_people, person_ids), (Meeting, build_meetings, meeting_ids)):
        content_type = ContentType.objects.get_for_model(model)
        for start in range(0, len(ids), BATCH):
            documents = builder(ids[start : start + BATCH])
            revisions = _bulk_revisions(content_type, documents, by=by, now=now)
            _write_index([(documents[r.object_id], r, None) for r in revisions], bulk=True)
    _bump(now, {keys.ALL})


def _publish_references(kinds, *, by, now):
    """Approve, in batches, the reference data in `kinds` ({kind: ids}) and what it refers to in turn,
    where it has no approved value yet."""
    wanted = {kind: set(ids) for kind, ids in kinds.items() if kind in REFERENCE_MODELS}
    while wanted:
        nested = defaultdict(set)
        for kind, ids in wanted.items():
            ids = sorted(ids - set(PublishedReference.objects.filter(kind=kind, object_id__in=ids)
                                   .values_list("object_id", flat=True)))  # fmt: skip
            model = REFERENCE_MODELS[kind]
            content_type = ContentType.objects.get_for_model(model)
            for start in range(0, len(ids), BATCH):
                documents = build_references(kind, ids[start : start + BATCH])
                texts = dict(model.objects.filter(pk__in=documents).values_list("pk", "text")) if kind == "source" else {}
                revisions = _bulk_revisions(content_type, documents, by=by, now=now)
                PublishedReference.objects.bulk_create(
                    [
                        PublishedReference(
                            kind=kind,
                            object_id=r.object_id,
                            **_reference_values(kind, documents[r.object_id], r, texts.get(r.object_id, "")),
                        )
                        for r in revisions
                    ]  # fmt: skip
                )
                for document in documents.values():
                    for field, target in (("country", "country"), ("publisher", "organization"), ("parent", "organization")):
                        if kind != "country" and document.get(field):
                            nested[target].add(document[field])
        wanted = {kind: ids for kind, ids in nested.items() if ids}


def _bulk_revisions(content_type, documents, *, by, now):
    """Revision 1 of each of `documents` ({id: document}), inserted at once, with their ids."""
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                object_id=pk,
                number=1,
                body=_dumps(document),
                changes_body=_dumps(diff(None, document)),
                approved_by=by,
                created_at=now,
            )  # fmt: skip
            for pk, document in documents.items()
        ]
    )
    if revisions and revisions[0].pk is None:  # a database that returns no ids from a bulk insert
        by_id = dict(
            Revision.objects.filter(content_type=content_type, object_id__in=list(documents), number=1).values_list(
                "object_id", "pk"
            )
        )
        for revision in revisions:
            revision.pk = by_id[revision.object_id]
    return revisions
