"""Text search over meetings, people and sources, shared by the site and the API.

On PostgreSQL it is full-text search, ranked, with highlighted snippets; on SQLite
(development) every word must occur in one of the fields, case-insensitively, and
results come in the queryset's own order.
"""

import re
from html import escape

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BigIntegerField, Expression, F, Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from c5site.db import CompiledOnce, prepared_cursor

MAX_QUERY_CHARS = 200
RANK_CANDIDATES = 500

# The fields searched for each kind of record, most telling first (PostgreSQL weights A–D).
MEETING_FIELDS = ("title", "summary", "place_name_reported", "place__name")
PERSON_FIELDS = ("name", "sort_name", "aliases")
SOURCE_FIELDS = ("title", "text")


# Control characters, read as spaces: PostgreSQL refuses a NUL in text (the search answered
# 500), and \x02 and \x03 mark a snippet's matches.
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


# --- The site's search page ----------------------------------------------------------------------
#
# The page lists the best meetings, people and sources (events.views.SearchView: 10 of each
# kind, or one kind 20 a page, `offset` deep). On PostgreSQL it cost
# ~18 ms of Python (the ORM building the rule-2 EXISTS subqueries on every request) and
# ~30 ms of the database for "security" (100k meetings, 50k sources): five queries, each
# planned anew, the rule-2 test run on all 500 candidate sources, ts_headline run over 20
# whole articles. Now (see best()):
#
# 1. One query, planned on each request (its plan depends on the words), picks the
#    candidates of each kind: its Listed.candidates newest matches, ranked, their ids as
#    one array per kind, best first. The newest: with no order, which matches were picked
#    changed from one run to the next (concurrent sequential scans start where another one
#    is), and so did the page.
# 2. One prepared query per kind walks those ids in rank order and keeps the first `limit`
#    rows that the kind's `shown()` admits (rule 2): the citation test of a source runs
#    about 20 times, not 500. Its plan does not depend on the words, so it is planned once
#    per connection: planning the rule-2 subqueries took 2.2 ms, as long as running them.
#    Where fewer than `limit` of the newest matches may be shown (an import of articles no
#    public fact cites yet), the candidates are picked again among public rows only.
# 3. A snippet is ts_headline over SNIPPET_WINDOW characters of the text around the first
#    occurrence of a query word or of its stem, not over the whole text (0.47 → 0.06 ms an
#    article), with "…" where the text goes on.
#
# The SQL is compiled from the querysets once per process (c5site.db.CompiledOnce): what is
# public stays written once, in the querysets. "security" now: 3 queries, ~3 ms of Python,
# and in the database 6.2 ms (candidates) + 0.5 (meetings) + 2.2 (sources); gunicorn with
# two workers under 16 connections: 44 → 145 requests/s, p95 376 → 115 ms.

# The candidates' scan is planned as if it were to read this many times as many rows as it
# reads: the planner prices testing a row's vector far below reading it from TOAST and
# decompressing it (~2.7 µs an article), and scanned the primary key backwards, testing
# row after row, for words in as few as 2 % of the rows. On the 100k corpus (sources, ms,
# planned for 500 → for 8,000 rows): "seoul" (in 4.5 % of them) 30 → 3.5, "summit" 20 → 7,
# the phrase "water security" (no match) 141 → 25, "counter-terrorism" 78 → 49; "security"
# (55 %) 3.6 → 3.8, still scanned backwards. Two correlated words lose, the planner taking
# them as independent: "human rights" 7 → 11, as a phrase 7 → 46.
PLAN_FOR = 16

SNIPPET_WINDOW = 400  # characters of the text given to ts_headline
SNIPPET_BEFORE = 100  # of which before the word: a headline starts at most ~12 words before it
SNIPPET_OPTIONS = "StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12"
_MARKER = "c5site-search-marker"  # the query's place in the SQL compiled once


