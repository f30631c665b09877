"""What other sites and scripts rely on: conditional GET, caching headers, CORS, rate limiting, CSV."""

import csv
import gc
import io
import weakref

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.utils.http import parse_http_date

from events.models import Meeting
from events.published import publish

pytestmark = pytest.mark.django_db

ORIGIN = "https://researcher.example.org"


def test_answers_carry_an_etag_last_modified_and_public_cache_control(demo, api):
    response = api.get("/api/v1/meetings/")
    assert response["ETag"].startswith(('"', 'W/"')) and len(response["ETag"]) > 10
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60"  # no purge hook: s-maxage short
    assert "Accept" in response["Vary"]


def test_a_current_etag_gets_304_and_a_publication_a_new_answer(demo, api):
    url = "/api/v1/meetings/c5-1-ministerial-nur-sultan/"
    first = api.get(url)
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""

    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    Meeting.objects.filter(pk=meeting.pk).update(title="Renamed")
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # an edit is not public yet
    publish.publish(Meeting.objects.get(pk=meeting.pk), note="Renamed.")
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"
    assert changed["ETag"] != first["ETag"]


def test_if_modified_since_gets_304_until_the_record_changes(demo, api):
    first = api.get("/api/v1/people/")
    assert api.get("/api/v1/people/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api.get("/api/v1/people/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200
    assert parse_http_date(first["Last-Modified"]) <= parse_http_date(api.get("/api/v1/").headers["Last-Modified"])


def test_errors_are_not_cached_and_carry_no_etag(demo, api):
    for url in ("/api/v1/meetings/?date_after=never", "/api/v1/meetings/nothing/", "/api/v1/meetings/?format=xml"):
        response = api.get(url)
        assert response["Cache-Control"] == "no-cache" and "ETag" not in response


def test_any_origin_may_read_the_api_and_its_paging_headers(demo, api):
    response = api.get("/api/v1/meetings/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "link", "x-total-count", "retry-after"} <= exposed


def test_a_preflight_allows_reading_methods_only(demo, api):
    response = api.options("/api/v1/meetings/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_anonymous_clients_are_throttled_with_retry_after(demo, api, settings):
    settings.API_ANON_RATE = "3/minute"
    cache.clear()
    statuses = [api.get("/api/v1/countries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api.get("/api/v1/meetings/")["Retry-After"]


def read_csv(response):
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_csv_page_says_it_is_a_page_with_the_total_and_the_next_page(demo, api):
    response = api.get("/api/v1/meetings/?format=csv&page_size=3")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["X-Total-Count"] == "8"
    assert response["Link"] == '<http://testserver/api/v1/meetings/?format=csv&page=2&page_size=3>; rel="next"'
    rows = read_csv(response)
    assert len(rows) == 3 and not response.content.startswith("\ufeff".encode())


def test_csv_rows_are_one_record_each_quoted_as_rfc_4180(demo, api):
    rows = read_csv(api.get("/api/v1/meetings/?format=csv"))
    assert len(rows) == 8
    session = next(r for r in rows if r["slug"] == "c5-1-special-session-afghanistan-astana-2023")
    assert session["date_display"] == "July 27–28, 2023" and session["participants"] == "3"
    assert session["title"] == "C5+1 special session on Afghanistan, Astana"  # a comma, quoted
    raw = api.get("/api/v1/meetings/?format=csv").content
    assert b'"C5+1 special session on Afghanistan, Astana"' in raw and b"\r\n" in raw


def test_bom_1_starts_the_csv_with_a_byte_order_mark_for_excel(demo, api):
    response = api.get("/api/v1/citations/?format=csv&bom=1")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert {"label", "quote", "before", "after", "stance", "source_title"} <= rows[0].keys()
    assert len(rows) == 50


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_plain_text(demo, api):
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    Meeting.objects.filter(pk=meeting.pk).update(title='=HYPERLINK("http://evil.example")')
    publish.publish(Meeting.objects.get(pk=meeting.pk), note="Test.")
    rows = read_csv(api.get("/api/v1/meetings/?format=csv"))
    assert '\'=HYPERLINK("http://evil.example")' in [r["title"] for r in rows]
    assert api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/").json()["title"].startswith("=HYPERLINK")


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/meetings/", "/api/v1/meetings/?format=csv", "/api/v1/people/", "/api/v1/meetings/x/"]
)
def test_an_answer_is_freed_once_sent_without_the_garbage_collector(demo, url):
    """A DRF response refers to itself and to its view (renderer_context), and the view to it: left so,
    every answer waits for a full collection, which a page of kept JSON rarely triggers, and a worker
    held each page's half megabyte meanwhile (it grew to 215 MB under `make bench`)."""
    handler = ClientHandler(enforce_csrf_checks=False)
    gc.collect()
    gc.disable()
    try:
        response = handler(RequestFactory().get(url).environ)
        assert response.status_code in (200, 404)
        response.close()
        freed = weakref.ref(response)
        del response
        assert freed() is None, "the answer is still referred to: a reference cycle"
    finally:
        gc.enable()
