"""A text search's matches are counted up to a cap (events.api.pagination.SEARCH_COUNT_CAP): beyond it
the envelope says so (`count_exact` false) and no count of every match is run, while `next` still
leads through every match in list order, the last page and `page=last` give the exact count, and a
page past the end says how many pages there are."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.api import pagination

from .conftest import build_meetings

pytestmark = pytest.mark.django_db

CAP = 3
SIZE = 2


@pytest.fixture
def meetings(monkeypatch):
    monkeypatch.setattr(pagination, "SEARCH_COUNT_CAP", CAP)
    return build_meetings(7)  # titled "Meeting N": all seven match `meeting`


def get(api, query):
    cache.clear()  # counts are kept per record version: count afresh
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/v1/meetings/?{query}")
    return response, [q["sql"] for q in queries.captured_queries]


def in_list_order(api):
    return [m["slug"] for m in api.get("/api/v1/meetings/?page_size=100").json()["results"]]


def test_a_search_beyond_the_cap_says_so_and_counts_no_further(api, meetings):
    response, queries = get(api, f"q=meeting&page_size={SIZE}")
    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["count_exact"]) == (CAP, False)
    assert list(body) == ["count", "count_exact", "next", "previous", "results"]
    assert len(body["results"]) == SIZE and "page=2" in body["next"]
    assert "X-Total-Count" not in response
    counts = [sql for sql in queries if "COUNT(" in sql.upper()]
    assert len(counts) == 1 and f"LIMIT {CAP + 1}" in counts[0]


def test_next_leads_through_every_match_in_list_order(api, meetings):
    seen, url = [], f"/api/v1/meetings/?q=meeting&page_size={SIZE}"
    while url:
        body = api.get(url).json()
        seen += [m["slug"] for m in body["results"]]
        url = body["next"]
    assert seen == in_list_order(api)
    assert len(seen) == 7


def test_the_last_page_and_page_last_count_exactly(api, meetings):
    for query in (f"q=meeting&page_size={SIZE}&page=4", f"q=meeting&page_size={SIZE}&page=last"):
        response, _ = get(api, query)
        body = response.json()
        assert body["count"] == 7 and "count_exact" not in body, query
        assert response["X-Total-Count"] == "7"
        assert body["next"] is None and [m["slug"] for m in body["results"]] == in_list_order(api)[6:]


def test_a_page_past_the_end_says_how_many_pages_there_are(api, meetings):
    response, _ = get(api, f"q=meeting&page_size={SIZE}&page=5")
    assert response.status_code == 404
    assert "there are 4 pages of 2" in response.json()["detail"]


def test_a_search_within_the_cap_is_counted_exactly(api, meetings, monkeypatch):
    monkeypatch.setattr(pagination, "SEARCH_COUNT_CAP", 10)
    response, _ = get(api, f"q=meeting&page_size={SIZE}&page=2")
    body = response.json()
    assert body["count"] == 7 and "count_exact" not in body
    assert response["X-Total-Count"] == "7"


def test_a_list_without_a_search_is_counted_exactly_whatever_its_size(api, meetings):
    for query in (f"page_size={SIZE}", f"page_size={SIZE}&q=", f"page_size={SIZE}&kind=ministerial"):
        body = get(api, query)[0].json()
        assert body["count"] == 7 and "count_exact" not in body, query


def test_csv_of_a_bounded_search_links_its_next_page_and_sends_no_count(api, meetings):
    response, _ = get(api, f"q=meeting&page_size={SIZE}&format=csv")
    assert response.status_code == 200
    assert "X-Total-Count" not in response
    assert 'rel="next"' in response["Link"]


def test_the_schema_describes_the_flag(api):
    schema = api.get("/api/schema/?format=json").json()
    envelope = schema["components"]["schemas"]["PaginatedMeetingList"]
    assert envelope["properties"]["count_exact"]["type"] == "boolean"
    assert "count_exact" not in envelope["required"]
