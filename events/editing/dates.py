"""Dates as editors and articles write them, read at the precision they state.

`parse_date("July 27–28, 2023")` → July 27–28, 2023 (day); "July 2023" → month; "2015" → year;
"unknown" → unknown; "on or before 28 April 2021" → unknown, bounded by that day. Relative
expressions ("yesterday", "on Friday", "April 23 this year", "July 27-28") are resolved
against a reference day — the article's publication date — and are unknown where there is
none: a date no source states is never guessed.

English expressions go through the same patterns that find dates in an article
(`suggestions.DATE_PATTERNS`), so a date typed by the editor and one read from the text mean
the same; other phrasings and the region's languages (Russian, Kazakh, Uzbek) go through
`dateparser`, which keeps each language's month names and relative words in its own data.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from dateparser.date import DateDataParser

from c5site.partial_dates import PartialDate, PartialDateError, Precision, period_end
from c5site.partial_dates import parse as parse_iso

from .suggestions import MONTHS, find_dates

LANGUAGES = ["en", "ru", "kk", "uz"]

UNKNOWN = PartialDate(None, Precision.UNKNOWN)

_UNKNOWN_WORDS = {
    "",
    "unknown",
    "not reported",
    "date not reported",
    "not known",
    "n/a",
    "na",
    "?",
    "-",
    "—",
    "none",
    "undated",
    "неизвестно",
    "не указано",
    "белгісіз",
    "noma'lum",
    "nomaʼlum",
}
# "on or before X" and its kin bound an unknown date by X's last day; "before X" by the day before X.
_INCLUSIVE_BOUND = re.compile(r"^(?:on or before|no later than|not after|by|до|не позднее)\s+(?P<rest>.+)$", re.I)
_EXCLUSIVE_BOUND = re.compile(r"^(?:before|prior to)\s+(?P<rest>.+)$", re.I)
_FILLER = re.compile(r"^(?:(?:held|took place|was held)\s+)?(?:on|in|of|during|since)\s+", re.I)
_CROSS_MONTH = re.compile(
    rf"^(?P<m1>{'|'.join(MONTHS)})\s+(?P<d1>\d{{1,2}})\s*[-–—]\s*(?P<m2>{'|'.join(MONTHS)})\s+(?P<d2>\d{{1,2}}),?\s+"
    r"(?P<year>\d{4})$",
    re.I,
)
_DAY_RANGE_FIRST = re.compile(r"^(?P<d1>\d{1,2})\s*[-–—]\s*(?P<d2>\d{1,2})(?P<rest>[\s.-].+)$")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_QUALIFIER = re.compile(r"^(?:early|mid|late|around|about|circa|c\.|approximately)[\s-]+", re.I)


@functools.lru_cache(maxsize=16)
def _parser(base):
    """A dateparser for the region's languages whose relative words count from `base` (day-first numbers)."""
    return DateDataParser(
        languages=LANGUAGES, settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": base}
    )


class DateParseError(ValueError):
    """The text names no date the parser can read; the message says what it accepts."""


@dataclass(frozen=True)
class ParsedDate:
    """What a free-text date means: a partial date, and a note on how it was read."""

    text: str
    date: PartialDate
    note: str = ""

    @property
    def precision(self):
        return self.date.precision

    @property
    def display(self):
        return str(self.date)

    def meeting_fields(self):
        """The Meeting fields this date fills: start_date, end_date, date_precision, date_not_after."""
        date = self.date
        return {
            "start_date": date.start if date.is_known else None,
            "end_date": date.end if date.is_known and date.end and date.end != date.start else None,
            "date_precision": date.precision if date.is_known else Precision.UNKNOWN,
            "date_not_after": None if date.is_known else date.not_after,
        }


