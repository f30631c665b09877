"""PostgreSQL slow or gone: a public request is cancelled by its statement timeout and answered
503 with Retry-After, quickly; the admin gets a longer timeout; kept connections have TCP keepalives."""

import time

import pytest
from django.conf import settings as live_settings
from django.db import connection
from django.db.utils import OperationalError
from django.http import HttpResponse
from django.urls import path

from c5site import db_timeouts

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def sleeping(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
    return HttpResponse("woke up")


def timeout_now(request):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return HttpResponse(cursor.fetchone()[0])


def failing_write(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("save/", failing_write),
    path("slow/", sleeping),
    path("api/slow/", sleeping),
    path("timeout/", timeout_now),
    path("admin/timeout/", timeout_now),
]


@pytest.mark.postgres
@pytest.mark.parametrize("url, kind", [("/slow/", "text/html"), ("/api/slow/", "application/json")])
def test_a_public_query_over_the_statement_timeout_answers_503_quickly(settings, client, url, kind):
    settings.DB_PUBLIC_STATEMENT_TIMEOUT_MS = 500
    started = time.monotonic()
    response = client.get(url)
    seconds = time.monotonic() - started
    assert response.status_code == 503 and seconds < 6, f"{response.status_code} after {seconds:.1f} s"
    assert int(response["Retry-After"]) > 0 and response["Content-Type"].startswith(kind)


@pytest.mark.postgres
def test_public_and_admin_requests_get_their_own_timeouts(settings, client):
    settings.DB_PUBLIC_STATEMENT_TIMEOUT_MS = 1500
    settings.DB_ADMIN_STATEMENT_TIMEOUT_MS = 0
    assert client.get("/timeout/").content == b"1500ms"
    assert client.get("/admin/timeout/").content == b"0"
    assert client.get("/timeout/").content == b"1500ms"


@pytest.mark.postgres
def test_the_timeout_is_sent_once_per_connection_outside_transactions(settings, monkeypatch):
    sent = []
    connection.ensure_connection()
    monkeypatch.setattr(connection, "in_atomic_block", False)
    raw = connection.connection
    monkeypatch.setattr(connection, "connection", type("Raw", (), {"execute": lambda self, sql: sent.append(sql)})())
    db_timeouts.set_statement_timeout(700)
    db_timeouts.set_statement_timeout(700)
    db_timeouts.set_statement_timeout(0)
    assert sent == ["SET statement_timeout = 700", "SET statement_timeout = 0"]
    assert raw is not connection.connection


@pytest.mark.postgres
def test_kept_connections_have_tcp_keepalives_and_a_connect_timeout():
    options = live_settings.DATABASES["default"].get("OPTIONS", {})
    assert options["keepalives"] == 1 and options["keepalives_idle"] <= 30 and options["connect_timeout"] <= 5


@pytest.mark.parametrize("method, says", [("post", "What you sent was not saved"), ("get", "kept safe")])
def test_the_503_says_plainly_that_a_failed_write_was_not_saved(client, method, says):
    response = getattr(client, method)("/save/")
    page = response.content.decode()
    assert response.status_code == 503 and says in page and "Nothing has been lost" not in page
    assert ("not saved" in page) == (method == "post")


@pytest.mark.postgres
def test_a_query_the_server_never_answers_is_cut_after_its_timeout(settings):
    """As on a frozen server: the server cancels nothing (its own timeout is off), but the connection
    claims a 300 ms timeout, so the watchdog cuts it 0.5 s later and the query fails."""
    import psycopg  # noqa: PLC0415

    db_timeouts._start_watching(None, connection=connection)
    params = connection.get_connection_params()
    raw = psycopg.connect(**{k: v for k, v in params.items() if k not in {"cursor_factory", "context"}}, autocommit=True)
    setattr(raw, db_timeouts.MARK, 300)
    started = time.monotonic()
    with pytest.raises(psycopg.OperationalError):
        db_timeouts.watched(
            lambda *args: raw.execute("SELECT pg_sleep(10)"),
            "",
            None,
            False,
            {"connection": type("Wrapper", (), {"connection": raw})()},
        )
    assert time.monotonic() - started < 2
    raw.close()
