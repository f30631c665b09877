"""The full-text indexes of the published index's `search_text`, kept by the database itself.

PostgreSQL: a `search_vector` column generated from the row (`tsvector`, GIN-indexed) on
PublishedMeeting, PublishedPerson and PublishedReference (sources), null for a row not
searched (a retracted record, other reference data). SQLite: an
external-content FTS5 table beside each, kept in step by triggers. Whatever writes the rows —
publishing, a bulk load, a restore, SQL by hand — the index follows, inside the same transaction.

Both split text the same way (events/published/search_text.py): into runs of letters and
digits, lower-cased, with no stemming and no stop words, as names in English, Russian, Kazakh
and Uzbek must be matched as written. PostgreSQL's `simple` configuration does that once
punctuation is read as space (its parser would otherwise keep "U.S", "1.5" or
"kazinform.kz" as one word where FTS5 sees two); FTS5's unicode61 does it as it is, with
remove_diacritics off (search_text.py folds letters, alike for both). The record's title or
name is indexed apart, so that a match there ranks first.

Created by migration events/0014_search_index; SQLite rebuilds a table (and drops its triggers) on many
schema changes, so `repair()` runs after every migrate and puts back what is missing.
"""

from django.db import connections
from django.db.models.signals import post_migrate

# Punctuation read as space before PostgreSQL parses a text (it joins words around these); the
# typographic ones too, which a database whose LC_CTYPE is C would take for letters.
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’‚‛“”„‟«»‹›‐‑‒–—―…·•′″"
CONFIG = "simple"


class Indexed:
    """A table of the published index whose `search_text` is searched: `title` is its name or title
    column, `rowid` its key, `only` the condition a row must meet to be indexed (SQL, its columns
    written `{row}column`), on the columns `watched`."""

    def __init__(self, table, rowid, title, only, watched):
        self.table, self.rowid, self.title, self.only, self.watched = table, rowid, title, only, watched
        self.fts = f"{table}_fts"

    def condition(self, row=""):
        return self.only.format(row=row)

    def vector_sql(self):
        """The expression PostgreSQL generates `search_vector` from."""

        def words(column):
            spaces = " " * len(PUNCTUATION)
            return f"to_tsvector('{CONFIG}'::regconfig, translate({column}, {_literal(PUNCTUATION)}, '{spaces}'))"

        return f"CASE WHEN {self.condition()} THEN setweight({words(self.title)}, 'A') || {words('search_text')} END"


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


# A retracted record keeps its title in its row, for its notice; it is found by nothing.
MEETINGS = Indexed("events_publishedmeeting", "meeting_id", "title", "NOT {row}is_retracted", ["is_retracted"])
PEOPLE = Indexed("events_publishedperson", "person_id", "name", "NOT {row}is_retracted", ["is_retracted"])
SOURCES = Indexed("events_publishedreference", "id", "name", "{row}kind = 'source'", ["kind"])
INDEXED = (MEETINGS, PEOPLE, SOURCES)


# --- PostgreSQL -------------------------------------------------------------------------------------------


def _postgres_create(table):
    return [
        f"ALTER TABLE {table.table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({table.vector_sql()}) STORED",
        # Kept in the row where it fits: ranking reads the vectors of the candidates, and a vector
        # stored out of line is read back and decompressed for each.
        f"ALTER TABLE {table.table} ALTER COLUMN search_vector SET STORAGE MAIN",
        f"CREATE INDEX {table.table}_search_idx ON {table.table} USING gin (search_vector)",
    ]


def _postgres_drop(table):
    return [f"ALTER TABLE {table.table} DROP COLUMN IF EXISTS search_vector"]


# --- SQLite -----------------------------------------------------------------------------------------------


def _sqlite_triggers(table):
    columns = f"rowid, {table.title}, search_text"
    old = f"old.{table.rowid}, old.{table.title}, old.search_text"
    new = f"new.{table.rowid}, new.{table.title}, new.search_text"
    old_if = f" WHERE {table.condition('old.')}"
    new_if = f" WHERE {table.condition('new.')}"
    delete = f"INSERT INTO {table.fts} ({table.fts}, {columns}) SELECT 'delete', {old}{old_if};"
    insert = f"INSERT INTO {table.fts} ({columns}) SELECT {new}{new_if};"
    watched = ", ".join([table.rowid, table.title, "search_text", *table.watched])
    return {
        f"{table.fts}_insert": f"CREATE TRIGGER {table.fts}_insert AFTER INSERT ON {table.table} BEGIN {insert} END",
        f"{table.fts}_delete": f"CREATE TRIGGER {table.fts}_delete AFTER DELETE ON {table.table} BEGIN {delete} END",
        f"{table.fts}_update": (
            f"CREATE TRIGGER {table.fts}_update AFTER UPDATE OF {watched} ON {table.table} BEGIN {delete} {insert} END"
        ),
    }


def _sqlite_create(table):
    where = f" WHERE {table.condition()}"
    return [
        f"CREATE VIRTUAL TABLE {table.fts} USING fts5({table.title}, search_text, content='{table.table}', "
        f"content_rowid='{table.rowid}', tokenize='unicode61 remove_diacritics 0')",
        *_sqlite_triggers(table).values(),
        f"INSERT INTO {table.fts} (rowid, {table.title}, search_text) "
        f"SELECT {table.rowid}, {table.title}, search_text FROM {table.table}{where}",
    ]


def _sqlite_drop(table):
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in _sqlite_triggers(table)), f"DROP TABLE IF EXISTS {table.fts}"]


# --- migrations and repair --------------------------------------------------------------------------------


def _statements(vendor, make):
    builders = {"postgresql": make[0], "sqlite": make[1]}
    if vendor not in builders:
        return []
    return [statement for table in INDEXED for statement in builders[vendor](table)]


def create(apps, schema_editor):
    """Create the indexes (a migration's RunPython), filled from the rows already there."""
    for statement in _statements(schema_editor.connection.vendor, (_postgres_create, _sqlite_create)):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, (_postgres_drop, _sqlite_drop)):
        schema_editor.execute(statement, params=None)


def repair(using="default", **kwargs):
    """On SQLite, put back the triggers of an FTS table that a rebuilt table lost, and refill that
    index (post_migrate). Returns the tables repaired."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for table in INDEXED:
            if table.fts not in present or set(_sqlite_triggers(table)) <= present:
                continue  # not created (yet), or whole
            for statement in [*_sqlite_drop(table), *_sqlite_create(table)]:
                cursor.execute(statement)
            repaired.append(table.table)
    return repaired


def connect(sender):
    post_migrate.connect(repair, sender=sender, dispatch_uid="events.published.search_index.repair")
