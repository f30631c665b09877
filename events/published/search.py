"""Search over the published record: which public meetings, people and sources match what a reader typed.

What a reader may type, the same on SQLite and PostgreSQL:

- words: every one must match (`Blinken Astana`);
- "a quoted phrase": its words in that order (`"Nur-Sultan"`, `"joint statement"`);
- OR between two words or phrases: either may match (`Blinken OR Hale`);
- -word or -"phrase": must not match (`Astana -Blinken`).

A word with punctuation inside is a phrase of its parts ("Nur-Sultan", "C5+1"). Each word or
phrase is also looked for folded (Öskemen, Oskemen), transliterated (Блинкен, Blinken) and in
every spelling of its name that editors keep (events.models.Spelling: Токаев, Tokayev, Toqaev).
A query that cannot be read raises SearchError, whose message is for the reader.

The matching is done by the database, over the index it keeps of each public record's
`search_text` (events/published/search_index.py): on PostgreSQL a tsquery of
phraseto_tsquery() terms against the generated `search_vector`, ranked by ts_rank; on SQLite
an FTS5 query, ranked by bm25. A title or name that matches weighs most on both.

The API filters with filter_meetings(), filter_people() and filter_sources(); the search page
reads ranked(): the best of the newest matches of a kind (CANDIDATES at most), with their rows,
and snippet() cuts the text around the match from a row's `search_text`.
"""

import functools
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVectorField
from django.db import NotSupportedError, connection
from django.db.models import BooleanField, Expression
from django.db.models.expressions import Col

from c5site.text import normalize, transliterate

from ..models import PublishedReference, Spelling
from .search_index import CONFIG, MEETINGS, PEOPLE, SOURCES
from .search_text import fold, spelling_key, words

MAX_QUERY_CHARS = 200
MAX_TERMS = 12  # words and phrases in a query
MAX_WORDS = 24  # words in all
MAX_ALTERNATIVES = 16  # forms and spellings looked for, for one word or phrase
CANDIDATES = 200  # the newest matches of a kind that the search page ranks

_CONTROL = dict.fromkeys(range(32), " ")
_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class SearchError(ValueError):
    """The query cannot be searched; the message says why, for the reader."""


# --- reading the query ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase of the query: `words` as the databases compare them (lower case)."""

    text: str
    words: tuple
    quoted: bool = False

    def __str__(self):
        return f'"{self.text}"' if self.quoted else self.text


@dataclass(frozen=True)
class Query:
    """A query as read: `clauses` must all match, each by any of its terms; `excluded` must not."""

    text: str
    clauses: tuple = ()
    excluded: tuple = ()

    @property
    def is_empty(self):
        return not self.clauses

    def terms(self):
        return [term for clause in self.clauses for term in clause] + list(self.excluded)


_TOKEN = re.compile(r'\s*(?:(-?)"([^"]*)("?)|(\S+?)(?=\s|"|$))')


def parse(text):
    """The Query that `text` says; an empty Query for a blank text. Raises SearchError."""
    text = normalize((text or "").translate(_CONTROL))
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"Search for at most {MAX_QUERY_CHARS} characters: this search has {len(text)}.")
    items = []  # Term with its sign, or "OR"
    for match in _TOKEN.finditer(text):
        minus, quoted, closed, bare = match.groups()
        if quoted is not None:
            if not closed:
                raise SearchError("A quotation mark is not closed: add the closing one, or remove it.")
            found = tuple(w.lower() for w in words(quoted))
            if not found:
                raise SearchError("There are no words between a pair of quotation marks.")
            items.append((Term(" ".join(quoted.split()), found, quoted=True), bool(minus)))
        elif bare == "OR":
            items.append("OR")
        elif bare:
            negated = bare.startswith("-") and len(bare) > 1
            word = bare[1:] if negated else bare
            found = tuple(w.lower() for w in words(word))
            if found:  # punctuation alone ("&", "–") is no word
                items.append((Term(word, found), negated))
    return _clauses(text, items)


def _clauses(text, items):
    clauses, excluded = [], []
    for index, item in enumerate(items):
        if item == "OR":
            before = items[index - 1] if index else None
            after = items[index + 1] if index + 1 < len(items) else None
            if before in (None, "OR") or after in (None, "OR"):
                raise SearchError("OR goes between two words or phrases, as in: Blinken OR Hale.")
            if before[1] or after[1]:
                raise SearchError("A word to leave out (-word) cannot be one side of an OR.")
            continue
        term, negated = item
        if negated:
            excluded.append(term)
        elif index and items[index - 1] == "OR":
            clauses[-1].append(term)
        else:
            clauses.append([term])
    terms = sum(len(c) for c in clauses) + len(excluded)
    if terms > MAX_TERMS or sum(len(t.words) for c in clauses for t in c) + sum(len(t.words) for t in excluded) > MAX_WORDS:
        raise SearchError(f"Search for at most {MAX_TERMS} words or phrases ({MAX_WORDS} words in all).")
    if excluded and not clauses:
        raise SearchError("Say what to find, too: a word with a minus (-word) only leaves things out.")
    if text and not clauses:
        raise SearchError(f"There is nothing to search for in “{text}”: type a word.")
    return Query(text, tuple(tuple(c) for c in clauses), tuple(excluded))


