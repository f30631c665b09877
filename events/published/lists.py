"""Lists of the published record, shared by the public pages and the API.

Meetings are listed newest first (`ORDER`: the documented order of partial dates, then the
newest record first). A list filtered by one value reads that value's `MeetingFacet` rows,
which the index (facet, -sort_key, -meeting) keeps in list order, so a page at any depth is
read from the index and stops; several values start from the rarest of them (by the counts
publishing keeps in `FacetCount`) and keep the rows whose meeting has each of the others
(EXISTS over the unique (meeting, facet) index). Counts of a list are read only up to
COUNT_CAP rows ("more than 1,000"); the timeline and the values the filters offer are read
from `FacetCount`, a few rows whatever the number of meetings, and kept in the cache under
the record's version, which changes exactly when the published record does.
"""

import datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Sum
from django.db.models.functions import Mod
from django.http import Http404

from ..models import FacetCount, MeetingFacet, PublishedMeeting
from . import publish
from .order import SHIFT

ORDER = ("-sort_key", "-meeting_id")
COUNT_CAP = 1000
KEPT_SECONDS = 24 * 3600


def facet_rows(facet):
    """The `MeetingFacet` rows of one value ("country:12"), in list order: one index range."""
    return MeetingFacet.objects.filter(facet=facet).order_by(*ORDER)


def meeting_ids(facets=()):
    """The ids of the public meetings that have every one of `facets`, in list order (a lazy
    queryset of ids: slice it for a page), read from the rarest facet's rows."""
    facets = sorted(set(facets))
    if len(facets) > 1:
        facets.sort(key=_walk_estimate(facets))
    if not facets:
        rows = PublishedMeeting.objects.filter(is_retracted=False).order_by(*ORDER)
        return rows.values_list("meeting_id", flat=True)
    rows = facet_rows(facets[0])
    for other in facets[1:]:
        rows = rows.filter(Exists(MeetingFacet.objects.filter(meeting_id=OuterRef("meeting_id"), facet=other)))
        if other.startswith("year:"):
            rows = _within_year(rows, other)
    return rows.values_list("meeting_id", flat=True)


def _walk_estimate(facets):
    """How many of a facet's index rows a list of all of `facets` would walk, were it read from it:
    its number of meetings; with a year among `facets` (whose range the others are read in,
    `_within_year`), a share of them as large as the year's share of all meetings."""
    totals = facet_totals([*facets, ""])
    year = min((totals.get(f, 0) for f in facets if f.startswith("year:")), default=None)
    share = 1 if year is None else year / max(totals.get("", 0), 1)
    return lambda facet: totals.get(facet, 0) * (1 if facet.startswith("year:") else share)


def _within_year(rows, facet):
    """`rows` narrowed to the range of the list order that the year `facet`'s meetings lie in.

    A year's meetings are one stretch of the order, not spread over it like a kind's or a
    country's: without the range, the rarest facet's rows newer than the year would all be walked
    (and tested) before the first of the page. Its meetings' last day is in the year or later, so
    their keys begin on or after its first day; the newest key is read from the facet's index."""
    newest = facet_rows(facet).values_list("sort_key", flat=True).first()
    first_day = datetime.date(int(facet[5:]), 1, 1).toordinal() if facet[5:].isdigit() else 0
    return rows.filter(sort_key__gte=first_day * SHIFT, sort_key__lte=newest if newest is not None else -1)


def last_day_on_or_before(rows, day):
    """The `rows` (meetings or facet rows: both carry `sort_key`) whose last possible day is known and
    on or before `day`: one range of the list order, whose key begins with that last day."""
    return rows.filter(sort_key__gte=SHIFT, sort_key__lt=(day.toordinal() + 1) * SHIFT)


def first_day_on_or_after(rows, day):
    """The `rows` whose first possible day is known and on or after `day` (the key's low part).
    Their last day is no earlier (the meeting's constraints), so they also lie in the range of
    the list order from that day's key on: said too, so that the index serves it and the planner
    knows how few rows a recent year leaves."""
    return rows.alias(first_day=Mod("sort_key", SHIFT)).filter(
        sort_key__gte=day.toordinal() * SHIFT, first_day__gte=day.toordinal()
    )


def capped_count(rows, cap=COUNT_CAP):
    """The number of `rows`, exact up to `cap`; `cap + 1` means "more than cap"."""
    return len(rows[: cap + 1])


