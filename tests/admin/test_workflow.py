"""The workflow's transitions: who may make each, what each records, and what blocks publishing."""

import pytest
from django.contrib.contenttypes.models import ContentType

from c5site.records import Status
from events import workflow
from events.models import Meeting, PublishedMeeting, Revision, Transition
from events.published import publish as publishing
from events.workflow import WorkflowError
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    cite,
    publish,
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
    record = cited_meeting if kind == "meeting" else cited_person(start)
    if start == Status.PUBLISHED:
        publish(record)
    type(record).objects.filter(pk=record.pk).update(status=start)
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
        "in_review",
        contributor,
        "workflow: Submit for review: Ready for review.",
    )


def test_approving_sets_published_at_and_unpublishing_clears_it(cited_meeting, contributor, editor):
    workflow.submit(record=cited_meeting, by=contributor)
    workflow.approve(record=cited_meeting, by=editor)
    cited_meeting.refresh_from_db()
    assert cited_meeting.published_at is not None
    workflow.return_to_draft(record=cited_meeting, by=editor, comment="Needs a second source.")
    cited_meeting.refresh_from_db()
    assert (cited_meeting.status, cited_meeting.published_at) == (Status.DRAFT, None)


def test_retracting_keeps_the_record_with_its_reason_as_public_notice(cited_meeting, editor):
    publish(cited_meeting)
    workflow.retract(record=cited_meeting, by=editor, reason="The article described another meeting.")
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.RETRACTED
    assert cited_meeting.public_notice == "The article described another meeting."
    row = PublishedMeeting.objects.get(pk=cited_meeting.pk)
    assert row.is_retracted and not row.facets.exists()
    assert (row.revision.number, row.revision.kind, row.revision.document["notice"]) == (
        2,
        Revision.Kind.RETRACTION,
        "The article described another meeting.",
    )


def test_retracting_a_record_the_public_never_saw_is_refused(cited_meeting, editor):
    Meeting.objects.filter(pk=cited_meeting.pk).update(status=Status.PUBLISHED)
    cited_meeting.refresh_from_db()
    with pytest.raises(WorkflowError, match="not public"):
        workflow.retract(record=cited_meeting, by=editor, reason="Wrong meeting.")
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.PUBLISHED
    assert transitions_of(cited_meeting) == []


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


def submitted(record, by):
    workflow.submit(record=record, by=by)
    record.refresh_from_db()
    return record


def edit(record, by, **fields):
    """Save `fields` on `record` as `by` would through the admin (kept in the history with its author)."""
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = by
    record.save()


def test_editor_cannot_approve_own_change(editor, cited_meeting):
    edit(cited_meeting, editor, summary="They met.")
    cite(cited_meeting, "summary", "C5+1 special session on Afghanistan")
    submitted(cited_meeting, by=editor)
    with pytest.raises(WorkflowError, match="another editor"):
        workflow.approve(record=cited_meeting, by=editor)
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW
    assert publishing.current_revision(cited_meeting) is None


def test_another_editor_may_approve_it(editor, editor2, cited_meeting):
    edit(cited_meeting, editor, title="C5+1 special session")
    submitted(cited_meeting, by=editor)
    workflow.approve(record=cited_meeting, by=editor2)
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.PUBLISHED
    assert publishing.current_revision(cited_meeting).approved_by == editor2


def test_an_editor_who_changed_the_record_may_not_approve_it_after_someone_else_changed_it_later(
    editor, editor2, contributor, cited_meeting
):
    """The "contributor adds a dot" case: four eyes looks at everyone who changed it since its last revision."""
    edit(cited_meeting, editor, title="C5+1 special session")
    submitted(cited_meeting, by=editor)
    workflow.request_changes(record=cited_meeting, by=editor2, comment="Add a full stop.")
    edit(cited_meeting, contributor, title="C5+1 special session.")
    submitted(cited_meeting, by=contributor)
    with pytest.raises(WorkflowError, match="another editor"):
        workflow.approve(record=cited_meeting, by=editor)
    workflow.approve(record=cited_meeting, by=editor2)  # requesting changes is not changing the record
    assert publishing.current_revision(cited_meeting).approved_by == editor2


def test_changing_a_citation_of_a_fact_counts_as_changing_the_record(editor, editor2, cited_meeting):
    publish(cited_meeting)
    citation = cited_meeting.participations.get().citations.get()
    citation.stance, citation._history_user = "contradicts", editor
    citation.save()
    submitted(cited_meeting, by=editor2)
    assert editor.pk in workflow.editors_since_revision(cited_meeting)
    with pytest.raises(WorkflowError, match="another editor"):
        workflow.approve(record=cited_meeting, by=editor)


