"""A worker's long-lived objects are frozen out of full collections: once at load, once settled."""

import gc

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from c5site import gc_freeze


@pytest.fixture
def requests_end_without_the_database():
    """request_finished without Django's own receiver, which closes database connections (none here)."""
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)


def test_the_objects_alive_are_frozen_now_and_again_after_the_first_requests(requests_end_without_the_database):
    try:
        gc.unfreeze()
        counter = gc_freeze.freeze_when_settled(requests=3)
        at_load = gc.get_freeze_count()
        assert at_load > 1000
        settled = [object() for _ in range(10)] + [{"a": [1]} for _ in range(5000)]  # a cache filled later
        for _ in range(2):
            request_finished.send(sender=None)
        assert gc.get_freeze_count() <= at_load  # not frozen again yet (a frozen object may have been freed)
        request_finished.send(sender=None)
        assert gc.get_freeze_count() >= at_load + 5000
        assert not request_finished.disconnect(counter)  # once only: already disconnected
        assert settled
    finally:
        gc.unfreeze()


def test_garbage_is_collected_before_freezing():
    try:
        gc.unfreeze()
        gc.disable()
        cycle = []
        cycle.append(cycle)
        marker = id(cycle)
        del cycle
        gc_freeze.freeze()
        assert all(id(obj) != marker for obj in gc.get_objects(generation=None))
    finally:
        gc.enable()
        gc.unfreeze()
