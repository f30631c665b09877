"""Bulk data: the whole published record as files, rebuilt in the background after every publication.

Three files, from one pass over the published record (current revisions only, rule 2):

- `c5site.sqlite`: one table per kind of thing, with foreign keys, indexes and readable views,
  ready for Datasette and sqlite-utils;
- `c5site-csv.zip`: each of those tables as a CSV file (UTF-8 with a byte-order mark, RFC 4180);
- `c5site.json`: Popolo (areas, organizations, persons, memberships, events) plus every citation
  with the passage around it.

The SQLite file is written first, reading the index and the revisions in batches; the CSV and
JSON files are then written from it, so the three always agree. Each file is written to a
temporary name and moved into place with `os.replace`, the manifest (sizes, SHA-256) last: a
reader mid-rebuild downloads the previous complete file. A build holds a lock on the directory,
so two never overlap; a build that finds the files already made for the current record version
stops, and one that sees the record change while it ran builds again.

`record_changed` (sent once a publication has committed) starts `manage.py build_bulk_data`
as a detached process: never in an editor's or a reader's request.
"""

import csv
import datetime
import fcntl
import hashlib
import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from ..models import PublishedMeeting, PublishedPerson, PublishedReference
from ..published import publish, reader
from .errors import error_body
from .records import APINames, cited_facts
from .serializers import fact_label

logger = logging.getLogger("events.api.bulk")

SQLITE_FILE = "c5site.sqlite"
CSV_FILE = "c5site-csv.zip"
JSON_FILE = "c5site.json"
MANIFEST = "manifest.json"
LOCK = ".build.lock"
BATCH = 500
FILES = {
    SQLITE_FILE: ("SQLite database", "application/vnd.sqlite3"),
    CSV_FILE: ("CSV files (ZIP)", "application/zip"),
    JSON_FILE: ("JSON (Popolo and citations)", "application/json"),
}
JSON_DESCRIPTION = (
    "Popolo's `areas` (countries), `organizations`, `persons` (with `other_names`), `memberships` (positions held) "
    "and `events` (meetings, with `attendees`); each item's `sources` quote its citations, and `citations` lists "
    "every citation with its fact, field, quote, the text before and after, stance, rank and source."
)

# --- the data dictionary: the tables, their columns and foreign keys ------------------------------------

T, I, B = "TEXT", "INTEGER", "INTEGER"  # noqa: E741 — column types, as SQL writes them; booleans are 0/1


def _col(name, kind, description, references=None):
    return {"name": name, "type": kind, "description": description, "references": references}


