"""Stored API documents (events/documents.py) are never older than the record.

On PostgreSQL each meeting's JSON is stored and rebuilt by every write through the models,
and triggers drop it on any other write; on SQLite nothing is stored. Either way the API
must answer exactly what a fresh build of the record says, byte for byte.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from c5site.records import Status
from events import documents
from events.api_rows import meeting_rows
from events.models import Citation, Meeting, MeetingDocument, Outcome, Participation, Place, Series, Source, Topic
from people.models import Country, Organization, Person

from .conftest import results

pytestmark = pytest.mark.django_db

PAGE = "/api/v1/meetings/?page_size=200"


def assert_current(api):
    """The API's meetings equal a fresh build, and on PostgreSQL every meeting has a current document."""
    shown = results(api.get(PAGE))
    ids = list(Meeting.objects.published().filter(slug__in=[m["slug"] for m in shown]).values_list("slug", "pk"))
    by_slug = dict(ids)
    fresh = meeting_rows([by_slug[m["slug"]] for m in shown])
    assert [m["slug"] for m in fresh] == [m["slug"] for m in shown]
    for served, built in zip(shown, fresh, strict=True):
        assert served == {**built, "url": served["url"], "api_url": served["api_url"]}
    if documents.enabled():
        assert documents.check() == []
        assert MeetingDocument.objects.count() == Meeting.objects.count()
    else:
        assert MeetingDocument.objects.count() == 0


def test_the_demo_is_served_the_same_with_or_without_documents(demo, api):
    with_documents = api.get(PAGE)
    detail = api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/")
    if documents.enabled():
        assert MeetingDocument.objects.count() == 8
    MeetingDocument.objects.all().delete()
    without = api.get(PAGE)
    assert with_documents.content == without.content
    assert with_documents["ETag"] == without["ETag"]
    assert detail.content == api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/").content
    # Reads build what is missing for themselves, and never store it.
    assert MeetingDocument.objects.count() == 0


def test_every_kind_of_write_through_the_models_keeps_the_documents_current(demo, api):
    assert_current(api)
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    participation = Participation.objects.filter(meeting=meeting).select_related("person").first()

    participation.role = "Minister of Foreign Affairs (as reported)"
    participation.save()
    assert_current(api)

    source = Citation.objects.filter(participation=participation).first().source
    source.title = "A retitled report"
    source.save()
    assert_current(api)

    publisher = Organization.objects.filter(sources__citations__isnull=False).distinct().first()
    publisher.name = "Renamed Agency"
    publisher.save()
    assert_current(api)

    person = participation.person
    person.name = "A. N. Other"
    person.save()
    assert_current(api)

    for model in (Country, Topic, Place, Series):
        row = model.objects.first()
        row.name = f"{row.name} (renamed)"
        row.save()
        assert_current(api)

    topic = Topic.objects.create(slug="water", name="Water")
    meeting.topics.add(topic)
    assert_current(api)
    topic.meetings.clear()
    assert_current(api)

    extra = Citation.objects.filter(participation=participation).first()
    extra.pk = None
    extra.field = "country"  # another field of the same fact: a new citation, not a duplicate
    extra.stance = Citation.Stance.CONTRADICTS
    extra.save()
    assert "disputed" in str(results(api.get(PAGE)))
    assert_current(api)
    extra.delete()
    assert_current(api)

    Outcome.objects.filter(meeting=meeting).delete()
    assert_current(api)


def test_the_signals_and_the_triggers_agree_on_which_meetings_a_citation_touches(demo):
    """affected_meetings() (the signals' rebuild) and the triggers' c5_citation_meetings() say
    the same thing twice, in Python and in SQL: for every citation and every source of the demo
    they must name the same meetings."""
    if connection.vendor != "postgresql":  # no triggers and no stored documents on SQLite
        return

    def in_sql(citations):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c5_citation_meetings(content_type_id, object_id) FROM events_citation WHERE id = ANY(%s)",
                [[c.pk for c in citations]],
            )
            return {row[0] for row in cursor.fetchall()}

    kinds = set()
    for citation in Citation.objects.select_related("content_type"):
        kinds.add(citation.content_type.model)
        assert documents.affected_meetings(citation) == in_sql([citation]), citation
    assert kinds >= {"meeting", "participation", "delegation", "meetingtopic", "outcome", "position"}
    for source in Source.objects.prefetch_related("citations"):
        assert documents.affected_meetings(source) == in_sql(source.citations.all()), source


def test_a_person_withdrawn_from_publication_leaves_every_meeting_document(demo, api):
    participation = Participation.objects.select_related("person", "meeting").first()
    person = participation.person
    person.status = Status.RETRACTED
    person.save()
    assert_current(api)
    meeting = next(m for m in results(api.get(PAGE)) if m["slug"] == participation.meeting.slug)
    assert person.slug not in {p["person"]["slug"] for p in meeting["participants"]}


