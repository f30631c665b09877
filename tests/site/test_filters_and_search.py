"""The meeting list's filters and the site search find what they should, and nothing else."""

import re

import pytest

from events.views import SEARCH_LIMIT, SEARCH_PAGE_SIZE

pytestmark = pytest.mark.django_db


def listed(response):
    return re.findall(r'<h3><a href="/meetings/([^/]+)/">', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2015", {"c5-1-ministerial-samarkand-2015"}),
        ("year=2023", {"c5-1-special-session-afghanistan-astana-2023"}),
        ("year=2019", set()),
        ("kind=phone_call", {"tileuberdi-blinken-phone-call-2021"}),
        ("topic=covid-19", {"c5-1-high-level-meeting-2021-04-23"}),
        ("person=antony-blinken", {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}),
        ("person=rashid-meredov", {"c5-1-ministerial-nur-sultan"}),
        ("country=tm&kind=ministerial", {"c5-1-ministerial-nur-sultan", "c5-1-ministerial-astana-blinken", "c5-1-ministerial-samarkand-2015"}),
        ("country=TM&topic=covid-19", set()),
        ("year=2021&kind=ministerial", {"c5-1-high-level-meeting-2021-04-23"}),
    ],
)
def test_meeting_filters_find_exactly_the_matching_meetings(client, demo, query, expected):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 200
    assert set(listed(response)) == expected
    if not expected:
        assert "No published meeting matches these filters." in response.content.decode()


def test_an_unknown_date_matches_no_year_but_is_in_the_unfiltered_list(client, demo):
    assert "c5-1-ministerial-nur-sultan" in listed(client.get("/meetings/"))
    for year in range(2015, 2024):
        assert "c5-1-ministerial-nur-sultan" not in listed(client.get(f"/meetings/?year={year}"))


def test_the_list_is_paginated_and_keeps_its_filters_across_pages(client, many_meetings):
    many_meetings(45)
    first = client.get("/meetings/?kind=ministerial")
    assert len(listed(first)) == 20
    assert 'href="?kind=ministerial&amp;page=2"' in first.content.decode()
    third = client.get("/meetings/?kind=ministerial&page=3")
    assert len(listed(third)) == 5
    assert not set(listed(first)) & set(listed(third))


@pytest.mark.parametrize(
    ("query", "meetings", "people"),
    [
        ("Samarkand", {"c5-1-ministerial-samarkand-2015"}, set()),
        ("Mukhriddin", set(), {"sirojiddin-muhriddin"}),
        ("Blinken", {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}, {"antony-blinken"}),
        ("Antarctica", set(), set()),
    ],
)
def test_search_finds_meetings_and_people_and_nothing_else(client, demo, query, meetings, people):
    html = client.get("/search/", {"q": query}).content.decode()
    assert set(re.findall(r'<h3><a href="/meetings/([^/]+)/">', html)) == meetings
    assert set(re.findall(r'<h3><a href="/people/([^/]+)/">', html)) == people


def test_search_finds_sources_by_their_text_with_the_words_highlighted(client, demo):
    html = client.get("/search/", {"q": "Kazinform"}).content.decode()
    assert len(re.findall(r'<h3><a href="/sources/\d+/">', html)) == 1
    assert "<mark>kazinform</mark>" in html.lower()


def test_an_empty_search_shows_the_form_without_results(client, demo):
    html = client.get("/search/", {"q": "   "}).content.decode()
    assert 'id="search-q"' in html and 'class="results"' not in html


def test_a_long_list_is_not_counted_past_the_cap_and_still_pages_to_its_end(client, many_meetings, monkeypatch):
    from events.paging import CappedPaginator  # noqa: PLC0415

    monkeypatch.setattr(CappedPaginator, "count_cap", 30)
    many_meetings(45)
    first = client.get("/meetings/?kind=ministerial").content.decode()
    assert "More than 30 meetings match these filters." in first and "Page 1<" in first
    seen = set(listed(client.get("/meetings/?kind=ministerial")))
    for number in (2, 3):
        html = client.get(f"/meetings/?kind=ministerial&page={number}").content.decode()
        assert not seen & set(listed_html(html))
        seen |= set(listed_html(html))
    assert len(seen) == 45 and 'rel="next"' not in html
    assert client.get("/meetings/?kind=ministerial&page=4").status_code == 404


def listed_html(html):
    return re.findall(r'<h3><a href="/meetings/([^/]+)/">', html)


def test_with_many_officials_the_person_filter_is_a_text_field_taking_a_name_or_a_slug(client, demo, monkeypatch):
    import events.views  # noqa: PLC0415

    monkeypatch.setattr(events.views, "PEOPLE_CHOICES_MAX", 1)
    html = client.get("/meetings/").content.decode()
    assert '<input id="f-person" name="person" type="text"' in html and '<select id="f-person"' not in html
    expected = {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}
    assert set(listed(client.get("/meetings/?person=antony-blinken"))) == expected
    assert set(listed(client.get("/meetings/?person=Antony+Blinken"))) == expected
    assert client.get("/meetings/?person=Nobody+Here").status_code == 400


