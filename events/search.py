"""Text search over the working rows of meetings, people and sources, for the old API (events.api.old).

It goes with the old API: the site searches the published record (events/published/search.py),
and so will the API that replaces this one, when this module and the vector columns it reads
(migrations 0003 and 0008) can go.

On PostgreSQL it is full-text search, ranked; on SQLite
(development) every word must occur in one of the fields, case-insensitively, and
results come in the queryset's own order.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q
from django.db.models.expressions import RawSQL

MAX_QUERY_CHARS = 200
RANK_CANDIDATES = 500

# The fields searched for each kind of record, most telling first (PostgreSQL weights A–D).
MEETING_FIELDS = ("title", "summary", "place_name_reported", "place__name")
PERSON_FIELDS = ("name", "sort_name", "aliases")
SOURCE_FIELDS = ("title", "text")


# Control characters, read as spaces: PostgreSQL refuses a NUL in text (the search answered 500).
_CONTROL = dict.fromkeys(range(32), " ")


def clean_query(text):
    """The query as searched: trimmed, single-spaced, no control characters, at most
    MAX_QUERY_CHARS characters."""
    return " ".join((text or "").translate(_CONTROL).split())[:MAX_QUERY_CHARS]


def is_postgres():
    return connection.vendor == "postgresql"


class StoredVector(Expression):
    """The `search_vector` column PostgreSQL keeps for a table (migration events/0003)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        # The base table's alias in the query being compiled: "U0" inside a subquery.
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def _config(queryset):
    return "simple" if queryset.model._meta.db_table == "people_person" else "english"


def _words(query):
    return [w for w in re.split(r"\s+", query) if w]


def _fallback(queryset, fields, query):
    condition = Q()
    for word in _words(query):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition).distinct()


def search(queryset, fields, query, *, rank=True):
    """Filter `queryset` to rows matching `query` over `fields`, best first where ranking exists.

    On PostgreSQL the stored, indexed vector is used (its fields are fixed by the
    migration); `fields` serve the SQLite fallback.
    """
    query = clean_query(query)
    if not query:
        return queryset.none()
    if not is_postgres():
        return _fallback(queryset, fields, query)
    search_query = SearchQuery(query, search_type="websearch", config=_config(queryset))
    vector = StoredVector()
    queryset = queryset.alias(search_vector=vector).filter(search_vector=search_query)
    if rank:
        # Ranking reads every matching row's vector: for a word in 30,000 articles that
        # is 200-400 ms. The GIN index finds RANK_CANDIDATES matches cheaply, and only
        # those are ranked; a query that rare words narrow down is ranked in full. The
        # newest ones: without an order, which matches came first changed from one run
        # to the next (concurrent sequential scans start where another one is). Planned
        # as if more were read (PLAN_FOR), read only as far as RANK_CANDIDATES.
        newest = queryset.order_by("-pk").values("pk")[: RANK_CANDIDATES * PLAN_FOR]
        sql, params = newest.query.sql_with_params()
        candidates = RawSQL(f"WITH newest (id) AS MATERIALIZED ({sql}) SELECT id FROM newest LIMIT {RANK_CANDIDATES}", params)
        queryset = (
            queryset.filter(pk__in=candidates)
            .annotate(search_rank=SearchRank(F("search_vector"), search_query))
            .order_by("-search_rank", "pk")
        )
    return queryset


# The candidates' scan is planned as if it were to read this many times as many rows as it
# reads: the planner prices testing a row's vector far below reading it from TOAST and
# decompressing it (~2.7 µs an article), and scanned the primary key backwards, testing
# row after row, for words in as few as 2 % of the rows. On the 100k corpus (sources, ms,
# planned for 500 → for 8,000 rows): "seoul" (in 4.5 % of them) 30 → 3.5, "summit" 20 → 7,
# the phrase "water security" (no match) 141 → 25, "counter-terrorism" 78 → 49; "security"
# (55 %) 3.6 → 3.8, still scanned backwards. Two correlated words lose, the planner taking
# them as independent: "human rights" 7 → 11, as a phrase 7 → 46.
PLAN_FOR = 16