class Listed:
    """One kind of record the search page lists, and how it is found.

    `shown()` is the queryset of the rows the public may see (rule 2): no other row is ever
    listed, whatever its rank. `findable()`, where given, is where candidates are taken from
    instead, for a test of `shown()` that costs less on the few rows listed than on every
    match (a source is shown if a public fact cites it). `columns` are read for each row
    listed, after its id; `text` is the field its snippet is cut from, if any; `fields` are
    what the SQLite fallback searches; `candidates` how many of the newest matches are ranked."""

    def __init__(self, shown, columns, fields, *, text=None, findable=None, candidates=RANK_CANDIDATES):
        self.shown, self.columns, self.fields = shown, tuple(columns), tuple(fields)
        self.text, self.findable, self.candidates = text, findable, candidates
        self._compiled = {}  # SQL compiled from the querysets: by what for, and content types

    def ranked_ids(self, query, public_only, types):
        """(sql, params): a subquery, the ids of the newest `candidates` matches of `query`
        (among `shown()` only, if `public_only`), best first, as an array's text."""
        key = ("candidates", public_only, types)
        if key not in self._compiled:
            rows = self.shown if public_only or self.findable is None else self.findable
            # Public rows only: the scan tests each match it reads (the rule-2 subqueries),
            # and is planned for the rows it reads, as it was.
            planned = self.candidates * (1 if public_only and self.findable else PLAN_FOR)
            config = _config(rows())

            def make(query):
                return (
                    rows()
                    .annotate(search_vector=StoredVector())
                    .filter(search_vector=SearchQuery(query, search_type="websearch", config=config))
                    .order_by("-pk")
                    .values_list("pk")[:planned]
                )

            # Read lazily, only as far as `candidates` rows; ties go to the oldest, as search()
            # orders them. The newest are picked by id alone, and only those `candidates` have
            # their vector read again to be ranked: a sort that carried the vectors (~1.7 KB
            # an article, kept in the row: events/0008) spilled to disk for a word in 4,000
            # articles ("summit", sources: 17 → 3.5 ms; "security", read off the primary key
            # without a sort: 1.0 → 1.3 ms). They are read again as one array of ids, not
            # one lookup each (pgbench, ms, meetings / sources: "security" 2.12 → 1.97 /
            # 1.47 → 1.36, "summit" 3.45 → 3.31 / 3.93 → 3.68, "human rights" 7.0 → 6.5 /
            # 9.4 → 8.1).
            model = rows().model
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(model._meta.pk.column)
            wrap = (
                "(WITH newest (id) AS MATERIALIZED ({newest})"
                f" SELECT array_agg(scored.{column} ORDER BY"
                " ts_rank(scored.search_vector, websearch_to_tsquery(%s::regconfig, %s)) DESC,"
                f" scored.{column})::text FROM {table} AS scored"
                f" WHERE scored.{column} = ANY(ARRAY(SELECT id FROM newest LIMIT {int(self.candidates)})))"
            )
            self._compiled[key] = (CompiledOnce(make, marker=_MARKER), wrap, config)
        newest, wrap, config = self._compiled[key]
        sql, params = newest(query)
        return wrap.format(newest=sql), [*params, config, query]

    def rows_statement(self, types, limit):
        """(sql, params): the rows listed, of the ids in the array given as first parameter:
        at most `limit`, in its order, each admitted by `shown()`, after as many admitted rows
        as the parameter after `params` says (an offset); each (id, *columns), then for a kind
        with text its headline, the window it was cut from, whether that starts the text and
        whether it ends it. Parameters after the offset: the snippet's (the words to look
        for, the query, ts_headline's options)."""
        key = ("rows", types, limit)
        if key not in self._compiled:
            fields = ("pk", *self.columns, *((self.text,) if self.text else ()))
            found, params = (
                self.shown()
                .filter(pk=RawSQL("ranked.id", (), output_field=BigIntegerField()))
                .order_by()
                .values_list(*fields)
                .query.sql_with_params()
            )
            names = [f'"c{n}"' for n in range(len(fields))]
            listed = ", ".join(f"listed.{name}" for name in names[: 1 + len(self.columns)])
            # The ids go through a subquery so that the planner never sees how many there
            # are: the plan is then the same for 1 or 500 and is kept, where a few ids made
            # it plan anew each time (the sources' rows for "samarkand": 2.7 → 0.3 ms).
            sql = f"""
                SELECT {listed}{", snippet.headline, cut.part, hit.start = 1, cut.last" if self.text else ""}
                FROM (
                    SELECT ranked.n, found.*
                    FROM unnest((SELECT %s::bigint[])) WITH ORDINALITY AS ranked (id, n)
                    CROSS JOIN LATERAL ({found}) AS found ({", ".join(names)})
                    ORDER BY ranked.n
                    LIMIT {int(limit)} OFFSET %s
                ) AS listed
                {_SNIPPET_JOINS.format(text=f"listed.{names[-1]}") if self.text else ""}
                ORDER BY listed.n
            """
            self._compiled[key] = (" ".join(sql.split()), list(params))
        return self._compiled[key]

    def converters(self):
        """For each column, what turns its value as a cursor reads it into the field's (a
        JSON list comes as text), or None."""
        if "converters" not in self._compiled:
            model = self.shown().model
            self._compiled["converters"] = [
                getattr(_field(model, column), "from_db_value", None) for column in self.columns
            ]
        return self._compiled["converters"]


