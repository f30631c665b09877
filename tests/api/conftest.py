import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from c5site.records import Status
from events import documents
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
def api_rate(settings):
    """A limit no test reaches, and an empty throttle history: throttling is tested on purpose only."""
    settings.API_ANON_RATE = "1000000/hour"
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


@documents.deferred()  # one API document build per meeting, as an admin form save does
def build_meetings(count, *, source=None):
    """`count` published meetings, each with three participants, a country, two topics and an
    outcome, every fact cited twice: the shape of a real page, for query counting."""
    source = source or SourceFactory()
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        position = PositionFactory(person=person)
        cite(position, quote=QUOTES[0], source=source)
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
    return meetings


@pytest.fixture
def hidden(db):
    """Records the public must never see (rule 2), each named with a marker, beside one published meeting.

    - meetings in draft, in review and retracted, each with a participant, a topic, an outcome
      and a source cited by nothing public;
    - people in draft, in review and retracted, with cited positions, taking part in the
      published meeting.
    """
    visible_source = SourceFactory(title="Visible source")
    visible = MeetingFactory(title="Visible meeting", slug="visible-meeting")
    cite(visible, "kind", quote=QUOTES[1], source=visible_source)
    shown = PersonFactory(name="Shown Person", slug="shown-person")
    cite(ParticipationFactory(meeting=visible, person=shown), "role", source=visible_source)
    cite(MeetingTopicFactory(meeting=visible, topic__name="Visible meeting topic"), quote=QUOTES[2], source=visible_source)
    markers = []
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.RETRACTED):
        marker = f"hiddenmeeting{status.replace('_', '')}"
        source = SourceFactory(title=f"{marker} source")
        meeting = MeetingFactory(title=f"{marker} title", slug=marker, status=status, summary=f"{marker} summary")
        cite(meeting, "kind", quote=QUOTES[1], source=source)
        cite(ParticipationFactory(meeting=meeting, person=shown, role=f"{marker} role"), "role", source=source)
        cite(MeetingTopicFactory(meeting=meeting, topic__name=f"{marker} topic"), quote=QUOTES[2], source=source)
        cite(OutcomeFactory(meeting=meeting, description=f"{marker} outcome"), quote=QUOTES[2], source=source)
        markers.append(marker)

        marker = f"hiddenperson{status.replace('_', '')}"
        source = SourceFactory(title=f"{marker} source")
        person = PersonFactory(name=f"{marker} name", slug=marker, status=status)
        cite(PositionFactory(person=person, title=f"{marker} position"), source=source)
        cite(ParticipationFactory(meeting=visible, person=person, role=f"{marker} role"), "role", source=source)
        markers.append(marker)
    return {"visible": visible, "markers": markers}
