"""sitemap.xml: every public page, and only public ones, from the published index (rule 2).

While the whole record fits in one file of MAX_URLS_PER_FILE URLs, /sitemap.xml is that one
file, as crawlers and outside checks have always read it. Beyond, it is an index of section
pages, /sitemap-<section>.xml?p=N: served as one file, Django's `sitemap` view would silently
keep only the first page of each section."""

import functools

from django.contrib.sitemaps import Sitemap, views
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse

from .models import PublishedMeeting, PublishedPerson, PublishedReference
from .published import lists

# One file while the record fits in it; the protocol allows 50,000 URLs, but rendering that many in
# one request holds a worker too long, so past this /sitemap.xml is an index of pages as large.
MAX_URLS_PER_FILE = 1_000
URLS_PER_PAGE = 1_000


class Section(Sitemap):
    """A section of the sitemap, counted once a request: /sitemap.xml counts every section to
    choose between one file and an index, and Django's views would then count it again to
    paginate."""

    def __init__(self):
        self.limit = URLS_PER_PAGE  # read per request, not at import, so that tests can lower it

    @functools.cached_property
    def count(self):
        return Paginator(self._items(), self.limit).count

    @property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit)
        paginator.count = self.count
        return paginator


class LinkedSection(Section):
    """Pages of one view that takes a key: the view reversed once, each key joined in. Its count (and
    latest change) is kept per record version: counting 100,000 rows was most of /sitemap.xml's time."""

    view_name = kwarg = None

    @functools.cached_property
    def totals(self):
        """(count, latest change or None); /sitemap.xml gives each section its own from one read."""
        return _totals()[type(self).__name__]

    @property
    def count(self):
        return self.totals[0]

    def location(self, key):
        return self._address(key)

    @functools.cached_property
    def _address(self):
        # reverse() once per section, each key put in its place: reverse() per URL was most of the
        # time of a file of 50,000 (slugs and ids need no quoting).
        marker = "0000000000"
        address = reverse(self.view_name, kwargs={self.kwarg: marker})
        return lambda key: address.replace(marker, str(key))


class RecordSection(LinkedSection):
    """Public records read as (key, last change) rows of the published index. With a model instance
    and a reverse() each, a URL took 60 µs to build, half of the 10 s that the 170,000 URLs of 100k
    meetings took in one file; now 12 µs."""

    changefreq = "monthly"
    order = "pk"
    updated = "revised_at"

    def records(self):
        """The section's public index rows (rule 2): each section names its own."""
        raise NotImplementedError

    def items(self):
        return self.records().order_by(self.order).values_list(self.key, self.updated)

    def location(self, row):
        return super().location(row[0])

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        """The index's date for the section, kept with its count: Django's own reads every row for it."""
        return self.totals[1]


class MeetingSitemap(RecordSection):
    view_name, kwarg, key, order = "events:meeting-detail", "slug", "slug", "meeting_id"
    priority = 0.8

    def records(self):
        return PublishedMeeting.objects.filter(is_retracted=False)


class PersonSitemap(RecordSection):
    view_name, kwarg, key, order = "events:person-detail", "slug", "slug", "person_id"

    def records(self):
        return PublishedPerson.objects.filter(is_retracted=False)


class ReferenceSection(LinkedSection):
    """Reference data of one kind while public (used by a current revision), keyed by its slug."""

    kind = None

    def items(self):
        rows = PublishedReference.objects.filter(kind=self.kind, uses__gt=0)
        return rows.order_by("object_id").values_list("slug", flat=True)


class SourceSitemap(ReferenceSection):
    view_name, kwarg, kind = "events:source-detail", "pk", "source"
    changefreq = "yearly"


class TopicSitemap(ReferenceSection):
    view_name, kwarg, kind = "events:topic-detail", "slug", "topic"


class CountrySitemap(ReferenceSection):
    view_name, kwarg, kind = "events:country-detail", "code", "country"


class SeriesSitemap(ReferenceSection):
    view_name, kwarg, kind = "events:series-detail", "slug", "series"


class PlaceSitemap(ReferenceSection):
    view_name, kwarg, kind = "events:place-detail", "slug", "place"


class PageSitemap(Section):
    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return ["events:home", "events:meeting-list", "events:person-list", "events:country-list", "events:topic-list",
                "events:source-list", "events:correction-list"]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "countries": CountrySitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
    "series": SeriesSitemap,
    "places": PlaceSitemap,
}


def _totals():
    """{section class name: (count, latest change or None)} of the linked sections, kept per record version."""

    def compute():
        kinds = {cls.kind: cls.__name__ for cls in SITEMAPS.values() if issubclass(cls, ReferenceSection)}
        rows = PublishedReference.objects.filter(kind__in=kinds, uses__gt=0).order_by().values("kind")
        counts = dict(rows.annotate(n=Count("id")).values_list("kind", "n"))
        totals = {name: (counts.get(kind, 0), None) for kind, name in kinds.items()}
        for cls in SITEMAPS.values():
            if issubclass(cls, RecordSection):
                found = cls().records().aggregate(count=Count(cls.order), latest=Max(cls.updated))
                totals[cls.__name__] = (found["count"], found["latest"])
        return totals

    return lists.kept("sitemap", compute)


def sitemap_or_index(request):
    """/sitemap.xml: the whole record in one file while it fits the protocol, else an index of
    the section pages (the view named "events:sitemap-section")."""
    totals = _totals()
    sections = {name: section() for name, section in SITEMAPS.items()}
    for section in sections.values():
        if isinstance(section, LinkedSection):
            section.totals = totals[type(section).__name__]
    if sum(section.count for section in sections.values()) > MAX_URLS_PER_FILE:
        return views.index(request, sections, sitemap_url_name="events:sitemap-section")
    for section in sections.values():
        section.limit = MAX_URLS_PER_FILE  # each section whole, as the first and only page
    return views.sitemap(request, sections)
