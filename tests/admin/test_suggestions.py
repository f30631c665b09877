"""What an article suggests: dates resolved against the publication date, names of people, countries, places."""

import datetime

import pytest

from c5site.partial_dates import PartialDate
from events.editing.suggestions import Span, find_dates, find_names, resolve_overlaps, sentence_around, suggest, to_html
from tests.factories import CountryFactory, PersonFactory, PlaceFactory, PositionFactory, SourceFactory

D = datetime.date


def dates(text, published_on=None):
    return [(m.text, m.date) for m in find_dates(text, published_on)]


def day(value, end=None):
    return PartialDate(value, "day", end)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("met on July 27-28, the ministry said", D(2023, 7, 28), [("July 27-28", day(D(2023, 7, 27), D(2023, 7, 28)))]),
        ("held on July 27–28, 2023 in Astana", None, [("July 27–28, 2023", day(D(2023, 7, 27), D(2023, 7, 28)))]),
        ("the ministry said on Friday.", D(2023, 7, 28), [("on Friday", day(D(2023, 7, 28)))]),  # a Friday itself
        ("the ministry said on Friday.", D(2023, 7, 31), [("on Friday", day(D(2023, 7, 28)))]),
        ("as he said last Friday", D(2023, 7, 28), [("last Friday", day(D(2023, 7, 21)))]),
        ("Blinken yesterday visited Astana", D(2023, 3, 1), [("yesterday", day(D(2023, 2, 28)))]),
        ("the summit (April 23 this year) and", D(2021, 4, 28), [("April 23 this year", day(D(2021, 4, 23)))]),
        ("was held on November 1, 2015 in Samarkand", None, [("November 1, 2015", day(D(2015, 11, 1)))]),
        ("MOSCOW (Sputnik - 28th July, 2023) Representatives", None, [("28th July, 2023", day(D(2023, 7, 28)))]),
        ("took place in Samarqand in November 2015.", None, [("November 2015", PartialDate(D(2015, 11, 1), "month"))]),
        ("Founded in 2015, the C5+1", None, [("in 2015", PartialDate(D(2015, 1, 1), "year"))]),
        ("on December 20 the envoys", D(2024, 1, 10), [("December 20", day(D(2023, 12, 20)))]),  # last year's
    ],
)
def test_date_expressions_are_resolved_against_the_publication_date(text, published, expected):
    assert dates(text, published) == expected


@pytest.mark.parametrize("text", ["on July 27-28 they met", "Blinken yesterday visited", "said on Friday"])
def test_relative_dates_in_an_undated_article_are_found_but_not_resolved(text):
    [mention] = find_dates(text, None)
    assert mention.date is None
    assert "undated" in mention.note


def test_impossible_days_are_not_dates():
    assert dates("on February 30, 2023 and June 31", D(2023, 7, 1)) == []


def test_names_match_whole_words_longest_first_across_line_breaks():
    names = {"Antony Blinken": "blinken", "Antony J. Blinken": "blinken", "US": "us", "United States": "us"}
    text = "US Secretary of State Antony J.\nBlinken met the USSR historian; the United States said."
    found = [(m.text, m.target) for m in find_names(text, names, "person")]
    assert found == [("US", "us"), ("Antony J.\nBlinken", "blinken"), ("United States", "us")]


def test_overlapping_mentions_keep_the_earliest_then_longest():
    class M:
        def __init__(self, start, end):
            self.start, self.end = start, end

    kept = resolve_overlaps([M(5, 9), M(0, 10), M(10, 12), M(11, 14)])
    assert [(m.start, m.end) for m in kept] == [(0, 10), (10, 12)]


def test_sentence_around_gives_the_sentence_of_a_mention():
    text = "First sentence here. Special Representative Thomas West attended the meeting. Last one."
    start = text.index("Thomas")
    s, e = sentence_around(text, start, start + len("Thomas West"))
    assert text[s:e] == "Special Representative Thomas West attended the meeting."


def test_sentence_around_cuts_a_long_sentence_at_word_breaks():
    text = "word " * 200 + "Thomas West " + "word " * 200
    start = text.index("Thomas")
    s, e = sentence_around(text, start, start + 11, limit=100)
    assert "Thomas West" in text[s:e] and len(text[s:e]) <= 110
    assert text[s:e].startswith("word") and text[s:e].endswith("word")


def test_to_html_marks_cited_passages_and_links_suggestions_escaping_the_text():
    text = "A <b>bold</b> claim by Thomas West."
    start = text.index("Thomas")

    class S:
        kind, label, anchor = "person", "Thomas West", "suggestion-1"

    suggestion = S()
    suggestion.start, suggestion.end = start, start + 11
    html = to_html(text, [Span(0, len(text) - 1, title="participation: Thomas West")], [suggestion])
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert '<a class="c5-suggestion c5-person" href="#suggestion-1"' in html
    assert html.count('<mark class="c5-cited"') == 2  # split at the link, which it also covers
    assert html.endswith(".")


@pytest.mark.django_db
def test_suggest_finds_people_by_alias_countries_places_and_dates_with_the_passage():
    us = CountryFactory(code="US")
    person = PersonFactory(name="Sirojiddin Muhriddin", aliases=["Sirojiddin Mukhriddin"], country=us)
    PositionFactory(person=person, title="Minister of Foreign Affairs")
    place = PlaceFactory()
    place.names.create(name="Nur-Sultan", kind="former", from_year=2019, to_year=2022)
    source = SourceFactory(
        text="Foreign Minister Sirojiddin Mukhriddin met the U.S. envoy in Nur-Sultan on April 23 this year.\n\n"
        "Minister of Foreign Affairs Sirojiddin Muhriddin said so.",
        published_on=D(2021, 4, 28),
        published_precision="day",
    )
    found = {(s.kind, s.text): s for s in suggest(source)}
    assert set(found) == {
        ("person", "Sirojiddin Mukhriddin"),
        ("country", "U.S."),
        ("place", "Nur-Sultan"),
        ("date", "April 23 this year"),
        ("person", "Sirojiddin Muhriddin"),
    }
    assert found[("person", "Sirojiddin Mukhriddin")].target == person
    assert found[("place", "Nur-Sultan")].prefill()["place_name_reported"] == "Nur-Sultan"
    date = found[("date", "April 23 this year")]
    assert date.prefill()["start_date"] == "2021-04-23"
    assert date.quote == "Foreign Minister Sirojiddin Mukhriddin met the U.S. envoy in Nur-Sultan on April 23 this year."
    assert found[("person", "Sirojiddin Muhriddin")].prefill()["participant_role"] == "Minister of Foreign Affairs"
