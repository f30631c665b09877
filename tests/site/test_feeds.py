"""The Atom feeds parse as Atom with a real feed reader's parser, entry by entry."""

import feedparser
import pytest

from events.models import PublishedMeeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/feeds/meetings/", "/feeds/corrections/"])
def test_a_feed_is_well_formed_atom_whose_entries_link_to_public_pages(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.updated
    for entry in feed.entries:
        assert entry.title and entry.id and entry.updated and entry.link
        assert client.get(entry.link.removeprefix("http://testserver")).status_code == 200


def test_the_meetings_feed_has_an_entry_per_published_meeting_of_the_demo(client, demo):
    feed = feedparser.parse(client.get("/feeds/meetings/").content)
    assert {entry.title for entry in feed.entries} == set(
        PublishedMeeting.objects.filter(is_retracted=False).values_list("title", flat=True)
    )
