"""Headers for a shared cache in front (Varnish, a CDN) and the purge sent on publication
(c5site/surrogate.py, events/published/keys.py)."""

import http.server
import logging
import threading
import time

import pytest
from django.test import RequestFactory

from c5site import surrogate
from c5site.outage import outage_response
from events.demo.loader import load_demo
from events.models import Meeting, PublishedMeeting
from events.published import publish

pytestmark = pytest.mark.django_db
SLUG = "c5-1-ministerial-nur-sultan"


@pytest.fixture
def sent_demo(db, django_capture_on_commit_callbacks):
    """The demo, its publication's on-commit work done (a test's transaction never commits): the
    publications of the test then send their own purge."""
    with django_capture_on_commit_callbacks(execute=True):
        return load_demo()


def keys(response):
    return set(response["Surrogate-Key"].split())


def assert_private(response):
    assert "Surrogate-Key" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_meeting_page_names_the_meeting_and_every_record_it_shows(demo, client, settings):
    settings.SURROGATE_PURGE_URLS = ["http://127.0.0.1:9/"]
    settings.SURROGATE_MAX_AGE = 86400
    response = client.get(f"/meetings/{SLUG}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage=86400"
    meeting = PublishedMeeting.objects.get(slug=SLUG)
    document = meeting.revision.document
    found = keys(response)
    assert {f"meeting-{meeting.pk}", "all"} <= found and "list" not in found
    assert {f"person-{p['person']}" for p in document["participants"]} <= found
    assert {f"source-{c['source']}" for c in document["citations"]} <= found
    assert {f"topic-{t['topic']}" for t in document["topics"]} <= found
    assert len(response["Surrogate-Key"]) < surrogate.MAX_HEADER


def test_a_person_page_names_the_meetings_it_lists(demo, client):
    meeting = PublishedMeeting.objects.get(slug=SLUG)
    person = meeting.revision.document["participants"][0]["person"]
    from events.models import PublishedPerson  # noqa: PLC0415

    response = client.get(f"/people/{PublishedPerson.objects.get(pk=person).slug}/")
    assert {f"person-{person}", f"person-{person}-meetings", f"meeting-{meeting.pk}", "all"} <= keys(response)


@pytest.mark.parametrize("url", ["/", "/meetings/", "/topics/", "/api/v1/meetings/", "/sitemap.xml", "/feeds/meetings/"])
def test_lists_the_api_feeds_and_sitemaps_are_filed_under_list(demo, client, url):
    response = client.get(url)
    if response.status_code == 404:
        pytest.skip(f"{url} is not served here")
    assert response.status_code == 200
    assert keys(response) == {"list", "all"}
    assert response["Cache-Control"].startswith("public, max-age=") and "s-maxage=" in response["Cache-Control"]


def test_the_api_keeps_its_own_max_age_and_gains_s_maxage(demo, client, settings):
    settings.API_CACHE_MAX_AGE = 17
    settings.SURROGATE_MAX_AGE = 600
    assert client.get("/api/v1/meetings/")["Cache-Control"] == "public, max-age=17, s-maxage=600"


def test_private_answers_get_no_shared_caching(demo, client, django_user_model):
    assert_private(client.get("/meetings/no-such-meeting/"))  # 404
    assert_private(client.get("/api/v1/meetings/?date_after=never"))  # 400, no-cache
    assert_private(client.get("/admin/login/"))
    assert_private(SurrogateMiddlewareOn(outage_response)(RequestFactory().get("/meetings/")))  # 503
    user = django_user_model.objects.create_user("reader", password="x" * 20)
    client.force_login(user)
    assert_private(client.get(f"/meetings/{SLUG}/"))  # logged in: a session cookie
    assert_private(client.get("/api/v1/meetings/", HTTP_AUTHORIZATION="Token abc"))


def SurrogateMiddlewareOn(view):  # noqa: N802
    return surrogate.SurrogateMiddleware(view)


def test_an_overlong_key_list_falls_back_to_list():
    assert surrogate.header({f"meeting-{i}" for i in range(2000)}) == "list all"
    assert surrogate.header({"meeting-2", "meeting-1"}) == "meeting-1 meeting-2 all"


# --- the purge hook ---------------------------------------------------------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    received = []
    delay = 0

    def do_PURGE(self):  # noqa: N802
        time.sleep(self.delay)
        type(self).received.append((self.path, self.headers["Surrogate-Key"]))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"purged")

    def log_message(self, *args):
        pass


