"""A statement timeout per request on PostgreSQL: short for the public, longer for the admin.

A public page or API answer whose query runs longer than DB_PUBLIC_STATEMENT_TIMEOUT_MS is
cancelled by PostgreSQL ("canceling statement due to statement timeout", an
OperationalError), and the outage middleware answers 503 with Retry-After: a slow or
overloaded database then costs readers a bounded wait, never a worker killed by gunicorn.
Admin requests get DB_ADMIN_STATEMENT_TIMEOUT_MS (0: none), still below gunicorn's worker
timeout by default, so an editor also gets a 503 that says the save was not made rather than
a killed worker. Management commands (migrate, imports, rebuilds) go through no middleware
and keep the server's setting (none by default).

The timeout is a session setting, set before the request's first query with one `SET` when the
request needs another value than the connection already has (connections are kept between
requests: most requests send nothing). Inside a transaction (tests wrap each in one, and a rollback undoes a SET) it is
set every time.
"""

from django.conf import settings
from django.db import connection

MARK = "_c5site_statement_timeout"


def wanted_timeout(request):
    if request.path.startswith(tuple(settings.DB_ADMIN_PATHS)):
        return settings.DB_ADMIN_STATEMENT_TIMEOUT_MS
    return settings.DB_PUBLIC_STATEMENT_TIMEOUT_MS


def set_statement_timeout(milliseconds):
    """Make the current connection's statement timeout `milliseconds` (0: none)."""
    connection.ensure_connection()
    raw = connection.connection
    if not connection.in_atomic_block and getattr(raw, MARK, None) == milliseconds:
        return
    # On the driver's connection, not through a Django cursor: a session setting, not one of the
    # request's queries (tests that bound a page's queries do not count it).
    with connection.wrap_database_errors:
        raw.execute(f"SET statement_timeout = {int(milliseconds)}")
    if not connection.in_atomic_block:
        setattr(raw, MARK, milliseconds)


class StatementTimeoutMiddleware:
    """Set the statement timeout for this request's kind (public or admin) on PostgreSQL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        wanted, done = wanted_timeout(request), []

        def before_first_query(execute, sql, params, many, context):
            if not done:
                done.append(True)
                set_statement_timeout(wanted)
            return execute(sql, params, many, context)

        # Set before the request's first query, so that a request that reads nothing (a redirect,
        # robots.txt) opens no connection for it.
        with connection.execute_wrapper(before_first_query):
            return self.get_response(request)
