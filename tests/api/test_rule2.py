"""Rule 2: drafts, records in review and retracted records never leak, in any endpoint or format."""

import pytest

from .conftest import results

pytestmark = pytest.mark.django_db

LISTS = ["meetings", "people", "topics", "sources", "citations"]
URLS = [
    *(f"/api/v1/{name}/?page_size=200" for name in LISTS),
    *(f"/api/v1/{name}/?page_size=200&format=csv" for name in LISTS),
    "/api/v1/meetings/visible-meeting/",
    "/api/v1/people/shown-person/",
    "/api/v1/popolo/",
]


@pytest.mark.parametrize("url", URLS)
def test_hidden_records_and_their_children_appear_nowhere(hidden, api, url):
    response = api.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Visible meeting" in content or "Shown Person" in content or "Visible source" in content or "visible-meeting" in content
    for marker in hidden["markers"]:
        assert marker not in content, f"{marker} leaked through {url}"


def test_the_published_meeting_shows_only_its_published_participant(hidden, api):
    meeting = api.get("/api/v1/meetings/visible-meeting/").json()
    assert [p["person"]["slug"] for p in meeting["participants"]] == ["shown-person"]
    shown = api.get("/api/v1/people/shown-person/").json()
    assert [m["meeting"]["slug"] for m in shown["meetings"]] == ["visible-meeting"]


@pytest.mark.parametrize("kind", ["meeting", "person"])
@pytest.mark.parametrize("status", ["draft", "inreview", "retracted"])
def test_a_hidden_record_answers_404_by_its_slug(hidden, api, kind, status):
    endpoint = "meetings" if kind == "meeting" else "people"
    response = api.get(f"/api/v1/{endpoint}/hidden{kind}{status}/")
    assert response.status_code == 404
    assert response.json()["detail"] == f"No published {kind} with slug 'hidden{kind}{status}'."


def test_topics_of_hidden_meetings_only_are_not_listed(hidden, api):
    assert [t["name"] for t in results(api.get("/api/v1/topics/"))] == ["Visible meeting topic"]


def test_filters_do_not_reveal_hidden_people(hidden, api):
    assert results(api.get("/api/v1/meetings/?person=hiddenpersondraft")) == []
    assert results(api.get("/api/v1/people/?met=hiddenpersondraft")) == []
    assert [p["slug"] for p in results(api.get("/api/v1/people/?met=shown-person"))] == []


def test_hidden_sources_and_citations_are_not_counted(hidden, api):
    sources = results(api.get("/api/v1/sources/"))
    assert [s["title"] for s in sources] == ["Visible source"]
    assert api.get("/api/v1/citations/").json()["count"] == 3
    assert api.get(f"/api/v1/sources/{sources[0]['id'] + 1}/").status_code == 404