# What cuts a snippet from {text} in the rows statement; parameters: the words to look for
# (text[]), the query, ts_headline's options. Where a word starts (after a space) is taken
# before where it occurs inside another ("art" in "part"); none found, the text's start.
# The text is read out of TOAST and decompressed once ("whole"), not once for lower() and
# again for substr() (20 sources for "security": 1.89 → 1.68 ms).
_SNIPPET_JOINS = """
    CROSS JOIN LATERAL (SELECT {text} || '' AS text OFFSET 0) AS whole
    CROSS JOIN LATERAL (SELECT ' ' || lower(whole.text) AS low OFFSET 0) AS lowered
    CROSS JOIN LATERAL (
        SELECT greatest(1, coalesce(
            min(nullif(strpos(lowered.low, ' ' || word), 0)),
            min(nullif(strpos(lowered.low, word), 0)) - 1,
            1
        ) - %(before)d) AS start
        FROM unnest(%%s::text[]) AS word
    ) AS hit
    CROSS JOIN LATERAL (
        SELECT left(tail, %(window)d) AS part, length(tail) <= %(window)d AS last
        FROM (SELECT substr(whole.text, hit.start, %(window)d + 1) AS tail) AS rest
        OFFSET 0
    ) AS cut
    CROSS JOIN LATERAL (
        SELECT ts_headline('english'::regconfig, cut.part,
                           (SELECT websearch_to_tsquery('english'::regconfig, %%s)), %%s) AS headline
        OFFSET 0
    ) AS snippet
""" % {"before": SNIPPET_BEFORE, "window": SNIPPET_WINDOW}

# The words a snippet is centred on: the query's lexemes ("secur") and those of its words
# that have one ("city", whose stem "citi" the text may not hold), not stop words.
_WORDS_SQL = """
    (SELECT array_agg(DISTINCT word)::text FROM (
        SELECT unnest(tsvector_to_array(to_tsvector('english'::regconfig, %s)))
        UNION ALL
        SELECT word FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, %s))) AS word
        WHERE to_tsvector('english'::regconfig, word) <> ''::tsvector
    ) AS words (word))
"""


def best(kinds, query, limit, offset=0):
    """{name: rows} for `kinds` ({name: Listed}): up to `limit` rows of each matching
    `query`, best first, after the `offset` best, each (id, *columns, snippet); the snippet
    is safe HTML, or None for a kind without text.

    On PostgreSQL: one query for the candidates of all kinds, then one prepared query per
    kind that has any (two more where the newest matches are not public); on SQLite, the
    fallback's matches in the queryset's order, one query per kind."""
    query = clean_query(query)
    if not query:
        return {name: [] for name in kinds}
    if not is_postgres():
        return {name: _fallback_rows(kind, query, limit, offset) for name, kind in kinds.items()}
    types = _cited_types()
    selects, params = [], []
    for kind in kinds.values():
        sql, kind_params = kind.ranked_ids(query, False, types)
        selects.append(sql)
        params += kind_params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}, {_WORDS_SQL}", [*params, query, query])
        *candidates, words = cursor.fetchone()
    found = {}
    for (name, kind), ids in zip(kinds.items(), candidates):
        rows = _rows(kind, ids, query, words, types, limit, offset)
        if len(rows) < limit and kind.findable is not None and _count(ids) == kind.candidates:
            # Fewer than `limit` of the newest matches may be shown (an import of articles no
            # public fact cites yet): take the candidates among the public rows only. (Those
            # are ranked anew: a later page read this way may repeat or skip a row of the
            # page before it, which was read from the first candidates.)
            with connection.cursor() as cursor:
                sql, kind_params = kind.ranked_ids(query, True, types)
                cursor.execute(f"SELECT {sql}", kind_params)
                rows = _rows(kind, cursor.fetchone()[0], query, words, types, limit, offset)
        found[name] = rows
    return found


