"""Strict and forgiving: every refusal is a JSON 4xx that names what is wrong, and changes nothing."""

import pytest

from events.models import Meeting, PublishedMeeting, Revision
from people.models import Person

from .conftest import retract

pytestmark = pytest.mark.django_db

LISTS = ["meetings", "people", "countries", "topics", "organizations", "sources", "citations"]
UNKNOWN_VALUES = [
    ("meetings", "country", "zz"),
    ("meetings", "person", "nobody"),
    ("meetings", "topic", "x"),
    ("meetings", "kind", "x"),
    ("meetings", "series", "c6-1"),
    ("people", "country", "fr"),
    ("people", "met", "nobody"),
    ("organizations", "kind", "club"),
    ("organizations", "country", "zz"),
    ("sources", "publisher", "the-onion"),
    ("citations", "source", "999999"),
    ("citations", "meeting", "no-such-meeting"),
    ("citations", "stance", "maybe"),
    ("citations", "fact", "rumour"),
]


@pytest.mark.parametrize("endpoint", LISTS)
def test_every_list_refuses_an_unknown_parameter_naming_it_and_the_allowed_ones(demo, api, endpoint):
    response = api.get(f"/api/v1/{endpoint}/?year=2021&page=1")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == ["year"]
    [message] = body["errors"]["year"]
    assert "'year'" in message and "page_size" in message and "format" in message
    assert "year" in body["detail"]


