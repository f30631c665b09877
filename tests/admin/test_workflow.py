"""The workflow's transitions: who may make each, what each records, and what blocks publishing."""

import pytest
from django.contrib.contenttypes.models import ContentType

from c5site.records import Status
from events import workflow
from events.models import Meeting, Transition
from events.workflow import WorkflowError
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

pytestmark = pytest.mark.django_db

# action → (status it starts from, status it leads to, roles allowed)
MATRIX = {
    "submit": (Status.DRAFT, Status.IN_REVIEW, {"contributor", "editor", "administrator"}),
    "approve": (Status.IN_REVIEW, Status.PUBLISHED, {"editor", "administrator"}),
    "request_changes": (Status.IN_REVIEW, Status.DRAFT, {"editor", "administrator"}),
    "retract": (Status.PUBLISHED, Status.RETRACTED, {"editor", "administrator"}),
    "return_to_draft": (Status.PUBLISHED, Status.DRAFT, {"editor", "administrator"}),
}
ROLES = ["anonymous", "contributor", "editor", "administrator"]


def transitions_of(record):
    return list(Transition.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk))


def cited_person(status):
    person = PersonFactory(status=status, name="Thomas West")
    cite(PositionFactory(person=person, title="Special Representative for Afghanistan"))
    return person


@pytest.mark.parametrize("kind", ["meeting", "person"])
@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_workflow(role, action, kind, user_for, cited_meeting, editor2):
    start, end, allowed = MATRIX[action]
    if kind == "meeting":
        record = cited_meeting
        Meeting.objects.filter(pk=record.pk).update(status=start, last_changed_by=editor2)
    else:
        record = cited_person(start)
        type(record).objects.filter(pk=record.pk).update(last_changed_by=editor2)
    record.refresh_from_db()
    user = user_for(role)

    if role in allowed:
        workflow.perform(action, record=record, by=user, comment="Looks right.")
        record.refresh_from_db()
        assert record.status == end
        [logged] = transitions_of(record)
        assert (logged.from_status, logged.to_status, logged.by, logged.comment) == (start, end, user, "Looks right.")
    else:
        with pytest.raises(WorkflowError, match="Sign in|may not"):
            workflow.perform(action, record=record, by=user, comment="Looks right.")
        record.refresh_from_db()
        assert record.status == start
        assert transitions_of(record) == []


def test_every_transition_is_logged_with_who_when_and_comment(cited_meeting, contributor, editor):
    workflow.submit(record=cited_meeting, by=contributor, comment="Ready.")
    workflow.request_changes(record=cited_meeting, by=editor, comment="Cite the date.")
    workflow.submit(record=cited_meeting, by=contributor)
    workflow.approve(record=cited_meeting, by=editor, comment="Checked against the article.")
    workflow.retract(record=cited_meeting, by=editor, reason="The meeting was a different one.")
    log = list(reversed(transitions_of(cited_meeting)))
    assert [(t.from_status, t.to_status, t.by.username, t.comment) for t in log] == [
        ("draft", "in_review", "contributor", "Ready."),
        ("in_review", "draft", "editor", "Cite the date."),
        ("draft", "in_review", "contributor", ""),
        ("in_review", "published", "editor", "Checked against the article."),
        ("published", "retracted", "editor", "The meeting was a different one."),
    ]
    assert all(t.at is not None for t in log)


def test_each_transition_is_kept_in_the_history_with_its_reason(cited_meeting, contributor):
    workflow.submit(record=cited_meeting, by=contributor, comment="Ready for review.")
    latest = cited_meeting.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "in_review", contributor, "Submit for review: Ready for review.")


def test_approving_sets_published_at_and_unpublishing_clears_it(cited_meeting, contributor, editor):
    workflow.submit(record=cited_meeting, by=contributor)
    workflow.approve(record=cited_meeting, by=editor)
    cited_meeting.refresh_from_db()
    assert cited_meeting.published_at is not None
    workflow.return_to_draft(record=cited_meeting, by=editor, comment="Needs a second source.")
    cited_meeting.refresh_from_db()
    assert (cited_meeting.status, cited_meeting.published_at) == (Status.DRAFT, None)


def test_retracting_keeps_the_record_with_its_reason_as_public_notice(cited_meeting, editor):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.PUBLISHED)
    cited_meeting.refresh_from_db()
    workflow.retract(record=cited_meeting, by=editor, reason="The article described another meeting.")
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.RETRACTED
    assert cited_meeting.public_notice == "The article described another meeting."
    assert Meeting.objects.visible().filter(pk=cited_meeting.pk).exists()


@pytest.mark.parametrize("action", ["request_changes", "retract"])
def test_requesting_changes_and_retracting_need_a_reason(action, cited_meeting, editor):
    start = MATRIX[action][0]
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=start)
    cited_meeting.refresh_from_db()
    with pytest.raises(WorkflowError, match="comment|reason"):
        workflow.perform(action, record=cited_meeting, by=editor, comment="   ")
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == start
    assert transitions_of(cited_meeting) == []


