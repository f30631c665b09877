"""Editing in the admin: citing each fact from its row, no lost updates, review of unpublished changes, restore,
history."""

import pytest
from django.test import Client
from django.urls import reverse

from events import workflow
from events.models import Citation, Participation, PublishedMeeting
from events.published import publish as publishing
from tests.factories import PersonFactory, PlaceFactory, PositionFactory, SourceFactory, TopicFactory, publish

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
    data = add_participant(
        form_data(client.get(change_url(cited_meeting))),
        person,
        "First Deputy Foreign Minister",
        source=source.pk,
        quote="Special Representative for  Afghanistan Thomas West",
        field="role",
        stance="supports",
    )
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    participation = Participation.objects.get(meeting=cited_meeting, person=person)
    citation = participation.citations.get()
    assert (citation.source, citation.field, citation.is_valid, citation.created_by) == (source, "role", True, contributor)
    assert source.text[citation.start : citation.end] == "Special Representative for Afghanistan Thomas West"


def test_a_quote_not_in_the_source_is_refused_with_the_closest_passage(client_for, contributor, cited_meeting):
    source = SourceFactory()
    person = PersonFactory(name="Kairat Umarov")
    client = client_for(contributor)
    data = add_participant(
        form_data(client.get(change_url(cited_meeting))),
        person,
        "Deputy Foreign Minister",
        source=source.pk,
        quote="Special Envoy Thomas West attended the meeting",
    )
    response = client.post(change_url(cited_meeting), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This quote does not occur in the source." in page
    assert "Closest passage: “" in page and "Thomas West attended the meeting" in page
    assert not Participation.objects.filter(person=person).exists()
    assert Citation.objects.filter(source=source).count() == 0


def test_a_quote_without_its_source_is_refused(client_for, contributor, cited_meeting):
    client = client_for(contributor)
    data = add_participant(form_data(client.get(change_url(cited_meeting))), PersonFactory(), "Minister", quote="Thomas West")
    response = client.post(change_url(cited_meeting), data)
    assert "Choose the source this quote comes from." in response.content.decode()


def test_the_meetings_own_fields_are_cited_in_their_inline(client_for, contributor, cited_meeting):
    source = SourceFactory()
    client = client_for(contributor)
    data = form_data(client.get(change_url(cited_meeting)))
    prefix = next(k for k in data if k.endswith("TOTAL_FORMS") and "citation" in k).rsplit("-", 1)[0]
    index = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"{prefix}-{index}-field": "date",
            f"{prefix}-{index}-source": source.pk,
            f"{prefix}-{index}-quote": "on July 27-28",
            f"{prefix}-{index}-stance": "supports",
        }
    )
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


def test_an_edit_of_a_published_meeting_is_listed_for_review_with_its_citations(client_for, editor, cited_meeting):
    publish(cited_meeting)
    client = client_for(editor)
    data = add_participant(
        form_data(client.get(change_url(cited_meeting))),
        PersonFactory(name="Kairat Umarov"),
        "Deputy Foreign Minister",
        source=SourceFactory().pk,
        quote="Special Representative for Afghanistan Thomas West",
        field="role",
        stance="supports",
    )
    data["title"] = "C5+1 special session, Astana"
    data[f"{participation_prefix(data)}-0-DELETE"] = "on"  # Thomas West leaves
    assert client.post(change_url(cited_meeting), data).status_code == 302
    assert PublishedMeeting.objects.get(pk=cited_meeting.pk).title == "C5+1 special session on Afghanistan"

    response = client.get(reverse("admin:events_meeting_review", args=[cited_meeting.pk]))
    lines = [(line.op, line.what, line.before, line.after) for line in response.context["unpublished_lines"]]
    assert ("changed", "Title", "C5+1 special session on Afghanistan", "C5+1 special session, Astana") in lines
    assert ("added", "Participant Kairat Umarov", "", "Deputy Foreign Minister") in lines
    assert ("removed", "Participant Thomas West", "Special Representative for Afghanistan", "") in lines
    cited = [(line.op, line.what) for line in response.context["unpublished_lines"] if line.what.startswith("Citation")]
    assert ("removed", "Citation of participant Thomas West (role)") in cited
    assert ("added", "Citation of participant Kairat Umarov (role)") in cited
    page = response.content.decode()
    assert "Kairat Umarov" in page and "Preview the page as it would be published" in page


def test_an_edit_that_leaves_a_fact_uncited_is_kept_unpublished_and_blocks_approval(client_for, editor, editor2, cited_meeting):
    publish(cited_meeting)
    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    data["summary"] = "A summary no passage supports."
    assert client.post(change_url(cited_meeting), data).status_code == 302
    workflow.submit(record=cited_meeting, by=editor)
    with pytest.raises(workflow.WorkflowError, match="meeting summary — no citation"):
        workflow.approve(record=cited_meeting, by=editor2)
    assert PublishedMeeting.objects.get(pk=cited_meeting.pk).revision.document["summary"] == ""


def test_restoring_a_revision_writes_the_working_rows_back_and_publishes_nothing(client_for, editor, cited_meeting):
    publish(cited_meeting)
    participation = cited_meeting.participations.get()
    participation.role = "Special Envoy"
    participation.save()
    participation.citations.all().delete()
    client = client_for(editor)
    response = client.post(reverse("admin:events_meeting_restore", args=[cited_meeting.pk, 1]), follow=True)
    assert any("Revision 1 is restored" in str(m) for m in response.context["messages"])
    participation = cited_meeting.participations.get()
    assert participation.role == "Special Representative for Afghanistan"
    assert [c.quote for c in participation.citations.all()] == ["Special Representative for Afghanistan Thomas West"]
    assert publishing.unpublished_changes(cited_meeting) == []
    assert publishing.current_revision(cited_meeting).number == 1
    assert cited_meeting.history.first().history_change_reason == "Restored revision 1"


def test_a_restore_is_refused_on_get_and_for_a_revision_that_does_not_exist(client_for, editor, cited_meeting):
    publish(cited_meeting)
    client = client_for(editor)
    assert client.get(reverse("admin:events_meeting_restore", args=[cited_meeting.pk, 1])).status_code == 405
    response = client.post(reverse("admin:events_meeting_restore", args=[cited_meeting.pk, 7]), follow=True)
    assert any("no published revision 7" in str(m) for m in response.context["messages"])


@pytest.mark.parametrize("kind", ["source", "topic", "position", "place"])
def test_the_second_of_two_editors_to_save_reference_data_is_refused_naming_the_first(
    kind, client_for, editor, editor2, cited_meeting
):
    row = {
        "source": lambda: SourceFactory(),
        "topic": lambda: TopicFactory(name="Security"),
        "position": lambda: PositionFactory(),
        "place": lambda: PlaceFactory(),
    }[kind]()
    opts = row._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    first, second = client_for(editor), Client()
    second.force_login(editor2)
    data_first, data_second = form_data(first.get(url)), form_data(second.get(url))
    name = {"source": "title", "topic": "name", "position": "title", "place": "name"}[kind]
    data_first[name] = "Changed by the first editor"
    assert first.post(url, data_first).status_code == 302
    data_second[name] = "Changed by the second editor"
    page = second.post(url, data_second).content.decode()
    assert "Not saved: editor saved this" in page
    row.refresh_from_db()
    assert getattr(row, name) == "Changed by the first editor"


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
        "+",
        contributor,
        "Added Umarov from the ministry's statement",
    )
