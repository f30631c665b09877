"""Text search over meetings, people and sources, shared by the site and the API.

On PostgreSQL it is full-text search, ranked, with highlighted snippets; on SQLite
(development) every word must occur in one of the fields, case-insensitively, and
results come in the queryset's own order.
"""

import re
from array import array

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q, Value

from c5site import lookups  # noqa: F401 — registers `__any_of`

MAX_QUERY_CHARS = 200
RANK_CANDIDATES = 500

# The fields searched for each kind of record, most telling first (PostgreSQL weights A–D).
MEETING_FIELDS = ("title", "summary", "place_name_reported", "place__name")
PERSON_FIELDS = ("name", "sort_name", "aliases")
SOURCE_FIELDS = ("title", "text")


def clean_query(text):
    """The query as searched: trimmed, single-spaced, at most MAX_QUERY_CHARS characters."""
    return " ".join((text or "").split())[:MAX_QUERY_CHARS]


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
        # those are ranked; a query that rare words narrow down is ranked in full.
        candidates = queryset.order_by().values("pk")[:RANK_CANDIDATES]
        queryset = (
            queryset.filter(pk__in=candidates)
            .annotate(search_rank=SearchRank(F("search_vector"), search_query))
            .order_by("-search_rank", "pk")
        )
    return queryset


def top(queryset, rows, fields, query):
    """The rows of `queryset` matching `query`, loaded from `rows`, best first: slice it.

    `queryset` says which rows may be found (the public ones); `rows` is what is loaded
    of them (select_related, prefetches; it need not filter again). On PostgreSQL the GIN
    index picks up to RANK_CANDIDATES public matches (one query, its ids read here), then
    only those are ranked, and the slice taken of them read in full (a second query). In one
    query the planner may rank every match before applying the filters of `queryset`:
    3 s for "security" over 50k sources. On SQLite, the fallback's matches in `rows`' order.
    """
    query = clean_query(query)
    if not query:
        return rows.none()
    if not is_postgres():
        return rows.filter(pk__in=_fallback(queryset, fields, query).values("pk"))
    search_query = SearchQuery(query, search_type="websearch", config=_config(queryset))
    candidates = array(
        "q",
        queryset.alias(search_vector=StoredVector())
        .filter(search_vector=search_query)
        .order_by()
        .values_list("pk", flat=True)[:RANK_CANDIDATES],
    )
    if not candidates:
        return rows.none()
    return (
        rows.filter(pk__any_of=candidates)  # one array parameter, read by Django as one value
        .annotate(search_rank=SearchRank(StoredVector(), search_query))
        .order_by("-search_rank", "pk")
    )


def with_snippet(queryset, field, query):
    """Annotate `snippet`: the passage of `field` around the match, matches in <mark>.

    The snippet is HTML-escaped except for the <mark> tags, so it is safe to show as is.
    """
    query = clean_query(query)
    if is_postgres() and query:
        return queryset.annotate(
            snippet=SearchHeadline(
                field,
                SearchQuery(query, search_type="websearch", config="english"),
                config="english",
                start_sel="\x02",
                stop_sel="\x03",
                max_words=30,
                min_words=12,
            )
        )
    return queryset.annotate(snippet=F(field) if field else Value(""))


def render_snippet(raw, query, *, width=200):
    """Safe HTML for a snippet: escaped text with the query's words wrapped in <mark>."""
    from django.utils.html import escape  # noqa: PLC0415

    raw = raw or ""
    if "\x02" in raw:
        return escape(raw).replace("\x02", "<mark>").replace("\x03", "</mark>")
    words = [w for w in _words(clean_query(query)) if len(w) > 1]
    lowered = raw.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    begin = max(0, first - width // 3)
    excerpt = raw[begin : begin + width]
    html = escape(excerpt)
    for word in words:
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return ("…" if begin else "") + html + ("…" if begin + width < len(raw) else "")