def test_a_transition_from_the_wrong_status_is_refused(cited_meeting, editor):
    with pytest.raises(WorkflowError, match="is draft: only a meeting that is in review can be published"):
        workflow.approve(record=cited_meeting, by=editor)
    assert transitions_of(cited_meeting) == []


def test_a_stale_copy_cannot_repeat_a_transition(cited_meeting, contributor):
    stale = Meeting.objects.get(pk=cited_meeting.pk)
    workflow.submit(record=cited_meeting, by=contributor)
    with pytest.raises(WorkflowError, match="is in review"):
        workflow.submit(record=stale, by=contributor)
    assert len(transitions_of(cited_meeting)) == 1


# --- four eyes -----------------------------------------------------------------------------------


def test_editor_cannot_approve_own_change(editor, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor)
    with pytest.raises(WorkflowError, match="another editor"):
        workflow.approve(record=cited_meeting, by=editor)
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW


def test_another_editor_may_approve_it(editor, editor2, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor)
    workflow.approve(record=cited_meeting, by=editor2)
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.PUBLISHED


def test_four_eyes_holds_for_people_too(editor):
    person = cited_person(Status.IN_REVIEW)
    type(person).objects.filter(pk=person.pk).update(last_changed_by=editor)
    with pytest.raises(WorkflowError, match="another editor"):
        workflow.approve(record=person, by=editor)


# --- the publish gate (rule 1) ---------------------------------------------------------------------


def test_publish_gate_lists_exactly_the_uncited_facts(editor, editor2):
    meeting = MeetingFactory(status=Status.IN_REVIEW, last_changed_by=editor2, title="Session", summary="They met.")
    cite(meeting, "kind", "C5+1 special session on Afghanistan")
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Thomas West"))
    DelegationFactory(meeting=meeting)
    topic = MeetingTopicFactory(meeting=meeting, topic__name="Security")
    cite(topic, quote="“security”")
    outcome = OutcomeFactory(meeting=meeting, description="A joint statement.")
    broken = cite(outcome, quote="Thomas West")
    broken.source.text = "Another text altogether."
    broken.source.save()

    with pytest.raises(WorkflowError) as refusal:
        workflow.approve(record=meeting, by=editor)
    assert refusal.value.problems == [
        "meeting summary — no citation",
        "participation: Thomas West — no citation",
        "country: Kazakhstan — no citation",
        "outcome: A joint statement. — no citation",
        f"outcome: A joint statement. — broken citation (quote not found in source {broken.source_id})",
    ]
    assert "participation: Thomas West — no citation" in str(refusal.value)
    meeting.refresh_from_db()
    assert meeting.status == Status.IN_REVIEW
    assert transitions_of(meeting) == []


def test_a_contradicting_citation_alone_does_not_support_a_fact(editor, editor2):
    meeting = MeetingFactory(status=Status.IN_REVIEW, last_changed_by=editor2)
    cite(meeting, "kind", "C5+1 special session on Afghanistan", stance="contradicts")
    with pytest.raises(WorkflowError, match="meeting kind — no citation"):
        workflow.approve(record=meeting, by=editor)


def test_publishing_is_refused_while_a_participant_is_unpublished(editor, editor2, cited_meeting):
    person = cited_meeting.participations.get().person
    type(person).objects.filter(pk=person.pk).update(status=Status.DRAFT)
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.IN_REVIEW, last_changed_by=editor2)
    with pytest.raises(WorkflowError) as refusal:
        workflow.approve(record=cited_meeting, by=editor)
    assert refusal.value.problems == ["participant: Thomas West — person is draft, not published"]
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW


def test_person_gate_names_the_uncited_position(editor, editor2):
    person = PersonFactory(status=Status.IN_REVIEW, last_changed_by=editor2)
    PositionFactory(person=person, title="Minister of Foreign Affairs")
    with pytest.raises(WorkflowError, match="position: Minister of Foreign Affairs — no valid citation"):
        workflow.approve(record=person, by=editor)


# --- corrections ----------------------------------------------------------------------------------


def test_a_correction_note_is_public_dated_and_cites_the_new_value(editor, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.PUBLISHED)
    cited_meeting.refresh_from_db()
    citation = cite(cited_meeting, "kind", "C5+1 special session on Afghanistan", source=SourceFactory())
    note = workflow.record_correction(record=cited_meeting, by=editor, note="The kind was special session.",
                                      citation=citation)
    assert (note.record, note.citation, note.by) == (cited_meeting, citation, editor)
    assert note.created_at is not None


def test_only_editors_leave_correction_notes(contributor, cited_meeting):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.PUBLISHED)
    cited_meeting.refresh_from_db()
    with pytest.raises(WorkflowError, match="may not"):
        workflow.record_correction(record=cited_meeting, by=contributor, note="Fixed.")
