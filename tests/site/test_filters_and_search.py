"""The meeting list's filters find what they should, and nothing else."""

import re

import pytest

from events.published import lists
from tests.factories import publish

pytestmark = pytest.mark.django_db


def listed(response):
    return re.findall(r'<h3><a href="/meetings/([^/]+)/">', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2015", {"c5-1-ministerial-samarkand-2015"}),
        # "on or before July 28, 2023": it may fall in 2023, so it is listed there (marked "date uncertain").
        ("year=2023", {"c5-1-special-session-afghanistan-astana-2023", "west-umarov-meeting-2023"}),
        ("year=2019", set()),
        ("kind=phone_call", {"tileuberdi-blinken-phone-call-2021"}),
        ("topic=covid-19", {"c5-1-high-level-meeting-2021-04-23"}),
        ("person=antony-blinken", {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}),
        ("person=rashid-meredov", {"c5-1-ministerial-nur-sultan"}),
        (
            "country=tm&kind=ministerial",
            {"c5-1-ministerial-nur-sultan", "c5-1-ministerial-astana-blinken", "c5-1-ministerial-samarkand-2015"},
        ),
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
    publish(*many_meetings(45))
    first = client.get("/meetings/?kind=ministerial")
    assert len(listed(first)) == 20
    assert 'href="?kind=ministerial&amp;page=2"' in first.content.decode()
    third = client.get("/meetings/?kind=ministerial&page=3")
    assert len(listed(third)) == 5
    assert not set(listed(first)) & set(listed(third))


def test_a_long_list_is_not_counted_past_the_cap_and_still_pages_to_its_end(client, many_meetings, monkeypatch):
    monkeypatch.setattr(lists.Page.__init__, "__kwdefaults__", {"cap": 30, "noun": "meetings"})
    publish(*many_meetings(45))
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


def test_the_person_filter_is_a_text_field_taking_a_name_or_a_slug(client, demo):
    html = client.get("/meetings/").content.decode()
    assert '<input id="f-person" name="person" type="text"' in html and '<select id="f-person"' not in html
    expected = {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}
    assert set(listed(client.get("/meetings/?person=antony-blinken"))) == expected
    assert set(listed(client.get("/meetings/?person=Antony+Blinken"))) == expected
    assert client.get("/meetings/?person=Nobody+Here").status_code == 400
