"""A response served from the shared cache is the response the whole chain would make.

The cache middleware comes first (a hit runs no other middleware), so these check
that a hit carries the same headers as a miss, that what those headers depend on
(Host, scheme) is in the key and what they do not (Origin) is not, that conditional GETs, HTTPS redirects and
authenticated requests are still handled, and that a failing Redis only costs speed.
"""

import pytest
from django.conf import settings as live_settings
from django.core.cache import caches

from c5site import cache as public_cache
from tests.factories import MeetingFactory, publish

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/14"  # test_cache.py uses 15; xdist may run both files at once
URL = "/api/v1/meetings/?page_size=5"
REPLAYED = [
    "Content-Type",
    "Content-Length",
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Link",
    "X-Total-Count",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Strict-Transport-Security",
]


@pytest.fixture(params=["locmem", "redis"])
def cached(request, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.API_ANON_RATE = ""
    if request.param == "redis":
        settings.CACHES = {"default": {"BACKEND": "c5site.resilient_cache.ResilientRedisCache", "LOCATION": REDIS}}
    caches["default"].clear()
    publish(*MeetingFactory.create_batch(3))
    yield settings
    caches["default"].clear()


def headers_of(response):
    return {name: response.get(name) for name in REPLAYED}


def test_the_cache_comes_before_every_other_middleware():
    assert live_settings.MIDDLEWARE[0] == "c5site.cache.PublicCacheMiddleware"


@pytest.mark.parametrize("origin", [None, "https://other.example"])
def test_a_hit_carries_the_same_headers_and_body_as_the_miss(cached, client, origin):
    extra = {"HTTP_ORIGIN": origin} if origin else {}
    miss = client.get(URL, **extra)
    hit = client.get(URL, **extra)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content
    assert headers_of(hit) == headers_of(miss)
    assert hit["Content-Security-Policy"] and hit["X-Frame-Options"] == "DENY" and hit["ETag"]
    assert hit["X-Total-Count"] == "3"
    assert hit["Access-Control-Allow-Origin"] == "*" and "origin" not in hit["Vary"].lower()


def test_the_origin_is_not_part_of_the_key(cached, client):
    client.get(URL)
    with_origin = client.get(URL, HTTP_ORIGIN="https://other.example")
    assert with_origin["X-Cache"] == "hit" and with_origin["Access-Control-Allow-Origin"] == "*"
    assert client.get(URL)["Access-Control-Allow-Origin"] == "*"


def test_https_gets_its_own_entry_with_hsts(cached, client):
    cached.SECURE_HSTS_SECONDS = 3600
    client.get(URL)
    assert "Strict-Transport-Security" not in client.get(URL)
    secure = client.get(URL, secure=True)
    assert secure["X-Cache"] == "miss" and secure["Strict-Transport-Security"].startswith("max-age=3600")
    assert client.get(URL, secure=True)["Strict-Transport-Security"].startswith("max-age=3600")


def test_each_host_gets_its_own_entry(cached, client):
    cached.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    first = client.get(URL)
    other = client.get(URL, HTTP_HOST="mirror.example")
    assert other["X-Cache"] == "miss"
    assert b"http://mirror.example/" in other.content and b"http://mirror.example/" not in first.content


def test_a_host_outside_allowed_hosts_is_refused_even_when_cached(cached, client):
    client.get(URL)
    client.raise_request_exception = False  # DisallowedHost, as without the cache
    refused = client.get(URL, HTTP_HOST="evil.example")
    assert refused.status_code >= 400 and "X-Cache" not in refused
    cached.PUBLIC_CACHE_SECONDS = 0
    assert client.get(URL, HTTP_HOST="evil.example").status_code == refused.status_code


def test_a_conditional_get_is_answered_304_from_the_cache(cached, client):
    miss = client.get(URL)
    assert client.get(URL)["X-Cache"] == "hit"
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=miss["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b"" and not_modified["ETag"] == miss["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=miss["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.parametrize("url", [URL, "/meetings/"])
def test_a_304_from_the_cache_carries_the_headers_of_a_304_from_the_chain(cached, client, url):
    origin = {"HTTP_ORIGIN": "https://other.example"}
    cached.PUBLIC_CACHE_SECONDS = 0
    etag = client.get(url, **origin)["ETag"]
    from_chain = client.get(url, HTTP_IF_NONE_MATCH=etag, **origin)
    cached.PUBLIC_CACHE_SECONDS = 60
    client.get(url, **origin)
    from_cache = client.get(url, HTTP_IF_NONE_MATCH=etag, **origin)
    assert (from_chain.status_code, from_cache.status_code, from_cache["X-Cache"]) == (304, 304, "hit")
    expected = {name: value for name, value in from_chain.items() if name != "Content-Length"}
    assert {name: from_cache.get(name) for name in expected} == expected


def test_head_is_served_from_the_cache(cached, client):
    assert client.head(URL)["X-Cache"] == "miss"
    head = client.head(URL)
    assert head["X-Cache"] == "hit" and head.content == b"" and head["Content-Security-Policy"]


def test_http_is_still_redirected_to_https(cached, client):
    cached.SECURE_SSL_REDIRECT = True  # read when the middleware is loaded, on the first request
    client.get(URL, secure=True)
    response = client.get(URL)
    assert response.status_code == 301 and "X-Cache" not in response
    assert client.get(URL, secure=True)["X-Cache"] == "hit"


@pytest.mark.parametrize("credential", ["authorization", "messages"])
def test_requests_that_may_be_personal_are_not_served_or_stored(cached, client, credential):
    client.get(URL)
    if credential == "authorization":
        response = client.get(URL, HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=")
    else:
        client.cookies["messages"] = "x"
        response = client.get(URL)
    assert "X-Cache" not in response


def test_the_memory_copy_is_bounded(cached, client, monkeypatch):
    monkeypatch.setattr(public_cache, "LOCAL_MAX_BYTES", 4 * 1024 * 1024)
    store = public_cache._store()
    for n in range(6):
        store.remember(f"page-{n}", 1, 200, [], b"x" * (900 * 1024), 60)
    assert store.local_bytes <= public_cache.LOCAL_MAX_BYTES
    assert list(store.local)[-1] == "page-5" and "page-0" not in store.local
    assert store.recall("page-5", 2) is None and "page-5" not in store.local  # another version: dropped
    assert store.local_bytes == sum(len(page[4]) for page in store.local.values())
