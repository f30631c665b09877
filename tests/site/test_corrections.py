"""Corrections and retractions are public, dated, linkable, and in an Atom feed."""

import pytest

from events.models import Meeting, Participation, Revision
from events.published import publish as publishing
from people.models import Person, Position
from tests.factories import publish
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(demo):
    """The demo with a correction of a meeting (a role), of an official (a position's title), and a retraction."""
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    Participation.objects.filter(meeting=meeting, person__slug="kairat-umarov").update(role="First Deputy Foreign Minister")
    publish(meeting, note="His role is given as the ministry gave it.")
    person = Person.objects.get(slug="antony-blinken")
    Position.objects.filter(person=person).update(title="US Secretary of State")
    publish(person, note="The title names the country.")
    retracted = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    publishing.retract(retracted, reason="No source confirms this meeting took place.")
    latest = {r.object_id: r for r in Revision.objects.filter(is_correction=True)}
    return {"meeting": latest[meeting.pk], "person": latest[person.pk], "retraction": latest[retracted.pk]}


def public(client, url):
    with reads_published_only():
        return client.get(url).content.decode()


def test_the_corrections_page_lists_corrections_and_retractions_newest_first_with_stable_anchors(client, revised):
    text = public(client, "/corrections/")
    anchors = [f'id="revision-{revised[kind].pk}"' for kind in ("retraction", "person", "meeting")]
    assert all(anchor in text for anchor in anchors)
    assert [text.index(anchor) for anchor in anchors] == sorted(text.index(anchor) for anchor in anchors)
    meeting = text[text.index(anchors[2]) :]
    assert "His role is given as the ministry gave it." in meeting
    assert "Deputy Foreign Minister" in meeting and "First Deputy Foreign Minister" in meeting
    assert 'href="/meetings/c5-1-special-session-afghanistan-astana-2023/"' in meeting
    assert "The title names the country." in text and "US Secretary of State" in text
    retraction = text[text.index(anchors[0]) : text.index(anchors[1])]
    assert "Retraction" in retraction and "No source confirms this meeting took place." in retraction
    assert revised["meeting"].created_at.strftime("%B %-d, %Y") in meeting


def test_the_corrected_record_shows_its_corrections_with_their_date_and_only_its_own(client, revised):
    text = public(client, "/meetings/c5-1-special-session-afghanistan-astana-2023/")
    corrections = text[text.index('id="corrections-heading"') : text.index('id="history-heading"')]
    assert "His role is given as the ministry gave it." in corrections
    assert f'datetime="{revised["meeting"].created_at.isoformat()}"' in corrections
    assert f'href="/corrections/#revision-{revised["meeting"].pk}"' in corrections
    assert "The title names the country." not in text
    person = public(client, "/people/antony-blinken/")
    assert "The title names the country." in person and "His role is given" not in person


def test_a_record_without_corrections_has_no_corrections_section(client, demo):
    assert 'id="corrections-heading"' not in public(client, "/meetings/c5-1-ministerial-samarkand-2015/")


def test_the_corrections_feed_links_each_entry_to_its_anchor_on_the_corrections_page(client, revised):
    response = client.get("/feeds/corrections/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    page = public(client, "/corrections/")
    for revision in revised.values():
        assert f"http://testserver/corrections/#revision-{revision.pk}" in xml
        assert f'id="revision-{revision.pk}"' in page
    assert "No source confirms this meeting took place." in xml
