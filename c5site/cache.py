"""Whole-response caching of public pages and API responses, shared by all workers.

Each cached response is stored under its URL (scheme, host, path and query), method
and Accept header, together with the record's version when it was made: a number
every write to the record raises (a publication, a correction, a retraction, any
edit). A stored response is served only while the version is still the same, so a
reader never gets a page from before the last change, in any worker, without
anything having to know which pages showed what. Editorial writes are rare next to
reads, so dropping everything on each is cheap.

A hit costs one round trip to Redis and no pickling. Each worker keeps the pages it
served last in memory (LOCAL_MAX_BYTES, least recently used first out) and asks
Redis only for the version; a page it does not hold comes in the same round trip
(MGET of the version and the page), stored as bytes: a small JSON head, then the
body. The version is checked against Redis on every request, so the copy in memory
is served only while it is current. A version starts from the clock (in
microseconds), not from 1, so one set after Redis was emptied can never equal one
a stored page carries.

The middleware comes first in MIDDLEWARE: a hit runs no other middleware. It
stores the response as the whole chain made it, with the headers every response
must carry (security, CSP, ETag, CORS, X-Frame-Options), and replays them. What
those headers depend on is in the key: the scheme (HSTS), the host (refused with
400 outside ALLOWED_HOSTS, as on a miss) and the Origin (CORS). A conditional GET
is answered 304 from the stored ETag and Last-Modified, as the conditional-GET
middleware would. Requests the chain would redirect to HTTPS, and any request that
could be anyone's in particular (a session or messages cookie, an Authorization
header), are never served from the cache nor stored into it. If Redis fails, the
request is served as if there were no cache.

On by default only with a shared cache (REDIS_URL): with a per-process cache, one
worker's write could not invalidate another's pages.
"""

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

logger = logging.getLogger("c5site.cache")

VERSION_KEY = "c5site:record-version"
PAGE_PREFIX = "c5site:page:"
LOCAL_MAX_BYTES = 32 * 1024 * 1024  # per worker
# Headers the security, CSP, clickjacking and CORS middleware put on every response, a 304 included.
ON_EVERY_RESPONSE = (
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security", "X-Frame-Options", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
    "Access-Control-Allow-Credentials",
)  # fmt: skip
CONDITIONAL_HEADERS = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}
# Headers a stored response does not replay: they are about one exchange, not the page.
UNCACHEABLE_HEADERS = {"x-cache", "set-cookie", "date", "connection", "keep-alive", "transfer-encoding"}


def new_version():
    """A version no earlier one can equal, even after the shared cache was emptied."""
    return time.time_ns() // 1000


class _DjangoStore:
    """The public cache through Django's cache API (any backend: LocMem in tests)."""

    def __init__(self, cache):
        self.cache = cache
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

    def holds(self, page_key):
        return page_key in self.local

    def get_version_and_page(self, page_key):
        values = self.cache.get_many([VERSION_KEY, page_key])
        return values.get(VERSION_KEY), values.get(page_key)

    def version(self):
        return self.cache.get(VERSION_KEY)

    def set_page(self, page_key, value, timeout):
        self.cache.set(page_key, value, timeout)

    def init_version(self):
        version = new_version()
        self.cache.add(VERSION_KEY, version, timeout=None)
        return self.cache.get(VERSION_KEY, version)


class _RedisStore(_DjangoStore):
    """The same, straight through one redis-py client kept for the process.

    Django's Redis backend builds a new client object for every call (about a
    millisecond of CPU each) and pickles every value; pages are bytes already.
    Keys are made by the Django cache, so the version stays the one that
    `cache.incr()` raises and `cache.clear()` drops."""

    def __init__(self, cache):
        super().__init__(cache)
        self.client = cache._cache.get_client(write=True)
        self.version_key = cache.make_and_validate_key(VERSION_KEY)

    def get_version_and_page(self, page_key):
        version, page = self.client.mget([self.version_key, self.cache.make_and_validate_key(page_key)])
        return (None if version is None else int(version)), page

    def version(self):
        version = self.client.get(self.version_key)
        return None if version is None else int(version)

    def set_page(self, page_key, value, timeout):
        self.client.set(self.cache.make_and_validate_key(page_key), value, ex=timeout)


def _cache():
    return caches[settings.PUBLIC_CACHE_ALIAS]


def _store():
    cache = _cache()
    store = cache.__dict__.get("_c5site_store")
    if store is None:
        # Only Django's own Redis backend is known to store what redis-py sets as is.
        store = _RedisStore(cache) if type(cache) is RedisCache else _DjangoStore(cache)
        cache.__dict__["_c5site_store"] = store
    return store


def record_version():
    store = _store()
    version = store.version()
    return store.init_version() if version is None else version


def bump_record_version(**_signal_kwargs):
    """Invalidate every cached public response (connected to every write of the record).

    Raised at once and again when the writer's transaction commits: between the two, a
    reader still sees the old rows and could store them under the first new version."""
    _bump()
    transaction.on_commit(_bump)


def _bump():
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new value invalidates
        cache.set(VERSION_KEY, new_version(), timeout=None)


def _key(request):
    meta = request.META  # not request.headers: building that costs more than the rest of a hit
    accept = meta.get("HTTP_ACCEPT", "")[:200]
    origin = meta.get("HTTP_ORIGIN", "")[:200]
    # get_host() also refuses a Host outside ALLOWED_HOSTS (400), as CommonMiddleware does on a miss.
    raw = f"{request.method}|{request.scheme}://{request.get_host()}{request.get_full_path()}|{accept}|{origin}"
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
            store = _store()
            version, hit = self.lookup(store, key)
        except Exception:  # noqa: BLE001 — the cache is an optimisation: without it, serve uncached
            logger.exception("Public cache unavailable; serving %s uncached", request.path)
            return self.get_response(request)
        if hit is not None:
            return self.replay(request, hit)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        ):
            head, headers = pack(version, response)
            try:
                store.set_page(key, head + response.content, settings.PUBLIC_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.exception("Public cache unavailable; %s not stored", request.path)
                return response
            store.remember(key, version, response.status_code, headers, response.content, settings.PUBLIC_CACHE_SECONDS)
            response.headers["X-Cache"] = "miss"
        return response

    @staticmethod
    def lookup(store, key):
        """The record's version, and the stored response for `key` if it is of that version."""
        if store.holds(key):
            version, page = store.version(), None
        else:
            version, page = store.get_version_and_page(key)
        if version is None:
            return store.init_version(), None
        hit = store.recall(key, version)
        if hit is None and page is not None:
            stored_version, status, headers, content = unpack(page)
            if stored_version == version:
                hit = (version, None, status, headers, content)
                store.remember(key, version, status, headers, content, settings.PUBLIC_CACHE_SECONDS)
        return version, hit

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
