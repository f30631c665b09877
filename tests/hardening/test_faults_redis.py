"""Redis is only ever a cache: refusing or frozen, it costs speed, never an answer or a save.

Each test points the cache at a Redis that is not there (a closed port) or frozen (a port that
accepts connections and never answers, as a SIGSTOPped redis-server does), and checks that the
public pages and the API answer 200, that an admin save commits, and that a frozen Redis costs
at most its timeout once, not once per call.
"""

import logging
import socket
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from c5site import resilient_cache
from events.models import Meeting
from tests.admin.conftest import cited_meeting, editor, form_data  # noqa: F401 — fixtures
from tests.factories import MeetingFactory, publish

pytestmark = pytest.mark.django_db
PUBLIC_URLS = ["/", "/meetings/", "/api/v1/meetings/", "/api/v1/meetings/?page_size=5"]


def use_redis(settings, location):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.REDIS_URL = location
    settings.CACHES = {
        "default": {
            "BACKEND": "c5site.resilient_cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def refusing_redis(settings):
    use_redis(settings, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    return settings


@pytest.fixture
def frozen_redis(settings):
    """A port whose connections the kernel accepts and nobody ever reads: a frozen Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    use_redis(settings, f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    yield settings
    listener.close()


@pytest.fixture
def published():
    return publish(MeetingFactory(title="Astana ministerial"))


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_and_the_api_answer_200_with_redis_refusing(refusing_redis, published, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response  # served uncached


def test_a_refusing_redis_is_logged_as_a_warning_and_the_api_is_not_throttled(
    refusing_redis, published, client, caplog, monkeypatch
):
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    refusing_redis.API_ANON_RATE = "2/hour"
    with caplog.at_level(logging.WARNING, logger="c5site.cache"):
        statuses = [client.get("/api/v1/meetings/").status_code for _ in range(4)]
    assert statuses == [200] * 4  # without the shared store there is nothing to count in
    warnings = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING  # once per pause, not per call


def test_a_frozen_redis_costs_one_short_timeout_then_nothing(frozen_redis, published, client):
    started = time.monotonic()
    first = client.get("/api/v1/meetings/")
    first_seconds = time.monotonic() - started
    started = time.monotonic()
    statuses = [client.get(url).status_code for url in PUBLIC_URLS]
    rest_seconds = time.monotonic() - started
    assert first.status_code == 200 and statuses == [200] * len(PUBLIC_URLS)
    assert first_seconds < 2.0, f"the first request took {first_seconds:.2f} s"
    assert rest_seconds < 0.25 * len(PUBLIC_URLS), f"the next {len(PUBLIC_URLS)} took {rest_seconds:.2f} s"


def test_the_cache_api_behaves_as_an_empty_cache_while_redis_is_down(refusing_redis):
    cache = caches["default"]
    cache.set("k", 1)
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.add("k", 1) is True and cache.delete("k") is False and cache.has_key("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_redis_coming_back_is_used_again_without_a_restart(settings, monkeypatch):
    use_redis(settings, "redis://127.0.0.1:1/0")
    down = caches["default"]
    down.get("k")
    assert not down.available()
    monkeypatch.setattr(resilient_cache, "DOWN_SECONDS", 0.0)
    monkeypatch.setattr(resilient_cache, "_down_until", {"redis://127.0.0.1:1/0": time.monotonic()})
    assert down.available()  # asked again at the next call


def test_an_admin_save_commits_with_redis_down(refusing_redis, client, editor, cited_meeting):  # noqa: F811
    client.force_login(editor)
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    data = form_data(client.get(url))
    data["summary"] = "Saved while Redis was down."
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get(pk=cited_meeting.pk).summary == "Saved while Redis was down."


def test_an_admin_save_commits_with_redis_frozen(frozen_redis, client, editor, cited_meeting):  # noqa: F811
    client.force_login(editor)
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    data = form_data(client.get(url))
    data["summary"] = "Saved while Redis was frozen."
    started = time.monotonic()
    assert client.post(url, data).status_code == 302
    assert time.monotonic() - started < 3.0
    assert Meeting.objects.get(pk=cited_meeting.pk).summary == "Saved while Redis was frozen."


def test_a_publication_is_seen_at_once_with_redis_down(refusing_redis, published, client):
    assert [m["title"] for m in client.get("/api/v1/meetings/").json()["results"]] == ["Astana ministerial"]
    publish(MeetingFactory(title="Bishkek summit"))
    titles = {m["title"] for m in client.get("/api/v1/meetings/").json()["results"]}
    assert titles == {"Astana ministerial", "Bishkek summit"}
