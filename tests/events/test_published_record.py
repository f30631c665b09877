"""The published record: revisions, their index, reference data's approved values, and what changes it."""

import pytest

from c5site.records import Status
from events import workflow
from events.demo.loader import load_demo
from events.models import MeetingFacet, PublishedCitation, PublishedMeeting, PublishedReference, Revision, Topic
from events.published import publish as publishing
from events.published import reader
from events.published.diff import diff, is_correction
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    ParticipationFactory,
    PersonFactory,
    TopicFactory,
    UserFactory,
    cite,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(db):
    return UserFactory(username="editor", role="editor"), UserFactory(username="editor2", role="editor")


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(status=Status.DRAFT, title="C5+1 special session on Afghanistan", start_date="2023-07-27",
                             end_date="2023-07-28", date_precision="day")  # fmt: skip
    cite(meeting, "kind", "C5+1 special session on Afghanistan")
    cite(meeting, "date", "July 27-28")
    participation = ParticipationFactory(meeting=meeting, person=PersonFactory(name="Thomas West"),
                                         role="Special Representative for Afghanistan")  # fmt: skip
    cite(participation, "role")
    cite(DelegationFactory(meeting=meeting), quote="Central Asian countries")
    cite(MeetingTopicFactory(meeting=meeting, topic=TopicFactory(name="Security", slug="security")), quote="“security”")
    return meeting


def test_publishing_writes_a_revision_with_every_fact_and_the_passage_around_each_quote(meeting):
    publish(meeting)
    revision = publishing.current_revision(meeting)
    document = revision.document
    assert (revision.number, revision.kind, revision.is_correction) == (1, "publication", False)
    assert [p["role"] for p in document["participants"]] == ["Special Representative for Afghanistan"]
    [role] = document["participants"][0]["citations"]
    assert role["quote"] == "Special Representative for Afghanistan Thomas West"
    assert role["before"] == "" and role["after"] == " attended the meeting on behalf of the US."
    assert {c["field"] for c in document["citations"]} == {"kind", "date"}


def test_publishing_writes_the_index_that_lists_filter_by(meeting):
    publish(meeting)
    row = PublishedMeeting.objects.get(pk=meeting.pk)
    person = meeting.participations.get().person
    topic = meeting.meeting_topics.get().topic
    country = meeting.delegations.get().country
    assert set(row.facets.values_list("facet", flat=True)) == {
        "kind:ministerial", "format:unknown", f"series:{meeting.series_id}", f"person:{person.pk}",
        f"country:{country.pk}", f"country:{person.country_id}", f"topic:{topic.pk}", "year:2023",
    }  # fmt: skip
    assert PublishedCitation.objects.filter(record_kind="meeting", record_id=meeting.pk).count() == 5
    assert PublishedReference.objects.get(kind="topic", object_id=topic.pk).uses == 1


def test_a_permalink_to_a_revision_reads_the_same_after_the_next_one(meeting, editors):
    publish(meeting)
    first, _, _ = reader.meeting(meeting.slug, revision=1)
    meeting.title = "C5+1 special session, Astana"
    meeting.save()
    publishing.publish(meeting, note="The title names the city.")
    again, shown, current = reader.meeting(meeting.slug, revision=1)
    assert again == first and (shown.number, current.number) == (1, 2)
    latest, _, _ = reader.meeting(meeting.slug)
    assert latest["title"] == "C5+1 special session, Astana"
    with pytest.raises(reader.NotPublic):
        reader.meeting(meeting.slug, revision=3)


def test_a_change_of_a_shown_fact_is_a_correction_and_an_addition_is_not():
    before = {"type": "topic", "id": 1, "slug": "security", "name": "Security", "description": ""}
    assert not is_correction(diff(before, {**before, "description": "Regional security."}))
    assert is_correction(diff(before, {**before, "name": "Regional security"}))
    assert diff(before, before) == []


