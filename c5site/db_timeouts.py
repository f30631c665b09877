"""A statement timeout per request on PostgreSQL: short for the public, longer for the admin.

A public page or API answer whose query runs longer than DB_PUBLIC_STATEMENT_TIMEOUT_MS is
cancelled by PostgreSQL ("canceling statement due to statement timeout", an
OperationalError), and the outage middleware answers 503 with Retry-After: a slow or
overloaded database then costs readers a bounded wait, never a worker killed by gunicorn.
Admin requests get DB_ADMIN_STATEMENT_TIMEOUT_MS (0: none), still below gunicorn's worker
timeout by default, so an editor also gets a 503 that says the save was not made rather than
a killed worker. Management commands (migrate, imports, rebuilds) go through no middleware
and keep the server's setting (none by default).

A frozen server (SIGSTOPped, or hung with its kernel still acknowledging packets) cancels
nothing: a query on a kept connection would wait for it forever. So a watchdog thread per
process cuts the connection (shuts its socket) of any query still running GRACE seconds
after the statement timeout its connection has; the query then fails with an
OperationalError (503), and the connection is discarded. A query on a connection with no
timeout (management commands, or 0) is never cut.

The timeout is a session setting, set before the request's first query with one `SET` when the
request needs another value than the connection already has (connections are kept between
requests: most requests send nothing). Inside a transaction (tests wrap each in one, and a rollback undoes a SET) it is
set every time.
"""

import contextlib
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.utils import OperationalError

logger = logging.getLogger("c5site.outage")

MARK = "_c5site_statement_timeout"
GRACE = 0.25  # seconds past its statement timeout before a query's connection is cut


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
    with connection.wrap_database_errors, _watching(raw):
        raw.execute(f"SET statement_timeout = {int(milliseconds)}")
    if not connection.in_atomic_block:
        setattr(raw, MARK, milliseconds)


def public_statement_timeout():
    """Put the current connection under the public statement timeout (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        set_statement_timeout(settings.DB_PUBLIC_STATEMENT_TIMEOUT_MS)


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


# --- the watchdog for a frozen server ------------------------------------------------------------------

_running = {}  # thread id → (deadline, socket fd) of the query it is running now
_watchdog = []
_watchdog_lock = threading.Lock()


def _cut(fd):
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _watch():
    while True:
        time.sleep(0.1)
        now = time.monotonic()
        for thread, (deadline, fd, cut) in list(_running.items()):
            if deadline < now and _running.get(thread, (None,))[0] == deadline:
                _running.pop(thread, None)
                cut.append(True)
                logger.error(
                    "The database gave no answer %.1f s past the limit of a query or health check; its connection was cut",
                    now - deadline + GRACE,
                )
                _cut(fd)


@contextlib.contextmanager
def _watching(raw, limit_ms=None):
    """Cut `raw`'s socket if what runs inside takes GRACE s longer than its statement timeout (or
    `limit_ms`, if shorter). Yields a list that holds True once the connection was cut."""
    timeout = getattr(raw, MARK, 0) if raw is not None else 0
    if timeout and limit_ms:
        timeout = min(timeout, limit_ms)
    cut = []
    try:
        fd = raw.pgconn.socket if timeout else None
    except Exception:  # noqa: BLE001 — a closed connection: the query will say so itself
        fd = None
    if fd is None:
        yield cut
        return
    thread = threading.get_ident()
    _running[thread] = (time.monotonic() + timeout / 1000 + GRACE, fd, cut)
    try:
        yield cut
    finally:
        _running.pop(thread, None)


def watched(execute, sql, params, many, context):
    """An execute wrapper: the query is cut if it runs GRACE s past its connection's statement timeout."""
    with _watching(context["connection"].connection):
        return execute(sql, params, many, context)


HEALTH_CHECK_MS = 1000


def _watched_health_check(wrapper):
    """Django's health check of a kept connection (`SELECT 1` at a request's first query) goes
    around the execute wrappers: watch it too, with a short limit. If the database did not
    answer it, say so (OperationalError: a 503) rather than let Django open a new connection to
    a server that answers nothing, which would wait out the connect timeout as well."""
    is_usable = wrapper.is_usable

    def check():
        with _watching(wrapper.connection, HEALTH_CHECK_MS) as cut:
            usable = is_usable()
        if not usable and cut:
            wrapper.close()
            raise OperationalError("The database did not answer a health check within its timeout.")
        return usable

    check.watched = True
    return check


def _start_watching(sender, connection, **kwargs):
    if connection.vendor != "postgresql" or not getattr(settings, "DB_WATCHDOG", True):
        return
    if watched not in connection.execute_wrappers:
        connection.execute_wrappers.append(watched)
    if not getattr(connection.is_usable, "watched", False):
        connection.is_usable = _watched_health_check(connection)
    with _watchdog_lock:
        if not _watchdog or not _watchdog[0].is_alive():
            _watchdog[:] = [threading.Thread(target=_watch, name="c5site-db-watchdog", daemon=True)]
            _watchdog[0].start()


connection_created.connect(_start_watching, dispatch_uid="c5site-db-watchdog")
