"""What an official's page shows, read as plain rows: their positions, and a page of the
meetings they attended with the role and its citations, and whom they met there.

The roles and their citations come from the meetings' documents (events/documents.py: the
API's JSON, stored on PostgreSQL and kept in step with the record), read with the page of
meetings and the number of them in one query. Documents not stored (SQLite, or dropped by a
write not yet rebuilt) are built from the rows, all in one go. The officials met come from
one query of the participations, which also gives their sort names and countries (the
documents hold neither), and positions from two. Each query is compiled once by the ORM and
prepared on PostgreSQL (c5site.db).

Model instances had taken most of the page's time (issue #6): on the 100k corpus
(bench/request_cost.py) 20.0 ms of CPU per request, now 7.8, with the same HTML.
"""

from array import array
from collections import namedtuple
from types import SimpleNamespace

import orjson
from django.core.paginator import InvalidPage, Paginator
from django.db import connection
from django.db.models import Count, F, OuterRef, Subquery, Window

from c5site.db import CompiledOnce, prepared_cursor
from c5site.links import url_maker
from c5site.lookups import AnyOf
from c5site.partial_dates import PartialDate
from c5site.records import Status
from people.models import Position

from .api_rows import build_rows
from .meeting_page import Cited, DocumentReader
from .models import Citation, MeetingDocument, Participation

_COLUMNS = (
    "meeting_id",
    "meeting__slug",
    "meeting__title",
    "meeting__start_date",
    "meeting__end_date",
    "meeting__date_precision",
    "meeting__date_not_after",
    "meeting__updated_at",
    "document_body",
    "document_built_at",
    "total",
)
# A row of the page of meetings, by the names of _COLUMNS without "meeting__" or "document_".
_Row = namedtuple("_Row", [name.removeprefix("meeting__").removeprefix("document_") for name in _COLUMNS])


def attended(person, number, per_page):
    """(page, met, documents_built_at) for `person`'s published meetings, newest first, page
    `number` of `per_page`: `page.object_list` holds plain participations (`role`, `meeting`,
    `citations`, as the template and {% cite %} read them); `met` the officials met at those
    meetings, by sort name, each with its meetings newest first; `documents_built_at` the
    build time of each stored document read (None for one built now). Raises InvalidPage."""
    offset = (number - 1) * per_page
    rows = [_Row(*row) for row in _fetch(_rows_query, _rows_queryset, person.pk, offset, per_page)]
    if not rows and number > 1:
        raise InvalidPage
    page = Paginator(range(rows[0].total if rows else 0), per_page).page(number)  # counted with the rows
    documents = {row.meeting_id: orjson.loads(row.body + "}") for row in rows if row.body is not None}
    # A stored document that does not show this official (none should: writes rebuild them)
    # is built again from the rows, with those not stored.
    missing = [row.meeting_id for row in rows if _own(documents.get(row.meeting_id), person.slug) is None]
    if missing:
        documents.update(build_rows(missing, published_only=False, urls=False))
    reader = DocumentReader()
    meeting_url = url_maker("events:meeting-detail", "slug")
    participations = []
    for row in rows:
        own = _own(documents[row.meeting_id], person.slug) or {"role": "", "citations": []}  # retracted meanwhile
        meeting = SimpleNamespace(
            pk=row.meeting_id, slug=row.slug, title=row.title, url=meeting_url(row.slug), updated_at=row.updated_at,
            date=PartialDate(row.start_date, row.date_precision, row.end_date, row.date_not_after),
        )  # fmt: skip
        participations.append(SimpleNamespace(meeting=meeting, role=own["role"], citations=reader.citations(own["citations"])))
    page.object_list = participations
    built_at = [None if row.meeting_id in missing else row.built_at for row in rows]
    return page, _met(person.pk, rows), built_at


def _own(document, slug):
    """The official's entry among a meeting document's participants (None where it is not,
    or there is no document)."""
    if document is None:
        return None
    return next((p for p in document["participants"] if p["person"]["slug"] == slug), None)


def _rows_queryset(person_id):
    # The documents are read as subqueries, which PostgreSQL runs for the page's rows only,
    # after sorting all the official's meetings (a join read all: 1.8 against 1.1 ms for 74).
    document = MeetingDocument.objects.filter(meeting_id=OuterRef("meeting_id"))
    return (
        Participation.objects.filter(person_id=person_id, meeting__status=Status.PUBLISHED)
        .annotate(
            total=Window(Count("pk")),
            document_body=Subquery(document.values("body")),
            document_built_at=Subquery(document.values("built_at")),
        )
        .order_by(F("meeting__date_hi").desc(nulls_last=True), "-meeting__pk")
        .values_list(*_COLUMNS)
    )