def test_retracting_takes_the_facts_off_every_list_and_keeps_the_notice(meeting, editors):
    publish(meeting)
    topic = meeting.meeting_topics.get().topic
    workflow.retract(record=meeting, by=editors[0], reason="The report described another meeting.")
    row = PublishedMeeting.objects.get(pk=meeting.pk)
    assert row.is_retracted and not MeetingFacet.objects.filter(meeting=row).exists()
    assert not PublishedCitation.objects.filter(record_kind="meeting", record_id=meeting.pk).exists()
    assert PublishedReference.objects.get(kind="topic", object_id=topic.pk).uses == 0
    with pytest.raises(reader.Gone) as gone:
        reader.meeting(meeting.slug)
    assert gone.value.revision.document["notice"] == "The report described another meeting."


def test_unpublishing_removes_the_record_from_the_public_and_keeps_its_revisions(meeting, editors):
    publish(meeting)
    workflow.return_to_draft(record=meeting, by=editors[0], comment="Published too early.")
    assert not PublishedMeeting.objects.filter(pk=meeting.pk).exists()
    assert Revision.objects.filter(object_id=meeting.pk, number=1).exists()
    with pytest.raises(reader.NotPublic):
        reader.meeting(meeting.slug)


def test_every_change_of_the_published_record_raises_its_version_once(meeting, editors):
    start = publishing.record_version()
    publish(meeting)
    assert publishing.record_version() == start + 1
    meeting.title = "Changed, not yet approved"
    meeting.save()
    assert publishing.record_version() == start + 1
    workflow.retract(record=meeting, by=editors[0], reason="Withdrawn.")
    assert publishing.record_version() == start + 2


def test_a_topic_used_only_by_a_draft_meeting_is_not_public(meeting):
    draft = MeetingFactory(status=Status.DRAFT)
    MeetingTopicFactory(meeting=draft, topic=TopicFactory(name="Draft-only topic", slug="draft-only"))
    publish(meeting)
    assert not PublishedReference.objects.filter(kind="topic", slug="draft-only").exists()
    assert not PublishedReference.objects.filter(kind="topic", slug="draft-only", uses__gt=0).exists()


def test_a_rename_of_reference_data_is_public_only_once_another_editor_approves_it(meeting, editors):
    editor, editor2 = editors
    publish(meeting)
    topic = Topic.objects.get(slug="security")
    topic.name, topic._history_user = "Regional security", editor
    topic.save()
    [resolved] = reader.meetings([meeting.pk])
    assert [t["topic"]["name"] for t in resolved["topics"]] == ["Security"]
    with pytest.raises(workflow.WorkflowError, match="another editor"):
        workflow.approve_reference(record=topic, by=editor, note="Renamed.")
    with pytest.raises(workflow.WorkflowError, match="public note"):
        workflow.approve_reference(record=topic, by=editor2)
    workflow.approve_reference(record=topic, by=editor2, note="The topic is regional security.")
    [resolved] = reader.meetings([meeting.pk])
    assert [t["topic"]["name"] for t in resolved["topics"]] == ["Regional security"]
    assert "Regional security" in PublishedMeeting.objects.get(pk=meeting.pk).search_text
    assert PublishedReference.objects.get(kind="topic", object_id=topic.pk).revision.number == 2


def test_approving_a_meeting_approves_the_new_reference_data_it_shows(meeting, editors):
    editor, editor2 = editors
    publish(meeting)
    new_topic = TopicFactory(name="Counter-terrorism", slug="counter-terrorism")
    cite(MeetingTopicFactory(meeting=meeting, topic=new_topic), quote="trade")
    workflow.submit(record=meeting, by=editor)
    workflow.approve(record=meeting, by=editor2)
    reference = PublishedReference.objects.get(kind="topic", object_id=new_topic.pk)
    assert (reference.name, reference.uses) == ("Counter-terrorism", 1)


def test_the_demo_corpus_loads_through_revisions_and_again_changes_nothing(demo):
    revisions = Revision.objects.count()
    version = publishing.record_version()
    assert load_demo()["newly published"] == 0
    assert (Revision.objects.count(), publishing.record_version()) == (revisions, version)
    assert PublishedMeeting.objects.count() == 8