TABLES = [
    ("countries", "Countries in the record.", [
        _col("id", I, "Identity."), _col("code", T, "ISO 3166-1 alpha-2."), _col("name", T, "Name."),
        _col("is_c5", B, "1 for the five Central Asian states."),
    ]),
    ("organizations", "Ministries, governments, international bodies and publishers.", [
        _col("id", I, "Identity."), _col("slug", T, "Its address on the API."), _col("name", T, "Name."),
        _col("kind", T, "government, ministry, international, media or other."),
        _col("country_id", I, "Its country.", "countries"), _col("parent_id", I, "The body it belongs to.", "organizations"),
        _col("url", T, "Its own site."),
    ]),
    ("places", "Cities where meetings took place.", [
        _col("id", I, "Identity."), _col("slug", T, "Its address."), _col("name", T, "Its name today."),
        _col("country_id", I, "Its country.", "countries"),
        _col("other_names", T, "Its other names over time, as JSON: [{name, kind, from_year, to_year}]."),
    ]),
    ("series", "Recurring formats (C5+1).", [
        _col("id", I, "Identity."), _col("slug", T, "Its address."), _col("name", T, "Name."), _col("description", T, "About it."),
    ]),
    ("topics", "Subjects discussed at meetings.", [
        _col("id", I, "Identity."), _col("slug", T, "Its address."), _col("name", T, "Name."), _col("description", T, "About it."),
    ]),
    ("sources", "The articles facts are cited from (never their full text).", [
        _col("id", I, "Identity: /sources/<id>/ on the site."), _col("title", T, "Title."),
        _col("publisher_id", I, "The outlet.", "organizations"), _col("url", T, "The article's address, where known."),
        _col("published_on", T, "YYYY-MM-DD: the first day of the publication date's period."),
        _col("published_precision", T, "day, month, year or unknown."), _col("language", T, "ISO 639-1."),
        _col("attribution", T, "Whom the article attributes its information to."), _col("page_url", T, "Its page's path on the site."),
    ]),
    ("people", "Officials: each published person's current revision.", [
        _col("id", I, "Identity."), _col("slug", T, "Their address: /people/<slug>/."), _col("name", T, "Name."),
        _col("sort_name", T, "Family name first."), _col("aliases", T, "Other spellings, as a JSON array."),
        _col("country_id", I, "Their country.", "countries"), _col("wikidata_id", T, "Wikidata item (Q…)."),
        _col("summary", T, "About them."), _col("url", T, "Their page's path on the site."), _col("revision", I, "The revision shown."),
        _col("revised_at", T, "When that revision was approved (UTC)."),
    ]),
    ("positions", "Titles people held, from/to as partial dates; cited.", [
        _col("id", I, "Identity."), _col("person_id", I, "Who.", "people"), _col("title", T, "The title."),
        _col("organization_id", I, "In which body.", "organizations"), _col("country_id", I, "For which country.", "countries"),
        _col("start_date", T, "First day of the start's period."), _col("start_precision", T, "day, month, year or unknown."),
        _col("end_date", T, "First day of the end's period."), _col("end_precision", T, "day, month, year or unknown."),
        _col("disputed", B, "1 where a citation contradicts it."),
    ]),
    ("meetings", "Meetings: each published meeting's current revision.", [
        _col("id", I, "Identity."), _col("slug", T, "Its address: /meetings/<slug>/."), _col("title", T, "Title."),
        _col("kind", T, "summit, ministerial, special_session, working_group, bilateral, phone_call, video_conference, roundtable, other."),
        _col("format", T, "in_person, virtual, phone or unknown."), _col("series_id", I, "Its series.", "series"),
        _col("ordinal", I, "Its number in the series, where a source gives one."),
        _col("start_date", T, "YYYY-MM-DD: first day of the period known (null: unknown)."),
        _col("end_date", T, "For meetings over several days: the start of the last day's period."),
        _col("date_precision", T, "day, month, year or unknown."),
        _col("date_not_after", T, "For an unknown date a source bounds: on or before this day."),
        _col("date_lo", T, "The earliest day it may have taken place (null: unbounded)."),
        _col("date_hi", T, "The latest day it may have taken place (null: unbounded)."),
        _col("date_display", T, "The date in words."), _col("place_id", I, "Where.", "places"),
        _col("place_name_reported", T, "The place as the source names it (Nur-Sultan)."), _col("summary", T, "Summary."),
        _col("url", T, "Its page's path on the site."), _col("revision", I, "The revision shown."),
        _col("first_published_at", T, "When it was first published (UTC)."), _col("revised_at", T, "When the revision shown was approved (UTC)."),
        _col("sort_key", I, "The site's order: larger is newer (by the latest possible day, then the earliest); 0 for an unknown date."),
    ]),
    ("participations", "Who took part in which meeting, in the role the source gives at that time.", [
        _col("id", I, "Identity."), _col("meeting_id", I, "The meeting.", "meetings"), _col("person_id", I, "The person.", "people"),
        _col("role", T, "As the source gives it."), _col("country_id", I, "The country represented.", "countries"),
        _col("position_id", I, "The position held then, where known.", "positions"),
        _col("disputed", B, "1 where a citation contradicts it."),
    ]),
    ("meeting_countries", "Countries represented at each meeting.", [
        _col("id", I, "Identity."), _col("meeting_id", I, "The meeting.", "meetings"), _col("country_id", I, "The country.", "countries"),
        _col("disputed", B, "1 where a citation contradicts it."),
    ]),
    ("meeting_topics", "Topics discussed at each meeting.", [
        _col("id", I, "Identity."), _col("meeting_id", I, "The meeting.", "meetings"), _col("topic_id", I, "The topic.", "topics"),
        _col("disputed", B, "1 where a citation contradicts it."),
    ]),
    ("outcomes", "What meetings produced: statements, funding, initiatives, agreements.", [
        _col("id", I, "Identity."), _col("meeting_id", I, "The meeting.", "meetings"),
        _col("kind", T, "joint_statement, funding, initiative, agreement or other."), _col("description", T, "What it is."),
        _col("amount", T, "An exact decimal (\"25000000.00\"), where stated."), _col("currency", T, "ISO 4217, where an amount is stated."),
        _col("disputed", B, "1 where a citation contradicts it."),
    ]),
    ("citations", "Every citation the published record shows: one passage of one source for one fact.", [
        _col("id", I, "Identity: #citation-<id> on the source's page."), _col("source_id", I, "The source.", "sources"),
        _col("fact", T, "meeting, participant, country, topic, outcome or position."),
        _col("label", T, "The fact in words."), _col("field", T, "The field of the fact (date, place, role…); empty for the whole fact."),
        _col("quote", T, "The words of the source."), _col("before", T, "The text before the quote, to a sentence boundary."),
        _col("after", T, "The text after the quote."), _col("stance", T, "supports or contradicts."),
        _col("rank", T, "preferred, normal or deprecated."), _col("rank_reason", T, "Why."),
        _col("value", T, "What a contradicting report gives instead."), _col("note", T, "For readers."),
        _col("exact", T, "The quote as it stands in the source's text."), _col("prefix", T, "W3C TextQuoteSelector prefix."),
        _col("suffix", T, "W3C TextQuoteSelector suffix."), _col("start", I, "Offset of the quote in the source's text."),
        _col("end", I, "Offset of its end."), _col("meeting_id", I, "The meeting whose fact it is.", "meetings"),
        _col("person_id", I, "The person whose position it is.", "people"),
        _col("participation_id", I, "The participation cited.", "participations"),
        _col("meeting_country_id", I, "The country's representation cited.", "meeting_countries"),
        _col("meeting_topic_id", I, "The topic cited.", "meeting_topics"), _col("outcome_id", I, "The outcome cited.", "outcomes"),
        _col("position_id", I, "The position cited.", "positions"),
    ]),
]  # fmt: skip

