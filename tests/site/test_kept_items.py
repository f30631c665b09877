"""Kept list items (events.site.kept_items, issue #18): every public meeting's kept item is what a list
would render of it now, after any publication: of the meeting, or of a record it shows (a topic, a
place, a series, a country), a retraction, an unpublication. A list shows them, and says the same
as when every item is rendered on the fly."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.api import kept
from events.models import KeptListItem, Meeting, Place, PublishedMeeting, Series, Topic
from events.published import publish as publishing
from events.published import reader
from events.site import kept_items
from people.models import Country
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTS = ["/", "/meetings/", "/meetings/?page=2", "/meetings/?kind=ministerial"]


@pytest.fixture
def corpus(db):
    call_command("generate_corpus", meetings=30, seed=13, stdout=io.StringIO())
    return UserFactory(username="approver", role="editor")


def public_ids():
    return sorted(PublishedMeeting.objects.filter(is_retracted=False).values_list("meeting_id", flat=True))


def assert_items_current():
    """Each public meeting has a kept item equal to its item rendered now; no other meeting has one."""
    ids = public_ids()
    rows = dict(KeptListItem.objects.filter(shape=kept_items.SHAPE).values_list("meeting_id", "html"))
    assert sorted(rows) == ids
    stale = [m["id"] for m in reader.listed_meetings(ids) if rows[m["id"]] != kept_items.render(m)]
    assert stale == [], f"kept items that differ from the item rendered now: {stale}"


def pages(client, urls=LISTS):
    return [client.get(url).content for url in urls]


def test_bulk_publication_keeps_every_public_meetings_item(corpus):
    assert public_ids()
    assert_items_current()


def test_a_publication_rewrites_the_items_that_show_what_changed(corpus, client):
    by = corpus
    shown = Meeting.objects.filter(pk__in=public_ids())
    for model, field, related in ((Topic, "name", "meetings__in"), (Place, "name", "meetings__in"),
                                  (Series, "name", "meetings__in"), (Country, "name", "places__meetings__in")):  # fmt: skip
        record = model.objects.filter(**{related: shown}).first()
        assert record is not None, model
        setattr(record, field, getattr(record, field) + " (renamed)")
        record.save()
        publishing.publish_reference(record, by=by, note="Renamed.")
        assert_items_current()
    meeting = shown.first()
    meeting.title = "A corrected title"
    meeting.save()
    publishing.publish(meeting, by=by, note="The report names the meeting so.")
    assert_items_current()
    assert b"A corrected title" in b"".join(client.get(f"/meetings/?page={n}").content for n in (1, 2))
    publishing.retract(meeting, by=by, reason="No such meeting.")
    assert_items_current()
    publishing.unpublish(Meeting.objects.get(pk=public_ids()[0]))
    assert_items_current()


def test_a_list_says_the_same_with_kept_items_or_without(corpus, client):
    year = PublishedMeeting.objects.filter(is_retracted=False, date_lo__isnull=False).values_list("date_lo", flat=True)[0].year
    slug = Place.objects.filter(meetings__in=public_ids()).first().slug
    topic = Topic.objects.filter(meeting_topics__meeting__in=public_ids()).first().slug
    country = Country.objects.filter(places__meetings__in=public_ids()).first().code.lower()
    urls = [*LISTS, f"/meetings/?year={year}", f"/places/{slug}/", f"/topics/{topic}/", f"/countries/{country}/"]
    with_items = pages(client, urls)
    assert b'class="cited-line"' in with_items[-2]  # a topic's page cites each meeting's entry
    KeptListItem.objects.all().delete()
    assert pages(client, urls) == with_items
    call_command("keep_representations", stdout=io.StringIO())
    assert_items_current()
    assert pages(client, urls) == with_items


def test_a_list_of_kept_items_reads_neither_documents_nor_names(corpus, client):
    """Every item kept: the page reads its items in one query, and no meeting document, place or topic."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/meetings/").status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert len([s for s in sql if "events_keptlistitem" in s]) == 1
    assert not [s for s in sql if "events_revision" in s or "events_publishedreference" in s and "= ANY" in s], sql


def test_a_topics_page_reads_its_entries_citations_but_no_places_or_series(corpus, client, monkeypatch):
    """A topic's page shows kept items: it reads the documents for the topic's entries and names only
    the topic and the sources they cite, not what the kept items show."""
    asked = set()
    load_ids = reader.Names.load_ids

    def spy(self, wanted):
        asked.update(kind for kind, ids in wanted.items() if ids)
        return load_ids(self, wanted)

    monkeypatch.setattr(reader.Names, "load_ids", spy)
    topic = Topic.objects.filter(meeting_topics__meeting__in=public_ids()).first()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/topics/{topic.slug}/").status_code == 200
    assert len([q for q in captured.captured_queries if "events_keptlistitem" in q["sql"]]) == 1
    assert "source" in asked and not asked & {"place", "series"}, asked


def test_an_item_rendered_by_other_code_is_not_shown(corpus, client):
    pk = public_ids()[0]
    KeptListItem.objects.filter(pk=pk).update(shape="0" * 16, html="<li>stale</li>")
    assert b"stale" not in b"".join(pages(client))
    out = io.StringIO()
    call_command("keep_representations", stdout=out)
    assert "Kept list items written: 1 " in out.getvalue()
    assert_items_current()


def test_a_change_shown_by_many_meetings_drops_their_items_until_the_command(corpus, client, monkeypatch):
    monkeypatch.setattr(kept, "REFRESH_NOW", 1)
    topic = Topic.objects.filter(meetings__in=public_ids()).first()
    old_name = topic.name
    topic.name = "Renamed topic"
    topic.save()
    publishing.publish_reference(topic, by=corpus, note="Renamed.")
    assert len(set(public_ids()) - set(KeptListItem.objects.values_list("meeting_id", flat=True))) > 1
    shown = b"".join(client.get(f"/meetings/?page={n}").content for n in (1, 2))  # rendered on the fly
    assert b"Renamed topic" in shown and f">{old_name}<".encode() not in shown
    call_command("keep_representations", stdout=io.StringIO())
    assert_items_current()