def test_writes_that_bypass_the_models_never_leave_an_old_document_served(demo, api):
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    Meeting.objects.filter(pk=meeting.pk).update(title="Renamed without signals")
    Participation.objects.filter(meeting__slug="c5-1-special-session-afghanistan-astana-2023").update(role="Envoy")
    Source.objects.filter(citations__isnull=False).update(title="Retitled without signals")
    Person.objects.filter(slug__isnull=False).update(name="Same Name")
    shown = {m["slug"]: m for m in results(api.get(PAGE))}
    assert shown[meeting.slug]["title"] == "Renamed without signals"
    assert {p["role"] for p in shown["c5-1-special-session-afghanistan-astana-2023"]["participants"]} == {"Envoy"}
    assert {c["source"]["title"] for m in shown.values() for c in m["citations"]} == {"Retitled without signals"}
    if documents.enabled():
        assert MeetingDocument.objects.count() == 0  # every one of them showed something changed
        call_command("build_documents", "--missing", stdout=io.StringIO())
    assert_current(api)


def test_a_change_too_wide_to_rebuild_drops_the_documents_instead(demo, api, monkeypatch):
    monkeypatch.setattr(documents, "REBUILD_LIMIT", 2)
    kazakhstan = Country.objects.get(code="KZ")
    kazakhstan.name = "Republic of Kazakhstan"
    kazakhstan.save()
    shown = results(api.get(PAGE))
    assert "Republic of Kazakhstan" in {c["name"] for m in shown for c in m["countries"]}
    if documents.enabled():
        assert MeetingDocument.objects.count() < Meeting.objects.count()
        assert documents.check() == []
    call_command("build_documents", "--missing", stdout=io.StringIO())
    assert_current(api)


def test_the_check_finds_a_document_that_differs_from_the_record(demo):
    call_command("build_documents", "--check", stdout=io.StringIO())
    if not documents.enabled():
        assert MeetingDocument.objects.count() == 0
        return
    MeetingDocument.objects.filter(meeting__slug="c5-1-ministerial-nur-sultan").update(body='{"slug":"forged"')
    with pytest.raises(CommandError, match="1 stored documents differ"):
        call_command("build_documents", "--check", stdout=io.StringIO())
    call_command("build_documents", stdout=io.StringIO())
    call_command("build_documents", "--check", stdout=io.StringIO())


def test_a_generated_corpus_comes_with_its_documents(db, api):
    call_command("generate_corpus", meetings=20, seed=3, stdout=io.StringIO())
    assert_current(api)


def assert_triggers_drop_documents(api):
    """A write that bypasses the models, to a generated meeting's child and to a citation of one,
    still drops that meeting's document (the generator writes with the triggers off)."""
    first, second = Meeting.objects.filter(slug__startswith="gen-meeting-").order_by("pk")[:2]
    Participation.objects.filter(meeting=first).update(role="Envoy")
    cited = Citation.objects.filter(object_id=second.pk, field="kind")
    Citation.objects.bulk_create([Citation(**{**row, "id": None, "field": "format"}) for row in cited.values()])
    if documents.enabled():
        assert set(MeetingDocument.objects.filter(meeting__in=[first, second]).values_list("pk", flat=True)) == set()
    shown = {m["slug"]: m for m in results(api.get(PAGE))}
    assert {p["role"] for p in shown[first.slug]["participants"]} == {"Envoy"}
    assert [c["field"] for c in shown[second.slug]["citations"]].count("format") == 2


def test_the_generator_leaves_the_document_triggers_on(db, api):
    call_command("generate_corpus", meetings=6, seed=3, stdout=io.StringIO())
    assert_triggers_drop_documents(api)


def test_a_failed_generation_leaves_the_document_triggers_on(db, api, monkeypatch):
    from events import generate  # noqa: PLC0415

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generate, "_flush", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("generate_corpus", meetings=6, seed=3, stdout=io.StringIO())
    monkeypatch.undo()
    assert not Meeting.objects.exists()
    call_command("generate_corpus", meetings=6, seed=3, stdout=io.StringIO())
    assert_triggers_drop_documents(api)


def test_writes_within_deferred_rebuild_each_meeting_once_at_the_end(demo, api, rebuilt_batches):
    batches = rebuilt_batches
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    with documents.deferred():
        for participation in Participation.objects.filter(meeting=meeting):
            participation.role = f"{participation.role} (edited)"
            participation.save()
        meeting.title = "Retitled in the same block"
        meeting.save()
        with documents.deferred():  # a nested block joins the outer one
            meeting.topics.clear()
        assert batches == []
        # Meanwhile the meeting is served from its rows (the triggers dropped its document).
        shown = {m["slug"]: m for m in results(api.get(PAGE))}
        assert shown[meeting.slug]["title"] == "Retitled in the same block"
    if documents.enabled():
        assert batches == [[meeting.pk]]
    else:
        assert batches == []  # nothing is stored on SQLite
    assert_current(api)


def test_a_deferred_block_left_by_an_error_rebuilds_nothing(demo, api, rebuilt_batches):
    batches = rebuilt_batches
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    with pytest.raises(RuntimeError), documents.deferred():
        meeting.title = "Never kept"
        meeting.save()
        raise RuntimeError
    assert batches == []
    # Outside a block, writes rebuild at once again.
    meeting.title = "Kept"
    meeting.save()
    assert batches == ([[meeting.pk]] if documents.enabled() else [])
    assert_current(api)
