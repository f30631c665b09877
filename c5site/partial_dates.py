"""Partial dates: a date known to the day, the month, the year, or not at all.

A record stores the first day of the period it knows (2015-11-01 for "November
2015") with its precision; a fact known only to lie before some day stores that day
as an upper bound. Filters compare ranges, never points: "2023" covers the whole
year, and a date that is unknown matches no date filter.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


def period_end(start, precision):
    """Last day of the period that begins at `start` with `precision`."""
    if precision == Precision.DAY:
        return start
    if precision == Precision.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == Precision.YEAR:
        return start.replace(month=12, day=31)
    return None


def truncate(value, precision):
    """The first day of the period of `precision` that contains `value`."""
    if value is None or precision == Precision.UNKNOWN:
        return None
    if precision == Precision.MONTH:
        return value.replace(day=1)
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    return value


_PARSE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


class PartialDateError(ValueError):
    pass


def parse(text):
    """Parse "2023", "2023-07" or "2023-07-28" into the (first day, last day) it covers.

    Raises PartialDateError with a message that says what is expected.
    """
    match = _PARSE.match((text or "").strip())
    if not match:
        raise PartialDateError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match["year"])
    try:
        if match["day"]:
            day = datetime.date(year, int(match["month"]), int(match["day"]))
            return day, day
        if match["month"]:
            first = datetime.date(year, int(match["month"]), 1)
            return first, period_end(first, Precision.MONTH)
        first = datetime.date(year, 1, 1)
        return first, period_end(first, Precision.YEAR)
    except ValueError as error:
        raise PartialDateError(f"{text!r} is not a real date ({error}).") from None


@dataclass(frozen=True)
class PartialDate:
    """A span of days known to some precision, or an unknown date with an optional bound."""

    start: datetime.date | None
    precision: str = Precision.DAY
    end: datetime.date | None = None
    not_after: datetime.date | None = None

    @property
    def is_known(self):
        return self.precision != Precision.UNKNOWN and self.start is not None

    def range(self):
        """(earliest, latest) day this date can stand for; None where unbounded."""
        if not self.is_known:
            return None, self.not_after
        last = self.end or self.start
        return self.start, period_end(last, self.precision)

    def __str__(self):
        return display(self)


def _day(value):
    return f"{value:%B} {value.day}, {value.year}"


def display(date):
    """Human form at the date's precision: "July 27–28, 2023", "November 2015",
    "on or before April 28, 2021", "date not reported"."""
    if not date.is_known:
        if date.not_after:
            return f"on or before {_day(date.not_after)}"
        return "date not reported"
    start, end, precision = date.start, date.end, date.precision
    if precision == Precision.YEAR:
        text = str(start.year)
        if end and end.year != start.year:
            text += f"–{end.year}"
        return text
    if precision == Precision.MONTH:
        text = f"{start:%B} {start.year}"
        if end and (end.year, end.month) != (start.year, start.month):
            text = f"{start:%B} {start.year}–{end:%B} {end.year}"
        return text
    if not end or end == start:
        return _day(start)
    if (end.year, end.month) == (start.year, start.month):
        return f"{start:%B} {start.day}–{end.day}, {start.year}"
    if end.year == start.year:
        return f"{start:%B} {start.day} – {end:%B} {end.day}, {start.year}"
    return f"{_day(start)} – {_day(end)}"
