"""Fixtures of the search tests: the demo corpus loaded once for a module's many queries."""

import pytest
from django.db import transaction

from events.demo.loader import load_demo


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo corpus, loaded once for the module and rolled back after its last test; each test
    still runs in its own transaction inside (use with `db`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once, db):
    """The demo corpus (loaded once per module; each test's changes rolled back)."""
