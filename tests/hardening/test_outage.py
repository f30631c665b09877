"""With PostgreSQL gone, pages answer a friendly 503 and the API a JSON 503, fast; both
recover by themselves when it returns. Tested against a real cluster that the test
stops and starts again (its own, on a free port), served by a real gunicorn."""

import json
import logging
import time

import pytest
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.urls import path

from c5site import outage

from .conftest import fetch, manage, postgres_bin, serving, site_env

# Checked while the database is up (200), down (503) and back (200). Extend after the
# public site and the API are merged: ("/", "html"), ("/meetings/", "html"),
# ("/api/v1/", "json"), ("/api/v1/meetings/", "json").
OUTAGE_URLS = [
    ("/admin/login/", "html"),
    ("/", "html"),
    ("/meetings/", "html"),
    ("/api/v1/", "json"),
    ("/api/v1/meetings/", "json"),
    ("/_probe/", "html"),
    ("/api/_probe/", "json"),
]
# A returning reader or editor: the session middleware reads the session from the database.
HEADERS = {"Cookie": "sessionid=a-session-from-before-the-outage", "Accept": "text/html,application/json"}
FAST = 5.0  # seconds: connect_timeout is 3


def _wait_for(url, status, timeout):
    deadline = time.monotonic() + timeout
    while True:
        answer = fetch(url, HEADERS)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


@pytest.mark.postgres
def test_pages_and_api_answer_503_while_postgres_is_down_and_recover_without_a_restart(own_postgres):
    own_postgres.run(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(own_postgres.port), "-U", "postgres", "c5site_outage")
    env = site_env(own_postgres.url("c5site_outage"))
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    with serving(env, app="tests.hardening.probe_wsgi:application") as server:
        for url_path, _kind in OUTAGE_URLS:
            status, _, body, _ = _wait_for(server.url(url_path), 200, timeout=20)
            assert status == 200, f"{url_path} must answer 200 while the database is up, got {status}: {body[:300]}"
        worker = server.process.pid

        own_postgres.stop("fast")
        for url_path, kind in OUTAGE_URLS:
            status, headers, body, seconds = fetch(server.url(url_path), HEADERS)
            assert status == 503, f"{url_path} answered {status} with the database down: {body[:300]}"
            assert seconds < FAST, f"{url_path} took {seconds:.1f} s to answer 503"
            assert int(headers["Retry-After"]) > 0
            assert "no-store" in headers["Cache-Control"]
            if kind == "json":
                assert headers["Content-Type"] == "application/json"
                assert "unavailable" in json.loads(body)["detail"]
            else:
                assert headers["Content-Type"].startswith("text/html")
                assert "temporarily unavailable" in body and "Traceback" not in body

        own_postgres.start()
        for url_path, _kind in OUTAGE_URLS:
            status, _, body, _ = _wait_for(server.url(url_path), 200, timeout=20)
            assert status == 200, f"{url_path} did not recover: {status} {body[:300]}"
        assert server.process.pid == worker and server.process.poll() is None  # the same server, never restarted
        assert "Database unavailable, answered 503 for GET /api/_probe/" in server.output()


# In-process checks of the middleware itself, without stopping anything.


def _failing(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("api/broken/", _failing(OperationalError("could not connect to server"))),
    path("page/broken/", _failing(InterfaceError("connection already closed"))),
    path("page/other/", _failing(ValueError("a real bug"))),
    path("page/session/", lambda request: request.session.__setitem__("x", 1) or _ok()),
]


def _ok():
    from django.http import HttpResponse  # noqa: PLC0415

    return HttpResponse("ok")


@pytest.fixture
def client_here(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_a_database_error_in_a_view_answers_the_standalone_503_page(client_here, caplog):
    with caplog.at_level(logging.ERROR, logger="c5site.outage"):
        response = client_here.get("/page/broken/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.retry_after())
    assert b"temporarily unavailable" in response.content
    assert [t.name for t in response.templates] == ["errors/503.html"]  # extends nothing
    assert "connection already closed" in caplog.text


def test_a_database_error_under_api_answers_json_503(client_here):
    response = client_here.get("/api/broken/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The record's database is unavailable. Please retry in a little while."}
    assert response["Retry-After"]


def test_other_errors_stay_500s(client_here):
    assert client_here.get("/page/other/").status_code == 500


def test_a_database_error_in_a_middleware_below_answers_503_too(client_here, monkeypatch):
    # The session is saved on the way out by SessionMiddleware, below the outage middleware.
    from django.contrib.sessions.backends.base import SessionBase  # noqa: PLC0415

    def save(self, must_create=False):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", save)
    monkeypatch.setattr(SessionBase, "save", save, raising=False)
    response = client_here.get("/page/session/")
    assert response.status_code == 503
    assert b"temporarily unavailable" in response.content


def test_the_503_page_renders_without_touching_the_database():
    from django.test import RequestFactory  # noqa: PLC0415

    # No database fixture here: pytest-django makes any query raise.
    response = outage.outage_response(RequestFactory().get("/meetings/"))
    assert response.status_code == 503 and b"<title>" in response.content
