"""Corrections and retractions are public, dated, linkable, and in an Atom feed."""

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import Citation, Correction, Meeting, Participation
from tests.site.conftest import SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(unpublished):
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    participation = Participation.objects.get(meeting=meeting, person__slug="kairat-umarov")
    citation = participation.citations.filter(stance=Citation.Stance.SUPPORTS).first()
    return Correction.objects.create(
        content_type=ContentType.objects.get_for_model(Participation),
        object_id=participation.pk,
        note="His role was first given as Ambassador; it is Deputy Foreign Minister.",
        citation=citation,
    )


def test_the_corrections_page_lists_corrections_and_retractions_with_stable_anchors(client, corrected, unpublished):
    text = client.get("/corrections/").content.decode()
    assert f'id="correction-{corrected.pk}"' in text
    assert "His role was first given as Ambassador" in text
    assert "Kairat Umarov at C5+1 special session on Afghanistan, Astana" in text
    assert f"“{corrected.citation.quote}”" in text
    assert corrected.created_at.strftime("%B %-d, %Y") in text
    assert "Retracted: Retracted meeting" in text and "No source confirms this meeting took place." in text
    assert "Misidentified official." in text
    # Neither a correction of a draft nor an editor's internal comment is public.
    assert SECRET not in text


def test_the_corrected_record_shows_the_correction_with_its_date(client, corrected):
    text = client.get("/meetings/c5-1-special-session-afghanistan-astana-2023/").content.decode()
    assert "His role was first given as Ambassador" in text
    assert f'datetime="{corrected.created_at.isoformat()}"' in text
    assert f'href="/corrections/#correction-{corrected.pk}"' in text


def test_the_corrections_feed_links_each_entry_to_its_anchor(client, corrected, unpublished):
    response = client.get("/feeds/corrections/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert f"http://testserver/corrections/#correction-{corrected.pk}" in xml
    assert "Retracted: Retracted meeting" in xml
    assert xml.count("<entry>") == 3
    assert SECRET not in xml


def test_an_officials_page_shows_the_corrections_of_the_official_and_of_their_positions(client, demo):
    from people.models import Person, Position  # noqa: PLC0415

    person = Person.objects.get(slug="kairat-umarov")
    position = Position.objects.filter(person=person).first()
    other = Position.objects.exclude(person=person).first()
    for record, note in [(person, "His name was misspelt."), (position, "The title was corrected."), (other, "Not his.")]:
        Correction.objects.create(content_type=ContentType.objects.get_for_model(record), object_id=record.pk, note=note)
    text = client.get(person.get_absolute_url()).content.decode()
    assert "His name was misspelt." in text
    assert "The title was corrected." in text
    assert "Not his." not in text


def test_a_meeting_page_shows_the_corrections_of_the_meeting_itself(client, demo):
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    other = Meeting.objects.exclude(pk=meeting.pk).first()
    for record, note in [(meeting, "The summary was incomplete."), (other, "Another meeting's correction.")]:
        Correction.objects.create(content_type=ContentType.objects.get_for_model(Meeting), object_id=record.pk, note=note)
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert "The summary was incomplete." in text
    assert "Another meeting's correction." not in text


def test_the_corrections_query_compiled_once_holds_no_value_read_from_the_database(client, demo):
    """Its SQL outlives a content type's id (a flushed test database gives new ones): only the
    record's id, swapped per call, and constants of the code may be among its parameters."""
    from c5site.records import Status  # noqa: PLC0415
    from events.views import _correction_queries  # noqa: PLC0415
    from people.models import Person  # noqa: PLC0415

    client.get(Meeting.objects.published().first().get_absolute_url())
    client.get(Person.objects.published().first().get_absolute_url())
    for model in (Meeting, Person):
        query = _correction_queries[model]
        for _sql, params, where in query.compiled.values():
            assert where
            assert {p for n, p in enumerate(params) if n not in where} <= set(Status) | {"events", "people", *(
                m._meta.model_name for m in (Meeting, Participation, Person)
            ), "delegation", "meetingtopic", "outcome", "position"}
