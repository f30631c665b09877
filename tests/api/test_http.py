"""What other sites rely on: conditional GET, caching headers, CORS, rate limiting, CSV and Popolo."""

import csv
import io

import pytest
from django.core.cache import cache

from events.models import Meeting
from tests.factories import MeetingFactory, cite

pytestmark = pytest.mark.django_db

ORIGIN = "https://researcher.example.org"


def test_answers_carry_an_etag_last_modified_and_public_cache_control(demo, api):
    response = api.get("/api/v1/meetings/")
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept" in response["Vary"]


def test_a_current_etag_gets_304_without_a_body_and_a_stale_one_the_new_answer(demo, api):
    first = api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/")
    again = api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]

    Meeting.objects.filter(slug="c5-1-ministerial-nur-sultan").update(title="Renamed")
    changed = api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"
    assert changed["ETag"] != first["ETag"]


def test_if_modified_since_gets_304_until_the_record_changes(demo, api):
    first = api.get("/api/v1/people/")
    assert api.get("/api/v1/people/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api.get("/api/v1/people/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_the_last_modified_time_moves_when_a_record_is_saved(demo, api):
    from django.utils.http import parse_http_date

    before = parse_http_date(api.get("/api/v1/meetings/")["Last-Modified"])
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    meeting.history.update(history_date="2099-01-01T00:00:00Z")
    after = parse_http_date(api.get("/api/v1/meetings/")["Last-Modified"])
    assert after > before


def test_errors_are_not_cached_by_shared_caches(demo, api):
    assert api.get("/api/v1/meetings/?date_after=never")["Cache-Control"] == "no-cache"
    assert "ETag" not in api.get("/api/v1/meetings/nothing/")


def test_any_origin_may_read_the_api(demo, api):
    response = api.get("/api/v1/meetings/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "link", "retry-after"} <= exposed


def test_a_preflight_allows_reading_methods_only(demo, api):
    response = api.options(
        "/api/v1/meetings/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_anonymous_clients_are_throttled_with_retry_after(demo, api, settings):
    settings.API_ANON_RATE = "3/minute"
    cache.clear()
    statuses = [api.get("/api/v1/countries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/meetings/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429 and "throttled" in refused.json()["detail"].lower()


def test_an_empty_rate_turns_throttling_off(demo, api, settings):
    settings.API_ANON_RATE = ""
    assert all(api.get("/api/v1/countries/").status_code == 200 for _ in range(5))


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_has_one_row_per_record_with_citations_counted(demo, api):
    rows = read_csv(api.get("/api/v1/meetings/?format=csv"))
    assert len(rows) == 8
    session = next(r for r in rows if r["slug"] == "c5-1-special-session-afghanistan-astana-2023")
    detail = api.get("/api/v1/meetings/c5-1-special-session-afghanistan-astana-2023/").json()
    expected = len(detail["citations"]) + sum(
        len(item["citations"]) for part in ("participants", "countries", "topics", "outcomes") for item in detail[part]
    )
    assert int(session["citations"]) == expected
    assert session["start_date"] == "2023-07-27" and session["place_as_reported"] == "Astana"
    assert session["disputed"] == "true"
    for name in ("people", "sources", "citations", "topics", "countries", "organizations"):
        assert read_csv(api.get(f"/api/v1/{name}/?format=csv&page_size=200"))


def test_csv_pages_carry_the_count_and_next_page_as_headers(demo, api):
    response = api.get("/api/v1/meetings/?format=csv&page_size=3")
    assert len(read_csv(response)) == 3
    assert response["X-Total-Count"] == "8"
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://evil\")", "+1+2", "-2+3", "@SUM(A1)"])
def test_csv_cells_cannot_run_as_formulas(db, api, dangerous):
    meeting = MeetingFactory(title=dangerous, summary=dangerous)
    cite(meeting, "kind")
    [row] = read_csv(api.get("/api/v1/meetings/?format=csv"))
    assert row["title"] == "'" + dangerous and row["summary"] == "'" + dangerous


def test_csv_is_for_lists_only(demo, api):
    response = api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/?format=csv")
    assert response.status_code == 404 and response.json()["status"] == 404


def test_the_browsable_api_serves_people_exploring_by_hand(demo, api):
    response = api.get("/api/v1/meetings/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "C5+1 special session on Afghanistan" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache"


def test_the_popolo_export_holds_persons_memberships_organizations_and_events_with_sources(demo, api):
    document = api.get("/api/v1/popolo/").json()
    persons = {p["id"]: p for p in document["persons"]}
    assert len(persons) == 12
    blinken = persons["person/antony-blinken"]
    assert blinken["other_names"] == [{"name": "Antony J. Blinken"}] and blinken["sources"]
    memberships = [m for m in document["memberships"] if m["person_id"] == "person/antony-blinken"]
    assert memberships[0]["organization_id"] == "organization/us-department-of-state"
    assert memberships[0]["role"] == "Secretary of State" and len(memberships[0]["sources"]) == 2
    umarov = next(m for m in document["memberships"] if m["person_id"] == "person/kairat-umarov")
    assert umarov["disputed"] is True
    events = {e["id"]: e for e in document["events"]}
    assert len(events) == 8
    session = events["event/c5-1-special-session-afghanistan-astana-2023"]
    assert (session["start_date"], session["end_date"], session["location"]) == ("2023-07-27", "2023-07-28", "Astana")
    assert {a["person_id"] for a in session["attendees"]} >= {"person/thomas-west", "person/kairat-umarov"}
    assert all(a["sources"] for a in session["attendees"]) and session["sources"]
    assert all(s["url"] and "“" in s["note"] for s in session["sources"])
    assert events["event/c5-1-ministerial-nur-sultan"]["start_date"] is None
    assert {"organization/us-department-of-state", "organization/kazinform"} <= {o["id"] for o in document["organizations"]}
    assert "country/kz" in {a["id"] for a in document["areas"]}


def test_the_docs_are_served_from_the_sites_own_static_files(db, api):
    response = api.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
