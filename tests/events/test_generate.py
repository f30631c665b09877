"""The benchmark corpus generator, run tiny: same rules as the real record."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from c5site.records import Status
from events.audit import audit
from events.models import (
    Citation,
    Meeting,
    MeetingFacet,
    Participation,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
    Revision,
    Source,
)
from people.models import Person
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db


def snapshot():
    return list(Meeting.objects.order_by("slug").values_list("title", "start_date", "date_precision", "kind"))


def test_a_tiny_corpus_passes_the_citation_audit(demo):
    call_command("generate_corpus", meetings=40, seed=7, chunk=8, stdout=io.StringIO())
    report = audit()
    assert report.ok, (report.uncited[:5], report.broken[:5])
    generated = Meeting.objects.filter(slug__startswith="gen-meeting-")
    assert generated.count() == 40
    assert set(generated.values_list("status", flat=True)) == {Status.PUBLISHED}
    # The demo's proportions: about 4 participants and 11 citations per meeting, a source per 2 meetings.
    assert 120 <= Participation.objects.filter(meeting__in=generated).count() <= 160
    assert Source.objects.filter(imported_from="generated").count() == 20
    assert Citation.objects.count() > 40 * 9


def test_quotes_stand_at_their_offsets(db):
    call_command("generate_corpus", meetings=10, seed=1, stdout=io.StringIO())
    for citation in Citation.objects.select_related("source")[:50]:
        assert citation.source.text[citation.start : citation.end] == citation.quote


def test_the_same_seed_gives_the_same_record(db):
    call_command("generate_corpus", meetings=12, seed=42, stdout=io.StringIO())
    first = snapshot()
    # Back to an empty database: the published record first (its revisions would keep the ids).
    for model in (PublishedCitation, MeetingFacet, PublishedMeeting, PublishedPerson, PublishedReference, Revision,
                  Citation, Meeting, Source, Person):  # fmt: skip
        model.objects.all().delete()
    call_command("generate_corpus", meetings=12, seed=42, stdout=io.StringIO())
    assert len(first) == 12
    assert [row[1:] for row in snapshot()] == [row[1:] for row in first]


def test_generated_records_take_fresh_ids_next_to_existing_ones(demo):
    before = Meeting.objects.count()
    call_command("generate_corpus", meetings=5, seed=3, stdout=io.StringIO())
    call_command("generate_corpus", meetings=5, seed=4, stdout=io.StringIO())
    assert Meeting.objects.count() == before + 10


def test_the_planner_knows_the_new_rows_before_they_are_published(db, monkeypatch):
    """Publishing runs in the generator's transaction, where autovacuum sees nothing: without an
    ANALYZE first, PostgreSQL planned the documents' build as over empty tables (sequential scans
    of the whole citation table per batch)."""
    from django.db import connection  # noqa: PLC0415

    from events.published import publish  # noqa: PLC0415

    seen = {}
    publish_all = publish.publish_all

    def planner_rows(**kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Citation._meta.db_table])
                seen["citations"] = cursor.fetchone()[0]
        return publish_all(**kwargs)

    monkeypatch.setattr(publish, "publish_all", planner_rows)
    call_command("generate_corpus", meetings=10, seed=5, stdout=io.StringIO())
    if connection.vendor == "postgresql":
        assert seen["citations"] == Citation.objects.count()
    else:  # SQLite: no planner statistics to refresh
        assert seen == {}


def test_the_generated_corpus_is_published_and_shown_by_the_api_and_the_pages(db, client):
    call_command("generate_corpus", meetings=10, seed=9, stdout=io.StringIO())
    generated = set(Meeting.objects.filter(slug__startswith="gen-meeting-").values_list("pk", flat=True))
    assert set(PublishedMeeting.objects.values_list("meeting_id", flat=True)) == generated
    assert PublishedPerson.objects.count() == Person.objects.count()
    assert MeetingFacet.objects.filter(facet__startswith="topic:").count() == 20  # two topics a meeting
    meeting = PublishedMeeting.objects.order_by("meeting_id").first()
    person = PublishedPerson.objects.order_by("person_id").first()
    source = PublishedReference.objects.filter(kind="source", uses__gt=0).order_by("object_id").first()
    cache.clear()  # counts are kept per record version, which repeats from one rolled-back test to the next
    with reads_published_only():
        listed = client.get("/api/v1/meetings/", {"page_size": 50}).json()
        detail = client.get(f"/api/v1/meetings/{meeting.slug}/").json()
        assert client.get(f"/api/v1/people/{person.slug}/").status_code == 200
        assert client.get(f"/api/v1/sources/{source.object_id}/").status_code == 200
    assert listed["count"] == 10
    assert detail["title"] == meeting.title and len(detail["participants"]) >= 1
    page = client.get(f"/meetings/{meeting.slug}/")
    assert page.status_code == 200
    assert meeting.title in page.content.decode()
