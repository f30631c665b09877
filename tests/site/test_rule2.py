"""Rule 2 on the public site: drafts, records in review and their children never show; a retracted record shows only its notice."""

import pytest

from events.published import publish as publishing
from tests.published_only import reads_published_only
from tests.site.conftest import SECRET, public_urls

pytestmark = pytest.mark.django_db


def test_no_public_page_feed_sitemap_or_search_shows_an_unpublished_record(client, unpublished):
    publishing.publish(unpublished["published"])  # the meeting alone: its participant is in review
    for record in (unpublished["retracted_meeting"], unpublished["retracted_person"]):
        publishing.publish(record)
        publishing.retract(record, reason="Retracted for the test.")
    urls = public_urls()
    # Words of the hidden records' titles, summaries, names and sources (the query itself is echoed).
    urls += [f"/search/?q={word}" for word in ("Retracted", "participant", "draft", "summary", "person", "article")]
    urls += ["/meetings/?person=official-200-published", "/meetings/?topic=topic-101-draft"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        text = response.content.decode()
        assert SECRET not in text, url
        assert "secret-" not in text, url
    searched = client.get(f"/search/?q={SECRET}").content.decode()
    assert "Nothing found for “Zqxdraft”" in searched and 'class="results"' not in searched
    # The retracted records are on no list, feed, sitemap or search.
    for url in ("/", "/meetings/", "/people/", "/feeds/meetings/", "/sitemap.xml", "/search/?q=Retracted", "/countries/kz/"):
        text = client.get(url).content.decode()
        assert "Retracted meeting" not in text and "Retracted Person" not in text, url


@pytest.mark.parametrize("key", ["draft-meeting", "in_review-meeting", "draft-person", "in_review-person", "hidden_participant"])
def test_an_unpublished_record_answers_404(client, unpublished, key):
    assert client.get(unpublished[key].get_absolute_url()).status_code == 404


def test_a_participant_in_review_is_left_out_of_a_published_meeting(client, unpublished):
    publishing.publish(unpublished["published"])  # the meeting alone: its participant is in review
    with reads_published_only():
        response = client.get(unpublished["published"].get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Published meeting with a hidden participant" in text
    assert SECRET not in text and "secret-participant" not in text


def test_a_retracted_meeting_answers_410_with_its_notice_instead_of_its_content(client, unpublished):
    meeting = unpublished["retracted_meeting"]
    publishing.publish(meeting)
    publishing.retract(meeting, reason="No source confirms this meeting took place.")
    with reads_published_only():
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 410
    text = response.content.decode()
    assert "This record was retracted" in text
    assert "No source confirms this meeting took place." in text
    assert SECRET not in text
    assert "Official 200" not in text and "application/ld+json" not in text
    assert '<meta name="robots" content="noindex">' in text


def test_a_retracted_person_answers_410_with_the_notice_only(client, unpublished):
    person = unpublished["retracted_person"]
    publishing.publish(person)
    publishing.retract(person, reason="Misidentified official.")
    with reads_published_only():
        response = client.get("/people/retracted-person/")
    assert response.status_code == 410
    text = response.content.decode()
    assert "Misidentified official." in text
    assert "Minister of Foreign Affairs" not in text


def test_sources_cited_only_by_unpublished_records_are_not_public(client, unpublished):
    from events.models import Source  # noqa: PLC0415

    hidden = Source.objects.get(title=f"{SECRET} article")
    assert client.get(hidden.get_absolute_url()).status_code == 404
