import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from events.published import publish
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
    cite,
)

QUOTES = (
    "Special Representative for Afghanistan Thomas West",
    "met in the Kazakh capital of Astana",
    "The parties discussed “security” and trade",
)


@pytest.fixture(autouse=True)
def api_settings(settings, tmp_path):
    """A rate limit no test reaches, an empty throttle history, and bulk files in a directory of the
    test's own, built only where a test asks: throttling and rebuilds are tested on purpose only."""
    settings.API_ANON_RATE = "1000000/hour"
    settings.BULK_DATA_DIR = tmp_path / "bulk"
    settings.BULK_DATA_AUTOBUILD = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def results(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def slugs(response):
    return [record["slug"] for record in results(response)]


def build_meetings(count, *, source=None, people=None):
    """`count` published meetings, each with three participants, a country, two topics and an outcome,
    every fact cited (a participant's role twice, once contradicted): the shape of a real page."""
    source = source or SourceFactory()
    if people is None:
        people = [PersonFactory() for _ in range(3)]
        for person in people:
            cite(PositionFactory(person=person), quote=QUOTES[0], source=source)
    meetings = []
    for _ in range(count):
        meeting = MeetingFactory()
        for field in ("kind", "summary"):
            cite(meeting, field, quote=QUOTES[1], source=source)
        for person in people:
            participation = ParticipationFactory(meeting=meeting, person=person)
            cite(participation, "role", quote=QUOTES[0], source=source)
            cite(participation, "role", quote=QUOTES[1], source=source, stance="contradicts")
        cite(DelegationFactory(meeting=meeting), quote=QUOTES[1], source=source)
        for _ in range(2):
            cite(MeetingTopicFactory(meeting=meeting), quote=QUOTES[2], source=source)
        cite(OutcomeFactory(meeting=meeting, amount="1000.50", currency="USD"), quote=QUOTES[2], source=source)
        meetings.append(meeting)
    new_people = [person.pk for person in people if publish.current_revision(person) is None]
    publish.publish_all(meetings=[m.pk for m in meetings], people=new_people)
    return meetings


def retract(record, reason):
    return publish.retract(record, reason=reason)
