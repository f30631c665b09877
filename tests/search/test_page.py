"""The search page: the best of each kind with snippets, all of one kind a page at a time, clear refusals,
the published record only, and a bounded number of queries at any size and depth."""

import dataclasses
import re

import pytest

from c5site.records import Status
from events.models import Meeting, PublishedMeeting
from events.published import publish, search
from events.site import search as search_page
from people.models import Person
from tests.published_only import reads_published_only
from tests.site.conftest import full_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    """make(n, title=…, summary=…): n published meetings (and their officials), by publishing."""

    def make(n, *, title="Meeting number {n}", summary="Summary of meeting {n}.", start=0):
        meetings = [
            full_meeting(start + i, title=title.format(n=start + i), summary=summary.format(n=start + i)) for i in range(n)
        ]
        people = Person.objects.filter(participations__meeting__in=meetings).values_list("pk", flat=True)
        publish.publish_all(meetings=[m.pk for m in meetings], people=list(people))
        return meetings

    return make


def section(html, kind):
    found = re.search(rf'<section aria-labelledby="results-{kind}">(.*?)</section>', html, re.S)
    return found[1] if found else ""


def titles(html, kind="meetings"):
    return re.findall(rf'<h3><a href="/{kind}/[^"]+/">([^<]+)</a></h3>', section(html, kind))


def test_each_result_links_to_its_page_with_its_date_and_a_snippet_marking_the_match(client, demo):
    with reads_published_only():
        html = client.get("/search/", {"q": "Hale"}).content.decode()
    meetings = section(html, "meetings")
    assert '<a href="/meetings/c5-1-ministerial-nur-sultan/">C5+1 ministerial meeting, Nur-Sultan</a>' in meetings
    # The meeting was found by its participant: the snippet shows him, not the title again.
    assert "David <mark>Hale</mark> · Deputy Under Secretary of State" in meetings
    sources = section(html, "sources")
    assert "Publisher not stated, publication date not stated" in sources
    assert "Political Affairs David <mark>Hale</mark> discussed" in sources
    assert '<a href="/people/david-hale/">David Hale</a>' in section(html, "people")


def test_a_snippet_marks_the_spelling_that_matched_and_a_source_shows_its_publisher_and_date(client, demo):
    html = client.get("/search/", {"q": "Toqaev"}).content.decode()
    sources = section(html, "sources")
    assert "President Kassym-Jomart <mark>Tokayev</mark>" in sources
    assert "UrduPoint News, July 28, 2023" in sources and "Kazinform, April 28, 2021" in sources


def test_text_and_query_are_escaped(client, published):
    published(1, title="Talks <b>on</b> Zebra & co", summary="<script>alert('x')</script> Zebra crossing.")
    html = client.get("/search/", {"q": "Zebra <script>"}).content.decode()
    assert "Talks &lt;b&gt;on&lt;/b&gt; <mark>Zebra</mark>" not in html  # the title is a link, not a snippet
    assert "Talks &lt;b&gt;on&lt;/b&gt; Zebra &amp; co</a>" in html
    assert "&lt;<mark>script</mark>&gt;alert(&#x27;x&#x27;)&lt;/<mark>script</mark>&gt; <mark>Zebra</mark> crossing." in html
    assert "<script>alert" not in html and "“Zebra &lt;script&gt;”" in html


def test_a_title_that_matches_ranks_before_a_text_that_mentions_the_word(client, published):
    published(3, title="Meeting number {n}", summary="They spoke of the quagga and more, number {n}.")
    published(1, title="The quagga meeting", summary="Summary of meeting 9.", start=9)
    published(3, title="Meeting number {n}", summary="The quagga, again, number {n}.", start=20)
    html = client.get("/search/", {"q": "quagga"}).content.decode()
    assert titles(html)[0] == "The quagga meeting" and len(titles(html)) == 7


def test_the_best_ten_of_each_kind_then_all_of_one_kind_twenty_a_page(client, published):
    published(45, title="Zebra talks {n}")
    with reads_published_only():
        html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert len(titles(html)) == search_page.PER_KIND and "Meetings (45)" in html
    assert '<a href="?q=zebra&amp;kind=meetings">All meetings matching “zebra” →</a>' in html
    seen = []
    for number, count in ((1, 20), (2, 20), (3, 5)):
        with reads_published_only():
            page = client.get("/search/", {"q": "zebra", "kind": "meetings", "page": number}).content.decode()
        assert len(titles(page)) == count
        assert f"Meetings matching “zebra”: {(number - 1) * 20 + 1}–{(number - 1) * 20 + count} of 45" in page
        assert ('rel="next"' in page) == (number < 3) and ('rel="prev"' in page) == (number > 1)
        seen += titles(page)
    assert len(set(seen)) == 45
    response = client.get("/search/", {"q": "zebra", "kind": "meetings", "page": 4})
    assert response.status_code == 404 and "There is no page 4 of meetings" in response.content.decode()


