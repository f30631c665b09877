"""events/api_rows.py builds the meetings' JSON from `.values()` rows; MeetingSerializer (over
`Meeting.objects.for_api()`) is the interface the schema is generated from. Both must give the
same bytes, key order included, for every kind of meeting the record holds."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from c5site.records import Status
from events.api_rows import meeting_rows
from events.models import Meeting
from events.serializers import MeetingSerializer
from tests.factories import MeetingFactory, OutcomeFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def both_ways(request=None):
    meetings = list(Meeting.objects.for_api().order_by("pk"))
    expected = MeetingSerializer(meetings, many=True, context={"request": request}).data
    return json.dumps(meeting_rows([m.pk for m in meetings], request)), json.dumps(expected)


def test_the_rows_of_every_demo_meeting_equal_the_serializer(demo, settings):
    settings.ALLOWED_HOSTS = ["c5.example.org"]
    request = RequestFactory().get("/api/v1/meetings/", HTTP_HOST="c5.example.org")
    rows, serialized = both_ways(request)
    assert rows == serialized
    data = json.loads(rows)
    # The demo exercises what the rows must get right: disputes, places under a former name, no place, amounts.
    assert len(data) == 8
    assert any(m["disputed_fields"] or any(p["disputed"] for p in m["participants"]) for m in data)
    assert any(m["place"] and m["place"]["name_as_reported"] != m["place"]["name"] for m in data)
    assert any(m["place"] is None for m in data)
    assert data[0]["url"].startswith("http://c5.example.org/meetings/")


def test_the_rows_of_generated_meetings_equal_the_serializer(db):
    call_command("generate_corpus", meetings=30, seed=5, stdout=io.StringIO())
    rows, serialized = both_ways()
    assert rows == serialized
    assert len(json.loads(rows)) == 30


def test_amounts_unpublished_people_and_order_are_kept(db):
    meeting = MeetingFactory()
    OutcomeFactory(meeting=meeting, amount="25000000", currency="USD")
    OutcomeFactory(meeting=meeting)
    ParticipationFactory(meeting=meeting, person=PersonFactory(status=Status.DRAFT))
    ParticipationFactory(meeting=meeting)
    other = MeetingFactory()
    rows, serialized = both_ways()
    assert rows == serialized
    data = {m["slug"]: m for m in json.loads(rows)}
    assert sorted(o["amount"] for o in data[meeting.slug]["outcomes"] if o["amount"]) == ["25000000.00"]
    assert len(data[meeting.slug]["participants"]) == 1  # the draft person is not shown (rule 2)
    # The order asked for is the order given; ids of meetings not published are left out.
    draft = MeetingFactory(status=Status.DRAFT)
    assert [m["slug"] for m in meeting_rows([other.pk, draft.pk, meeting.pk])] == [other.slug, meeting.slug]
    assert meeting_rows([]) == []
