"""Every error is JSON with a message: malformed parameters 400 naming them, unknown records
and paths 404, write methods 405; never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "parameter", "words"),
    [
        ("/api/v1/meetings/?date_after=yesterday", "date_after", "'yesterday' is not a date"),
        ("/api/v1/meetings/?date_before=2023-02-30", "date_before", "not a real date"),
        ("/api/v1/meetings/?date_after=2023-7", "date_after", "YYYY-MM"),
        ("/api/v1/meetings/?page_size=-1", "page_size", "'-1' is not a page size"),
        ("/api/v1/meetings/?page_size=0", "page_size", "from 1"),
        ("/api/v1/meetings/?page=abc", "page", "'abc' is not a page number"),
        ("/api/v1/meetings/?page=0", "page", "from 1"),
        ("/api/v1/meetings/?ordering=secret", "ordering", "secret is not one of the available choices"),
        ("/api/v1/meetings/?ordering=status", "ordering", "status is not one of the available choices"),
        ("/api/v1/meetings/?country=kazakhstan", "country", "two-letter ISO 3166-1 code"),
        ("/api/v1/meetings/?kind=picnic", "kind", "picnic is not one of the available choices"),
        ("/api/v1/meetings/?person=no%20such%20person", "person", "slug"),
        ("/api/v1/people/?country=K1", "country", "two-letter"),
        ("/api/v1/sources/?published_after=last%20week", "published_after", "is not a date"),
        ("/api/v1/citations/?source=abc", "source", "whole number"),
        ("/api/v1/citations/?stance=maybe", "stance", "not one of the available choices"),
    ],
)
def test_a_malformed_parameter_answers_400_naming_it(demo, api, url, parameter, words):
    response = api.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["detail"] and words in body["detail"]
    assert list(body["errors"]) == [parameter]


def test_a_malformed_parameter_is_refused_as_json_even_when_csv_was_asked_for(demo, api):
    response = api.get("/api/v1/meetings/?format=csv&date_after=yesterday")
    assert response.status_code == 400 and response.json()["errors"]["date_after"]


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


def test_a_path_without_its_slash_is_redirected_to_the_endpoint(db, api):
    response = api.get("/api/v1/meetings?kind=summit")
    assert response.status_code == 301 and response["Location"] == "/api/v1/meetings/?kind=summit"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/meetings/", "/api/v1/meetings/c5-1-ministerial-nur-sultan/", "/api/v1/people/", "/api/v1/popolo/"]
)
def test_write_methods_are_refused_with_405_and_change_nothing(demo, api, method, url):
    from events.models import Meeting

    before = list(Meeting.objects.values_list("slug", "title", "status"))
    response = getattr(api, method)(url, {"title": "changed"}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"] == f'Method "{method.upper()}" not allowed.'
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert list(Meeting.objects.values_list("slug", "title", "status")) == before


def test_head_and_options_are_allowed(demo, api):
    head = api.head("/api/v1/meetings/")
    assert head.status_code == 200 and head.content == b""
    assert api.options("/api/v1/meetings/").status_code == 200


def test_an_unexpected_error_is_still_json_and_logged(demo, api, monkeypatch, caplog):
    from events.api.old import MeetingViewSet

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(MeetingViewSet, "get_queryset", broken)
    response = api.get("/api/v1/meetings/")
    assert response.status_code == 500
    assert response.json() == {"status": 500, "detail": "Internal server error. It has been logged."}
    assert "database on fire" in caplog.text
