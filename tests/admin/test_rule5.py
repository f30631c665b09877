"""Rule 5: evidence is never orphaned — a cited source is not deleted, a published meeting is retracted instead."""

import pytest
from django.urls import reverse

from c5site.records import Status
from events.models import Meeting, Source
from people.models import Person
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, SourceFactory, cite

pytestmark = pytest.mark.django_db


def test_a_cited_source_cannot_be_deleted_and_the_message_names_the_facts(client_for, editor):
    source = SourceFactory()
    meeting = MeetingFactory(title="C5+1 special session")
    cite(ParticipationFactory(meeting=meeting, person=PersonFactory(name="Thomas West")), "role", source=source)
    client = client_for(editor)
    response = client.get(reverse("admin:events_source_delete", args=[source.pk]), follow=True)
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "is evidence (rule 5): it is cited for participation: Thomas West at “C5+1 special session” (role)" in errors[0]
    client.post(reverse("admin:events_source_delete", args=[source.pk]), {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_delete_action_refuses_cited_sources(client_for, editor):
    cited, uncited = SourceFactory(title="Cited"), SourceFactory(title="Uncited")
    cite(MeetingFactory(), "kind", "C5+1 special session on Afghanistan", source=cited)
    client = client_for(editor)
    url = reverse("admin:events_source_changelist")
    response = client.post(
        url, {"action": "delete_selected", "_selected_action": [cited.pk, uncited.pk], "post": "yes"}, follow=True
    )
    assert any("Nothing deleted" in str(m) and "Cited" in str(m) for m in response.context["messages"])
    assert Source.objects.filter(pk__in=[cited.pk, uncited.pk]).count() == 2
    client.post(url, {"action": "delete_selected", "_selected_action": [uncited.pk], "post": "yes"})
    assert not Source.objects.filter(pk=uncited.pk).exists()


def test_an_uncited_source_may_be_deleted(client_for, editor):
    source = SourceFactory()
    client_for(editor).post(reverse("admin:events_source_delete", args=[source.pk]), {"post": "yes"})
    assert not Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETRACTED])
def test_a_published_or_retracted_meeting_cannot_be_deleted(status, client_for, editor):
    meeting = MeetingFactory(status=status)
    client = client_for(editor)
    page = client.get(reverse("admin:events_meeting_change", args=[meeting.pk])).content.decode()
    assert 'class="deletelink"' not in page
    response = client.post(reverse("admin:events_meeting_delete", args=[meeting.pk]), {"post": "yes"}, follow=True)
    assert any("retract it instead" in str(m) for m in response.context["messages"])
    response = client.post(
        reverse("admin:events_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
        follow=True,
    )
    assert any("Nothing deleted" in str(m) for m in response.context["messages"])
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_draft_meeting_may_be_deleted_by_an_editor(client_for, editor):
    meeting = MeetingFactory(status=Status.DRAFT)
    client_for(editor).post(reverse("admin:events_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_published_person_cannot_be_deleted(client_for, editor):
    person = PersonFactory(status=Status.PUBLISHED)
    client_for(editor).post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"})
    assert Person.objects.filter(pk=person.pk).exists()


def test_contributors_delete_no_meeting_at_all(client_for, contributor):
    meeting = MeetingFactory(status=Status.DRAFT)
    response = client_for(contributor).post(reverse("admin:events_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()
