"""Caching by a shared cache in front of the site (Varnish, a CDN): the headers, and the purges.

Every public, anonymous, cacheable response — a GET or HEAD without a session, messages cookie or
Authorization header, answered 200 (or 304), setting no cookie, not marked private, no-cache or
no-store, outside PUBLIC_CACHE_EXCLUDE (the admin, static files, the API docs) and not streamed
(bulk files are rebuilt after a publication, not at its commit) — leaves with

    Cache-Control: public, max-age=<PAGE_MAX_AGE, or the API's own>, s-maxage=<SURROGATE_MAX_AGE>
    Surrogate-Key: <the records it shows> all

Browsers ask again each time for a page (max-age 0: a correction is seen at once; the ETag makes it
a 304) and keep the API's answers briefly; a shared cache keeps them for s-maxage, which is long
(SURROGATE_MAX_AGE, a day) only where publications purge it (SURROGATE_PURGE_URLS), else no longer
than its max-age. Anything else (errors, 503s, logged-in users, the admin) gets no s-maxage and no keys.

Views name the records a response shows with `add_surrogate_keys(response, *keys)` (key names come
from events.published.keys); a response that names none is a list (`list`), purged by every
publication. A header that would exceed MAX_HEADER falls back to `list` as well: always correct,
only purged more often.

`purge(keys)` sends `PURGE` with a `Surrogate-Key: <keys>` header to each of SURROGATE_PURGE_URLS,
within SURROGATE_PURGE_TIMEOUT seconds each; a failure is logged, never raised. The events app calls
it once each publishing transaction has committed (events.published.publish.record_changed), and
`purge_later()` sends the same purge again SURROGATE_PURGE_REPEAT seconds later: a request that read
the record before the commit may reach the cache after the first purge (a ban applies only to what
is cached when it arrives), and no public request runs longer than its statement timeout.
"""

import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger("c5site.surrogate")

# The caches are addressed directly, never through a proxy named in the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

LIST = "list"
ALL = "all"
MAX_HEADER = 8000  # bytes of Surrogate-Key; proxies commonly refuse headers over 8 KB
UNCACHEABLE = ("private", "no-store", "no-cache")


def add_surrogate_keys(response, *keys):
    """Name the published records `response` shows (their keys: events.published.keys.key())."""
    existing = getattr(response, "surrogate_keys", None)
    response.surrogate_keys = (existing or set()) | {k for k in keys if k}
    return response


def anonymous(request):
    """Whether the request could be anyone's: no session or messages cookie, no Authorization."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies


def cacheable(request, response):
    if response.status_code not in (200, 304) or response.streaming or response.cookies:
        return False
    if request.path.startswith(tuple(settings.PUBLIC_CACHE_EXCLUDE)) or not anonymous(request):
        return False
    control = response.get("Cache-Control", "")
    return not any(word in control for word in UNCACHEABLE)


def header(keys):
    """The Surrogate-Key value: the keys sorted, then `all`; `list all` where it would be too long."""
    value = " ".join([*sorted(set(keys) - {ALL}), ALL])
    if len(value) > MAX_HEADER:
        return f"{LIST} {ALL}"
    return value


def max_age(control):
    for part in control.split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return None


class SurrogateMiddleware:
    """Cache-Control with s-maxage and Surrogate-Key on public, anonymous, cacheable responses. Second in
    MIDDLEWARE, just below the response cache, which then stores and replays these headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not cacheable(request, response):
            if "Surrogate-Key" in response:
                del response["Surrogate-Key"]
            return response
        browser = max_age(response.get("Cache-Control", ""))
        browser = settings.PAGE_MAX_AGE if browser is None else browser
        shared = browser if settings.SURROGATE_MAX_AGE is None else settings.SURROGATE_MAX_AGE
        response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"
        if response.status_code == 200:  # a 304 updates a kept copy, whose keys stand
            response["Surrogate-Key"] = header(getattr(response, "surrogate_keys", None) or {LIST})
        return response


def purge(keys):
    """Ask each of SURROGATE_PURGE_URLS to drop what is filed under `keys`. Returns the number of
    caches that answered 2xx; never raises, and takes at most SURROGATE_PURGE_TIMEOUT per URL."""
    urls = settings.SURROGATE_PURGE_URLS
    if not urls or not keys:
        return 0
    value = " ".join(sorted(set(keys)))
    if ALL in keys or len(value) > MAX_HEADER:
        value = ALL
    done = 0
    for url in urls:
        request = urllib.request.Request(url, method="PURGE", headers={"Surrogate-Key": value})
        try:
            with _opener.open(request, timeout=settings.SURROGATE_PURGE_TIMEOUT) as answer:
                answer.read(1024)
            done += 1
        except urllib.error.HTTPError as error:
            logger.warning("Purge of %s refused by %s: %s %s", value[:200], url, error.code, error.reason)
        except Exception as error:  # noqa: BLE001 — the publication has committed: a failed purge is logged
            logger.warning("Purge of %s at %s failed: %s", value[:200], url, error)
    return done


def purge_later(keys):
    """purge(keys) again in SURROGATE_PURGE_REPEAT seconds, from a daemon thread (none if 0 or no URLs)."""
    if not settings.SURROGATE_PURGE_URLS or not keys or settings.SURROGATE_PURGE_REPEAT <= 0:
        return None
    timer = threading.Timer(settings.SURROGATE_PURGE_REPEAT, purge, [frozenset(keys)])
    timer.daemon = True
    timer.start()
    return timer
