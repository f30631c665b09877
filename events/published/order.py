"""The documented order of partial dates, and the years a meeting may fall in.

Meetings are listed newest first by the last day they may have taken place, then by the
first, then by id (newest record first): a meeting known to the month sorts at the month's
end, one known only to be "on or before" a day sorts at that day, and undated meetings come
last. The HTML lists, the API's default order and `ordering=-date` all use this one key.
"""

import datetime

from c5site.partial_dates import PartialDate

SHIFT = 2**20  # more days than datetime.date.max.toordinal()


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def date_of(document_date):
    """The PartialDate of a meeting document's "date"."""
    return PartialDate(
        _date(document_date["start"]),
        document_date["precision"],
        _date(document_date["end"]),
        _date(document_date["not_after"]),
    )


def sort_key(lo, hi):
    """One integer in list order (larger: newer) for a date range; 0 for an unknown date."""
    return (hi.toordinal() if hi else 0) * SHIFT + (lo.toordinal() if lo else 0)


def years(lo, hi):
    """[(year, possibly)] a range may fall in: every year it overlaps, "possibly" unless the whole
    range lies in that year. A date known only to be on or before a day is listed under that
    day's year, "possibly"."""
    if hi is None:
        return []
    if lo is None:
        return [(hi.year, True)]
    return [(year, not (lo.year == hi.year == year)) for year in range(lo.year, hi.year + 1)]
