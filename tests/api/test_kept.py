"""Kept representations (events.api.kept, issue #18): every public meeting's kept row is what the API
would make of it now, after any publication: of the meeting, or of a record it shows (a person, a
topic, a place, a series, a country, a cited source, a source's publisher), a retraction, an
unpublication. A list reads them, and says the same as when every meeting is made on the fly."""

import io

import orjson
import pytest
from django.core.management import call_command

from events.api import kept
from events.models import KeptRepresentation, Meeting, Place, PublishedCitation, PublishedMeeting, Series, Source, Topic
from events.published import publish as publishing
from people.models import Country, Organization, Person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    call_command("generate_corpus", meetings=24, seed=11, stdout=io.StringIO())
    return UserFactory(username="approver", role="editor")


def public_ids():
    return sorted(PublishedMeeting.objects.filter(is_retracted=False).values_list("meeting_id", flat=True))


def assert_kept_current():
    """Each public meeting has a kept row equal to its representation made now; no other meeting has one."""
    ids = public_ids()
    rows = dict(KeptRepresentation.objects.filter(shape=kept.SHAPE).values_list("meeting_id", "body"))
    assert sorted(rows) == ids
    made = dict(kept._made(ids, kept.ORIGIN_MARK))
    stale = [pk for pk in ids if orjson.loads(rows[pk]) != made[pk]]
    assert stale == [], f"kept rows that differ from the meeting made now: {stale}"


def shown_in_list(client):
    """The whole list through the API, page by page."""
    items, url = [], "/api/v1/meetings/?page_size=200"
    while url:
        page = client.get(url).json()
        items += page["results"]
        url = page["next"]
    return items


def test_bulk_publication_keeps_every_public_meeting(corpus):
    assert public_ids()
    assert_kept_current()


def test_a_publication_rewrites_the_meetings_that_show_what_changed(corpus):
    by = corpus
    meeting_of = Meeting.objects.filter(pk__in=public_ids())

    person = Person.objects.filter(participations__meeting__in=meeting_of).first()
    person.name = person.name + " Jr."
    person.save()
    publishing.publish(person, by=by, note="The source gives his full name.")
    assert_kept_current()

    for model, field in ((Topic, "name"), (Place, "name"), (Series, "name"), (Source, "title"), (Country, "name")):
        record = model.objects.filter(pk__in=_shown(model)).first()
        assert record is not None, model
        setattr(record, field, getattr(record, field) + " (renamed)")
        record.save()
        publishing.publish_reference(record, by=by, note="Renamed.")
        assert_kept_current()

    publisher = Organization.objects.filter(pk__in=Source.objects.values("publisher")).first()
    publisher.name = "Renamed News Agency"
    publisher.save()
    publishing.publish_reference(publisher, by=by, note="Renamed.")
    assert_kept_current()
    item = next(m for m in kept.meetings(public_ids(), "https://example.org") if "Renamed News Agency" in str(m))
    assert item["url"].startswith("https://example.org/meetings/")

    meeting = meeting_of.first()
    meeting.title = "A corrected title"
    meeting.save()
    publishing.publish(meeting, by=by, note="The report names the meeting so.")
    assert_kept_current()

    publishing.retract(person, by=by, reason="Not the same man.")
    assert_kept_current()
    publishing.retract(meeting, by=by, reason="No such meeting.")
    assert_kept_current()
    publishing.unpublish(Meeting.objects.get(pk=public_ids()[0]))
    assert_kept_current()


def _shown(model):
    """Records of `model` that some public meeting shows."""
    public = public_ids()
    if model is Source:
        return PublishedCitation.objects.filter(record_kind="meeting", record_id__in=public).values("source_id")
    shown_by = {Topic: "meetings__in", Place: "meetings__in", Series: "meetings__in", Country: "participations__meeting__in"}
    return model.objects.filter(**{shown_by[model]: public}).values("pk")


def test_the_list_says_the_same_with_kept_rows_or_without(corpus, client):
    with_rows = shown_in_list(client)
    KeptRepresentation.objects.all().delete()
    without = shown_in_list(client)
    assert with_rows == without and len(without) == len(public_ids())
    csv_without = client.get("/api/v1/meetings/?format=csv&page_size=200").content
    call_command("keep_representations", stdout=io.StringIO())
    assert_kept_current()
    assert client.get("/api/v1/meetings/?format=csv&page_size=200").content == csv_without


def test_kept_json_written_through_is_the_bytes_rendered_from_values(corpus, client):
    """A kept row goes out unparsed (orjson.Fragment) in compact JSON: the same bytes as the meeting
    made now and rendered; indented JSON and the browsable API get the values."""
    slug = PublishedMeeting.objects.get(meeting_id=public_ids()[0]).slug
    urls = ["/api/v1/meetings/?page_size=200", f"/api/v1/meetings/{slug}/"]
    through = [client.get(url).content for url in urls]
    indented = client.get(urls[0], HTTP_ACCEPT="application/json; indent=2")
    browsable = client.get(urls[1], HTTP_ACCEPT="text/html")
    KeptRepresentation.objects.all().delete()
    assert [client.get(url).content for url in urls] == through
    assert indented.status_code == 200 and b'\n  "count"' in indented.content
    assert orjson.loads(indented.content) == orjson.loads(through[0])
    assert browsable.status_code == 200 and slug.encode() in browsable.content


def test_a_row_written_by_other_code_is_not_served(corpus, client):
    pk = public_ids()[0]
    KeptRepresentation.objects.filter(pk=pk).update(shape="0" * 16, body=orjson.dumps({"title": "stale"}).decode())
    titles = {m["title"] for m in shown_in_list(client)}
    assert "stale" not in titles
    out = io.StringIO()
    call_command("keep_representations", stdout=out)
    assert "written: 1 " in out.getvalue()
    assert_kept_current()


def test_a_change_shown_by_many_meetings_drops_their_rows_until_the_command(corpus, client, monkeypatch):
    monkeypatch.setattr(kept, "REFRESH_NOW", 1)
    topic = Topic.objects.filter(pk__in=_shown(Topic)).first()
    old_name = topic.name
    before = shown_in_list(client)
    topic.name = "Renamed topic"
    topic.save()
    publishing.publish_reference(topic, by=corpus, note="Renamed.")
    dropped = set(public_ids()) - set(KeptRepresentation.objects.values_list("meeting_id", flat=True))
    assert len(dropped) > 1
    after = shown_in_list(client)  # made on the fly: the new name, never the old
    names = {t["name"] for m in after for t in m["topics"]}
    assert "Renamed topic" in names and old_name not in names
    assert len(after) == len(before)
    call_command("keep_representations", stdout=io.StringIO())
    assert_kept_current()