# Compiled once, and prepared on PostgreSQL: building and compiling them with the ORM, and
# planning them, was most of what the page's queries cost (the marker is a valid id, as
# CompiledOnce asks).
_rows_query = CompiledOnce(_rows_queryset, marker=2**62 + 1)


def _fetch(query, queryset, value, offset=0, limit=None):
    """The rows of `query` (a CompiledOnce of `queryset`) for `value`, prepared on PostgreSQL;
    on SQLite through the ORM, which turns the text it stores dates in into dates."""
    if connection.vendor != "postgresql":
        rows = queryset(value)
        return list(rows[offset : offset + limit] if limit is not None else rows)
    sql, params = query(value)
    if limit is not None:
        sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _positions_queryset(person_id):
    return (
        Position.objects.filter(person_id=person_id)
        .order_by("start_date", "title", "pk")
        .values_list("pk", "title", "organization__name", "country__name", "start_date", "start_precision", "end_date", "end_precision")
    )


def _position_citations_queryset(person_id):
    # The kind of record by its name, not its id: the SQL is kept, and ids differ between databases.
    return (
        Citation.objects.filter(
            content_type__app_label="people",
            content_type__model="position",
            object_id__in=Position.objects.filter(person_id=person_id).values("pk"),
        )
        .order_by("pk")
        .values_list(
            "object_id", "pk", "quote", "field", "stance", "note", "created_at", "source_id", "source__title",
            "source__url", "source__publisher__name", "source__published_on", "source__published_precision",
        )
    )  # fmt: skip


_positions_query = CompiledOnce(_positions_queryset, marker=2**62 + 1)
_position_citations_query = CompiledOnce(_position_citations_queryset, marker=2**62 + 1)


def positions_of(person_id):
    """The official's positions, earliest first, as plain objects with what the page reads of
    a Position (`title`, `organization.name`, `country.name`, `start`, `end`, `citations`) and
    each citation's `created_at` (for Last-Modified): two queries, compiled once."""
    reader = DocumentReader()
    cited = {}
    for object_id, pk, quote, field, stance, note, created_at, *source in _fetch(
        _position_citations_query, _position_citations_queryset, person_id
    ):
        source_id, title, url, publisher, published_on, precision = source
        citation = SimpleNamespace(
            pk=pk, source_id=source_id, quote=quote, field=field, stance=stance, note=note, created_at=created_at,
            source=reader.source({
                "id": source_id, "title": title, "url": url, "publisher": publisher,
                "published_on": published_on, "published_precision": precision,
            }),
        )  # fmt: skip
        cited.setdefault(object_id, Cited()).append(citation)
    return [
        SimpleNamespace(
            pk=pk, title=title, organization=SimpleNamespace(name=organization) if organization is not None else None,
            country=SimpleNamespace(name=country) if country is not None else None,
            start_date=start_date, end_date=end_date,
            start=PartialDate(start_date, start_precision), end=PartialDate(end_date, end_precision),
            citations=cited.get(pk, Cited()),
        )
        for pk, title, organization, country, start_date, start_precision, end_date, end_precision in _fetch(
            _positions_query, _positions_queryset, person_id
        )
    ]  # fmt: skip


def _others_queryset(meeting_ids):
    # Sorted by the database, as names are everywhere else (its collation, its place for NULL).
    return (
        Participation.objects.filter(meeting__pk__any_of=meeting_ids, person__status=Status.PUBLISHED)
        .order_by("person__sort_name", "-meeting__date_lo", "person_id", "meeting_id")
        .values_list("meeting_id", "person_id", "person__slug", "person__name", "person__country__name")
    )


_others_query = CompiledOnce(_others_queryset, marker=[2**62 + 1], parameter=AnyOf.parameter)


def _met(person_id, rows):
    """The officials met at the meetings of `rows`, as the met_items tag reads them:
    [{"slug", "name", "country", "meetings": [(slug, title)]}], by sort name, each one's
    meetings newest first."""
    if not rows:
        return []
    meetings = {row.meeting_id: (row.slug, row.title) for row in rows}
    met = {}
    for meeting_id, other_id, slug, name, country in _fetch(_others_query, _others_queryset, array("q", meetings)):
        if other_id == person_id:
            continue
        entry = met.get(other_id)
        if entry is None:
            entry = met[other_id] = {"slug": slug, "name": name, "country": country, "meetings": []}
        entry["meetings"].append(meetings[meeting_id])
    return list(met.values())