VIEWS = [
    ("meeting_participants", "Who took part in which meeting, by name, with the meeting's date and place.", """
        SELECT m.slug AS meeting, m.title, m.date_display, m.sort_key, pl.name AS place, p.slug AS person,
               p.name, pa.role, c.code AS country
        FROM participations pa JOIN meetings m ON m.id = pa.meeting_id JOIN people p ON p.id = pa.person_id
        LEFT JOIN countries c ON c.id = pa.country_id LEFT JOIN places pl ON pl.id = m.place_id"""),
    ("citation_sources", "Every citation with its source's title, publisher and address.", """
        SELECT ci.id, ci.fact, ci.label, ci.field, ci.quote, ci."before", ci."after", ci.stance, ci.rank,
               m.slug AS meeting, p.slug AS person, s.title AS source, o.name AS publisher, s.published_on, s.url
        FROM citations ci JOIN sources s ON s.id = ci.source_id LEFT JOIN organizations o ON o.id = s.publisher_id
        LEFT JOIN meetings m ON m.id = ci.meeting_id LEFT JOIN people p ON p.id = ci.person_id"""),
    ("meeting_topic_names", "Each meeting's topics by name.", """
        SELECT m.slug AS meeting, m.title, m.date_display, t.slug AS topic, t.name
        FROM meeting_topics mt JOIN meetings m ON m.id = mt.meeting_id JOIN topics t ON t.id = mt.topic_id"""),
]  # fmt: skip


def bulk_dir():
    return Path(settings.BULK_DATA_DIR)


# --- building -------------------------------------------------------------------------------------------


