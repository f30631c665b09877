"""Each public page runs a bounded number of SQL queries, whatever the number of rows."""

import pytest

from events.models import Source
from events.site.records import PERSON_MEETINGS_PER_PAGE
from people.models import Person
from tests.factories import publish

pytestmark = pytest.mark.django_db

# The most queries each page may run: the same bound for 3 meetings as for 30.
BOUNDS = {
    "/": 12,  # a cold request: the record's state, then the counts it keeps (see test_scale_pages)
    "/meetings/": 10,
    "/meetings/?year=2016&country=kz&kind=ministerial&topic=topic-1-published&person=official-1-published": 14,
    "meeting": 11,
    "/people/": 4,
    # Its meetings' documents are read where stored (PostgreSQL: 6 queries, see
    # tests/site/test_person_page.py) and built from the rows elsewhere, in a constant number.
    "person": 14,
    "/countries/kz/": 13,
    "/topics/topic-1-published/": 7,
    "/sources/": 4,
    "source": 11,
    "/search/?q=meeting": 8,
    "/corrections/": 12,
    "/feeds/meetings/": 4,
    "/feeds/corrections/": 12,
    "/sitemap.xml": 11,  # with the sections' totals, kept per record version (3 queries, then none)
}


def resolve(key):
    if key == "meeting":
        return "/meetings/meeting-number-1-published/"
    if key == "person":
        return Person.objects.get(slug="official-1-published").get_absolute_url()
    if key == "source":
        return Source.objects.cited_in_published().first().get_absolute_url()
    return key


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("key", BOUNDS)
def test_page_runs_a_bounded_number_of_queries(client, many_meetings, django_assert_max_num_queries, key, count):
    publish(*many_meetings(count))  # the public reads the published record
    url = resolve(key)
    with django_assert_max_num_queries(BOUNDS[key]):
        response = client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize("count", [3, 30])
def test_a_person_and_a_topic_with_many_meetings_run_a_bounded_number_of_queries(
    client, many_meetings, django_assert_max_num_queries, count
):
    from tests.factories import (  # noqa: PLC0415
        MeetingTopicFactory,
        ParticipationFactory,
        PersonFactory,
        PositionFactory,
        TopicFactory,
        cite,
    )  # fmt: skip

    person = PersonFactory(slug="frequent-official")
    cite(PositionFactory(person=person), "title")  # positions and meetings attended both cited
    topic = TopicFactory(slug="frequent-topic")
    meetings = many_meetings(count)
    for meeting in meetings:
        cite(ParticipationFactory(meeting=meeting, person=person), "role")
        cite(MeetingTopicFactory(meeting=meeting, topic=topic))
    publish(*meetings)
    MEETINGS_PER_PAGE = PERSON_MEETINGS_PER_PAGE  # noqa: N806

    with django_assert_max_num_queries(BOUNDS["person"]):
        response = client.get("/people/frequent-official/")
    assert response.content.decode().count('data-label="Role at the time"') == min(count, MEETINGS_PER_PAGE)
    if count > MEETINGS_PER_PAGE:
        with django_assert_max_num_queries(BOUNDS["person"]):
            response = client.get("/people/frequent-official/?page=2")
        assert response.content.decode().count('data-label="Role at the time"') == count - MEETINGS_PER_PAGE
    from events.site.lists import MEETINGS_PER_PAGE as TOPIC_MEETINGS_PER_PAGE  # noqa: PLC0415

    with django_assert_max_num_queries(BOUNDS["/topics/topic-1-published/"]):
        response = client.get("/topics/frequent-topic/")
    assert response.content.decode().count('class="meeting-item"') == min(count, TOPIC_MEETINGS_PER_PAGE)
    if count > TOPIC_MEETINGS_PER_PAGE:
        with django_assert_max_num_queries(BOUNDS["/topics/topic-1-published/"]):
            response = client.get("/topics/frequent-topic/?page=2")
        assert response.content.decode().count('class="meeting-item"') == count - TOPIC_MEETINGS_PER_PAGE
