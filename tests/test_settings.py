"""Production settings refuse to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "c5site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "c5.example.org"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "c5.example.org", "SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_to_start_without_its_settings(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_its_settings():
    result = start(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="c5.example.org")
    assert result.returncode == 0, result.stderr


def test_development_needs_nothing_set():
    assert start().returncode == 0


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    # The browser tests lift Django's async guard for this process; a deployment never does.
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    # A database with no tables, as before the first migrate: the check must not need one.
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DATABASE_URL": empty,
            "DEBUG": "0",
            "SECRET_KEY": "p" * 20 + "roduction-" + "k" * 30,
            "ALLOWED_HOSTS": "c5.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_and_headers_are_strict():
    result = start(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="c5.example.org")
    assert result.returncode == 0
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS > 0, "
            "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "c5site.settings",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "c5.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.split() == ["True", "True", "True", "True", "True", "DENY"]


@pytest.mark.django_db
def test_a_reader_gets_the_sites_own_404_page_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get("/meetings/no-such-meeting/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found" in page and "Browse meetings" in page and "technical" not in page.lower()


def _replica_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URLS"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([list(s.DATABASES), s.DATABASE_ROUTERS, 'c5site.db_router.ReplicaMiddleware' in s.MIDDLEWARE, "
            "{a: [d['HOST'], d['PORT'], d['TEST'].get('MIRROR'), d['OPTIONS']] for a, d in s.DATABASES.items()}]))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "c5site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_read_replicas_get_an_alias_each_the_primarys_options_and_the_router():
    import json  # noqa: PLC0415

    result = _replica_settings(
        DATABASE_URL="postgres://postgres@db1:5432/c5site",
        DATABASE_REPLICA_URLS="postgres://postgres@db2:5432/c5site, postgres://postgres@db3:5433/c5site",
        DB_PUBLIC_STATEMENT_TIMEOUT_MS="4000",
    )
    assert result.returncode == 0, result.stderr
    aliases, routers, middleware, databases = json.loads(result.stdout)
    assert aliases == ["default", "replica1", "replica2"] and routers == ["c5site.db_router.ReplicaRouter"] and middleware
    assert databases["replica2"][:3] == ["db3", 5433, "default"]  # tests read the replica from the test database
    primary, replica = databases["default"][3], databases["replica1"][3]
    assert replica["connect_timeout"] == primary["connect_timeout"] and replica["keepalives"] == primary["keepalives"]
    assert replica["options"] == primary["options"] + " -c statement_timeout=4000"


def test_without_replica_urls_there_is_no_router():
    result = _replica_settings(DATABASE_URL="postgres://postgres@db1:5432/c5site", DATABASE_REPLICA_URLS="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('[["default"], [], false')


def test_read_replicas_need_postgresql():
    result = _replica_settings(DATABASE_REPLICA_URLS="postgres://postgres@db2:5432/c5site")  # the SQLite default
    assert result.returncode != 0 and "PostgreSQL streaming replicas" in result.stderr
