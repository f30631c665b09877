"""Public reads from PostgreSQL streaming replicas; everything else on the primary.

With DATABASE_REPLICA_URLS set, settings.py adds one database alias per replica (`replica1`,
`replica2`, …), this module's router to DATABASE_ROUTERS and ReplicaMiddleware to MIDDLEWARE.
Without it none of them exists and nothing here runs.

What goes where. A request's reads go to a replica only when ReplicaMiddleware marked the
request *public*: a GET or HEAD, outside the admin (DB_ADMIN_PATHS, the desk included), with
no session or messages cookie and no Authorization header — a reader nobody knows. The mark
is a context variable, so each thread of a gthread worker (or each task under ASGI) has its
own. Everything else reads and writes the primary (`default`): every write, migrations and
management commands (no request, no mark), the admin, the publishing path, and every request
of anyone logged in, who therefore reads what they have just written (read-your-writes).
Each public request picks one replica at random and keeps it for the whole request.

Replica lag. A replica replays the primary's changes a little later. The public response
cache (c5site/cache.py) keys a response on the published record's version, read from the
primary. So before a public request reads from its replica, the middleware reads the
replica's own `RecordVersion` (one row) and compares it with the primary's state this
request is keyed on (the cache middleware's read, or one of its own when the cache is off):
only if they are equal does the request read from the replica. Otherwise the replica has not
yet replayed the newest publication and this request reads from the primary instead: the
reader gets the fresh record, and a response is never stored under a version the replica it
was built from had not reached. (A replica that replays the next publication *during* the
request builds a response newer than its key; that key is no longer current, so it is never
served.) Trying another replica instead was left out: lag is short, and the primary answers
at once.

A replica down, unreachable or erring (a replica of another database). Its version read
fails within DB_CONNECT_TIMEOUT (3 s; 1 s on a kept connection to a frozen server), the
log gets one warning, `Read replica replica1 unavailable (…); reading from the primary for
5 s`, the request reads from the primary, and this worker leaves that replica alone for
RETRY_SECONDS before trying it again. It never answers 500. A replica that fails in the middle
of a request (after its version was read) fails that request like the primary would: 503
with Retry-After (c5site/outage.py).

Timeouts. Replica connections carry the public statement timeout as a server setting (only
public requests use them), and the watchdog of c5site/db_timeouts.py watches their queries
and health checks as it does the primary's.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.backends.signals import connection_created
from django.utils.module_loading import import_string

from .db_timeouts import MARK

logger = logging.getLogger("c5site.db_router")

PRIMARY = "default"
RETRY_SECONDS = 5  # a replica that failed is not tried again by this worker for this long

# The replica alias this request reads from, or None: the primary.
_reads_from = contextvars.ContextVar("c5site_reads_from", default=None)
_down_until = {}  # replica alias → time.monotonic() before which it is not tried again


class ReplicaRouter:
    """Reads where ReplicaMiddleware said (the primary unless a public request chose a replica);
    writes and migrations always on the primary."""

    def db_for_read(self, model, **hints):
        return _reads_from.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def is_public(request):
    """Whether `request` is a public read that may be served from a replica."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(tuple(settings.DB_ADMIN_PATHS)):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def record_state(using):
    """The published record's (version, time raised) as database `using` has it."""
    return import_string(settings.PUBLIC_CACHE_RECORD_STATE)(using=using)


def replica_for(request):
    """The replica alias this public request reads from, or None to read from the primary."""
    now = time.monotonic()
    replicas = [alias for alias in settings.DATABASE_REPLICAS if _down_until.get(alias, 0) <= now]
    if not replicas:
        return None
    # The state the response cache keys this request on, read from the primary.
    wanted = getattr(request, "_record_state", None)
    if wanted is None:
        wanted = request._record_state = record_state(PRIMARY)
    alias = random.choice(replicas)
    try:
        state = record_state(alias)
    except DatabaseError as error:  # down, frozen, or not a copy of this database: never a 500
        _down_until[alias] = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Read replica %s unavailable (%s); reading from the primary for %d s",
            alias,
            str(error).strip().split("\n", 1)[0] or type(error).__name__,
            RETRY_SECONDS,
        )
        return None
    if state != wanted:
        logger.info(
            "Read replica %s is at record version %s, the primary at %s: reading from the primary", alias, state[0], wanted[0]
        )
        return None
    return alias


class ReplicaMiddleware:
    """Send a public request's reads to a replica that has the current record, for the whole request.

    Below the outage and statement-timeout middleware (a failure of the primary's version read
    answers 503), above everything that reads for the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from.set(replica_for(request) if is_public(request) else None)
        try:
            return self.get_response(request)
        finally:
            _reads_from.reset(token)


def _watch_replica(sender, connection, **kwargs):
    """A replica connection has the public statement timeout from its options: tell the watchdog."""
    if connection.alias in getattr(settings, "DATABASE_REPLICAS", ()) and connection.vendor == "postgresql":
        setattr(connection.connection, MARK, settings.DB_PUBLIC_STATEMENT_TIMEOUT_MS)


connection_created.connect(_watch_replica, dispatch_uid="c5site-replica-timeout")
