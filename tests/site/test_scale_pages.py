"""The list pages that took seconds to minutes at 100k meetings and 1M citations, rewritten to
read only their page: their numbers must stay those of rule 2, and bad page numbers 404."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from c5site.records import Status
from events.models import Citation, PublishedCitation, PublishedReference
from events.published import publish as publishing
from events.site import lists as site_lists
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, cite, publish

pytestmark = pytest.mark.django_db


def test_public_citations_are_counted_kind_by_kind_as_public_lists_them(unpublished):
    # Citations of a draft, an in-review and a retracted meeting, of their people, and of a
    # published meeting's participant in review: none of them is public.
    public = Citation.objects.public()
    assert 0 < public.count() < Citation.objects.count()
    assert Citation.objects.count_public() == public.count()


def test_the_home_page_counts_public_citations_and_cited_sources(client, unpublished):
    text = client.get("/").content.decode()
    citations = PublishedCitation.objects.count()
    sources = PublishedReference.objects.filter(kind="source", uses__gt=0).count()
    assert 0 < citations < Citation.objects.count()
    assert f"<strong>{citations}</strong> cited passages" in text
    assert f"<strong>{sources}</strong> sources" in text


def test_the_source_list_counts_each_sources_public_facts_and_pages_them(client, unpublished, monkeypatch):
    monkeypatch.setattr(site_lists, "SOURCES_PER_PAGE", 2)
    public = PublishedReference.objects.filter(kind="source", uses__gt=0).values_list("object_id", flat=True)
    expected = {pk: PublishedCitation.objects.filter(source_id=pk).count() for pk in public}
    shown, pages = {}, (len(expected) + 1) // 2
    assert pages > 1
    for number in range(1, pages + 1):
        response = client.get(f"/sources/?page={number}")
        assert response.status_code == 200
        shown.update((source["id"], source["facts"]) for source in response.context["sources"])
        assert len(response.context["sources"]) <= 2
    assert shown == expected
    assert client.get(f"/sources/?page={pages + 1}").status_code == 404


def test_the_people_list_counts_only_published_meetings(client, db):
    person = PersonFactory(slug="counted")
    meetings = [ParticipationFactory(person=person, meeting=MeetingFactory()).meeting for _ in range(4)]
    publish(*meetings[:3])  # the fourth stays a draft
    publishing.retract(meetings[2], reason="Another meeting.")
    response = client.get("/people/")
    [listed] = [p for p in response.context["people"] if p["slug"] == "counted"]
    assert listed["meetings"] == 2
    assert "2 meetings" in response.content.decode()


@pytest.mark.parametrize("path", ["/meetings/", "/sources/", "/people/", "/topics/{topic}/", "/countries/kz/"])
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999999999999", "1000000001"])
def test_an_impossible_page_of_a_list_is_404(client, demo, path, page):
    # The huge ones reached the database as an OFFSET past 2**63: a server error on PostgreSQL.
    from events.models import Topic  # noqa: PLC0415

    url = path.format(topic=Topic.objects.filter(meeting_topics__isnull=False).first().slug)
    assert client.get(f"{url}?page={page}").status_code == 404


def test_the_topic_page_links_all_its_meetings_in_the_list_when_it_has_pages(client, many_meetings):
    from tests.factories import MeetingTopicFactory, TopicFactory  # noqa: PLC0415

    per_page = site_lists.MEETINGS_PER_PAGE
    topic = TopicFactory(slug="busy-topic")
    meetings = many_meetings(per_page + 1)
    for meeting in meetings:
        MeetingTopicFactory(meeting=meeting, topic=topic)
    publish(*meetings)
    text = client.get("/topics/busy-topic/").content.decode()
    assert f"Meetings 1–{per_page} of {per_page + 1}" in text
    assert 'href="/meetings/?topic=busy-topic"' in text
    assert 'rel="next" href="?page=2"' in text
    second = client.get("/topics/busy-topic/?page=2").content.decode()
    [link] = re.findall(r'<h3><a href="(/meetings/[^"]+/)">', second)
    assert link not in text and f'<h3><a href="{link}">' in second


def test_index_lookups_are_priced_as_reads_from_memory():
    # c5site/settings.py: with PostgreSQL's default (4) a rule-2 test of a page's citations
    # hashed every public fact of a kind first (185 ms against 2.3 ms at 1M citations).
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1


def test_the_sites_queries_run_without_parallel_workers():
    # c5site/settings.py: on a machine serving many requests, a query split over parallel workers
    # takes the cores of the requests queued behind it.
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_the_home_pages_kept_counts_follow_publishing_and_retracting(client, demo):
    from django.contrib.auth.models import Group, User  # noqa: PLC0415

    from events import workflow  # noqa: PLC0415
    from tests.factories import SourceFactory  # noqa: PLC0415

    def counts():
        text = client.get("/").content.decode()
        return [int(re.search(rf"<strong>(\d+)</strong> {label}", text)[1]) for label in ("sources", "cited passage")]

    source = SourceFactory(title="Source of the meeting in review")
    meeting = MeetingFactory(status=Status.IN_REVIEW, title="C5+1 special session on Afghanistan")
    cite(meeting, "kind", "C5+1 special session on Afghanistan", source=source)
    cite(ParticipationFactory(meeting=meeting, role="Special Representative for Afghanistan"), "role", source=source)
    editor = User.objects.create_user(username="home-editor", password="correct-horse-battery", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    with CaptureQueriesContext(connection) as cold:
        before = counts()
    with CaptureQueriesContext(connection) as warm:
        assert counts() == before
    assert len(warm) <= len(cold) - 5  # the record's totals and the timeline, kept until it changes
    workflow.approve(record=meeting, by=editor)
    assert counts() == [before[0] + 1, before[1] + 2]
    workflow.retract(record=meeting, by=editor, reason="The article described another meeting.")
    assert counts() == before


def test_a_country_page_shows_its_first_officials_and_pages_its_meetings(client, db, monkeypatch):
    import datetime  # noqa: PLC0415

    from tests.factories import CountryFactory, DelegationFactory  # noqa: PLC0415

    monkeypatch.setattr(site_lists, "OFFICIALS", 2)
    kz = CountryFactory(code="KZ")
    people = [PersonFactory(slug=slug, name=slug.title(), sort_name=slug, country=kz) for slug in ("abay", "bolat", "chingiz")]
    hidden = PersonFactory(slug="secret", name="Secret", sort_name="aaa", country=kz)
    meetings = []
    for day in range(1, 7):
        meeting = MeetingFactory(start_date=datetime.date(2020, 1, day), date_precision="day")
        DelegationFactory(meeting=meeting, country=kz)
        ParticipationFactory(meeting=meeting, person=people[day % 3], country=kz)
        meetings.append(meeting)
    ParticipationFactory(meeting=MeetingFactory(status=Status.DRAFT), person=hidden, country=kz)
    publish(*meetings)
    text = client.get("/countries/kz/").content.decode()
    assert 'href="/people/abay/"' in text and 'href="/people/bolat/"' in text and "/people/chingiz/" not in text
    assert "And 1 more official" in text and "Secret" not in text
    # The officials are kept per state of the published record: the next publication shows its own.
    newcomer = PersonFactory(slug="aaron", name="Aaron", sort_name="aaron", country=kz)
    meeting = MeetingFactory(start_date=datetime.date(2020, 2, 1), date_precision="day")
    ParticipationFactory(meeting=meeting, person=newcomer, country=kz)
    publish(meeting)
    text = client.get("/countries/kz/").content.decode()
    assert 'href="/people/aaron/"' in text and 'href="/people/abay/"' in text and "/people/bolat/" not in text
    assert "And 2 more officials" in text
    meetings.append(meeting)
    monkeypatch.setattr(site_lists, "MEETINGS_PER_PAGE", 4)
    first, second_page = client.get("/countries/kz/"), client.get("/countries/kz/?page=2")
    assert len(first.context["items"]) == 4 and len(second_page.context["items"]) == 3
    assert client.get("/countries/kz/?page=3").status_code == 404
