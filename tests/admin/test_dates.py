"""Free-text dates, read at the precision they state; relative ones count from the article's date."""

import datetime

import pytest

from c5site.partial_dates import PartialDate
from events.editing.dates import DateParseError, parse_date

D = datetime.date
FRIDAY = D(2023, 7, 28)  # the publication day of the Sputnik report, a Friday
KAZINFORM = D(2021, 4, 28)


def day(value, end=None):
    return PartialDate(value, "day", end)


def month(year, number):
    return PartialDate(D(year, number, 1), "month")


def year(value):
    return PartialDate(D(value, 1, 1), "year")


def bound(value):
    return PartialDate(None, "unknown", not_after=value)


UNKNOWN = PartialDate(None, "unknown")

PHRASINGS = [
    # (text, the article's date, what it means)
    ("19 September 2023", None, day(D(2023, 9, 19))),
    ("September 19, 2023", None, day(D(2023, 9, 19))),
    ("Sept. 19, 2023", None, day(D(2023, 9, 19))),
    ("2023-09-19", None, day(D(2023, 9, 19))),
    ("19.09.2023", None, day(D(2023, 9, 19))),
    ("on 19 September 2023", None, day(D(2023, 9, 19))),
    ("July 27–28, 2023", None, day(D(2023, 7, 27), D(2023, 7, 28))),
    ("July 27-28, 2023", None, day(D(2023, 7, 27), D(2023, 7, 28))),
    ("27-28 July 2023", None, day(D(2023, 7, 27), D(2023, 7, 28))),
    ("September 19 – October 2, 2023", None, day(D(2023, 9, 19), D(2023, 10, 2))),
    ("July 2023", None, month(2023, 7)),
    ("in November 2015", None, month(2015, 11)),
    ("early July 2023", None, month(2023, 7)),
    ("2023-07", None, month(2023, 7)),
    ("2015", None, year(2015)),
    ("in 2015", None, year(2015)),
    ("unknown", None, UNKNOWN),
    ("", None, UNKNOWN),
    ("not reported", None, UNKNOWN),
    ("on or before 28 April 2021", None, bound(D(2021, 4, 28))),
    ("no later than April 2021", None, bound(D(2021, 4, 30))),
    ("before 2021", None, bound(D(2020, 12, 31))),
    ("28th July, 2023", None, day(D(2023, 7, 28))),
    ("November 1, 2015", None, day(D(2015, 11, 1))),
    # the seeds' relative dates
    ("July 27-28", FRIDAY, day(D(2023, 7, 27), D(2023, 7, 28))),
    ("July 27-28", None, UNKNOWN),
    ("on Friday", FRIDAY, day(FRIDAY)),
    ("on Friday", D(2023, 7, 31), day(FRIDAY)),
    ("last Friday", FRIDAY, day(D(2023, 7, 21))),
    ("yesterday", D(2023, 3, 2), day(D(2023, 3, 1))),
    ("yesterday", None, UNKNOWN),
    ("on Friday", None, UNKNOWN),
    ("April 23 this year", KAZINFORM, day(D(2021, 4, 23))),
    ("April 23 this year", None, UNKNOWN),
    ("3 days ago", FRIDAY, day(D(2023, 7, 25))),
    # the region's languages
    ("19 сентября 2023 года", None, day(D(2023, 9, 19))),
    ("27–28 июля 2023 года", None, day(D(2023, 7, 27), D(2023, 7, 28))),
    ("сентябрь 2023 года", None, month(2023, 9)),
    ("вчера", FRIDAY, day(D(2023, 7, 27))),
    ("вчера", None, UNKNOWN),
    ("19 қыркүйек 2023", None, day(D(2023, 9, 19))),
    ("2023 yil 19 sentabr", None, day(D(2023, 9, 19))),
]


@pytest.mark.parametrize(("text", "published", "expected"), PHRASINGS)
def test_a_free_text_date_is_read_at_the_precision_it_states(text, published, expected):
    assert parse_date(text, reference=published).date == expected


def test_the_table_has_at_least_thirty_phrasings():
    assert len(PHRASINGS) >= 30


def test_an_unresolvable_relative_date_says_why_it_is_unknown():
    parsed = parse_date("yesterday")
    assert parsed.display == "date not reported"
    assert "undated" in parsed.note


@pytest.mark.parametrize("text", ["Q3", "sometime", "February 30, 2023", "2023-02-30"])
def test_a_text_that_is_no_date_is_refused_with_examples(text):
    with pytest.raises(DateParseError, match="not"):
        parse_date(text)


def test_a_parsed_range_fills_the_meetings_date_fields():
    assert parse_date("July 27–28, 2023").meeting_fields() == {
        "start_date": D(2023, 7, 27),
        "end_date": D(2023, 7, 28),
        "date_precision": "day",
        "date_not_after": None,
    }
    assert parse_date("on or before 28 April 2021").meeting_fields() == {
        "start_date": None,
        "end_date": None,
        "date_precision": "unknown",
        "date_not_after": D(2021, 4, 28),
    }