def parse_date(text, *, reference=None):
    """Read `text` as a partial date; relative expressions count from `reference` (a date or None).

    Raises DateParseError where the text is no date at all."""
    raw = " ".join((text or "").split())
    cleaned = raw.strip(" .,;")
    if cleaned.lower() in _UNKNOWN_WORDS:
        return ParsedDate(raw, UNKNOWN, "no date: unknown")
    for pattern, inclusive in ((_INCLUSIVE_BOUND, True), (_EXCLUSIVE_BOUND, False)):
        if match := pattern.match(cleaned):
            inner = parse_date(match["rest"], reference=reference)
            low, high = inner.date.range()
            bound = high if inclusive else (low - datetime.timedelta(days=1) if low else None)
            if not inner.date.is_known and inner.date.not_after:
                bound = inner.date.not_after
            if bound is None:
                return ParsedDate(raw, UNKNOWN, f"{inner.note}; so no bound either")
            return ParsedDate(raw, PartialDate(None, Precision.UNKNOWN, not_after=bound), "unknown, with a bound")
    return _parse_point(raw, cleaned, reference)


def _parse_point(raw, text, reference):
    text = _FILLER.sub("", text)
    text = _QUALIFIER.sub("", text)
    try:
        low, high = parse_iso(text)
    except PartialDateError:
        pass
    else:
        precision = Precision.DAY if low == high else (Precision.MONTH if high.month == low.month else Precision.YEAR)
        return ParsedDate(raw, PartialDate(low, precision))
    if match := _CROSS_MONTH.match(text):
        months = [m.lower() for m in MONTHS]
        year = int(match["year"])
        try:
            first = datetime.date(year, months.index(match["m1"].lower()) + 1, int(match["d1"]))
            last = datetime.date(year, months.index(match["m2"].lower()) + 1, int(match["d2"]))
        except ValueError as error:
            raise DateParseError(f"“{raw}” is not a real date ({error}).") from None
        if last > first:
            return ParsedDate(raw, PartialDate(first, Precision.DAY, last))
    english = _english(text, reference)
    if english is not None:
        return ParsedDate(raw, english[0], english[1])
    if match := _DAY_RANGE_FIRST.match(text):
        first = _parse_point(raw, f"{match['d1']}{match['rest']}", reference).date
        last = _parse_point(raw, f"{match['d2']}{match['rest']}", reference).date
        if first.precision == last.precision == Precision.DAY and first.start < last.start:
            return ParsedDate(raw, PartialDate(first.start, Precision.DAY, last.start))
    return _with_dateparser(raw, text, reference)


def _english(text, reference):
    """(date, note) where one of the article patterns reads the whole text; None otherwise."""
    for mention in find_dates(text, reference):
        if mention.start > 0 or mention.end < len(text):
            continue
        if mention.date is None:
            return UNKNOWN, f"{mention.note}: unknown"
        return mention.date, mention.note
    return None


def _with_dateparser(raw, text, reference):
    has_year = bool(_HAS_YEAR.search(text))
    base = datetime.datetime.combine(reference, datetime.time()) if reference else datetime.datetime(2000, 6, 15)
    data = _parser(base).get_date_data(text)
    if data.date_obj is None:
        raise DateParseError(
            f"“{raw}” is not a date I can read. Try “19 September 2023”, “July 27–28, 2023”, “July 2023”, “2015”, "
            "“on or before 28 April 2021” or “unknown”."
        )
    if not has_year and reference is None:
        return ParsedDate(raw, UNKNOWN, "relative to an undated article: unknown")
    day = data.date_obj.date()
    precision = {"day": Precision.DAY, "week": Precision.DAY, "month": Precision.MONTH, "year": Precision.YEAR}.get(
        data.period, Precision.DAY
    )
    if precision == Precision.MONTH:
        day = day.replace(day=1)
    elif precision == Precision.YEAR:
        day = day.replace(month=1, day=1)
    note = "" if has_year else "counted from the publication date"
    return ParsedDate(raw, PartialDate(day, precision), note)


def range_of(date):
    """(first, last) day a partial date may stand for, with an unknown date's bound as last."""
    if date.is_known:
        return date.start, period_end(date.end or date.start, date.precision)
    return None, date.not_after