@contextmanager
def _locked(directory):
    """Hold the build lock of `directory` (waiting for a build under way to finish)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def manifest(directory=None):
    """What the last build wrote ({version, built_at, files: {name: {size, sha256}}}), or None."""
    try:
        return json.loads(((directory or bulk_dir()) / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return None


def build(directory=None, *, force=False):
    """Build the bulk files for the current published record, unless they are already (or `force`);
    build again while the record changes under the build. Returns the manifest."""
    directory = Path(directory or bulk_dir())
    with _locked(directory):
        while True:
            current = publish.record_version()
            done = manifest(directory)
            if done and done["version"] == current and not force:
                return done
            force = False
            done = _build_once(directory)
            if publish.record_version() == done["version"]:
                return done


def _build_once(directory):
    with tempfile.TemporaryDirectory(dir=directory, prefix=".build-") as work:
        work = Path(work)
        with _snapshot():
            version = publish.record_version()
            built_at = timezone.now()
            _write_sqlite(work / SQLITE_FILE)
        meta = {"version": version, "built_at": built_at.isoformat()}
        _write_csv_zip(work / SQLITE_FILE, work / CSV_FILE, built_at)
        _write_json(work / SQLITE_FILE, work / JSON_FILE, meta)
        files = {name: {"size": (work / name).stat().st_size, "sha256": _sha256(work / name)} for name in FILES}
        for name in FILES:
            os.replace(work / name, directory / name)
        result = {**meta, "files": files}
        (work / MANIFEST).write_text(json.dumps(result, indent=1))
        os.replace(work / MANIFEST, directory / MANIFEST)
    logger.info("Bulk data built for record version %s", version)
    return result


@contextmanager
def _snapshot():
    """One consistent view of the published record while it is read: a repeatable-read transaction on
    PostgreSQL (SQLite's would lock publishers out for the whole build; the rebuild loop covers it)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        yield


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _ddl():
    statements = []
    for name, _, columns in TABLES:
        defs = []
        for column in columns:
            definition = f'"{column["name"]}" {column["type"]}'
            if column["name"] == "id":
                definition += " PRIMARY KEY"
            if column["references"]:
                definition += f' REFERENCES "{column["references"]}"(id)'
            defs.append(definition)
        statements.append(f'CREATE TABLE "{name}" ({", ".join(defs)})')
        for column in columns:
            if column["references"]:
                statements.append(f'CREATE INDEX "{name}_{column["name"]}" ON "{name}"("{column["name"]}")')
    for name, _, sql in VIEWS:
        statements.append(f'CREATE VIEW "{name}" AS {sql.strip()}')
    return statements


class _Writer:
    """Rows into the SQLite file, a batch of each table at a time."""

    def __init__(self, db):
        self.db = db
        self.rows = {name: [] for name, _, _ in TABLES}
        self.columns = {name: [c["name"] for c in columns] for name, _, columns in TABLES}

    def add(self, table, **row):
        self.rows[table].append(tuple(row.get(column) for column in self.columns[table]))
        if len(self.rows[table]) >= 2000:
            self.flush(table)

    def flush(self, table=None):
        for name in [table] if table else list(self.rows):
            if self.rows[name]:
                marks = ", ".join("?" * len(self.columns[name]))
                self.db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', self.rows[name])  # noqa: S608 — our names
                self.rows[name] = []


def _batches(queryset, fields):
    batch = []
    for row in queryset.values_list(*fields).iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _iso(value):
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else str(value)


def _disputed(citations):
    return int(any(c["stance"] == "contradicts" for c in citations))


def _write_sqlite(path):
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = OFF")
        for statement in _ddl():
            db.execute(statement)
        db.execute("BEGIN")
        db.execute("PRAGMA defer_foreign_keys = ON")
        writer = _Writer(db)
        wanted = {"country": set(), "organization": set(), "place": set(), "series": set(), "topic": set(), "source": set()}
        positions = set()
        people = _write_people(writer, wanted, positions)
        _write_meetings(writer, wanted, people, positions)
        _write_references(writer, wanted)
        writer.flush()
        db.execute("COMMIT")
        db.execute("ANALYZE")
    finally:
        db.close()


def _write_citations(writer, resolved, shown):
    for citation, fact, subject in cited_facts(resolved):
        if subject is not None and fact == "participant" and id(subject) not in shown:
            continue
        is_meeting = resolved["type"] == "meeting"
        row = {
            "meeting_id": resolved["id"] if is_meeting else None,
            "person_id": None if is_meeting else resolved["id"],
            "participation_id": subject["id"] if fact == "participant" else None,
            "meeting_country_id": subject["id"] if fact == "country" else None,
            "meeting_topic_id": subject["id"] if fact == "topic" else None,
            "outcome_id": subject["id"] if fact == "outcome" else None,
            "position_id": subject["id"] if fact == "position" else None,
        }
        label = fact_label({**citation, "fact": fact, "subject": subject, "record": resolved})
        values = {key: citation.get(key) for key in writer.columns["citations"]}
        writer.add("citations", **{**values, **row, "source_id": citation["source"]["id"], "fact": fact, "label": label})


def _write_people(writer, wanted, positions):
    """The current revisions of the public people; returns their ids."""
    ids = set()
    rows = PublishedPerson.objects.filter(is_retracted=False).order_by("person_id")
    for batch in _batches(rows, ("person_id", "revision__body", "revision__number", "revised_at")):
        documents = [orjson.loads(body) for _, body, _, _ in batch]
        names = APINames().load(documents)
        for (pk, _, number, revised_at), document in zip(batch, documents, strict=True):
            ids.add(pk)
            person = reader.resolve_person(document, names)
            writer.add("people", id=pk, slug=person["slug"], name=person["name"], sort_name=person["sort_name"],
                       aliases=json.dumps(person["aliases"], ensure_ascii=False), country_id=document["country"],
                       wikidata_id=person["wikidata_id"] or None, summary=person["summary"], url=person["url"],
                       revision=number, revised_at=_iso(revised_at))  # fmt: skip
            wanted["country"].add(document["country"])
            for position in person["positions"]:
                positions.add(position["id"])
                raw = next(p for p in document["positions"] if p["id"] == position["id"])
                wanted["organization"].add(raw["organization"])
                wanted["country"].add(raw["country"])
                writer.add("positions", id=position["id"], person_id=pk, title=position["title"],
                           organization_id=raw["organization"], country_id=raw["country"],
                           start_date=raw["start"]["date"], start_precision=raw["start"]["precision"],
                           end_date=raw["end"]["date"], end_precision=raw["end"]["precision"],
                           disputed=_disputed(position["citations"]))  # fmt: skip
                wanted["source"].update(c["source"]["id"] for c in position["citations"])
            _write_citations(writer, person, set())
    return ids


def _write_meetings(writer, wanted, people, positions):
    rows = PublishedMeeting.objects.filter(is_retracted=False).order_by("meeting_id")
    fields = (
        "meeting_id",
        "revision__body",
        "revision__number",
        "first_published_at",
        "revised_at",
        "date_lo",
        "date_hi",
        "sort_key",
    )
    for batch in _batches(rows, fields):
        documents = [orjson.loads(row[1]) for row in batch]
        names = APINames().load(documents)
        for (pk, _, number, first, revised, lo, hi, key), document in zip(batch, documents, strict=True):
            meeting = reader.resolve_meeting(document, names)
            date = meeting["date"]
            writer.add("meetings", id=pk, slug=meeting["slug"], title=meeting["title"], kind=meeting["kind"],
                       format=meeting["format"], series_id=document["series"], ordinal=meeting["ordinal"],
                       start_date=_iso(date.start), end_date=_iso(date.end), date_precision=date.precision,
                       date_not_after=_iso(date.not_after), date_lo=_iso(lo), date_hi=_iso(hi),
                       date_display=meeting["date_display"], place_id=document["place"],
                       place_name_reported=document["place_name_reported"] or None, summary=meeting["summary"],
                       url=meeting["url"], revision=number, first_published_at=_iso(first), revised_at=_iso(revised),
                       sort_key=key)  # fmt: skip
            wanted["series"].add(document["series"])
            wanted["place"].add(document["place"])
            shown = set()
            for participant, raw in zip(meeting["participants"], document["participants"], strict=True):
                if raw["person"] not in people:
                    continue  # not public: never published, or retracted
                shown.add(id(participant))
                wanted["country"].add(raw["country"])
                writer.add("participations", id=raw["id"], meeting_id=pk, person_id=raw["person"], role=raw["role"],
                           country_id=raw["country"], position_id=raw["position"] if raw["position"] in positions else None,
                           disputed=_disputed(participant["citations"]))  # fmt: skip
            for item in document["countries"]:
                wanted["country"].add(item["country"])
                writer.add("meeting_countries", id=item["id"], meeting_id=pk, country_id=item["country"],
                           disputed=_disputed(item["citations"]))  # fmt: skip
            for item in document["topics"]:
                wanted["topic"].add(item["topic"])
                writer.add(
                    "meeting_topics", id=item["id"], meeting_id=pk, topic_id=item["topic"], disputed=_disputed(item["citations"])
                )
            for item in document["outcomes"]:
                writer.add("outcomes", id=item["id"], meeting_id=pk, kind=item["kind"], description=item["description"],
                           amount=item["amount"], currency=item["currency"] or None, disputed=_disputed(item["citations"]))  # fmt: skip
            for citation, _, _ in cited_facts(meeting):
                wanted["source"].add(citation["source"]["id"])
            _write_citations(writer, meeting, shown)


def _write_references(writer, wanted):
    """The reference data the record shows, with what it refers to in turn (a publisher, a parent body)."""
    written = {kind: set() for kind in wanted}
    nested = {"organization": ("country", "parent"), "place": ("country",), "source": ("publisher",)}
    targets = {"country": "country", "parent": "organization", "publisher": "organization"}
    pending = {kind: {pk for pk in ids if pk is not None} for kind, ids in wanted.items()}
    while any(pending.values()):
        more = {kind: set() for kind in wanted}
        for kind, ids in pending.items():
            ids = sorted(ids - written[kind])
            for start in range(0, len(ids), BATCH):
                rows = PublishedReference.objects.filter(kind=kind, object_id__in=ids[start : start + BATCH])
                for pk, body in rows.values_list("object_id", "body"):
                    data = orjson.loads(body)
                    written[kind].add(pk)
                    for field in nested.get(kind, ()):
                        if data.get(field):
                            more[targets[field]].add(data[field])
                    _write_reference(writer, kind, pk, data)
        pending = more


def _write_reference(writer, kind, pk, data):
    if kind == "country":
        writer.add("countries", id=pk, code=data["code"], name=data["name"], is_c5=int(data["is_c5"]))
    elif kind == "organization":
        writer.add("organizations", id=pk, slug=data["slug"], name=data["name"], kind=data["kind"],
                   country_id=data["country"], parent_id=data["parent"], url=data["url"] or None)  # fmt: skip
    elif kind == "place":
        writer.add("places", id=pk, slug=data["slug"], name=data["name"], country_id=data["country"],
                   other_names=json.dumps(data["names"], ensure_ascii=False))  # fmt: skip
    elif kind in ("series", "topic"):
        writer.add("series" if kind == "series" else "topics", id=pk, slug=data["slug"], name=data["name"],
                   description=data["description"])  # fmt: skip
    else:
        writer.add("sources", id=pk, title=data["title"], publisher_id=data["publisher"], url=data["url"] or None,
                   published_on=data["published_on"], published_precision=data["published_precision"],
                   language=data["language"], attribution=data["attribution"],
                   page_url=reverse("events:source-detail", kwargs={"pk": pk}))  # fmt: skip


def _write_csv_zip(database, path, built_at):
    """Each table as a CSV file, UTF-8 with a byte-order mark (Excel, LibreOffice), RFC 4180."""
    db = sqlite3.connect(database)
    stamp = built_at.timetuple()[:6]
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, _, columns in TABLES:
                entry = zipfile.ZipInfo(f"{name}.csv", date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(entry, "w", force_zip64=True) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    writer = csv.writer(text, lineterminator="\r\n")
                    writer.writerow([c["name"] for c in columns])
                    cursor = db.execute(f'SELECT * FROM "{name}" ORDER BY id')  # noqa: S608 — our names
                    while rows := cursor.fetchmany(2000):
                        writer.writerows(rows)
                    text.flush()
                    text.detach()
            archive.writestr(zipfile.ZipInfo("README.txt", date_time=stamp), _readme())
    finally:
        db.close()


def _readme():
    lines = ["c5site bulk data: the published record of C5+1 diplomacy, one CSV file per table.", "",
             "UTF-8 with a byte-order mark, RFC 4180 (comma-separated, quoted where needed, CRLF line ends).",
             "Empty cells are unknown values. Columns ending in _id refer to the id of another table.", ""]  # fmt: skip
    for name, description, columns in TABLES:
        lines.append(f"{name}.csv: {description}")
        for column in columns:
            target = f" (→ {column['references']}.id)" if column["references"] else ""
            lines.append(f"  {column['name']}: {column['description']}{target}")
        lines.append("")
    return "\n".join(lines)


# --- the JSON file: Popolo, with the citations ----------------------------------------------------------


def _popolo_date(day, precision):
    if not day or precision == "unknown":
        return None
    return {"year": day[:4], "month": day[:7]}.get(precision, day)


class _JSONArrays:
    """Writes {"key": [item, …], …} one item at a time."""

    def __init__(self, handle):
        self.handle = handle
        self.first_key = True

    def value(self, key, value):
        self._key(key)
        self.handle.write(orjson.dumps(value))

    def array(self, key, items):
        self._key(key)
        self.handle.write(b"[")
        for index, item in enumerate(items):
            if index:
                self.handle.write(b",\n")
            self.handle.write(orjson.dumps(item))
        self.handle.write(b"]")

    def _key(self, key):
        self.handle.write(b"{" if self.first_key else b",\n")
        self.first_key = False
        self.handle.write(orjson.dumps(key) + b":")


def _query(db, sql, params=()):
    db.row_factory = sqlite3.Row
    cursor = db.execute(sql, params)
    while rows := cursor.fetchmany(1000):
        yield from rows


def _grouped_citations(db, column):
    """{row id: [popolo source]} of the citations of one kind of fact, read table-wide once per section."""
    grouped = {}
    sql = f"""SELECT ci.{column} AS target, ci.field, ci.quote, ci.stance, s.title, s.url, s.page_url
              FROM citations ci JOIN sources s ON s.id = ci.source_id WHERE ci.{column} IS NOT NULL ORDER BY ci.id"""  # noqa: S608
    for row in _query(db, sql):
        note = f"{row['title']}: “{row['quote']}”"
        if row["field"]:
            note = f"[{row['field']}] {note}"
        if row["stance"] == "contradicts":
            note = f"[contradicts] {note}"
        grouped.setdefault(row["target"], []).append({"url": row["url"] or row["page_url"], "note": note})
    return grouped


def _write_json(database, path, meta):
    db = sqlite3.connect(database)
    try:
        with open(path, "wb") as handle:
            out = _JSONArrays(handle)
            out.value("meta", {**meta, "description": "The published record of C5+1 diplomacy. " + JSON_DESCRIPTION,
                               "format": "Popolo (http://www.popoloproject.com/) with citations"})  # fmt: skip
            codes = {row["id"]: row["code"].lower() for row in _query(db, "SELECT id, code FROM countries")}
            orgs = {row["id"]: row["slug"] for row in _query(db, "SELECT id, slug FROM organizations")}
            slugs = {row["id"]: row["slug"] for row in _query(db, "SELECT id, slug FROM people")}

            def area(pk):
                return f"country/{codes[pk]}" if pk in codes else None

            def org(pk):
                return f"organization/{orgs[pk]}" if pk in orgs else None

            out.array("areas", ({"id": area(r["id"]), "name": r["name"], "classification": "country",
                                 "identifiers": [{"scheme": "iso_3166_1_alpha_2", "identifier": r["code"]}]}
                                for r in _query(db, "SELECT * FROM countries ORDER BY name")))  # fmt: skip
            out.array("organizations", ({"id": org(r["id"]), "name": r["name"], "classification": r["kind"],
                                         "area_id": area(r["country_id"]), "parent_id": org(r["parent_id"]),
                                         "links": [{"url": r["url"]}] if r["url"] else []}
                                        for r in _query(db, "SELECT * FROM organizations ORDER BY name")))  # fmt: skip
            position_sources = _grouped_citations(db, "position_id")
            person_sources = {}
            for r in _query(db, "SELECT id, person_id FROM positions ORDER BY id"):
                person_sources.setdefault(r["person_id"], []).extend(position_sources.get(r["id"], []))
            out.array("persons", (_person(r, person_sources.get(r["id"], []))
                                  for r in _query(db, "SELECT * FROM people ORDER BY sort_name, id")))  # fmt: skip
            del person_sources
            out.array("memberships", ({"id": f"membership/{r['id']}", "person_id": f"person/{slugs[r['person_id']]}",
                                       "organization_id": org(r["organization_id"]), "area_id": area(r["country_id"]),
                                       "role": r["title"], "label": r["title"],
                                       "start_date": _popolo_date(r["start_date"], r["start_precision"]),
                                       "end_date": _popolo_date(r["end_date"], r["end_precision"]),
                                       "sources": position_sources.get(r["id"], [])}
                                      for r in _query(db, "SELECT * FROM positions ORDER BY person_id, id")))  # fmt: skip
            del position_sources
            out.array("events", _events(db, area, slugs))
            out.array("citations", (dict(r) for r in _query(db, "SELECT * FROM citations ORDER BY id")))
            handle.write(b"}\n")
    finally:
        db.close()


def _person(row, sources):
    item = {"id": f"person/{row['slug']}", "name": row["name"], "sort_name": row["sort_name"],
            "other_names": [{"name": alias} for alias in json.loads(row["aliases"])],
            "identifiers": [{"scheme": "wikidata", "identifier": row["wikidata_id"]}] if row["wikidata_id"] else [],
            "links": [{"url": row["url"], "note": "c5site page"}], "sources": sources}  # fmt: skip
    if row["summary"]:
        item["summary"] = row["summary"]
    return item


def _events(db, area, slugs):
    """Popolo events, a batch of meetings at a time with their attendees and the sources of each."""
    last = 0
    while True:
        meetings = list(_query(db, "SELECT m.*, p.name AS place, p.country_id AS host FROM meetings m "
                                   "LEFT JOIN places p ON p.id = m.place_id WHERE m.id > ? ORDER BY m.id LIMIT 1000", (last,)))  # fmt: skip
        if not meetings:
            return
        last = meetings[-1]["id"]
        ids = [m["id"] for m in meetings]
        marks = ",".join("?" * len(ids))
        attendees, sources = {}, {}
        for row in _query(db, f"SELECT * FROM participations WHERE meeting_id IN ({marks}) ORDER BY id", ids):  # noqa: S608
            attendees.setdefault(row["meeting_id"], []).append(dict(row))
        for row in _query(
            db,
            f"""SELECT ci.meeting_id, ci.participation_id, ci.fact, ci.field, ci.quote, ci.stance, s.title,
                                  s.url, s.page_url FROM citations ci JOIN sources s ON s.id = ci.source_id
                                  WHERE ci.meeting_id IN ({marks}) ORDER BY ci.id""",
            ids,
        ):  # noqa: S608
            note = f"{row['title']}: “{row['quote']}”"
            if row["field"]:
                note = f"[{row['field']}] {note}"
            if row["stance"] == "contradicts":
                note = f"[contradicts] {note}"
            key = ("participant", row["participation_id"]) if row["fact"] == "participant" else ("meeting", row["meeting_id"])
            sources.setdefault(key, []).append({"url": row["url"] or row["page_url"], "note": note})
        for m in meetings:
            end = m["end_date"] or (m["start_date"] if m["date_precision"] == "day" else None)
            yield {
                "id": f"event/{m['slug']}", "name": m["title"], "description": m["summary"], "classification": m["kind"],
                "start_date": _popolo_date(m["start_date"], m["date_precision"]),
                "end_date": _popolo_date(end, m["date_precision"]),
                "location": m["place"] or m["place_name_reported"], "area_id": area(m["host"]),
                "attendees": [{"person_id": f"person/{slugs[a['person_id']]}", "role": a["role"],
                               "on_behalf_of_id": area(a["country_id"]), "sources": sources.get(("participant", a["id"]), [])}
                              for a in attendees.get(m["id"], [])],
                "links": [{"url": m["url"], "note": "c5site page"}],
                "sources": sources.get(("meeting", m["id"]), []),
            }  # fmt: skip


# --- after a publication --------------------------------------------------------------------------------


def launch():
    """Start `manage.py build_bulk_data` detached from this process: it outlives the request."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(  # noqa: S603 — our own command
        [sys.executable, str(manage), "build_bulk_data"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True, cwd=settings.BASE_DIR,
    )  # fmt: skip


@receiver(publish.record_changed)
def rebuild_after_publication(sender, version, **kwargs):
    """The published record changed (and the change has committed): rebuild the bulk files."""
    if not settings.BULK_DATA_AUTOBUILD:
        return
    try:
        launch()
    except OSError:
        logger.exception("Could not start the bulk data build")


# --- serving --------------------------------------------------------------------------------------------


def serve(request, name, *, content_type=None):
    """A bulk file, streamed, with an ETag from the file opened (so it matches the bytes sent even
    while a rebuild replaces the file) and Django's answer to a conditional request."""
    try:
        handle = open(bulk_dir() / name, "rb")  # noqa: SIM115 — FileResponse closes it
    except FileNotFoundError:
        response = JsonResponse(error_body(503, "The bulk files are being built; try again in a minute."), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-cache"
        return response
    stat = os.fstat(handle.fileno())
    etag = f'"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    conditional = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if conditional is not None:
        handle.close()
        return conditional
    response = FileResponse(handle, content_type=content_type or FILES[name][1], as_attachment=name != JSON_FILE, filename=name)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    return response
