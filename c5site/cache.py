"""Whole-response caching of public pages and API responses, shared by all workers.

Each cached response is stored under its address (scheme, host, path and the sorted
query parameters), method and the kind of format asked for, together with the
published record's version when it was made (events.published.publish.record_version():
one row in the database, raised once by every transaction that changes what the
public reads). A stored response is served only while the version is still the same,
so a reader never gets a page from before the last publication, correction or
retraction, in any worker or process, with or without Redis: every process reads the
version from the same database, one small query per request.

A hit costs that query and, for a page this worker does not hold, one round trip to
Redis. Each worker keeps the pages it served last in memory (LOCAL_MAX_BYTES, least
recently used first out); pages are stored in Redis as bytes: a small JSON head, then
the body.

The key holds only what the response depends on, so that arbitrary headers cannot
fill the cache: not the Origin (the API answers CORS with `*` to everyone), not the
Accept header beyond the kind of format it asks for (HTML, CSV or anything else),
and the query parameters sorted (`?b=1&a=2` is `?a=2&b=1`). The scheme (HSTS) and the
host (refused with 400 outside ALLOWED_HOSTS, as on a miss) are in it.

The middleware comes first in MIDDLEWARE: a hit runs no other middleware. It stores
the response as the whole chain made it, with the headers every response must carry
(security, CSP, ETag, CORS, X-Frame-Options), and replays them. A conditional GET is
answered 304 from the stored ETag and Last-Modified, as the conditional-GET middleware
would. Requests the chain would redirect to HTTPS, and any request that could be
anyone's in particular (a session or messages cookie, an Authorization header), are
never served from the cache nor stored into it.

Redis is only a cache: if it refuses, times out or errs, the request is served as if
there were no cache (c5site.resilient_cache), with a warning in the log. If the
database cannot give the version, the request is answered the outage 503
(c5site.outage) at once rather than tried a second time below.

With read replicas the version is read from the primary (this middleware runs before
c5site.db_router's, which routes nothing yet), and a response is built from a replica only if
that replica has the same version: a page is never stored under a version its data lacks.

On by default only with a shared cache (REDIS_URL).
"""

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from .db_timeouts import public_statement_timeout
from .outage import DATABASE_ERRORS, outage_response

logger = logging.getLogger("c5site.cache")

PAGE_PREFIX = "c5site:page:"
LOCAL_MAX_BYTES = 32 * 1024 * 1024  # per worker
MAX_QUERY = 1000  # a longer query string is served, never stored
# Headers the security, CSP, clickjacking and CORS middleware put on every response, a 304 included.
ON_EVERY_RESPONSE = (
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security", "X-Frame-Options", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
    "Access-Control-Allow-Credentials",
)  # fmt: skip
CONDITIONAL_HEADERS = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}
# Headers a stored response does not replay: they are about one exchange, not the page.
UNCACHEABLE_HEADERS = {"x-cache", "set-cookie", "date", "connection", "keep-alive", "transfer-encoding"}
# The kinds of format an Accept header can ask for, in the order they are looked for.
ACCEPT_KINDS = ("text/html", "text/csv")  # else JSON on the API, HTML on pages


class _Local:
    """The pages this worker served last, in memory."""

    def __init__(self):
        self.local = OrderedDict()  # page key → (version, expires, status, headers, content)
        self.local_bytes = 0
        self.lock = threading.Lock()

    def remember(self, page_key, version, status, headers, content, timeout):
        if len(content) > LOCAL_MAX_BYTES // 4:
            return
        with self.lock:
            old = self.local.pop(page_key, None)
            if old is not None:
                self.local_bytes -= len(old[4])
            self.local[page_key] = (version, time.monotonic() + timeout, status, headers, content)
            self.local_bytes += len(content)
            while self.local_bytes > LOCAL_MAX_BYTES:
                self.local_bytes -= len(self.local.popitem(last=False)[1][4])

    def recall(self, page_key, version):
        """The page as this worker last stored or fetched it, if still current."""
        with self.lock:
            page = self.local.get(page_key)
            if page is None:
                return None
            if page[0] != version or page[1] < time.monotonic():
                self.local_bytes -= len(self.local.pop(page_key)[4])
                return None
            self.local.move_to_end(page_key)
            return page


class _DjangoStore(_Local):
    """Pages in the shared cache through Django's cache API (any backend: LocMem in tests)."""

    def __init__(self, cache):
        super().__init__()
        self.cache = cache

    def get_page(self, page_key):
        return self.cache.get(page_key)

    def set_page(self, page_key, value, timeout):
        self.cache.set(page_key, value, timeout)


class _RedisStore(_DjangoStore):
    """The same, as bytes through one redis-py client kept for the process (Django's backend
    builds a client per call and pickles every value; pages are bytes already). A failure
    raises CacheUnavailable, which the middleware takes as a miss."""

    def get_page(self, page_key):
        return self.cache.get_raw_many([page_key])[0]

    def set_page(self, page_key, value, timeout):
        self.cache.set_raw(page_key, value, timeout)


