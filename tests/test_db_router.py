"""Where reads go with read replicas configured (c5site/db_router.py), without a real replica:
the replicas' record states are made up. tests/hardening/test_replica.py runs a real one."""

import logging
import threading

import pytest
from django.db import router
from django.db.utils import OperationalError, ProgrammingError
from django.http import HttpResponse
from django.test import RequestFactory

from c5site import db_router
from events.models import Meeting, RecordVersion

CURRENT = (7, None)


@pytest.fixture
def replicas(settings, monkeypatch):
    """Two replicas, both at the primary's record state unless a test changes `states`."""
    settings.DATABASE_REPLICAS = ["replica1", "replica2"]
    states = {"default": CURRENT, "replica1": CURRENT, "replica2": CURRENT}
    reads = []

    def record_state(using):
        reads.append(using)
        if isinstance(states[using], Exception):
            raise states[using]
        return states[using]

    monkeypatch.setattr(db_router, "record_state", record_state)
    monkeypatch.setattr(db_router, "_down_until", {})
    monkeypatch.setattr(router, "routers", [db_router.ReplicaRouter()])
    return states, reads


def reads_from(request):
    """The database a model read goes to while the middleware handles `request`."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Meeting))
        seen.append(router.db_for_write(Meeting))
        return HttpResponse()

    db_router.ReplicaMiddleware(view)(request)
    read, write = seen
    assert write == "default"
    return read


factory = RequestFactory()


def test_a_public_get_reads_from_a_replica_for_the_whole_request(replicas):
    assert reads_from(factory.get("/meetings/")) in {"replica1", "replica2"}
    assert reads_from(factory.head("/api/v1/meetings/")) in {"replica1", "replica2"}
    seen = []

    def view(request):
        seen.extend(router.db_for_read(model) for model in (Meeting, RecordVersion, Meeting))
        return HttpResponse()

    db_router.ReplicaMiddleware(view)(factory.get("/people/"))
    assert len(set(seen)) == 1 and seen[0] != "default"
    assert router.db_for_read(Meeting) == "default"  # after the request


@pytest.mark.parametrize(
    "request_",
    [
        factory.post("/meetings/"),
        factory.get("/admin/events/meeting/"),
        factory.get("/admin/events/meeting/1/desk/"),
        factory.get("/meetings/", HTTP_COOKIE="sessionid=abc"),
        factory.get("/meetings/", HTTP_COOKIE="messages=abc"),
        factory.get("/api/v1/meetings/", HTTP_AUTHORIZATION="Token abc"),
    ],
    ids=["post", "admin", "desk", "logged-in", "message", "authorization"],
)
def test_writes_the_admin_and_anyone_logged_in_read_the_primary(replicas, request_):
    _, reads = replicas
    assert reads_from(request_) == "default"
    assert reads == []  # not even a replica's version is read


def test_outside_a_request_everything_is_on_the_primary(replicas):
    # Management commands, migrations, the publishing path called from them.
    assert router.db_for_read(Meeting) == router.db_for_write(Meeting) == "default"
    assert db_router.ReplicaRouter().allow_migrate("default", "events")
    assert not db_router.ReplicaRouter().allow_migrate("replica1", "events")


def test_another_thread_is_not_routed_by_this_request(replicas):
    other = []

    def view(request):
        thread = threading.Thread(target=lambda: other.append(router.db_for_read(Meeting)))
        thread.start()
        thread.join()
        return HttpResponse()

    db_router.ReplicaMiddleware(view)(factory.get("/meetings/"))
    assert other == ["default"]


@pytest.mark.parametrize("state", [(6, None), (8, None)], ids=["behind", "ahead"])
def test_a_replica_not_at_the_primarys_record_state_is_not_read(replicas, state, caplog):
    states, _ = replicas
    states["replica1"] = states["replica2"] = state
    with caplog.at_level(logging.INFO, logger="c5site.db_router"):
        assert reads_from(factory.get("/meetings/")) == "default"
    assert "reading from the primary" in caplog.text


def test_the_state_the_cache_keyed_the_request_on_is_the_one_compared(replicas):
    """The cache middleware read the primary's state (and stores the response under it): a replica is used
    only if it has that state, and the primary is not read again."""
    states, reads = replicas
    request = factory.get("/meetings/")
    request._record_state = (6, None)  # read from the primary just before a publication
    assert reads_from(request) == "default"  # the replicas already have 7: newer than the key
    request = factory.get("/meetings/")
    request._record_state = CURRENT
    assert reads_from(request) in {"replica1", "replica2"}
    assert "default" not in reads


@pytest.mark.parametrize(
    "error", [OperationalError("connection refused"), ProgrammingError('relation "events_recordversion" does not exist')]
)
def test_a_replica_that_fails_is_skipped_for_a_while_with_a_warning(replicas, caplog, monkeypatch, error):
    states, reads = replicas
    states["replica1"] = states["replica2"] = error
    with caplog.at_level(logging.WARNING, logger="c5site.db_router"):
        assert reads_from(factory.get("/meetings/")) == "default"
        assert reads_from(factory.get("/meetings/")) == "default"
        assert reads_from(factory.get("/meetings/")) == "default"
    assert f"unavailable ({error}); reading from the primary for 5 s" in caplog.text
    assert len([r for r in reads if r != "default"]) == 2  # each replica tried once, then left alone
    states["replica1"] = states["replica2"] = CURRENT
    monkeypatch.setattr(db_router, "_down_until", {})  # RETRY_SECONDS later
    assert reads_from(factory.get("/meetings/")) in {"replica1", "replica2"}


def test_without_replicas_there_is_no_router_and_no_middleware(settings):
    """The suite runs with DATABASE_REPLICA_URLS unset (tests/test_settings.py starts Django with it set)."""
    assert settings.DATABASE_REPLICAS == [] and settings.DATABASE_ROUTERS == []
    assert "c5site.db_router.ReplicaMiddleware" not in settings.MIDDLEWARE
    assert list(settings.DATABASES) == ["default"]