def test_four_eyes_holds_for_people_too(editor):
    person = cited_person(Status.DRAFT)
    edit(person, editor, summary="An envoy.")
    submitted(person, by=editor)
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


def test_a_new_participant_is_reviewed_and_published_with_the_meeting(editor, contributor, cited_meeting):
    person = cited_meeting.participations.get().person
    type(person).objects.filter(pk=person.pk).update(status=Status.DRAFT)
    cite(PositionFactory(person=person, title="Special Representative for Afghanistan"))
    workflow.submit(record=cited_meeting, by=contributor)
    person.refresh_from_db()
    assert person.status == Status.IN_REVIEW
    workflow.approve(record=cited_meeting, by=editor)
    person.refresh_from_db()
    assert person.status == Status.PUBLISHED
    assert publishing.current_revision(person).number == 1
    assert PublishedMeeting.objects.filter(pk=cited_meeting.pk).exists()


def test_publishing_is_refused_while_a_new_participant_lacks_citations(editor, contributor, cited_meeting):
    person = cited_meeting.participations.get().person
    type(person).objects.filter(pk=person.pk).update(status=Status.DRAFT)
    PositionFactory(person=person, title="Special Representative for Afghanistan")
    workflow.submit(record=cited_meeting, by=contributor)
    with pytest.raises(WorkflowError) as refusal:
        workflow.approve(record=cited_meeting, by=editor)
    assert refusal.value.problems == ["Thomas West: position: Special Representative for Afghanistan — no valid citation"]
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.IN_REVIEW
    assert publishing.current_revision(cited_meeting) is None


def test_publishing_is_refused_while_a_participant_is_retracted(editor, editor2, contributor, cited_meeting):
    person = cited_meeting.participations.get().person
    cite(PositionFactory(person=person, title="Special Representative for Afghanistan"))
    publish(person)
    workflow.retract(record=person, by=editor2, reason="Not the same man.")
    workflow.submit(record=cited_meeting, by=contributor)
    with pytest.raises(WorkflowError) as refusal:
        workflow.approve(record=cited_meeting, by=editor)
    assert refusal.value.problems == ["participant: Thomas West — person is retracted"]


def test_person_gate_names_the_uncited_position(editor, editor2):
    person = PersonFactory(status=Status.IN_REVIEW, last_changed_by=editor2)
    PositionFactory(person=person, title="Minister of Foreign Affairs")
    with pytest.raises(WorkflowError, match="position: Minister of Foreign Affairs — no valid citation"):
        workflow.approve(record=person, by=editor)


# --- corrections ----------------------------------------------------------------------------------


def test_a_revision_that_changes_a_shown_fact_needs_a_public_note(editor, editor2, cited_meeting):
    publish(cited_meeting)
    participation = cited_meeting.participations.get()
    participation.role, participation._history_user = "Special Envoy", editor
    participation.save()
    submitted(cited_meeting, by=editor)
    with pytest.raises(WorkflowError, match="public note"):
        workflow.approve(record=cited_meeting, by=editor2)
    assert publishing.current_revision(cited_meeting).number == 1
    workflow.approve(record=cited_meeting, by=editor2, note="His title was Special Envoy.")
    revision = publishing.current_revision(cited_meeting)
    assert (revision.number, revision.is_correction, revision.note) == (2, True, "His title was Special Envoy.")
    [change] = [c for c in revision.changes if c["fact"][0] == "participant"]
    assert (change["op"], change["before"]["role"], change["after"]["role"]) == (
        "changed",
        "Special Representative for Afghanistan",
        "Special Envoy",
    )


def test_adding_a_fact_is_an_update_not_a_correction(editor, editor2, cited_meeting):
    publish(cited_meeting)
    edit(cited_meeting, editor, summary="They met.")
    cite(cited_meeting, "summary", "C5+1 special session on Afghanistan")
    submitted(cited_meeting, by=editor)
    workflow.approve(record=cited_meeting, by=editor2)
    revision = publishing.current_revision(cited_meeting)
    assert (revision.number, revision.is_correction, revision.note) == (2, False, "")


def test_a_published_record_without_changes_cannot_be_submitted_again(contributor, cited_meeting):
    publish(cited_meeting)
    with pytest.raises(WorkflowError, match="no change to review"):
        workflow.submit(record=cited_meeting, by=contributor)
    cited_meeting.refresh_from_db()
    assert cited_meeting.status == Status.PUBLISHED