def _count(ids):
    """How many ids an array's text holds."""
    return ids.count(",") + 1 if ids else 0


def _rows(kind, ids, query, words, types, limit, offset):
    if not ids:
        return []
    sql, params = kind.rows_statement(types, limit)
    params = [ids, *params, offset, *((words or "{}", query, SNIPPET_OPTIONS) if kind.text else ())]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    converters, width = kind.converters(), 1 + len(kind.columns)
    rows = []
    for row in fetched:
        values = [row[0]]
        for value, convert in zip(row[1:width], converters):
            values.append(convert(value, None, connection) if convert and value is not None else value)
        values.append(headline_html(*row[width:]) if kind.text else None)
        rows.append(tuple(values))
    return rows


def _fallback_rows(kind, query, limit, offset):
    shown = kind.shown()
    found = shown.filter(pk__in=_fallback(shown, kind.fields, query).values("pk"))
    # In the queryset's order, with the id last, so that pages cut from it neither repeat nor skip a row.
    found = found.order_by(*(shown.query.order_by or shown.model._meta.ordering), "pk")
    rows = []
    for row in found.values_list("pk", *kind.columns, *((kind.text,) if kind.text else ()))[offset : offset + limit]:
        if kind.text:
            # The cut may fall inside a word: start on the next one.
            row = (*row[:-1], SafeString(re.sub(r"^…[^\s<]*\s", "…", render_snippet(row[-1], query))))
        else:
            row = (*row, None)
        rows.append(row)
    return rows


def headline_html(headline, part, first, last):
    """Safe HTML for a ts_headline of `part` (a window of the text; `first`: it starts the
    text, `last`: it ends it): escaped, matches in <mark>, "…" where the text goes on.

    The headline's words are the window's, with its spaces as they were (a tag in the text
    becomes a space): it starts the text where its words start the window and the window
    starts the text. A word the window cut in two is left out."""
    headline = (headline or "").strip()
    shown = " ".join(headline.replace("\x02", "").replace("\x03", "").split())
    window = " ".join((part or "").split())
    before = not (first and window.startswith(shown))
    after = not (last and window.endswith(shown))
    if not first and window.startswith(shown):  # its first word may be cut, unless it matched
        headline = re.sub(r"^[^\s\x02]*\s+", "", headline)
    if not last and window.endswith(shown):
        headline = re.sub(r"\s+[^\s\x03]*$", "", headline)
    html = escape(headline).replace("\x02", "<mark>").replace("\x03", "</mark>")
    return SafeString(("…" if before else "") + html + ("…" if after else ""))


def _field(model, path):
    """The model field at the end of `path` ("country__name")."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


_cited_models = None


def _cited_types():
    """The ids of the content types of the records citations may point at (the models with a
    generic relation), which SQL compiled once is kept under: compiled from a queryset that
    tests a citation's fact (Citation.objects.public()), it holds them as parameters,
    and a test database flushed and filled again gives the same types new ids."""
    global _cited_models  # noqa: PLW0603 — found once, when the models are loaded
    if _cited_models is None:
        _cited_models = [
            model
            for model in apps.get_models()
            if any(isinstance(field, GenericRelation) for field in model._meta.private_fields)
        ]
    return tuple(sorted(kind.pk for kind in ContentType.objects.get_for_models(*_cited_models).values()))


def render_snippet(raw, query, *, width=200):
    """Safe HTML for a snippet: escaped text with the query's words wrapped in <mark>."""
    raw = raw or ""
    if "\x02" in raw:
        return SafeString(escape(raw).replace("\x02", "<mark>").replace("\x03", "</mark>"))
    words = [w for w in _words(clean_query(query)) if len(w) > 1]
    lowered = raw.lower()
    first = min((lowered.find(w.lower()) for w in words if w.lower() in lowered), default=0)
    begin = max(0, first - width // 3)
    excerpt = raw[begin : begin + width]
    html = escape(excerpt)
    for word in words:
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.IGNORECASE)
    return SafeString(("…" if begin else "") + html + ("…" if begin + width < len(raw) else ""))
