"""A meeting page is read from the meeting's document (events/meeting_page.py): the same page
whether the document is stored (PostgreSQL) or built from the rows, and current after any write."""

import pytest

from c5site.records import Status
from events import documents
from events.models import Citation, Meeting, MeetingDocument, Participation

pytestmark = pytest.mark.django_db


def pages(client):
    return {
        slug: client.get(f"/meetings/{slug}/").content
        for slug in Meeting.objects.visible().order_by("slug").values_list("slug", flat=True)
    }


def test_every_demo_meeting_page_is_the_same_from_its_stored_document_and_from_its_rows(client, demo):
    stored = pages(client)
    if documents.enabled():
        assert MeetingDocument.objects.count() == Meeting.objects.count()
    MeetingDocument.objects.all().delete()
    assert pages(client) == stored
    assert len(stored) >= 8


def test_a_write_that_bypasses_the_models_shows_on_the_meeting_page(client, demo):
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    Participation.objects.filter(meeting=meeting).update(role="Special Envoy (renamed)")
    Citation.objects.filter(content_type__model="meeting", object_id=meeting.pk).update(quote="A quote edited in SQL")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Special Envoy (renamed)" in html
    assert "A quote edited in SQL" in html


def test_a_meeting_page_with_a_stored_document_reads_no_rows_of_its_facts(client, demo, django_assert_max_num_queries):
    """Its row and document (one query), the countries' names, its corrections: four at most.
    Without stored documents (SQLite) the facts are read from the rows (tests/site/test_queries.py)."""
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    if not documents.enabled():
        assert not MeetingDocument.objects.exists()
        return
    with django_assert_max_num_queries(4) as queries:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    assert not any("events_participation" in q["sql"] and "events_correction" not in q["sql"] for q in queries.captured_queries)


def test_a_meeting_retracted_while_its_page_is_built_still_gets_the_page_it_was_read_for(client, demo, monkeypatch):
    from events import meeting_page  # noqa: PLC0415

    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    MeetingDocument.objects.all().delete()
    build_rows = meeting_page.build_rows

    def retract_first(ids, **kwargs):
        Meeting.objects.filter(pk=meeting.pk).update(status=Status.RETRACTED)
        return build_rows(ids, **kwargs)

    monkeypatch.setattr(meeting_page, "build_rows", retract_first)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert meeting.title in response.content.decode()
    assert "This record was retracted" in client.get(meeting.get_absolute_url()).content.decode()  # from then on