# --- other forms and spellings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expanded:
    """A query with, for each of its terms, the word sequences looked for (its forms and spellings)."""

    query: Query
    forms: dict = field(default_factory=dict)  # Term → tuple of word tuples

    def alternatives(self, term):
        return self.forms[term]

    def positive(self):
        """Every word sequence whose occurrence makes a match: what a snippet marks."""
        return {alt for clause in self.query.clauses for term in clause for alt in self.forms[term]}


def _forms_of(text):
    """The word tuples `text` is looked for as: as written, folded, and transliterated if Cyrillic."""
    found = [tuple(w.lower() for w in words(text)), tuple(words(fold(text)))]
    if _HAS_CYRILLIC.search(text):
        latin = transliterate(text)
        found += [tuple(w.lower() for w in words(latin)), tuple(words(fold(latin)))]
    return [f for f in found if f]


def expand(query, *, spellings=True):
    """Expanded(query): each term's forms, and those of the other spellings of its name (one query;
    none without `spellings`)."""
    terms = query.terms()
    keys = {term: spelling_key(term.text) for term in terms}
    spelled = {}
    if terms and spellings:
        rows = Spelling.objects.filter(name__spellings__key__in=set(keys.values())).values_list("name__spellings__key", "text")
        for key, text in rows.order_by("name_id", "text"):
            spelled.setdefault(key, []).append(text)
    forms = {}
    for term in terms:
        found = list(dict.fromkeys([term.words, *_forms_of(term.text)]))
        for other in spelled.get(keys[term], []):
            found += [f for f in _forms_of(other) if f not in found]
        forms[term] = tuple(found[:MAX_ALTERNATIVES])
    return Expanded(query, forms)


# --- in the database ----------------------------------------------------------------------------------------


def _tsquery(expanded):
    """(sql, params): the tsquery of an expanded query, for PostgreSQL."""

    def any_of(terms):
        alternatives = [alt for term in terms for alt in expanded.alternatives(term)]
        sql = " || ".join([f"phraseto_tsquery('{CONFIG}'::regconfig, %s)"] * len(alternatives))
        return f"({sql})", [" ".join(alt) for alt in alternatives]

    parts, params = [], []
    for clause in expanded.query.clauses:
        sql, clause_params = any_of(clause)
        parts.append(sql)
        params += clause_params
    if expanded.query.excluded:
        sql, excluded_params = any_of(expanded.query.excluded)
        parts.append(f"!!{sql}")
        params += excluded_params
    return "(" + " && ".join(parts) + ")", params


def _fts_query(expanded):
    """The FTS5 query of an expanded query, for SQLite (its words are letters and digits: nothing to escape)."""

    def any_of(terms):
        return "(" + " OR ".join(f'"{" ".join(alt)}"' for term in terms for alt in expanded.alternatives(term)) + ")"

    found = " AND ".join(any_of(clause) for clause in expanded.query.clauses)
    if expanded.query.excluded:
        found = f"{found} NOT {any_of(expanded.query.excluded)}"
    return found


_VECTOR = SearchVectorField()
_VECTOR.set_attributes_from_name("search_vector")


class Matches(Expression):
    """True for a row of an indexed table (search_index.INDEXED) that matches an expanded query."""

    output_field = BooleanField()

    def __init__(self, indexed, expanded):
        super().__init__()
        self.indexed, self.expanded = indexed, expanded

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.key = query.resolve_ref("pk")
        return resolved

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"Search needs PostgreSQL or SQLite, not {connection.vendor}.")

    def as_postgresql(self, compiler, connection):
        vector, _ = compiler.compile(Col(self.key.alias, _VECTOR))
        sql, params = _tsquery(self.expanded)
        return f"{vector} @@ {sql}", params

    def as_sqlite(self, compiler, connection):
        key, _ = compiler.compile(self.key)
        fts = self.indexed.fts
        return f"{key} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [_fts_query(self.expanded)]


def _filter(indexed, queryset, text):
    query = parse(text)
    if query.is_empty:
        return queryset
    return queryset.filter(Matches(indexed, expand(query)))