def page_number(text):
    """The page a `page` parameter asks for (none: 1); anything but a whole number from 1 is a 404."""
    if text in (None, ""):
        return 1
    if not text.isascii() or not text.isdigit() or len(text) > 9 or int(text) < 1:
        raise Http404(f"There is no such page: {text[:20]!r} is not a page number (pages are numbered from 1).")
    return int(text)


class Paginator:
    """What a page says of its list: `count` exact up to `count_cap` (`exact`), the number of pages when known."""

    def __init__(self, count, per_page, cap):
        self.count = count
        self.per_page = per_page
        self.count_cap = cap
        self.exact = count <= cap

    @property
    def num_pages(self):
        if not self.exact:
            return None
        return max(1, -(-self.count // self.per_page))


class PeekedPage:
    """One page of a list of ids read by OFFSET over an index that serves its order, with one row more
    to know whether another page follows, whatever the list's count (the shape of a Django Page for
    templates and DRF's links: number, has_next, start_index…)."""

    def __init__(self, rows, number, per_page):
        self.number = number
        self.per_page = per_page
        self.offset = (number - 1) * per_page
        found = list(rows[self.offset : self.offset + per_page + 1])
        self.object_list = found[:per_page]
        self._has_next = len(found) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.per_page + len(self.object_list)


class Page(PeekedPage):
    """A site list's page: past the end a 404; its count exact up to `cap` (`paginator.exact`)."""

    def __init__(self, rows, number, per_page, *, cap=COUNT_CAP, noun="meetings"):
        super().__init__(rows, number, per_page)
        offset = self.offset
        if number > 1 and not self.object_list:
            raise Http404(f"There is no such page of these {noun}: page {number} is past the end.")
        if number == 1 and not self._has_next:
            count = len(self.object_list)  # the whole list is on this page: no count to read
        else:
            count = capped_count(rows.order_by(), cap) if offset < cap else cap + 1
            if count <= cap and offset >= count:
                raise Http404(f"There is no such page of these {noun}: page {number} is past the end.")
        self.paginator = Paginator(count, per_page, cap)


def possibly_in(ids, facet):
    """The meetings of `ids` that only possibly have `facet` (a year their date range may fall in)."""
    if not ids or not facet.startswith("year:"):
        return set()
    return set(MeetingFacet.objects.filter(meeting_id__in=ids, facet=facet, possibly=True).values_list("meeting_id", flat=True))


# --- kept per record version ----------------------------------------------------------------------------


def kept(name, compute, state=None):
    """`compute()`, computed once per state of the published record and kept in the cache."""
    version, changed_at = state or publish.record_state()
    key = f"site-lists:{name}:{version}:{changed_at.isoformat() if changed_at else ''}"
    return cache.get_or_set(key, compute, KEPT_SECONDS)


def _counted(rows):
    return rows.filter(n__gt=0).order_by().values("facet").annotate(total=Sum("n")).values_list("facet", "total")


def facet_totals(facets):
    """{facet: number of public meetings} of these facets (absent: none)."""
    return dict(_counted(FacetCount.objects.filter(facet__in=facets)))


def facet_total(facet=None):
    """The number of public meetings with `facet` (none: all of them)."""
    return facet_totals([facet or ""]).get(facet or "", 0)


def facet_counts(prefix):
    """{value: number of public meetings} of the facets "<prefix>:<value>"."""
    rows = _counted(FacetCount.objects.filter(facet__startswith=f"{prefix}:"))
    return {facet.split(":", 1)[1]: n for facet, n in rows}


def facets_in_use(*prefixes):
    """{prefix: {values}} of the facets with these prefixes that some public meeting has."""
    rows = FacetCount.objects.filter(facet__regex=rf"^({'|'.join(prefixes)}):", n__gt=0).order_by()
    having = {}
    for facet in rows.values_list("facet", flat=True).distinct():
        prefix, value = facet.split(":", 1)
        having.setdefault(prefix, set()).add(value)
    return having


def year_kind_counts(within=None):
    """{(year, kind): meetings} of the public meetings (`within`: with that facet) whose year is certain."""
    rows = FacetCount.objects.filter(facet=within or "", year__gt=0, n__gt=0)
    return {(year, kind): n for year, kind, n in rows.values_list("year", "kind", "n")}