def test_search_marks_the_other_spelling_an_official_was_found_under(client, demo):
    html = client.get("/search/", {"q": "Mukhriddin"}).content.decode()
    assert "<mark>Mukhriddin</mark>" in html and '<h3><a href="/people/sirojiddin-muhriddin/">' in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_search_page_runs_a_bounded_number_of_queries(client, many_meetings, django_assert_max_num_queries, count):
    many_meetings(count)
    # PostgreSQL: the candidates of every kind, then the rows of each kind found (SQLite: one
    # query per kind).
    with django_assert_max_num_queries(4):
        html = client.get("/search/", {"q": "meeting"}).content.decode()
    assert html.count('<h3><a href="/meetings/') == min(count, SEARCH_LIMIT) and '<h3><a href="/sources/' in html
    # One kind, a page of it, at any depth: its candidates, then its rows.
    for page in (1, 2):
        with django_assert_max_num_queries(2):
            response = client.get("/search/", {"q": "meeting", "kind": "meetings", "page": page})
        expected = min(max(count - (page - 1) * SEARCH_PAGE_SIZE, 0), SEARCH_PAGE_SIZE)
        assert response.status_code == (200 if expected or page == 1 else 404)
        assert response.content.decode().count('<h3><a href="/meetings/') == expected


def results(response, kind="meetings"):
    return re.findall(rf'<h3><a href="/{kind}/([^/]+)/">', response.content.decode())


def test_the_search_page_shows_the_best_of_each_kind_and_links_to_all_of_one_kind_a_page_at_a_time(client, many_meetings):
    many_meetings(SEARCH_PAGE_SIZE + 5)
    overview = client.get("/search/", {"q": "meeting"})
    html = overview.content.decode()
    assert len(results(overview)) == SEARCH_LIMIT and f"Meetings ({SEARCH_LIMIT}+)" in html
    assert '<a href="?q=meeting&amp;kind=meetings">More meetings matching “meeting” →</a>' in html
    first = client.get("/search/", {"q": "meeting", "kind": "meetings"})
    second = client.get("/search/", {"q": "meeting", "kind": "meetings", "page": 2})
    assert first.status_code == second.status_code == 200
    page_one, page_two = results(first), results(second)
    # The same order as the overview's, then on: every meeting once.
    assert page_one[:SEARCH_LIMIT] == results(overview)
    assert len(page_one) == SEARCH_PAGE_SIZE and len(page_two) == 5
    assert len(set(page_one + page_two)) == SEARCH_PAGE_SIZE + 5
    first_html, second_html = first.content.decode(), second.content.decode()
    assert f"Meetings matching “meeting”: 1–{SEARCH_PAGE_SIZE}" in first_html
    assert '<a rel="next" href="?q=meeting&amp;kind=meetings&amp;page=2">' in first_html and 'rel="prev"' not in first_html
    assert f"{SEARCH_PAGE_SIZE + 1}–{SEARCH_PAGE_SIZE + 5}" in second_html
    assert 'rel="next"' not in second_html and '<a rel="prev" href="?q=meeting&amp;kind=meetings&amp;page=1">' in second_html
    assert '<a href="?q=meeting">Back to all results for “meeting”</a>' in second_html
    assert client.get("/search/", {"q": "meeting", "kind": "meetings", "page": 3}).status_code == 404


def test_a_kind_with_no_more_than_the_page_shows_gets_no_link_to_more(client, demo):
    html = client.get("/search/", {"q": "Mukhriddin"}).content.decode()
    assert "People (1)" in html and "kind=people" not in html


@pytest.mark.parametrize("kind", ["bogus", "Meetings", "meetings/", "<script>"])
def test_an_unknown_kind_of_result_is_a_clear_400(client, demo, kind):
    response = client.get("/search/", {"q": "Samarkand", "kind": kind})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no kind of result" in html and 'role="alert"' in html
    assert '<h3><a href="' not in html and "<script>" not in html.split("</header>", 1)[-1]
    assert '<a href="?q=Samarkand&amp;kind=meetings">meetings</a>' in html


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "", "99999999999999999999", str(10**9 + 1), "2"])
def test_a_page_of_one_kind_that_is_not_there_is_a_clear_404(client, demo, page):
    response = client.get("/search/", {"q": "Samarkand", "kind": "meetings", "page": page})
    if page == "":  # no page: the first
        assert response.status_code == 200 and results(response)
        return
    assert response.status_code == 404
    assert "There is no such page of results" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"', '"unclosed phrase', "a & b | !c", ":*", "security:*", "!!!", "<->", "a <-> b", "(", "\\", "%s", "{1,2}",
        "'; DROP TABLE events_source; --", "the of and", "-meeting", "x" * 5000, "Самарканд", "sec\x00urity", "\x02\x03",
    ],
)
def test_a_hostile_or_odd_search_gets_a_page_not_an_error(client, demo, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html or not query.strip("\x00\x02\x03")
    assert "<script>" not in html.split("</header>", 1)[-1]


def test_a_source_a_draft_alone_cites_is_not_listed_however_well_it_ranks_and_public_ones_fill_the_list(client, db):
    from c5site.records import Status  # noqa: PLC0415
    from tests.factories import SAMPLE_TEXT, MeetingFactory, SourceFactory, cite  # noqa: PLC0415

    def cited(text, status, title="Article"):
        source = SourceFactory(title=title, text=f"{text}\n\n{SAMPLE_TEXT}")
        cite(MeetingFactory(status=status), "summary", source=source)
        return source

    secret = cited("Zarafshan " * 20, Status.DRAFT, title="Zarafshan Zarafshan")
    public = {cited(f"Article {n} on the Zarafshan.", Status.PUBLISHED).pk for n in range(25)}
    html = client.get("/search/", {"q": "Zarafshan"}).content.decode()
    listed = {int(pk) for pk in re.findall(r'<h3><a href="/sources/(\d+)/">', html)}
    assert secret.pk not in listed and listed <= public and len(listed) == SEARCH_LIMIT
    assert f"Sources ({SEARCH_LIMIT}+)" in html
    # All of them, a page at a time, and still never the draft's.
    pages = [client.get("/search/", {"q": "Zarafshan", "kind": "sources", "page": n}) for n in (1, 2)]
    every = [int(pk) for page in pages for pk in results(page, "sources")]
    assert sorted(every) == sorted(public)