@pytest.mark.parametrize(("endpoint", "parameter", "value"), UNKNOWN_VALUES)
def test_every_list_refuses_an_unknown_value_naming_the_parameter_and_the_value(demo, api, endpoint, parameter, value):
    response = api.get(f"/api/v1/{endpoint}/", {parameter: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert repr(value) in body["errors"][parameter][0] or value in body["errors"][parameter][0]


def test_an_unknown_country_lists_the_known_ones(demo, api):
    [message] = api.get("/api/v1/meetings/?country=kz,zz").json()["errors"]["country"]
    assert "'zz'" in message and "kz, tj" in message and "'kz'" not in message


@pytest.mark.parametrize(
    ("url", "parameter", "words"),
    [
        ("/api/v1/meetings/?date_after=yesterday", "date_after", "'yesterday' is not a date"),
        ("/api/v1/meetings/?date_before=2023-02-30", "date_before", "not a real date"),
        ("/api/v1/meetings/?date_after=2023-7", "date_after", "YYYY-MM"),
        ("/api/v1/meetings/?date_after=%25", "date_after", "'%' is not a date"),
        ("/api/v1/meetings/?date_after=%25s%25(x)s", "date_after", "'%s%(x)s' is not a date"),
        ("/api/v1/meetings/?person=%25s%25(x)s", "person", "'%s%(x)s'"),
        ("/api/v1/meetings/?q=%25s%25(x)s%25", "q", None),
        ("/api/v1/meetings/?page_size=-1", "page_size", "'-1' is not a page size"),
        ("/api/v1/meetings/?page=abc", "page", "'abc' is not a page number"),
        ("/api/v1/meetings/?page=%25s", "page", "'%s' is not a page number"),
        ("/api/v1/meetings/?ordering=title", "ordering", "'title' is not an ordering; use one of: date, -date"),
        ("/api/v1/meetings/?bom=yes", "bom", "bom=1"),
        ("/api/v1/countries/?is_c5=maybe", "is_c5", "'maybe' is not true or false"),
        ("/api/v1/sources/?published_after=last%20week", "published_after", "is not a date"),
        ("/api/v1/citations/?source=abc", "source", "'abc' is not an id"),
        ("/api/v1/meetings/?%25s=1", "%s", "takes no parameter '%s'"),
    ],
)
def test_a_malformed_value_answers_400_naming_it_and_no_value_reaches_a_format_string(demo, api, url, parameter, words):
    response = api.get(url)
    if words is None:  # a search for odd characters is a search, not an error
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and list(body["errors"]) == [parameter]
    assert words in body["errors"][parameter][0]


def test_a_malformed_parameter_is_refused_as_json_even_when_csv_was_asked_for(demo, api):
    response = api.get("/api/v1/meetings/?format=csv&date_after=yesterday")
    assert response.status_code == 400 and response.json()["errors"]["date_after"]


@pytest.mark.parametrize("url", ["/api/v1/meetings/?format=xml", "/api/v1/meetings/slug/?format=csv", "/api/v1/?format=yaml"])
def test_an_unsupported_format_answers_406_listing_the_formats_offered(demo, api, url):
    response = api.get(url)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert "json" in response.json()["detail"] and "offers" in response.json()["detail"]


def test_an_unacceptable_accept_header_answers_406(demo, api):
    response = api.get("/api/v1/meetings/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406 and "json, api, csv" in response.json()["detail"]


def test_a_page_past_the_end_answers_404_with_a_message(demo, api):
    response = api.get("/api/v1/meetings/?page=3&page_size=5")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": "Page 3 is past the end: there are 2 pages of 5."}


def test_a_page_size_above_the_cap_is_capped(demo, api):
    response = api.get("/api/v1/citations/?page_size=5000")
    assert response.status_code == 200 and len(response.json()["results"]) == 148
    assert api.get("/api/v1/citations/?page_size=100").json()["next"].endswith("page=2&page_size=100")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/v1/meetings/no-such-meeting/", "No published meeting with slug 'no-such-meeting'."),
        ("/api/v1/people/no-such-person/", "No published person with slug 'no-such-person'."),
        ("/api/v1/sources/999999/", "No published source with id '999999'."),
        ("/api/v1/topics/no-such-topic/", "No published topic with slug 'no-such-topic'."),
        ("/api/v1/countries/fr/", "No country with code 'fr'."),
        ("/api/v1/citations/999999/", "No published citation with id '999999'."),
    ],
)
def test_an_unknown_record_answers_404_json(demo, api, url, message):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": message}


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/v2/meetings/", "/api/v1/sources/abc/", "/api/v1/meetings/a/b/"])
def test_an_unknown_api_path_answers_404_json(db, api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith(f"No API endpoint at {url}")


@pytest.mark.parametrize(("endpoint", "kind"), [("meetings", "meeting"), ("people", "person")])
def test_a_retracted_record_answers_410_with_its_notice_date_and_reason(demo, api, endpoint, kind):
    slug = "c5-1-ministerial-nur-sultan" if kind == "meeting" else "david-hale"
    model = Meeting if kind == "meeting" else Person
    record = model.objects.get(slug=slug)
    revision = retract(record, "A duplicate of another record.")
    response = api.get(f"/api/v1/{endpoint}/{slug}/")
    assert response.status_code == 410
    body = response.json()
    assert body["status"] == 410 and body["retracted"] is True and body["slug"] == slug
    assert body["notice"] == body["reason"] == "A duplicate of another record."
    assert body["retracted_at"] == revision.created_at.isoformat() and body["revision"] == revision.number
    assert "retracted" in body["detail"] and "A duplicate of another record." in body["detail"]
    assert slug not in [r["slug"] for r in api.get(f"/api/v1/{endpoint}/?page_size=200").json()["results"]]


def test_a_retracted_meetings_slug_is_an_unknown_filter_value(demo, api):
    retract(Meeting.objects.get(slug="c5-1-ministerial-nur-sultan"), "Withdrawn.")
    assert api.get("/api/v1/citations/?meeting=c5-1-ministerial-nur-sultan").status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    ["/api/v1/", "/api/v1/meetings/", "/api/v1/meetings/c5-1-ministerial-nur-sultan/", "/api/v1/people/", "/api/v1/popolo/"],
)
def test_write_methods_are_refused_with_405_and_change_nothing(demo, api, method, url):
    before = (list(PublishedMeeting.objects.values_list("slug", "title", "revision")), Revision.objects.count())
    response = getattr(api, method)(url, {"title": "changed"}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"] == f'Method "{method.upper()}" not allowed.'
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert (list(PublishedMeeting.objects.values_list("slug", "title", "revision")), Revision.objects.count()) == before


def test_head_and_options_are_allowed(demo, api):
    head = api.head("/api/v1/meetings/")
    assert head.status_code == 200 and head.content == b""
    assert api.options("/api/v1/meetings/").status_code == 200


def test_an_unexpected_error_is_still_json_and_logged(demo, api, monkeypatch, caplog):
    from events.api import views  # noqa: PLC0415

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.MeetingViewSet, "get_queryset", broken)
    response = api.get("/api/v1/meetings/")
    assert response.status_code == 500
    assert response.json() == {"status": 500, "detail": "Internal server error. It has been logged."}
    assert "database on fire" in caplog.text