def filter_meetings(queryset, text):
    """`queryset` (of PublishedMeeting) narrowed to the meetings that match `text` (unchanged if blank)."""
    return _filter(MEETINGS, queryset, text)


def filter_people(queryset, text):
    """`queryset` (of PublishedPerson) narrowed to the people that match `text` (unchanged if blank)."""
    return _filter(PEOPLE, queryset, text)


def filter_sources(queryset, text):
    """`queryset` (of PublishedReference of kind "source") narrowed to the sources that match `text`."""
    return _filter(SOURCES, queryset, text)


# --- ranked, for the search page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of record the search page lists: its indexed table, when a row is public (`public`, SQL on
    the row's alias `t`), the columns read for each row listed, and how many times as many rows as
    it wants it tests first (`walk`)."""

    indexed: object
    public: str
    columns: tuple
    walk: int = 20


KINDS = {
    "meetings": Kind(MEETINGS, "NOT t.is_retracted", ("slug", "title", "date_lo", "date_hi", "date_precision")),
    "people": Kind(PEOPLE, "NOT t.is_retracted", ("slug", "name")),
    "sources": Kind(SOURCES, "t.kind = 'source' AND t.uses > 0", ("slug", "name", "body")),
}


# Left to itself, PostgreSQL's planner walks the ids backwards testing row after row even for a word
# in few rows (it prices a test far below its cost: 20,000 people tested to find none), and takes
# a phrase of common words for a rare one (a bitmap scan rechecking 20,000 rows): the candidates
# are first sought among the newest rows only (Kind.walk times as many as wanted), which bounds
# the first case, and the GIN index is asked only when those hold too few.
PLAN_FOR = 16


@dataclass
class Found:
    """`rows` (dicts: id, the kind's columns, search_text) of one page of a kind, best first; `total`:
    how many matches were ranked, `more`: whether there are more matches than that."""

    rows: list
    total: int
    more: bool


def _ranked_sql(kind, vendor, candidates):
    table, rowid, fts = kind.indexed.table, kind.indexed.rowid, kind.indexed.fts
    if vendor == "postgresql":
        # The newest matches among the newest `walk` × (candidates + 1) rows, testing one after another:
        # enough of them for a word in many records, found soon. Only where there are not enough, the
        # newest matches of all, found through the GIN index, planned as if PLAN_FOR times as many
        # were read (a one-time filter runs one branch or the other); their ids are sorted alone and
        # only the newest rows' vectors read (sorting the vectors too spilled to disk).
        newest = f"""
            WITH recent AS MATERIALIZED (
                SELECT id, vector FROM (
                    SELECT t.{rowid} AS id, t.search_vector AS vector FROM {table} AS t
                    WHERE {kind.public} ORDER BY t.{rowid} DESC LIMIT {(candidates + 1) * kind.walk}) AS walked
                WHERE vector @@ {{q}} LIMIT {candidates + 1}),
            found AS (
                SELECT id, vector FROM recent WHERE (SELECT count(*) FROM recent) > {candidates}
                UNION ALL
                SELECT older.id, t.search_vector AS vector FROM (
                    SELECT id FROM (
                        SELECT t.{rowid} AS id FROM {table} AS t
                        WHERE {kind.public} AND t.search_vector @@ {{q}}
                        ORDER BY t.{rowid} DESC LIMIT {(candidates + 1) * PLAN_FOR}) AS planned
                    ORDER BY id DESC LIMIT {candidates + 1}) AS older
                JOIN {table} AS t ON t.{rowid} = older.id
                WHERE (SELECT count(*) FROM recent) <= {candidates})
            SELECT id, ts_rank(vector, {{q}}) AS rank FROM found"""
    elif vendor == "sqlite":
        newest = f"""
            SELECT {fts}.rowid AS id, -bm25({fts}, 10.0, 1.0) AS rank
            FROM {fts} JOIN {table} AS t ON t.{rowid} = {fts}.rowid
            WHERE {fts} MATCH {{q}} AND {kind.public}
            ORDER BY {fts}.rowid DESC LIMIT {candidates + 1}"""
    else:
        raise NotSupportedError(f"Search needs PostgreSQL or SQLite, not {vendor}.")
    columns = ", ".join(f"t.{c}" for c in (*kind.columns, "search_text"))
    return f"""
        SELECT ranked.id, ranked.total, {columns}
        FROM (SELECT id, rank, total FROM (
                  SELECT id, rank, count(*) OVER () AS total, row_number() OVER (ORDER BY id DESC) AS n
                  FROM ({newest}) AS newest) AS counted
              WHERE n <= {candidates}
              ORDER BY rank DESC, id DESC LIMIT %s OFFSET %s) AS ranked
        JOIN {table} AS t ON t.{rowid} = ranked.id
        ORDER BY ranked.rank DESC, ranked.id DESC"""


def ranked(expanded, kind, *, limit, offset=0, candidates=None):
    """Found: the public rows of `kind` ("meetings", "people", "sources") that match, best first, `limit`
    after the `offset` best, ranked among the `candidates` (CANDIDATES) newest matches (one query)."""
    candidates = int(candidates or CANDIDATES)
    spec = KINDS[kind]
    if connection.vendor == "postgresql":
        q, q_params = _tsquery(expanded)
        params = [*q_params, *q_params, *q_params]  # the recent, all, then ranked
    else:
        q, params = "%s", [_fts_query(expanded)]
    sql = _ranked_sql(spec, connection.vendor, candidates).replace("{q}", q)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        names = ["id", "total", *spec.columns, "search_text"]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    total = rows[0]["total"] if rows else 0
    return Found(rows, min(total, candidates), total > candidates)


def exists(expanded_queries):
    """For each of `expanded_queries`, whether any public meeting, person or source matches it (one query)."""
    if not expanded_queries:
        return []
    selects, params = [], []
    for expanded in expanded_queries:
        found = []
        for kind in KINDS.values():
            table = kind.indexed.table
            if connection.vendor == "postgresql":
                q, q_params = _tsquery(expanded)
                found.append(f"EXISTS (SELECT 1 FROM {table} AS t WHERE {kind.public} AND t.search_vector @@ {q})")
                params += q_params
            else:
                fts = kind.indexed.fts
                found.append(
                    f"EXISTS (SELECT 1 FROM {fts} JOIN {table} AS t ON t.{kind.indexed.rowid} = {fts}.rowid"
                    f" WHERE {fts} MATCH %s AND {kind.public})"
                )
                params.append(_fts_query(expanded))
        selects.append("(" + " OR ".join(found) + ")")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        return [bool(value) for value in cursor.fetchone()]


def popular_topics(limit=3):
    """The names of the topics most shown by public records: searches that find something."""
    return list(
        PublishedReference.objects.filter(kind=PublishedReference.Kind.TOPIC, uses__gt=0)
        .order_by("-uses", "sort_key")
        .values_list("name", flat=True)[:limit]
    )


# --- snippets -----------------------------------------------------------------------------------------------

SNIPPET_BEFORE = 70  # characters of text before the match, about
SNIPPET_AFTER = 150


def _lower(text):
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # offsets kept (İ)


@functools.lru_cache(maxsize=64)
def _pattern(alternatives):
    """A regex of the word sequences, each whole words, separated by anything that is not a word."""
    ordered = sorted(alternatives, key=lambda alt: (-len(" ".join(alt)), alt))
    phrases = [r"[\W_]+".join(re.escape(w) for w in alt) for alt in ordered]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(phrases) + r")(?![^\W_])")


def snippet(text, expanded, *, skip_first_line=False):
    """The passage of `text` (a search_text) around the first match, as parts: [{"text", "mark"}], "mark"
    for the words matched; a match after the first line first, if `skip_first_line` (the title,
    which the page shows anyway). Lines are joined by " · ". At most about 220 characters."""
    text = text or ""
    alternatives = frozenset(expanded.positive())
    spans = [m.span() for m in _pattern(alternatives).finditer(_lower(text))] if alternatives else []
    body = text.find("\n") + 1 if skip_first_line else 0
    focus = next((s for s in spans if s[0] >= body), spans[0] if spans else (body, body))
    start = max(body if focus[0] >= body else 0, focus[0] - SNIPPET_BEFORE)
    end = min(len(text), focus[1] + SNIPPET_AFTER)
    if start > 0 and text[start - 1] != "\n":
        start = _word_start(text, start)
    end = _word_end(text, end)
    parts = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        if span_start > position:
            parts.append({"text": text[position:span_start], "mark": False})
        parts.append({"text": text[span_start:span_end], "mark": True})
        position = span_end
    if end > position:
        parts.append({"text": text[position:end], "mark": False})
    for part in parts:
        part["text"] = part["text"].replace("\n", " · ")
    if parts and start > body:
        parts.insert(0, {"text": "…", "mark": False})
    if parts and end < len(text):
        parts.append({"text": "…", "mark": False})
    return parts


def _word_start(text, index):
    """The start of the first whole word at or after `index`."""
    match = re.compile(r"\s").search(text, index)
    return match.end() if match and match.end() < len(text) else index


def _word_end(text, index):
    """The end of the last whole word before `index`."""
    if index >= len(text) or text[index].isspace():
        return index
    cut = max(text.rfind(" ", 0, index), text.rfind("\n", 0, index))
    return cut if cut > 0 else index
