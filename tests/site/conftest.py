"""Fixtures of the public site's tests: drafts to hide, hostile text to escape, many rows to count queries on."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from c5site.records import Status
from events.models import Meeting, Transition
from tests.factories import (
    CountryFactory,
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SourceFactory,
    TopicFactory,
    cite,
)

SECRET = "Zqxdraft"  # a word that appears only in records the public must not see


def full_meeting(n, *, status=Status.PUBLISHED, person=None, source=None, title=None, summary=None):
    """A meeting with every kind of child, each cited: what a real record looks like."""
    meeting = MeetingFactory(
        title=title or f"Meeting number {n}",
        slug=f"meeting-number-{n}-{status}",
        status=status,
        place=PlaceFactory(),
        place_name_reported="Astana",
        start_date=datetime.date(2015 + n % 9, 1 + n % 12, 1 + n % 28),
        date_precision="day",
        summary=summary or f"Summary of meeting {n}.",
        format=Meeting.Format.IN_PERSON,
    )
    source = source or SourceFactory()
    for field in ("date", "place", "kind", "format", "summary"):
        cite(meeting, field, source=source)
    person = person or PersonFactory(name=f"Official {n}", slug=f"official-{n}-{status}")
    position = PositionFactory(person=person)
    cite(position, source=source)
    cite(ParticipationFactory(meeting=meeting, person=person, country=CountryFactory(code="US")), "role", source=source)
    cite(DelegationFactory(meeting=meeting, country=CountryFactory(code="KZ")), source=source)
    cite(
        MeetingTopicFactory(meeting=meeting, topic=TopicFactory(name=f"Topic {n}-{status}", slug=f"topic-{n}-{status}")),
        source=source,
    )
    cite(OutcomeFactory(meeting=meeting, description=f"Outcome of meeting {n}."), source=source)
    return meeting


@pytest.fixture
def many_meetings(db):
    """make(n): n published meetings, each with its people, topics, outcomes and citations."""

    def make(n):
        return [full_meeting(i) for i in range(n)]

    return make


@pytest.fixture
def unpublished(demo):
    """A draft, an in-review and a retracted meeting and person, and a published meeting with a
    participant in review; every unpublished thing carries SECRET in its text."""
    secret_source = SourceFactory(
        title=f"{SECRET} article", text=f"{SECRET} article text. Special Representative for Afghanistan Thomas West"
    )
    records = {}
    for status in (Status.DRAFT, Status.IN_REVIEW):
        person = PersonFactory(name=f"{SECRET} {status} person", slug=f"secret-{status}-person", status=status, aliases=[SECRET])
        records[f"{status}-person"] = person
        records[f"{status}-meeting"] = full_meeting(
            100 + len(records),
            status=status,
            person=person,
            source=secret_source,
            title=f"{SECRET} {status} meeting",
            summary=f"{SECRET} summary",
        )
    retracted_person = PersonFactory(
        name="Retracted Person", slug="retracted-person", status=Status.RETRACTED, public_notice="Misidentified official."
    )
    retracted = full_meeting(
        200, status=Status.RETRACTED, person=retracted_person, title="Retracted meeting", summary=f"{SECRET} retracted summary"
    )
    Meeting.objects.filter(pk=retracted.pk).update(public_notice="No source confirms this meeting took place.")
    for record in (retracted, retracted_person):
        Transition.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            from_status=Status.PUBLISHED,
            to_status=Status.RETRACTED,
            comment=f"{SECRET} internal comment",
        )
    hidden_participant = PersonFactory(name=f"{SECRET} participant", slug="secret-participant", status=Status.IN_REVIEW)
    published = full_meeting(300, person=hidden_participant, title="Published meeting with a hidden participant")
    records.update(
        retracted_meeting=retracted, retracted_person=retracted_person, published=published, hidden_participant=hidden_participant
    )
    return records


def public_urls():
    """Every public page of the URL table for the public records: those of the published record."""
    from events.models import PublishedMeeting, PublishedPerson, PublishedReference  # noqa: PLC0415
    from events.published.reader import _url  # noqa: PLC0415

    urls = [
        "/",
        "/meetings/",
        "/people/",
        "/sources/",
        "/corrections/",
        "/feeds/meetings/",
        "/feeds/corrections/",
        "/sitemap.xml",
        "/robots.txt",
        "/search/?q=meeting",
        "/search/?q=Afghanistan",
    ]
    urls += [_url("meeting", slug) for slug in PublishedMeeting.objects.filter(is_retracted=False).values_list("slug", flat=True)]
    urls += [_url("person", slug) for slug in PublishedPerson.objects.filter(is_retracted=False).values_list("slug", flat=True)]
    for kind in ("source", "topic", "country"):
        slugs = PublishedReference.objects.filter(kind=kind, uses__gt=0).values_list("slug", flat=True)
        urls += [_url(kind, int(slug) if kind == "source" else slug) for slug in slugs]
    return urls
