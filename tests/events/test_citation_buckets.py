"""CitationBucket, the counts publishing keeps of the published citations by fact, field, stance and run
of ids, always equals a count of those rows: after a bulk publication, a correction that removes, adds
and changes citations, a retraction, an unpublication, and for a person's positions too. The migration
that created it counts them the same way. The citations API counts and pages by it."""

import importlib

import pytest
from django.db import connection

from c5site.records import Status
from events import workflow
from events.models import Citation, CitationBucket, PublishedCitation
from events.models import published as published_models
from events.published import publish as publishing
from tests.citation_buckets import kept, recounted
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
    UserFactory,
    cite,
    publish,
)

pytestmark = pytest.mark.django_db

PASSAGE = "met in the Kazakh capital of Astana"


@pytest.fixture
def narrow(monkeypatch):
    """Buckets of 4 ids: a few meetings' citations span several, and a change moves counts between them."""
    monkeypatch.setattr(published_models, "WIDTH", 4)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


def a_meeting(source):
    meeting = MeetingFactory(status=Status.DRAFT)
    cite(meeting, "kind", PASSAGE, source=source)
    cite(meeting, "summary", PASSAGE, source=source)
    participation = ParticipationFactory(meeting=meeting, person=PersonFactory())
    cite(participation, "role", source=source)
    cite(participation, "role", PASSAGE, source=source, stance="contradicts")
    cite(DelegationFactory(meeting=meeting), quote=PASSAGE, source=source)
    cite(MeetingTopicFactory(meeting=meeting), quote=PASSAGE, source=source)
    cite(OutcomeFactory(meeting=meeting), quote=PASSAGE, source=source)
    return meeting


def buckets_in_use():
    return {bucket for *_, bucket in kept()}


def test_the_kept_buckets_follow_every_change_of_the_published_citations(narrow, editor):
    source = SourceFactory()
    first, second, third = (a_meeting(source) for _ in range(3))
    publish(first, second, third)  # in bulk
    assert kept() == recounted() and len(buckets_in_use()) > 3
    assert sum(kept().values()) == PublishedCitation.objects.count() == 21

    # A correction: a citation removed, two added (one to a fact of its own), one contradicting no more.
    participation = first.participations.get()
    Citation.objects.filter(pk=participation.citations.get(stance="contradicts").pk).delete()
    cite(participation, "role", PASSAGE, source=source)
    cite(OutcomeFactory(meeting=first, description="A second statement."), quote=PASSAGE, source=source)
    first.citations.filter(field="summary").update(stance="contradicts")
    publishing.publish(first, by=editor, note="The report was misread.")
    assert kept() == recounted()
    assert PublishedCitation.objects.filter(record_id=first.pk, record_kind="meeting").count() == 8

    # Publishing it again unchanged changes no count.
    before = kept()
    publishing.publish(first, by=editor, note="Again.")
    assert kept() == before == recounted()

    workflow.retract(record=second, by=editor, reason="Another meeting.")
    assert kept() == recounted()
    workflow.return_to_draft(record=third, by=editor, comment="Published too early.")
    assert kept() == recounted()
    assert sum(kept().values()) == PublishedCitation.objects.count() == 8

    # A person's positions, published one at a time and retracted.
    person = PersonFactory(status=Status.DRAFT)
    for _ in range(3):
        cite(PositionFactory(person=person), source=source)
    publishing.publish(person, by=editor)
    assert kept() == recounted() and sum(kept().values()) == 11
    publishing.retract(person, by=editor, reason="Another official.")
    assert kept() == recounted() and sum(kept().values()) == 8
    assert not CitationBucket.objects.filter(n__lt=0).exists()


def test_the_migration_counts_the_published_citations_as_publishing_keeps_them(editor):
    """Its count, run over citations already published, gives the rows publishing would keep; and it
    counts in buckets of the model's WIDTH (changing WIDTH needs a migration that counts them again)."""
    migration = importlib.import_module("events.migrations.0024_citation_buckets")
    assert "citation_id / 4096" in migration.COUNT and published_models.WIDTH == 4096
    source = SourceFactory()
    publish(a_meeting(source), a_meeting(source))
    # Ids far apart, as in a large record, so that the count divides them into several buckets.
    for number, pk in enumerate(PublishedCitation.objects.order_by("-citation_id").values_list("citation_id", flat=True)):
        PublishedCitation.objects.filter(pk=pk).update(citation_id=100_000 + number * 1500)
    CitationBucket.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.COUNT)
    assert kept() == recounted() and len(buckets_in_use()) > 3