def _cache():
    return caches[settings.PUBLIC_CACHE_ALIAS]


def _store():
    from .resilient_cache import ResilientRedisCache  # noqa: PLC0415

    cache = _cache()
    store = cache.__dict__.get("_c5site_store")
    if store is None:
        store = _RedisStore(cache) if isinstance(cache, ResilientRedisCache) else _DjangoStore(cache)
        cache.__dict__["_c5site_store"] = store
    return store


def record_state(request):
    """What a stored response must have been made under to be served now: the record version and
    the time it was raised (so a database restored to an older version cannot meet pages stored
    under the same number later), read in one query. Kept on the request, where the API's
    headers read it too (events.api.views.record_state)."""
    state = import_string(settings.PUBLIC_CACHE_RECORD_STATE)()
    request._record_state = state
    version, changed_at = state
    return f"{version}:{changed_at.timestamp() if changed_at else ''}"


def accept_kind(meta):
    """What the Accept header asks for, as far as any view here can answer differently."""
    accept = meta.get("HTTP_ACCEPT", "")
    for kind in ACCEPT_KINDS:
        if kind in accept:
            return kind
    return ""


def _key(request):
    meta = request.META  # not request.headers: building that costs more than the rest of a hit
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    # get_host() also refuses a Host outside ALLOWED_HOSTS (400), as CommonMiddleware does on a miss.
    raw = f"{request.method}|{request.scheme}://{request.get_host()}{request.path}?{query}|{accept_kind(meta)}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def pack(version, response):
    """The head of a response as stored: its version, status and headers as a JSON line (the
    body follows), and the headers."""
    headers = [(k, v) for k, v in response.items() if k.lower() not in UNCACHEABLE_HEADERS]
    head = json.dumps([version, response.status_code, headers], separators=(",", ":")).encode()
    return head + b"\n", headers


def unpack(value):
    head, _, content = value.partition(b"\n")
    version, status, headers = json.loads(head)
    return version, status, headers, content


class PublicCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public URLs from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        if not settings.PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(tuple(settings.PUBLIC_CACHE_EXCLUDE)):
            return False
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return False  # the security middleware answers a redirect
        # Staff (and anyone logged in) may see previews, and a pending message is one
        # reader's: never serve or store their responses.
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
            return False
        return "HTTP_AUTHORIZATION" not in request.META

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        try:
            public_statement_timeout()  # the version read too: a hit reaches no other middleware
            version = record_state(request)
        except DATABASE_ERRORS as error:
            logger.error(
                "Database unavailable, answered 503 for %s %s: %s",
                request.method,
                request.path,
                str(error).strip().split("\n", 1)[0] or type(error).__name__,
            )
            return outage_response(request)
        store = _store()
        hit = self.lookup(store, key, version)
        if hit is not None:
            return self.replay(request, hit)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        ):
            head, headers = pack(version, response)
            try:
                store.set_page(key, head + response.content, settings.PUBLIC_CACHE_SECONDS)
            except Exception:  # noqa: BLE001 — the cache is an optimisation: without it, serve uncached
                logger.warning("Public cache unavailable; %s not stored", request.path, exc_info=True)
                return response
            store.remember(key, version, response.status_code, headers, response.content, settings.PUBLIC_CACHE_SECONDS)
            response.headers["X-Cache"] = "miss"
        return response

    @staticmethod
    def lookup(store, key, version):
        """The stored response for `key` if it is of `version` (None on a miss, or if the shared
        cache fails: the request is then served uncached)."""
        hit = store.recall(key, version)
        if hit is not None:
            return hit
        try:
            page = store.get_page(key)
        except Exception:  # noqa: BLE001
            logger.warning("Public cache unavailable; serving uncached", exc_info=True)
            return None
        if page is None:
            return None
        stored_version, status, headers, content = unpack(page)
        if stored_version != version:
            return None
        store.remember(key, version, status, headers, content, settings.PUBLIC_CACHE_SECONDS)
        return (version, None, status, headers, content)

    @staticmethod
    def replay(request, hit):
        _, _, status, headers, content = hit
        response = HttpResponse(content, status=status)
        # The headers were checked when the response was first made: install them as
        # they were (ResponseHeaders keeps {lower-case name: (name, value)}).
        response.headers._store = {name.lower(): (name, value) for name, value in headers}
        response.headers["X-Cache"] = "hit"
        if request.method == "GET" and CONDITIONAL_HEADERS.intersection(request.META):
            # What the conditional-GET middleware does below: 304 to a matching If-None-Match
            # or If-Modified-Since (412 to a failed If-Match or If-Unmodified-Since).
            answer = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
            if answer is not response:  # 304 (or 412): the middleware above would add these to it
                for name in ON_EVERY_RESPONSE:
                    if name in response and name not in answer:
                        answer.headers[name] = response.headers[name]
                answer.headers["X-Cache"] = "hit"
            return answer
        return response
