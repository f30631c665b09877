"""The workflow in the admin: explicit buttons and actions, never a status field; who sees which."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from c5site.records import Status
from events import workflow
from events.models import Meeting, PublishedMeeting, Transition
from events.published import publish as publishing
from tests.factories import publish

from .conftest import form_data

pytestmark = pytest.mark.django_db

ACTIONS = {
    # changelist action → (start status, end status, roles allowed)
    "submit_selected": (Status.DRAFT, Status.IN_REVIEW, {"contributor", "editor", "administrator"}),
    "approve_selected": (Status.IN_REVIEW, Status.PUBLISHED, {"editor", "administrator"}),
    "request_changes_selected": (Status.IN_REVIEW, Status.DRAFT, {"editor", "administrator"}),
    "retract_selected": (Status.PUBLISHED, Status.RETRACTED, {"editor", "administrator"}),
    "return_to_draft_selected": (Status.PUBLISHED, Status.DRAFT, {"editor", "administrator"}),
}


def change_url(meeting):
    return reverse("admin:events_meeting_change", args=[meeting.pk])


def logged(meeting):
    return Transition.objects.filter(content_type=ContentType.objects.get_for_model(Meeting), object_id=meeting.pk)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ["anonymous", "contributor", "editor", "administrator"])
def test_changelist_actions_follow_the_permission_matrix(role, action, client, user_for, cited_meeting, editor2):
    start, end, allowed = ACTIONS[action]
    if start == Status.PUBLISHED:
        publish(cited_meeting)
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=start)
    if role != "anonymous":
        client.force_login(user_for(role))
    data = {"action": action, "_selected_action": [cited_meeting.pk], "apply": "1", "comment": "A reason."}
    response = client.post(reverse("admin:events_meeting_changelist"), data, follow=True)
    cited_meeting.refresh_from_db()
    if role in allowed:
        assert cited_meeting.status == end
        assert logged(cited_meeting).get().by.username == f"{role}-user"
    else:
        assert cited_meeting.status == start
        assert not logged(cited_meeting).exists()
        if role == "anonymous":
            assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))


def test_actions_offered_depend_on_the_role(client_for, contributor, editor):
    url = reverse("admin:events_meeting_changelist")
    contributor_actions = [c[0] for c in client_for(contributor).get(url).context["action_form"].fields["action"].choices]
    assert "submit_selected" in contributor_actions
    assert "approve_selected" not in contributor_actions
    editor_actions = [c[0] for c in client_for(editor).get(url).context["action_form"].fields["action"].choices]
    assert {"approve_selected", "request_changes_selected", "retract_selected", "return_to_draft_selected"} <= set(editor_actions)


def test_status_is_not_a_field_of_the_form(client_for, editor, cited_meeting):
    response = client_for(editor).get(change_url(cited_meeting))
    assert "status" not in response.context["adminform"].form.fields
    assert 'name="status"' not in response.content.decode()


def test_a_changelist_action_reports_each_refusal(client_for, editor, cited_meeting):
    workflow.submit(record=cited_meeting, by=editor)
    response = client_for(editor).post(
        reverse("admin:events_meeting_changelist"),
        {"action": "approve_selected", "_selected_action": [cited_meeting.pk]},
        follow=True,
    )
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert errors == [
        f"You changed or submitted “{cited_meeting}” since its last revision; another editor must approve it (four eyes)."
    ]
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW


def test_requesting_changes_from_the_changelist_asks_for_the_comment_first(client_for, editor, editor2, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor2)
    client = client_for(editor)
    url = reverse("admin:events_meeting_changelist")
    response = client.post(url, {"action": "request_changes_selected", "_selected_action": [cited_meeting.pk]})
    assert response.status_code == 200
    assert "What should change" in response.content.decode()
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW
    client.post(
        url,
        {"action": "request_changes_selected", "_selected_action": [cited_meeting.pk], "apply": "1", "comment": "Cite the date."},
    )
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.DRAFT
    assert logged(cited_meeting).get().comment == "Cite the date."


def test_the_change_form_offers_the_transitions_the_user_may_make(client_for, contributor, editor, editor2, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor2)
    page = client_for(editor).get(change_url(cited_meeting)).content.decode()
    for action in ("approve", "request_changes"):
        assert f'name="_transition" value="{action}"' in page
    assert 'value="submit"' not in page
    page = client_for(contributor).get(change_url(cited_meeting)).content.decode()
    assert 'name="_transition"' not in page


def test_the_submit_button_saves_and_submits(client_for, contributor, cited_meeting):
    client = client_for(contributor)
    data = form_data(client.get(change_url(cited_meeting)))
    data.update({"title": "C5+1 special session, Astana", "_transition": "submit", "transition_comment": "Ready."})
    response = client.post(change_url(cited_meeting), data, follow=True)
    cited_meeting.refresh_from_db()
    assert (cited_meeting.title, cited_meeting.status, cited_meeting.last_changed_by) == (
        "C5+1 special session, Astana",
        Status.IN_REVIEW,
        contributor,
    )
    assert logged(cited_meeting).get().comment == "Ready."
    assert "is now in review" in response.content.decode()


def test_the_approve_button_reports_the_publish_gate(client_for, editor, editor2, cited_meeting):
    cited_meeting.participations.get().citations.all().delete()
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor2)
    client = client_for(editor)
    data = form_data(client.get(change_url(cited_meeting)))
    data["_transition"] = "approve"
    response = client.post(change_url(cited_meeting), data, follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and "participation: Thomas West — no citation" in errors[0]
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW
    assert cited_meeting.last_changed_by == editor2  # pressing a button with no edit is not a change


def test_the_change_page_shows_what_blocks_publishing(client_for, editor, cited_meeting):
    cited_meeting.participations.get().citations.all().delete()
    response = client_for(editor).get(change_url(cited_meeting))
    assert response.context["gate_problems"] == ["participation: Thomas West — no citation"]
    assert "participation: Thomas West — no citation" in response.content.decode()


def test_the_change_page_shows_role_warnings(client_for, editor, cited_meeting):
    import datetime  # noqa: PLC0415

    from tests.factories import PositionFactory  # noqa: PLC0415

    participation = cited_meeting.participations.get()
    PositionFactory(person=participation.person, title="Ambassador", start_date=datetime.date(2024, 1, 1), start_precision="day")
    Meeting.objects.filter(pk=cited_meeting.pk).update(date_lo=datetime.date(2023, 7, 27))
    cited_meeting.start_date, cited_meeting.date_precision = datetime.date(2023, 7, 27), "day"
    cited_meeting.save()
    page = client_for(editor).get(change_url(cited_meeting)).content.decode()
    assert "Thomas West: no known position on 2023-07-27" in page


def test_a_contributors_edit_of_a_published_meeting_stays_unpublished_until_approved(
    client_for, contributor, editor, cited_meeting
):
    publish(cited_meeting)
    client = client_for(contributor)
    data = form_data(client.get(change_url(cited_meeting)))
    data["title"] = "C5+1 special session on Afghanistan, Astana"
    assert client.post(change_url(cited_meeting), data).status_code == 302
    cited_meeting.refresh_from_db()
    assert cited_meeting.title == "C5+1 special session on Afghanistan, Astana"
    assert PublishedMeeting.objects.get(pk=cited_meeting.pk).title == "C5+1 special session on Afghanistan"
    page = client.get(change_url(cited_meeting)).content.decode()
    assert "1 unpublished change" in page
    client.post(reverse("admin:events_meeting_review", args=[cited_meeting.pk]),
                {"_transition": "submit", "transition_comment": "New title."})  # fmt: skip
    response = client_for(editor).post(
        reverse("admin:events_meeting_review", args=[cited_meeting.pk]),
        {"_transition": "approve", "public_note": "The title names the city."},
    )
    assert response.status_code == 302
    assert PublishedMeeting.objects.get(pk=cited_meeting.pk).title == "C5+1 special session on Afghanistan, Astana"
    assert publishing.current_revision(cited_meeting).note == "The title names the city."


def test_history_cannot_revert_a_record(client_for, editor, cited_meeting):
    record = cited_meeting.history.first()
    url = reverse("admin:events_meeting_simple_history", args=[cited_meeting.pk, record.history_id])
    assert client_for(editor).post(url, {"title": "Reverted"}).status_code == 403
