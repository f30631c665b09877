"""Statements that PostgreSQL parses and plans once per connection, for the few queries that
run on every request.

Django binds parameters on the client, and a client-bound statement is never prepared: the
server parses and plans it on each execution. For the time of the record's last change (a
`MAX` over ten history tables), planning took 1.5 to 3 ms of the database's CPU per request
and executing it 0.1 ms. A cursor from `prepared_cursor()` binds on the server and prepares
each statement on its first use; later executions on the same connection (kept between
requests, CONN_MAX_AGE) skip straight to executing it.

Behind a pooler in transaction mode that cannot keep prepared statements (PgBouncer before
1.21), set DB_PREPARED_STATEMENTS=0: the same statements then run unprepared.
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def prepared_cursor():
    """A Django cursor (logged and counted like any other) whose statements are prepared on
    PostgreSQL; elsewhere the ordinary cursor. Only for SQL written for server-side binding:
    `%s` placeholders, each parameter one value (a list is sent as one array)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _preparing_cursor_class()(connection.connection)
    # Wrapped as connection.cursor() wraps its own: debug logging, execute wrappers, errors.
    with connection._prepare_cursor(raw) as cursor:
        yield cursor


_class = None


def _preparing_cursor_class():
    global _class  # noqa: PLW0603 — made once, on first use (psycopg is only needed on PostgreSQL)
    if _class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: PLC0415

        class PreparingCursor(ServerBindingCursor):
            def execute(self, query, params=None, *, prepare=True, **kwargs):
                return super().execute(query, params, prepare=prepare, **kwargs)

        _class = PreparingCursor
    return _class
