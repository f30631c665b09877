"""Each endpoint runs a fixed number of queries, whatever the number of records and citations:
the same bound holds for a page of 3 meetings and a page of 50, each with nested citations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import build_meetings

pytestmark = pytest.mark.django_db

# The bound for each endpoint, counted once and kept here so a new N+1 shows up as a failure.
BOUNDS = {
    "/api/v1/meetings/?page_size=50": 13,
    "/api/v1/people/?page_size=50": 6,
    "/api/v1/sources/?page_size=50": 11,
    "/api/v1/citations/?page_size=50": 12,
    "/api/v1/topics/?page_size=50": 4,
    "/api/v1/countries/?page_size=50": 4,
    "/api/v1/organizations/?page_size=50": 4,
    "/api/v1/popolo/": 18,
    "/api/v1/meetings/?page_size=50&format=csv": 13,
    "/api/v1/meetings/?page_size=50&country=kz&date_before=2100&q=Meeting&ordering=-title": 13,
}


def count_queries(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), response


@pytest.mark.parametrize("url", BOUNDS)
def test_a_list_runs_the_same_bounded_number_of_queries_for_few_and_many_records(api, url, django_assert_max_num_queries):
    build_meetings(3)
    few, _ = count_queries(api, url)
    build_meetings(57)
    with django_assert_max_num_queries(BOUNDS[url]):
        many, response = count_queries(api, url)
    assert many == few
    if "meetings" in url and "country" not in url and "csv" not in url:
        assert response.content.count(b"contradicts") >= 50 * 3


@pytest.mark.parametrize(("detail", "bound"), [("meetings/{meeting}", 15), ("people/{person}", 10), ("sources/{source}", 13)])
def test_a_detail_runs_the_same_bounded_number_of_queries_for_few_and_many_children(api, detail, bound, django_assert_max_num_queries):
    [small] = build_meetings(1)
    large = build_meetings(40)[-1]

    def url(meeting):
        participation = meeting.participations.first()
        source = meeting.citations.first().source
        return "/api/v1/" + detail.format(meeting=meeting.slug, person=participation.person.slug, source=source.pk) + "/"

    few, _ = count_queries(api, url(small))
    with django_assert_max_num_queries(bound):
        many, _ = count_queries(api, url(large))
    assert many == few
