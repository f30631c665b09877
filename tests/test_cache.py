"""The shared response cache never serves a page from before the last change to the published record.

The version that keys it is a row in the database (events.published.publish.record_version()), so
every process agrees on it, with or without Redis, and only a change to what the public reads (a
publication, a correction, a retraction) makes cached pages stale.
"""

import pytest
from django.core.cache import caches
from django.db.models import F

from events.models import Meeting, RecordVersion
from events.published import publish as publishing
from events.published.publish import record_version
from tests.factories import MeetingFactory, publish

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/15"
URL = "/api/v1/meetings/?page_size=5"


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.API_ANON_RATE = ""
    caches["default"].clear()
    return settings


@pytest.fixture
def shared_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.API_ANON_RATE = ""
    settings.CACHES = {"default": {"BACKEND": "c5site.resilient_cache.ResilientRedisCache", "LOCATION": REDIS}}
    caches["default"].clear()
    yield settings
    caches["default"].clear()


def titles(response):
    return [meeting["title"] for meeting in response.json()["results"]]


def test_a_second_request_is_served_from_the_cache(cached, client):
    publish(MeetingFactory(title="Astana ministerial"))
    first = client.get(URL)
    second = client.get(URL)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content and titles(second) == ["Astana ministerial"]


def test_the_cache_is_keyed_on_the_version_in_the_database(cached, client):
    publish(MeetingFactory(title="Astana ministerial"))
    assert record_version() == publishing.record_version() > 0


@pytest.mark.parametrize("change", ["publish", "correct", "retract"])
def test_every_change_to_the_published_record_invalidates_the_cached_page(cached, client, change):
    meeting = publish(MeetingFactory(title="Astana ministerial"))
    client.get(URL)
    assert client.get(URL)["X-Cache"] == "hit"
    if change == "publish":
        publish(MeetingFactory(title="Bishkek summit"))
    elif change == "correct":
        Meeting.objects.filter(pk=meeting.pk).update(title="Samarkand ministerial")
        publishing.publish(Meeting.objects.get(pk=meeting.pk), note="Corrected the title.")
    else:
        publishing.retract(meeting, reason="Not a C5+1 meeting.")
    response = client.get(URL)
    assert response["X-Cache"] == "miss"
    expected = {"publish": {"Astana ministerial", "Bishkek summit"}, "correct": {"Samarkand ministerial"}, "retract": set()}
    assert set(titles(response)) == expected[change]


def test_an_edit_that_is_not_published_keeps_the_cached_page(cached, client):
    meeting = publish(MeetingFactory(title="Astana ministerial"))
    client.get(URL)
    meeting.title = "A draft title"
    meeting.save()
    response = client.get(URL)
    assert response["X-Cache"] == "hit" and titles(response) == ["Astana ministerial"]


def test_logged_in_users_are_never_served_or_stored(cached, client, django_user_model):
    publish(MeetingFactory(title="A"))
    client.force_login(django_user_model.objects.create_user("editor", password="x" * 12))
    assert "X-Cache" not in client.get(URL)
    assert "X-Cache" not in client.get(URL)


@pytest.mark.urls("tests.cache_urls")
def test_private_responses_are_not_stored(cached, client):
    assert client.get("/private/").content == b"0"
    assert "X-Cache" not in client.get("/private/")
    Meeting.objects.bulk_create([Meeting(title="B", slug="b", kind="ministerial")])  # no signal: only no-store shows it
    assert client.get("/private/").content == b"1"


def test_caching_is_off_without_a_shared_cache(settings, client):
    settings.PUBLIC_CACHE_SECONDS = 0
    publish(MeetingFactory(title="A"))
    assert "X-Cache" not in client.get(URL)


@pytest.mark.redis
def test_a_publication_by_another_process_invalidates_this_ones_pages(shared_cache, client):
    """Another process (a management command without REDIS_URL, another server) changes only the
    database row: this process's next request reads it and does not serve the stored page."""
    publish(MeetingFactory(title="Astana ministerial"))
    client.get(URL)
    assert client.get(URL)["X-Cache"] == "hit"
    RecordVersion.objects.filter(pk=1).update(version=F("version") + 1)  # what the other process commits
    assert client.get(URL)["X-Cache"] == "miss"


@pytest.mark.redis
def test_emptying_redis_never_brings_back_an_older_page(shared_cache, client):
    publish(MeetingFactory(title="Astana ministerial"))
    client.get(URL)
    assert client.get(URL)["X-Cache"] == "hit"  # now also held in this worker's memory
    caches["default"].clear()  # Redis emptied (a restart): the version lives on in the database
    publish(MeetingFactory(title="Bishkek summit"))
    response = client.get(URL)
    assert response["X-Cache"] == "miss" and response["X-Total-Count"] == "2"


@pytest.mark.parametrize("query", ["page_size=5&ordering=date", "ordering=date&page_size=5"])
def test_the_query_parameters_are_keyed_in_sorted_order(cached, client, query):
    publish(MeetingFactory(title="A"))
    client.get("/api/v1/meetings/?page_size=5&ordering=date")
    response = client.get(f"/api/v1/meetings/?{query}")
    assert response.status_code == 200 and response["X-Cache"] == "hit"


def test_distinct_origin_and_accept_headers_share_one_entry(cached, client):
    publish(MeetingFactory(title="A"))
    client.get(URL)
    keys = len(caches["default"]._cache)
    for n in range(20):
        response = client.get(URL, HTTP_ORIGIN=f"https://site{n}.example", HTTP_ACCEPT=f"application/json; q=0.{n % 9 + 1}")
        assert response["X-Cache"] == "hit" and response["Access-Control-Allow-Origin"] == "*"
    assert len(caches["default"]._cache) == keys
