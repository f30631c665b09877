"""Whole-response caching of public pages and API responses, shared by all workers.

Each cached response is keyed on the URL (path and query) and on the record's
version: a number every write to the record raises (a publication, a correction, a
retraction, any edit). A reader therefore never gets a page from before the last
change, in any worker, without anything having to know which pages showed what.
Editorial writes are rare next to reads, so dropping everything on each is cheap.

On by default only with a shared cache (REDIS_URL): with a per-process cache, one
worker's write could not invalidate another's pages.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

VERSION_KEY = "c5site:record-version"
CACHEABLE_HEADERS = {
    "content-type",
    "etag",
    "last-modified",
    "cache-control",
    "content-language",
    "vary",
    "link",
    "access-control-allow-origin",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "content-security-policy",
    "cross-origin-opener-policy",
}


def _cache():
    return caches[settings.PUBLIC_CACHE_ALIAS]


def record_version():
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_record_version(**_signal_kwargs):
    """Invalidate every cached public response (connected to every write of the record)."""
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new value invalidates
        cache.set(VERSION_KEY, 2, timeout=None)


def _key(request, version):
    accept = request.headers.get("Accept", "")[:200]
    raw = f"{version}|{request.method}|{request.get_full_path()}|{accept}".encode()
    return "c5site:page:" + hashlib.sha256(raw).hexdigest()


class PublicCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public URLs from the shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        if not settings.PUBLIC_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return False
        if any(request.path.startswith(prefix) for prefix in settings.PUBLIC_CACHE_EXCLUDE):
            return False
        # Staff (and anyone logged in) may see previews: never cache their responses.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        key = _key(request, record_version())
        hit = cache.get(key)
        if hit is not None:
            status, content, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() in CACHEABLE_HEADERS]
            cache.set(key, (response.status_code, response.content, headers), settings.PUBLIC_CACHE_SECONDS)
            response.headers["X-Cache"] = "miss"
        return response
