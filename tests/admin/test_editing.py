"""Editing a meeting in the admin: citing each fact from its row, no lost updates, corrections, history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from c5site.records import Status
from events.models import Citation, Correction, Meeting, Participation
from tests.factories import PersonFactory, SourceFactory

from .conftest import form_data

pytestmark = pytest.mark.django_db


def change_url(meeting):
    return reverse("admin:events_meeting_change", args=[meeting.pk])


def participation_prefix(data):
    return next(k for k in data if k.endswith("TOTAL_FORMS") and "participation" in k).rsplit("-", 1)[0]


def add_participant(data, person, role, **cite):
    prefix = participation_prefix(data)
    index = int(data[f"{prefix}-TOTAL_FORMS"]) - 1  # the empty extra row
    data.update({f"{prefix}-{index}-person": person.pk, f"{prefix}-{index}-role": role, f"{prefix}-{index}-meeting": ""})
    for name, value in cite.items():
        data[f"{prefix}-{index}-cite_{name}"] = value
    return data


def test_a_participant_is_cited_from_its_own_row(client_for, contributor, cited_meeting):
    source = SourceFactory()
    person = PersonFactory(name="Kairat Umarov")
    client = client_for(contributor)
    data = add_participant(form_data(client.get(change_url(cited_meeting))), person, "First Deputy Foreign Minister",
                           source=source.pk, quote="Special Representative for  Afghanistan Thomas West", field="role",
                           stance="supports")
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    participation = Participation.objects.get(meeting=cited_meeting, person=person)
    citation = participation.citations.get()
    assert (citation.source, citation.field, citation.is_valid, citation.created_by) == (source, "role", True, contributor)
    assert source.text[citation.start:citation.end] == "Special Representative for Afghanistan Thomas West"


def test_a_quote_not_in_the_source_is_refused_with_the_closest_passage(client_for, contributor, cited_meeting):
    source = SourceFactory()
    person = PersonFactory(name="Kairat Umarov")
    client = client_for(contributor)
    data = add_participant(form_data(client.get(change_url(cited_meeting))), person, "Deputy Foreign Minister",
                           source=source.pk, quote="Special Envoy Thomas West attended the meeting")
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This quote does not occur in the source." in page
    assert "Closest passage: “" in page and "Thomas West attended the meeting" in page
    assert not Participation.objects.filter(person=person).exists()
    assert Citation.objects.filter(source=source).count() == 0


def test_a_quote_without_its_source_is_refused(client_for, contributor, cited_meeting):
    client = client_for(contributor)
    data = add_participant(form_data(client.get(change_url(cited_meeting))), PersonFactory(), "Minister",
                           quote="Thomas West")
    response = client.post(change_url(cited_meeting), data)
    assert "Choose the source this quote comes from." in response.content.decode()


def test_the_meetings_own_fields_are_cited_in_their_inline(client_for, contributor, cited_meeting):
    source = SourceFactory()
    client = client_for(contributor)
    data = form_data(client.get(change_url(cited_meeting)))
    prefix = next(k for k in data if k.endswith("TOTAL_FORMS") and "citation" in k).rsplit("-", 1)[0]
    index = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update({f"{prefix}-{index}-field": "date", f"{prefix}-{index}-source": source.pk,
                 f"{prefix}-{index}-quote": "on July 27-28", f"{prefix}-{index}-stance": "supports"})
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 302
    assert cited_meeting.citations.get(field="date").is_valid


# --- no lost updates (rule 4) --------------------------------------------------------------------


def test_the_second_of_two_editors_to_save_is_refused_and_the_first_change_kept(client_for, editor, editor2, cited_meeting):
    from django.test import Client  # noqa: PLC0415

    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(editor2)
    first_data = form_data(first.get(change_url(cited_meeting)))
    second_data = form_data(second.get(change_url(cited_meeting)))

    first_data["title"] = "C5+1 special session on Afghanistan, Astana"
    assert first.post(change_url(cited_meeting), first_data).status_code == 302

    second_data["summary"] = "The parties discussed security."
    response = second.post(change_url(cited_meeting), second_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: editor saved this meeting at" in page
    assert "The parties discussed security." in page  # the second editor's input is still in the form
    cited_meeting.refresh_from_db()
    assert cited_meeting.title == "C5+1 special session on Afghanistan, Astana"
    assert cited_meeting.summary == ""
    assert cited_meeting.last_changed_by == editor


def test_a_save_after_a_transition_by_someone_else_is_refused(client_for, contributor, editor, cited_meeting):
    from events import workflow  # noqa: PLC0415

    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    workflow.submit(record=cited_meeting, by=contributor)
    data["summary"] = "Edited meanwhile."
    response = client.post(change_url(cited_meeting), data)
    assert "Not saved: contributor saved this meeting" in response.content.decode()
    cited_meeting.refresh_from_db()
    assert cited_meeting.summary == ""


def test_each_save_raises_the_version(client_for, editor, cited_meeting):
    client = client_for(editor)
    for summary in ("One.", "Two."):
        data = form_data(client.get(change_url(cited_meeting)))
        data["summary"] = summary
        assert client.post(change_url(cited_meeting), data).status_code == 302
    cited_meeting.refresh_from_db()
    assert (cited_meeting.version, cited_meeting.summary) == (3, "Two.")


# --- published records: corrections and rule 1 ----------------------------------------------------


def publish(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.PUBLISHED)
    meeting.refresh_from_db()


def test_an_editor_marks_an_edit_of_a_published_meeting_as_a_correction(client_for, editor, cited_meeting):
    publish(cited_meeting)
    source = SourceFactory()
    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    data.update({
        "title": "C5+1 special session on Afghanistan, Astana",
        "is_correction": "on",
        "correction_note": "The session was held in Astana, as the ministry reported.",
        "correction_source": source.pk,
        "correction_quote": "met in the Kazakh capital of Astana",
        "correction_field": "place",
        "change_reason": "Corrected the title",
    })
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 302
    note = Correction.objects.get(content_type=ContentType.objects.get_for_model(Meeting), object_id=cited_meeting.pk)
    assert note.note == "The session was held in Astana, as the ministry reported."
    assert (note.citation.source, note.citation.field, note.citation.is_valid, note.by) == (source, "place", True, editor)
    assert cited_meeting.history.first().history_change_reason == "Corrected the title"


def test_a_correction_needs_its_note_and_citation(client_for, editor, cited_meeting):
    publish(cited_meeting)
    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    data.update({"is_correction": "on", "title": "Changed"})
    page = client.post(change_url(cited_meeting), data).content.decode()
    assert "Say what was wrong" in page and "Give the source and the passage" in page
    assert not Correction.objects.exists()
    cited_meeting.refresh_from_db()
    assert cited_meeting.title == "C5+1 special session on Afghanistan"


def test_an_edit_that_would_leave_a_published_fact_uncited_is_refused(client_for, editor, cited_meeting):
    publish(cited_meeting)
    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    data["summary"] = "A summary no passage supports."
    response = client.post(change_url(cited_meeting), data, follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors and "meeting summary — no citation" in errors[0]
    cited_meeting.refresh_from_db()
    assert cited_meeting.summary == ""


# --- history ----------------------------------------------------------------------------------------


def test_history_records_who_and_why_for_the_meeting_and_its_rows(client_for, contributor, cited_meeting):
    client = client_for(contributor)
    person = PersonFactory(name="Kairat Umarov")
    data = add_participant(form_data(client.get(change_url(cited_meeting))), person, "Deputy Foreign Minister")
    data["change_reason"] = "Added Umarov from the ministry's statement"
    assert client.post(change_url(cited_meeting), data).status_code == 302
    latest = cited_meeting.history.first()
    assert (latest.history_user, latest.history_change_reason) == (contributor, "Added Umarov from the ministry's statement")
    row = Participation.history.filter(person_id=person.pk).get()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+", contributor, "Added Umarov from the ministry's statement")


def test_comparing_versions_shows_participants_topics_and_field_changes(client_for, contributor, editor, cited_meeting):
    client = client_for(contributor)
    cited_meeting.save()  # a version as the fixture left it, participant included: each version shows the rows then
    before = cited_meeting.history.first()
    data = add_participant(form_data(client.get(change_url(cited_meeting))), PersonFactory(name="Kairat Umarov"),
                           "Deputy Foreign Minister")
    data["title"] = "C5+1 special session, Astana"
    prefix = participation_prefix(data)
    data[f"{prefix}-0-DELETE"] = "on"  # Thomas West leaves
    assert client.post(change_url(cited_meeting), data).status_code == 302
    after = cited_meeting.history.first()
    url = reverse("admin:events_meeting_compare", args=[cited_meeting.pk])
    response = client_for(editor).get(url, {"old": before.history_id, "new": after.history_id})
    sections = dict(response.context["sections"])
    assert ("changed", "title", "C5+1 special session on Afghanistan", "C5+1 special session, Astana") in sections["Meeting"]
    assert ("added", "", "", "Kairat Umarov — Deputy Foreign Minister") in sections["Participants"]
    assert ("removed", "", "Thomas West — Special Representative for Afghanistan", "") in sections["Participants"]
    page = response.content.decode()
    assert "Kairat Umarov — Deputy Foreign Minister" in page


def test_saving_a_meeting_with_its_rows_rebuilds_its_api_document_once(client_for, editor, cited_meeting, rebuilt_batches):
    from events import documents  # noqa: PLC0415

    batches = rebuilt_batches
    client = client_for(editor)
    data = add_participant(form_data(client.get(change_url(cited_meeting))), PersonFactory(name="Kairat Umarov"),
                           "First Deputy Foreign Minister", source=SourceFactory().pk,
                           quote="Special Representative for  Afghanistan Thomas West", field="role", stance="supports")
    data["summary"] = "Edited with a new participant."
    assert client.post(change_url(cited_meeting), data).status_code == 302
    assert batches == ([[cited_meeting.pk]] if documents.enabled() else [])
    if documents.enabled():
        assert documents.check() == []