class Quiet(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the slow cache's client gave up: expected


@pytest.fixture
def cache_server(settings):
    settings.SURROGATE_PURGE_REPEAT = 0
    handler = type("Handler", (Recorder,), {"received": [], "delay": 0})
    server = Quiet(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()


def rename(title):
    meeting = Meeting.objects.get(slug=SLUG)
    Meeting.objects.filter(pk=meeting.pk).update(title=title)
    return publish.publish(Meeting.objects.get(pk=meeting.pk), note="Renamed for the test.")


def test_a_publication_purges_its_keys_once_committed(sent_demo, settings, cache_server, django_capture_on_commit_callbacks):
    server, handler = cache_server
    settings.SURROGATE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/purge"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rename("Renamed for the purge")
        assert handler.received == []  # nothing before the commit
    assert len(callbacks) == 1
    [(path, sent)] = handler.received
    meeting = PublishedMeeting.objects.get(slug=SLUG)
    sent = set(sent.split())
    assert path == "/purge" and {f"meeting-{meeting.pk}", "list"} <= sent
    # The pages of its participants list it; the pages that merely show the same people do not change.
    assert {f"person-{p['person']}-meetings" for p in meeting.revision.document["participants"]} <= sent
    assert not any(k.startswith(("person-", "country-", "topic-", "source-")) and not k.endswith("-meetings") for k in sent)


def test_several_publications_in_one_transaction_send_one_purge(
    sent_demo, settings, cache_server, django_capture_on_commit_callbacks
):
    server, handler = cache_server
    settings.SURROGATE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    with django_capture_on_commit_callbacks(execute=True):
        rename("First")
        publish.raise_version(changed=("person-1",))
    [(_, sent)] = handler.received
    assert "person-1" in sent.split() and "list" in sent.split()


def test_a_bulk_load_purges_everything(settings, cache_server, django_capture_on_commit_callbacks):
    server, handler = cache_server
    settings.SURROGATE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    with django_capture_on_commit_callbacks(execute=True):
        publish.raise_version()
    assert handler.received == [("/", "all")]


def test_a_failed_or_slow_purge_never_breaks_nor_holds_up_a_publication(
    sent_demo, settings, cache_server, caplog, django_capture_on_commit_callbacks
):
    server, handler = cache_server
    handler.delay = 3
    refused = f"http://127.0.0.1:{_closed_port()}/"
    settings.SURROGATE_PURGE_URLS = [refused, f"http://127.0.0.1:{server.server_port}/"]
    settings.SURROGATE_PURGE_TIMEOUT = 0.3
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="c5site.surrogate"):
        with django_capture_on_commit_callbacks(execute=True):
            revision = rename("Renamed despite the caches")
    assert time.monotonic() - started < 2.5
    assert revision.document["title"] == "Renamed despite the caches"
    assert PublishedMeeting.objects.get(slug=SLUG).title == "Renamed despite the caches"
    assert caplog.text.count("Purge of") == 2


def test_no_purge_urls_no_requests(sent_demo, settings, cache_server, django_capture_on_commit_callbacks):
    _, handler = cache_server
    settings.SURROGATE_PURGE_URLS = []
    with django_capture_on_commit_callbacks(execute=True):
        rename("Quietly renamed")
    assert handler.received == []


def _closed_port():
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_purge_is_repeated_for_pages_read_before_the_commit(settings, cache_server):
    server, handler = cache_server
    settings.SURROGATE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    settings.SURROGATE_PURGE_REPEAT = 0.2
    surrogate.purge_later({"meeting-1", "list"})
    for _ in range(50):
        if handler.received:
            break
        time.sleep(0.05)
    assert handler.received == [("/", "list meeting-1")]
