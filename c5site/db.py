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

            def _send_query_prepared(self, name, pgq, **kwargs):
                # psycopg keeps the statement it sent as `_query` except when it sends a prepared
                # one; Django logs a query's SQL from there (None in the query log otherwise).
                self._query = pgq
                return super()._send_query_prepared(name, pgq, **kwargs)

        _class = PreparingCursor
    return _class


class CompiledOnce:
    """The SQL of a queryset of fixed shape, compiled by the ORM once per process and database
    vendor, for a query run on every request: compiling took up to a third of a page's time.

    `make(value)` returns the queryset for one value of its single varying parameter; calling
    this object returns (sql, params) with `value` wherever `marker` went, as `parameter(value)`
    where the lookup sends the value in another form (c5site.lookups.AnyOf). Where the marker
    does not come out as parameters (a list spread into one placeholder each, on SQLite), the
    queryset is compiled on each call instead. The marker must be a value its fields can hold:
    Django leaves out a condition on a value out of its field's range (a negative id). Every
    other parameter must be a constant of the code, never a value read from the database (a
    content type's id): the SQL outlives it."""

    def __init__(self, make, marker, parameter=None):
        self.make, self.marker = make, marker
        self.parameter = parameter or (lambda value: value)
        self.compiled = {}

    def __call__(self, value):
        compiled = self.compiled.get(connection.vendor)
        if compiled is None:
            sql, params = self.make(self.marker).query.sql_with_params()
            marker = self.parameter(self.marker)
            where = [n for n, p in enumerate(params) if p == marker]
            compiled = self.compiled[connection.vendor] = (sql, list(params), where) if where else ()
        if not compiled:
            return self.make(value).query.sql_with_params()
        sql, params, where = compiled
        params = list(params)
        for index in where:
            params[index] = self.parameter(value)
        return sql, params
