"""The sources and topics lists keep their `count` in the worker per state of the record and
filter parameters (c5site.api.pagination.KeptCountPagination), and the citations list its
ids, as the meetings list does (OrderedIdsPagination): exact, followed at once by every saved
change, and not counted or read again on a repeat request."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from c5site.api import pagination
from c5site.records import Status
from events import workflow
from events.models import Citation, Meeting, Source, Topic
from events.models.evidence import CitationQuerySet
from tests.factories import MeetingFactory, MeetingTopicFactory, ParticipationFactory, PersonFactory, SourceFactory, cite

from .conftest import build_meetings, results

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/citations/", "/api/v1/sources/", "/api/v1/topics/"]


def get(api, url):
    """The response to `url` and the SQL of the queries it ran."""
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    return response, [query["sql"] for query in context.captured_queries]


def counting(queries):
    """The queries that count a whole list (COUNT(*)) or read all its ids (the citations')."""
    return [sql for sql in queries if sql.lower().startswith("select count(*)") or _reads_ids(sql)]


def _reads_ids(sql):
    """A query of the citations' ids alone: the whole public list's (public_ids()) or a filtered one's."""
    return bool(re.search(r'(^|FOR |\()SELECT (DISTINCT )?"events_citation"\."id"( AS "\w+")? FROM', sql))


def count_of(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()["count"]


def whole_list(api, url):
    """Every record of a list, page by page (200 a page), by identity."""
    records, page = [], 1
    while True:
        response = api.get(f"{url}{'&' if '?' in url else '?'}page_size=200&page={page}")
        records += [record.get("id", record.get("slug")) for record in results(response)]
        if response.json()["next"] is None:
            return records
        page += 1


@pytest.fixture
def record(hidden):
    """Three published meetings beside the `hidden` drafts, retractions and unpublished people."""
    return {"meetings": build_meetings(3), **hidden}


def test_count_public_counts_and_public_ids_lists_exactly_the_public_citations(record):
    public = Citation.objects.public().count()
    assert 0 < public < Citation.objects.count()  # the hidden records' citations are left out
    assert Citation.objects.count_public() == public
    assert list(Citation.objects.public_ids()) == list(Citation.objects.public().order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/citations/",
        "/api/v1/citations/?stance=contradicts",
        "/api/v1/citations/?meeting=visible-meeting",
        "/api/v1/citations/?person=shown-person&target_type=participation",
        "/api/v1/sources/",
        "/api/v1/sources/?q=Visible",
        "/api/v1/sources/?ordering=title",
        "/api/v1/topics/",
        "/api/v1/topics/?q=Visible",
    ],
)
def test_a_list_counts_exactly_the_records_it_lists_twice_over(api, record, url):
    listed = whole_list(api, url)
    assert listed
    assert count_of(api, url) == len(listed)
    assert count_of(api, url) == len(listed)  # kept
    assert not any(marker in str(listed) for marker in record["markers"])


def test_the_unfiltered_lists_count_what_the_public_querysets_hold(api, record):
    assert count_of(api, "/api/v1/citations/") == Citation.objects.public().count()
    assert count_of(api, "/api/v1/sources/") == Source.objects.cited_in_published().count()
    assert count_of(api, "/api/v1/topics/") == Topic.objects.filter(meeting_topics__meeting__status=Status.PUBLISHED).distinct().count()


@pytest.mark.parametrize(
    "url", [*LISTS, "/api/v1/citations/?stance=supports&page_size=5&page=2", "/api/v1/sources/?format=csv", "/api/v1/topics/?q=topic"]
)
def test_a_repeat_request_runs_no_count_query(api, record, url, django_assert_num_queries):
    cold, queries = get(api, url)
    assert cold.status_code == 200 and counting(queries)
    with django_assert_num_queries(len(queries) - 1):
        warm, queries = get(api, url)
    assert counting(queries) == []
    assert warm.content == cold.content


def test_the_same_filters_in_another_order_or_on_another_page_share_the_kept_count(api, record, django_assert_max_num_queries):
    api.get("/api/v1/citations/?stance=supports&source=1&page_size=2")
    for url in ("/api/v1/citations/?source=1&stance=supports", "/api/v1/citations/?page=last&page_size=3&stance=supports&source=1"):
        _, queries = get(api, url)
        assert counting(queries) == [], url


def test_only_the_whole_citation_list_is_read_by_public_ids(api, record, monkeypatch):
    calls = []
    public_ids = CitationQuerySet.public_ids
    monkeypatch.setattr(CitationQuerySet, "public_ids", lambda qs: calls.append(1) or public_ids(qs))
    api.get("/api/v1/citations/?stance=contradicts")
    assert calls == []  # a filtered list reads its own rows
    api.get("/api/v1/citations/")
    api.get("/api/v1/citations/?page=2&page_size=5")
    assert calls == [1]  # once, then kept


@pytest.mark.parametrize("url", ["/api/v1/citations/", "/api/v1/citations/?stance=supports"])
@pytest.mark.parametrize("size", [2, 200])
def test_the_citation_list_runs_a_bounded_number_of_queries_at_any_depth_or_page_size(api, record, url, size):
    api.get(url)  # the list's ids, read once
    pages = -(-count_of(api, url) // size)
    for page in (1, 2, pages, "last"):
        response, queries = get(api, f"{url}{'&' if '?' in url else '?'}page_size={size}&page={page}")
        assert response.status_code == (200 if page != 2 or pages > 1 else 404)
        # The record's state, the page's citations, and their facts: one query per kind of fact (6).
        assert len(queries) <= 2 + 6 and counting(queries) == []


def editor_user():
    user = User.objects.create_user(username="count-editor", password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def meeting_in_review():
    """A meeting in review whose every fact is cited from a source of its own, on a topic of its own."""
    source = SourceFactory(title="Source of the meeting in review")
    meeting = MeetingFactory(status=Status.IN_REVIEW, title="C5+1 special session on Afghanistan")
    cite(meeting, "kind", "C5+1 special session on Afghanistan", source=source)
    participation = ParticipationFactory(meeting=meeting, person=PersonFactory(), role="Special Representative for Afghanistan")
    cite(participation, "role", source=source)
    cite(MeetingTopicFactory(meeting=meeting), quote="security", source=source)
    return meeting


def test_the_count_follows_publishing_and_retracting_at_once(api, record):
    meeting = meeting_in_review()
    editor = editor_user()
    before = {url: count_of(api, url) for url in LISTS}
    assert before == {url: count_of(api, url) for url in LISTS}  # now kept

    workflow.approve(record=meeting, by=editor)
    published = {url: count_of(api, url) for url in LISTS}
    assert published == {"/api/v1/citations/": before["/api/v1/citations/"] + 3,
                         "/api/v1/sources/": before["/api/v1/sources/"] + 1,
                         "/api/v1/topics/": before["/api/v1/topics/"] + 1}  # fmt: skip
    assert published == {url: count_of(api, url) for url in LISTS}

    workflow.retract(record=meeting, by=editor, reason="The article described another meeting.")
    assert {url: count_of(api, url) for url in LISTS} == before


def test_a_filtered_count_follows_a_saved_change(api, record):
    url = "/api/v1/citations/?stance=contradicts"
    contradicting = count_of(api, url)
    assert count_of(api, url) == contradicting
    cite(record["visible"], "summary", stance="contradicts")
    assert count_of(api, url) == contradicting + 1


def test_a_write_without_history_is_counted_once_the_kept_count_expires(api, record, monkeypatch):
    meeting = record["meetings"][0]
    counted = count_of(api, "/api/v1/citations/")
    # A bulk write that leaves no history and raises no version keeps the worker's count…
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.RETRACTED)
    response = api.get("/api/v1/citations/?page_size=200")
    assert response.json()["count"] == counted
    # …yet the rows are read afresh: the retracted meeting's citations are not among them (rule 2).
    assert len(results(response)) == Citation.objects.public().count() < counted
    # KEPT_SECONDS bounds how long: past it, the list is counted again.
    monkeypatch.setattr(pagination, "KEPT_SECONDS", 0)
    assert count_of(api, "/api/v1/citations/") == Citation.objects.public().count()


def test_a_malformed_page_parameter_is_refused_before_anything_is_counted(api, record):
    for url in ("/api/v1/citations/?page=abc", "/api/v1/sources/?page_size=0", "/api/v1/topics/?page=-1"):
        response, queries = get(api, url)
        assert response.status_code == 400, url
        assert counting(queries) == [], url


def test_a_page_past_the_end_of_a_kept_count_answers_404_with_the_number_of_pages(api, record):
    pages = -(-count_of(api, "/api/v1/citations/") // 10)
    response, queries = get(api, f"/api/v1/citations/?page_size=10&page={pages + 1}")
    assert response.status_code == 404 and counting(queries) == []
    assert response.json()["detail"] == f"Page {pages + 1} is past the end: there are {pages} pages of 10."


def test_the_kept_counts_are_bounded_least_recently_used_out(monkeypatch):
    monkeypatch.setattr(pagination, "_counts", type(pagination._counts)())
    monkeypatch.setattr(pagination, "COUNTS_KEPT", 2)
    counted = []

    def count(key, state=("now", 1)):
        return pagination.kept_count(lambda: counted.append(key) or len(key), state, key)

    count("a"), count("bb"), count("a"), count("ccc")  # "bb" is the least recently used of three
    assert counted == ["a", "bb", "ccc"]
    count("a"), count("ccc"), count("bb")
    assert counted == ["a", "bb", "ccc", "bb"]
    assert len(pagination._counts) == 2
    count("a", state=("later", 1))  # another state of the record: counted again
    assert counted[-1] == "a"


def test_nothing_is_kept_for_an_empty_record(monkeypatch):
    monkeypatch.setattr(pagination, "_counts", type(pagination._counts)())
    counted = []
    for _ in range(2):
        pagination.kept_count(lambda: counted.append(1) or 0, (None, 1), "list")
    assert counted == [1, 1] and not pagination._counts
