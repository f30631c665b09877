import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

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
    for marker in ("postgres", "browser", "redis", "varnish"):
        if item.get_closest_marker(marker) and (reason := _missing(marker)):
            # A PostgreSQL test skips on the SQLite run, CI's too: CI's PostgreSQL run runs it.
            if REQUIRE_ALL and marker != "postgres":
                pytest.fail(f"{reason} (C5SITE_REQUIRE_ALL_TESTS=1: nothing may be skipped)")
            pytest.skip(reason)


@pytest.fixture
def demo(db):
    """The demo corpus, loaded as `make run` loads it (rolled back after each test)."""
    return load_demo()


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
        from django.contrib.auth.models import Group  # noqa: PLC0415

        from events.roles import create_roles  # noqa: PLC0415

        if not Group.objects.filter(name="administrator").exists():
            create_roles()
            _seed_gazetteer()
