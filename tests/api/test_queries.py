"""Each endpoint runs a bounded number of queries whatever the number of records, the page's depth
and the filters: a page of 3 meetings and page 3 of 60, each with nested citations, cost the same."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import PublishedMeeting, PublishedPerson

from .conftest import build_meetings

pytestmark = pytest.mark.django_db

# The bound of each list, kept here so that a new N+1 shows up as a failure.
LISTS = {
    "/api/v1/meetings/?page_size=20": 6,
    "/api/v1/meetings/?page_size=20&format=csv": 6,
    "/api/v1/meetings/?page_size=20&country=kz&person={person}&kind=ministerial,summit&date_before=2100&ordering=date": 10,
    "/api/v1/meetings/?page_size=20&q=Meeting&topic={topic}": 8,  # with the spellings of the terms
    "/api/v1/people/?page_size=2": 6,
    "/api/v1/people/?page_size=2&met={person}&country=kz": 8,
    "/api/v1/citations/?page_size=20": 7,
    "/api/v1/citations/?page_size=20&fact=participant&stance=contradicts": 7,
    "/api/v1/sources/?page_size=20": 6,
    "/api/v1/topics/?page_size=20": 6,
    "/api/v1/countries/": 5,
    "/api/v1/organizations/": 5,
}


def count_queries(api, url):
    cache.clear()  # kept counts would hide a count's query
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), response


def fill(url, meeting):
    person = PublishedPerson.objects.filter(is_retracted=False).values_list("slug", flat=True).first()
    topic = meeting.topics.first().slug
    return url.format(person=person, topic=topic)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_runs_the_same_bounded_number_of_queries_at_page_1_and_deep(api, url, django_assert_max_num_queries):
    [first] = build_meetings(1)
    few, _ = count_queries(api, fill(url, first))
    more = build_meetings(59, people=[p.person for p in first.participations.all()])
    assert PublishedMeeting.objects.count() == 60
    full = fill(url, more[-1])
    deep = full + ("&page=last" if "?" in url else "?page=last")
    with django_assert_max_num_queries(LISTS[url], info=url):
        many, response = count_queries(api, full)
    with django_assert_max_num_queries(LISTS[url]):
        deepest, _ = count_queries(api, deep)
    if "q=" in url:  # a text search counts only when its first page does not hold every match (BoundedPage)
        assert few <= many <= deepest <= few + 1
    else:
        assert few == many == deepest
    if url.startswith("/api/v1/meetings/?page_size=20") and "csv" not in url and "country" not in url and "q=" not in url:
        assert response.content.count(b"contradicts") >= 20 * 3


@pytest.mark.parametrize(
    ("detail", "bound"),
    [("meetings/{meeting}", 6), ("people/{person}", 9), ("sources/{source}", 9), ("citations/{citation}", 5)],
)
def test_a_detail_runs_the_same_bounded_number_of_queries_for_few_and_many_children(
    api, detail, bound, django_assert_max_num_queries
):
    [small] = build_meetings(1)
    people = [p.person for p in small.participations.all()]

    def url(meeting):
        participation = meeting.participations.first()
        citation = meeting.citations.first()
        return "/api/v1/" + detail.format(meeting=meeting.slug, person=participation.person.slug,
                                          source=citation.source_id, citation=citation.pk) + "/"  # fmt: skip

    few, _ = count_queries(api, url(small))
    large = url(build_meetings(40, people=people)[-1])
    with django_assert_max_num_queries(bound):
        many, _ = count_queries(api, large)
    assert many == few
