"""The shared response cache never serves a page from before the last change to the record."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

from c5site.cache import record_version
from c5site.records import Status
from events.models import Meeting
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cache_urls")]
ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    caches["default"].clear()
    return settings


@pytest.fixture
def shared_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
    caches["default"].clear()
    yield settings
    caches["default"].clear()


def test_a_second_request_is_served_from_the_cache(cached, client):
    MeetingFactory(title="Astana ministerial")
    first = client.get("/titles/")
    second = client.get("/titles/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content == b"Astana ministerial"


@pytest.mark.parametrize("change", ["publish", "retract", "edit", "delete"])
def test_every_change_to_the_record_invalidates_the_cached_page(cached, client, change):
    meeting = MeetingFactory(title="Astana ministerial", status=Status.IN_REVIEW if change == "publish" else Status.PUBLISHED)
    client.get("/titles/")
    if change in ("publish", "retract"):
        # The workflow changes status with a queryset update inside a transaction that
        # also records the transition; a save of any record row invalidates.
        meeting.status = Status.PUBLISHED if change == "publish" else Status.RETRACTED
        meeting.save()
    elif change == "edit":
        meeting.title = "Samarkand ministerial"
        meeting.save()
    else:
        meeting.delete()
    response = client.get("/titles/")
    assert response["X-Cache"] == "miss"
    expected = {"publish": b"Astana ministerial", "retract": b"", "edit": b"Samarkand ministerial", "delete": b""}
    assert response.content == expected[change]


def test_logged_in_users_are_never_served_or_stored(cached, client, django_user_model):
    MeetingFactory(title="A")
    client.force_login(django_user_model.objects.create_user("editor", password="x" * 12))
    assert "X-Cache" not in client.get("/titles/")
    assert "X-Cache" not in client.get("/titles/")


def test_private_responses_are_not_stored(cached, client):
    assert client.get("/private/").content == b"0"
    assert "X-Cache" not in client.get("/private/")
    Meeting.objects.bulk_create([Meeting(title="B", slug="b", kind="ministerial")])  # no signal: only no-store shows it
    assert client.get("/private/").content == b"1"


def test_caching_is_off_without_a_shared_cache(settings, client):
    settings.PUBLIC_CACHE_SECONDS = 0
    MeetingFactory(title="A")
    assert "X-Cache" not in client.get("/titles/")


def test_a_write_in_another_process_invalidates_this_ones_pages(shared_cache, client):
    MeetingFactory(title="Astana ministerial")
    client.get("/titles/")
    assert client.get("/titles/")["X-Cache"] == "hit"
    before = record_version()
    env = {**os.environ, "REDIS_URL": REDIS, "DJANGO_SETTINGS_MODULE": "c5site.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from c5site.cache import bump_record_version; "
         "bump_record_version()"],
        cwd=ROOT, env=env, check=True, timeout=60,
    )
    assert record_version() > before  # raised (twice outside a transaction: now and "on commit")
    assert client.get("/titles/")["X-Cache"] == "miss"


def test_queryset_updates_are_invalidated_by_the_workflow_log(cached, client):
    """The workflow changes status with an update and writes a Transition row; the row invalidates."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    from events.models import Transition  # noqa: PLC0415

    meeting = MeetingFactory(title="Astana ministerial")
    client.get("/titles/")
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.RETRACTED)
    Transition.objects.create(content_type=ContentType.objects.get_for_model(Meeting), object_id=meeting.pk,
                              from_status=Status.PUBLISHED, to_status=Status.RETRACTED, comment="wrong")
    assert client.get("/titles/").content == b""
