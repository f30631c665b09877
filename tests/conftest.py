import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection, transaction

from events.demo.loader import load_demo

# CI sets this: a test that needs a service or the browser then fails where it would be skipped.
REQUIRE_ALL = os.environ.get("C5SITE_REQUIRE_ALL_TESTS") == "1"


def _missing(marker):
    """Why a test with `marker` cannot run here, or "" where it can."""
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: run with DATABASE_URL=postgres://…"
    if marker == "browser" and not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        return "needs Debian's Chromium (apt install chromium); no browser is ever downloaded"
    if marker == "varnish" and not shutil.which("varnishd", path=f"{os.environ.get('PATH', '')}:/usr/sbin"):
        return "needs Debian's Varnish (apt install varnish): the test starts its own varnishd"
    if marker == "redis":
        address = urlparse(getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379")
        try:
            socket.create_connection((address.hostname, address.port or 6379), timeout=0.5).close()
        except OSError:
            return f"needs Redis at {address.hostname}:{address.port or 6379}"
    return ""


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture, module-scoped ones included: a transactional test's flush may have given
    # the content types new ids, and the cached ones would then break foreign keys.
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415 — after Django's setup

    ContentType.objects.clear_cache()
    # The module's demo transaction is open only for tests that read it inside (see _ModuleDemo).
    wanted = _ModuleDemo.wanted = _wants_module_demo(item)
    state = _ModuleDemo.current
    if state is not None and (not wanted or not _connected()):
        state.close()
    for marker in ("postgres", "browser", "redis", "varnish"):
        if item.get_closest_marker(marker) and (reason := _missing(marker)):
            # A PostgreSQL test skips on the SQLite run, CI's too: CI's PostgreSQL run runs it.
            if REQUIRE_ALL and marker != "postgres":
                pytest.fail(f"{reason} (C5SITE_REQUIRE_ALL_TESTS=1: nothing may be skipped)")
            pytest.skip(reason)
    if state is not None and wanted:
        state.open()


def _transactional(item):
    """Whether `item` runs outside a test transaction (its writes commit; a live server reads them)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


def _wants_module_demo(item):
    return "demo" in getattr(item, "fixturenames", ()) and not _transactional(item)


def _connected():
    raw = connection.connection
    return raw is not None and not getattr(raw, "closed", False)


class _ModuleDemo:
    """The demo corpus loaded once, in a transaction open across a module's tests and rolled back after.

    Each test still runs in a transaction (a savepoint) of its own inside it, so what a test writes is
    rolled back before the next one. The transaction is open only across consecutive tests that ask
    for `demo`: before any other test of the module it is rolled back (that test sees an empty record,
    as it would alone), and it is opened again for the next test that asks.
    """

    current = None  # the module's, while its fixture is set up
    wanted = False  # whether the test being set up reads it

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.counts = None

    def open(self):
        if self.atomic is None:
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                _seed_roles()  # as _editorial_roles does before a test's own load
                self.counts = load_demo()

    def close(self):
        if self.atomic is not None and not _connected():
            # A test closed the connection (tests/api/test_bulk.py's streamed files do): the
            # transaction, and the corpus in it, are gone; the next test that asks loads it again.
            connection.close()  # marks it closed in the transaction: leaving the atomic block resets it
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.atomic = None


@pytest.fixture(scope="module")
def _module_demo(django_db_setup, django_db_blocker):
    state = _ModuleDemo.current = _ModuleDemo(django_db_blocker)
    try:
        if _ModuleDemo.wanted:  # set up before any function-scoped fixture, `db` included
            state.open()
        yield state
    finally:
        state.close()
        _ModuleDemo.current = None


@pytest.fixture
def demo(request, _module_demo):
    """The demo corpus, loaded as `make run` loads it; each test's changes are rolled back.

    Loaded once for the consecutive tests of a module that ask for it (see _ModuleDemo), and afresh for
    a transactional test (live server), which must commit it.
    """
    if _transactional(request.node):
        request.getfixturevalue("transactional_db")
        return load_demo()
    if _module_demo.atomic is None:
        raise RuntimeError("the module's demo transaction must be open before the test's own")
    request.getfixturevalue("db")
    return _module_demo.counts


@pytest.fixture(autouse=True)
def _no_bulk_builds(settings):
    """Publishing starts a bulk-data build in a detached process; in tests only tests/api/test_bulk.py
    asks for one, in a folder of its own."""
    settings.BULK_DATA_AUTOBUILD = False


def _seed_gazetteer():
    """Put back the desk's gazetteer, which a migration ships, after a flush emptied it."""
    import importlib  # noqa: PLC0415

    from django.apps import apps  # noqa: PLC0415

    if not apps.get_model("events", "GazetteerEntry").objects.exists():
        importlib.import_module("events.migrations.0013_gazetteer_entries").add_entries(apps, None)


@pytest.fixture(autouse=True)
def _editorial_roles(request):
    """Recreate the roles' groups and the gazetteer where a transactional test (live_server) flushed them.

    The data migrations create them once per test database; a flush empties every table.
    """
    db_fixtures = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
    if request.node.get_closest_marker("django_db") or db_fixtures & set(request.fixturenames):
        _seed_roles()


def _seed_roles():
    from django.contrib.auth.models import Group  # noqa: PLC0415

    from events.roles import create_roles  # noqa: PLC0415

    if not Group.objects.filter(name="administrator").exists():
        create_roles()
        _seed_gazetteer()
