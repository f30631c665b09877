"""An official's page reads its meetings from the meetings' documents (events/person_page.py):
the same page whether they are stored (PostgreSQL) or built from the rows, and current after
any write."""

import datetime
import re

import pytest

from c5site.records import Status
from events import documents
from events.api_rows import build_rows
from events.models import Citation, Meeting, MeetingDocument, Participation
from people.models import Person
from tests.factories import CountryFactory, MeetingFactory, ParticipationFactory, PersonFactory, cite

pytestmark = pytest.mark.django_db


def pages(client):
    return {
        slug: client.get(f"/people/{slug}/").content
        for slug in Person.objects.visible().order_by("slug").values_list("slug", flat=True)
    }


def store(meeting, edit=None, built_at=None):
    """Store `meeting`'s document as PostgreSQL keeps it (on SQLite too), after `edit(document)`."""
    document = dict(build_rows([meeting.pk], published_only=False, urls=False))[meeting.pk]
    if edit:
        edit(document)
    MeetingDocument.objects.update_or_create(meeting=meeting, defaults={"body": documents.body_of(document)})
    if built_at:
        MeetingDocument.objects.filter(meeting=meeting).update(built_at=built_at)  # a field saved as now


def test_every_demo_official_page_is_the_same_from_stored_documents_and_from_the_rows(client, demo):
    stored = pages(client)
    if documents.enabled():
        assert MeetingDocument.objects.count() == Meeting.objects.count()
    MeetingDocument.objects.all().delete()
    assert pages(client) == stored
    assert len(stored) >= 10
    assert sum(page.count(b'data-label="Role at the time"') for page in stored.values()) >= 15


def test_a_write_that_bypasses_the_models_shows_on_the_official_page(client, demo):
    participation = Participation.objects.get(person__slug="thomas-west", meeting__slug="c5-1-special-session-afghanistan-astana-2023")
    Participation.objects.filter(pk=participation.pk).update(role="Special Envoy (renamed)")
    Citation.objects.filter(content_type__model="participation", object_id=participation.pk).update(quote="A quote edited in SQL")
    html = client.get("/people/thomas-west/").content.decode()
    assert "Special Envoy (renamed)" in html
    assert "A quote edited in SQL" in html


def test_a_stored_document_that_does_not_show_the_official_is_built_again(client, demo):
    """None should be (writes rebuild or drop them), but the page must not lose the role."""
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")

    def without_west(document):
        document["participants"] = [p for p in document["participants"] if p["person"]["slug"] != "thomas-west"]

    store(meeting, without_west)
    html = client.get("/people/thomas-west/").content.decode()
    row = html.split(f'href="/meetings/{meeting.slug}/"')[1].split("</tr>")[0]
    assert "Special Representative for Afghanistan" in row
    assert '<sup class="fn">' in row


def test_the_officials_met_come_by_sort_name_with_their_own_country_and_only_if_published(client):
    uz, us = CountryFactory(code="UZ", name="Uzbekistan"), CountryFactory(code="US", name="United States")
    person = PersonFactory(slug="the-official", name="The Official")
    older = MeetingFactory(slug="older", title="Older meeting", start_date=datetime.date(2019, 5, 1), date_precision="day")
    newer = MeetingFactory(slug="newer", title="Newer meeting", start_date=datetime.date(2021, 5, 1), date_precision="day")
    zed = PersonFactory(slug="aaron-zed", name="Aaron Zed", sort_name="Zed, Aaron", country=uz)
    abel = PersonFactory(slug="zoe-abel", name="Zoe Abel", sort_name="Abel, Zoe", country=us)
    draft = PersonFactory(slug="draft-person", name="Draft Person", sort_name="Aaa", status=Status.DRAFT)
    for meeting in (older, newer):
        cite(ParticipationFactory(meeting=meeting, person=person), "role")
        # Zed sat in Uzbekistan's delegation; the list names the country of the official.
        ParticipationFactory(meeting=meeting, person=zed, country=us)
    ParticipationFactory(meeting=older, person=abel)
    ParticipationFactory(meeting=newer, person=draft)

    html = client.get("/people/the-official/").content.decode()
    met = html.split('id="met-heading"')[1].split("</ul>")[0]
    assert re.findall(r'<li><a href="/people/([\w-]+)/">', met) == ["zoe-abel", "aaron-zed"]  # Abel before Zed
    assert "Aaron Zed</a> (Uzbekistan)" in met
    zed_item = met.split("aaron-zed")[1]
    assert zed_item.index("/meetings/newer/") < zed_item.index("/meetings/older/")  # newest first
    assert "draft-person" not in html and "/people/the-official/" not in met


def test_last_modified_is_that_of_the_newest_document_shown(client, demo):
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    later = datetime.datetime(2031, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    store(meeting, built_at=later)
    assert client.get("/people/thomas-west/")["Last-Modified"] == "Tue, 04 Mar 2031 05:06:07 GMT"


def test_with_stored_documents_an_official_page_reads_no_citation_of_its_meetings(client, demo, django_assert_max_num_queries):
    """The official, positions and their citations, the page of meetings with their documents,
    the officials met, the corrections: six queries at most, none for the meetings' citations.
    (Stored here on SQLite too; without them the facts come from the rows: tests/site/test_queries.py.)"""
    for meeting in Meeting.objects.filter(participations__person__slug="thomas-west"):
        store(meeting)
    with django_assert_max_num_queries(6) as queries:
        assert client.get("/people/thomas-west/").status_code == 200
    citation_queries = [q["sql"] for q in queries.captured_queries if "events_citation" in q["sql"]]
    assert len(citation_queries) == 1 and "people_position" in citation_queries[0]


@pytest.mark.parametrize("page", ["0", "-1", "2", "1.5", "x", "99999999999999999999", str(2**63 - 1)])
def test_a_page_of_meetings_that_cannot_exist_is_not_found(client, demo, page):
    response = client.get(f"/people/thomas-west/?page={page}")
    assert response.status_code == 404
    assert "There is no such page of this official’s meetings." in response.content.decode()