def test_more_matches_than_are_ranked_are_said_to_be_more(client, published, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 6)
    monkeypatch.setattr(search_page, "OVERVIEW_CANDIDATES", 5)
    published(7, title="Okapi talks {n}")
    html = client.get("/search/", {"q": "okapi"}).content.decode()
    assert "Meetings (5+)" in html and len(titles(html)) == 5
    page = client.get("/search/", {"q": "okapi", "kind": "meetings"}).content.decode()
    assert "1–6 of 6 (of more: add words to narrow the search)" in page


@pytest.mark.parametrize("kind", ["bogus", "Meetings", "meetings/", "<script>"])
def test_an_unknown_kind_is_a_400_that_names_the_kinds(client, demo, kind):
    response = client.get("/search/", {"q": "Astana", "kind": kind})
    assert response.status_code == 400
    html = response.content.decode()
    assert "the kinds are meetings, people, sources" in html and 'class="results"' not in html
    assert "<script>”" not in html


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "", "99999999999999999999", str(search_page.MAX_PAGE + 1)])
def test_a_page_that_cannot_be_is_a_404_that_says_which_can(client, demo, page):
    response = client.get("/search/", {"q": "Astana", "kind": "meetings", "page": page})
    assert response.status_code == 404
    assert f"a page is a whole number from 1 to {search_page.MAX_PAGE}" in response.content.decode()


def test_a_page_past_the_matches_is_a_404(client, demo):
    assert client.get("/search/", {"q": "Astana", "kind": "meetings", "page": 1}).status_code == 200
    response = client.get("/search/", {"q": "Astana", "kind": "meetings", "page": 2})
    assert response.status_code == 404 and "There is no page 2 of meetings" in response.content.decode()


def test_a_blank_search_shows_the_form_only(client, demo):
    with reads_published_only() as queries:
        html = client.get("/search/", {"q": "   "}).content.decode()
    assert 'id="search-q"' in html and 'class="results"' not in html and "Nothing found" not in html
    assert len(queries) == 0


def test_every_suggestion_for_a_search_that_finds_nothing_finds_something(client, demo):
    html = client.get("/search/", {"q": "Blinken Hale"}).content.decode()
    assert "Nothing found for “Blinken Hale”." in html
    suggestions = re.findall(r'<li><a href="/search/\?q=([^"]+)">', html)
    assert {"Blinken", "Hale"} <= set(suggestions) and len(suggestions) >= 3
    for suggestion in suggestions:
        followed = client.get(f"/search/?q={suggestion}").content.decode()
        assert 'class="results"' in followed, suggestion


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_runs_a_bounded_number_of_queries_at_any_size_and_depth(client, published, count, django_assert_max_num_queries):
    published(count, title="Zebra talks {n}")
    # The spellings, then each kind's ranked rows, then the sources' publishers.
    with django_assert_max_num_queries(5), reads_published_only():
        assert client.get("/search/", {"q": "zebra OR official"}).status_code == 200
    for number in (1, 2):
        with django_assert_max_num_queries(2):
            response = client.get("/search/", {"q": "zebra", "kind": "meetings", "page": number})
        assert response.status_code == (200 if count > 20 or number == 1 else 404)
    # Nothing found: the same, then the topics and one query trying the suggestions.
    with django_assert_max_num_queries(6):
        client.get("/search/", {"q": "zebra nosuchword"})


def test_a_retracted_or_unpublished_meeting_is_never_found(client, published, admin_user):
    kept, retracted, withdrawn = published(3, title="Gnu talks {n}")
    publish.retract(retracted, by=admin_user, reason="No source confirms it.")
    publish.unpublish(withdrawn)
    draft = full_meeting(50, status=Status.DRAFT, title="Gnu talks draft")
    with reads_published_only():
        html = client.get("/search/", {"q": "Gnu"}).content.decode()
    assert titles(html) == [kept.title]
    assert draft.title not in html and not search.filter_meetings(
        PublishedMeeting.objects.exclude(pk=kept.pk), "Gnu"
    )  # retracted too
    assert Meeting.objects.filter(title__startswith="Gnu").count() == 4


def test_an_old_match_behind_many_newer_records_is_found(client, published, monkeypatch):
    published(1, title="Aardwolf talks")
    published(60, title="Other talks {n}", start=100)
    # Only the newest 51 rows are tested one by one: the rest is asked of the index.
    monkeypatch.setitem(search.KINDS, "meetings", dataclasses.replace(search.KINDS["meetings"], walk=1))
    html = client.get("/search/", {"q": "aardwolf"}).content.decode()
    assert titles(html) == ["Aardwolf talks"]
    assert len(titles(client.get("/search/", {"q": "talks"}).content.decode())) == search_page.PER_KIND
