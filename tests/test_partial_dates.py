import datetime

import pytest

from c5site.partial_dates import PartialDate, PartialDateError, Precision, display, parse

D = datetime.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023", (D(2023, 1, 1), D(2023, 12, 31))),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
        ("2023-07-28", (D(2023, 7, 28), D(2023, 7, 28))),
    ],
)
def test_parse_gives_the_whole_period_not_a_point(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "2023-13", "2023-02-30", "23-07-28", "", "2023-07-28T00:00"])
def test_parse_refuses_what_is_not_a_date_with_a_message(text):
    with pytest.raises(PartialDateError, match="date"):
        parse(text)


@pytest.mark.parametrize(
    "date, text",
    [
        (PartialDate(D(2023, 7, 27), Precision.DAY, D(2023, 7, 28)), "July 27–28, 2023"),
        (PartialDate(D(2015, 11, 1), Precision.MONTH), "November 2015"),
        (PartialDate(D(2015, 1, 1), Precision.YEAR), "2015"),
        (PartialDate(D(2021, 4, 23), Precision.DAY), "April 23, 2021"),
        (PartialDate(None, Precision.UNKNOWN), "date not reported"),
        (PartialDate(None, Precision.UNKNOWN, not_after=D(2021, 4, 28)), "on or before April 28, 2021"),
        (PartialDate(D(2023, 7, 30), Precision.DAY, D(2023, 8, 2)), "July 30 – August 2, 2023"),
    ],
)
def test_display_follows_the_precision(date, text):
    assert display(date) == text


def test_range_of_a_month_and_of_an_unknown_date():
    assert PartialDate(D(2015, 11, 1), Precision.MONTH).range() == (D(2015, 11, 1), D(2015, 11, 30))
    assert PartialDate(None, Precision.UNKNOWN).range() == (None, None)
    assert PartialDate(None, Precision.UNKNOWN, not_after=D(2021, 4, 28)).range() == (None, D(2021, 4, 28))
