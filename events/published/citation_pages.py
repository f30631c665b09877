"""Pages of the citations list at any depth, by the counts publishing keeps in `CitationBucket`.

The list is in citation_id order, and a filter by fact, field or stance leaves most of it: a deep
page was one OFFSET over every matching index entry before it, and its count a read of them all.
The buckets of a filter (how many of its citations fall in each run of WIDTH ids) give the count,
their sum, and for a page the first id of the bucket it starts in, from which it is read at an
OFFSET smaller than one bucket. They are read in one query, once per state of the published record
(`lists.kept`), and are a few hundred rows whatever the number of citations.
"""

import bisect
import hashlib

from django.db.models import Sum
from django.utils.functional import cached_property

from ..models import CitationBucket
from ..models import published as published_models
from . import lists

FILTERS = ("fact", "field", "stance")  # what a bucket is counted by: the filters these pages serve


class CitationPages:
    """The ids of `rows`, the published citations filtered by `facts` (any of), `field` and
    `stances` (any of) and by nothing else (None: not filtered by it), in citation_id order: a
    sequence that Django's Paginator takes (`count()`, `len()`, slices), read by buckets.

    `state` is the published record's (version, time) the buckets are kept under (None: read it)."""

    def __init__(self, rows, *, facts=None, field=None, stances=None, state=None):
        self.rows = rows
        self.facts = sorted(facts) if facts else None
        self.field = field
        self.stances = sorted(stances) if stances else None
        self.state = state

    @cached_property
    def _buckets(self):
        """(buckets, ends): the filter's non-empty buckets in order, and the number of its citations
        up to the end of each."""
        width = published_models.WIDTH
        name = repr((width, self.facts, self.field, self.stances)).encode()
        return lists.kept(f"citation-buckets:{hashlib.sha256(name).hexdigest()[:32]}", self._read_buckets, self.state)

    def _read_buckets(self):
        rows = CitationBucket.objects.all()
        if self.facts:
            rows = rows.filter(fact__in=self.facts)
        if self.field is not None:
            rows = rows.filter(field=self.field)
        if self.stances:
            rows = rows.filter(stance__in=self.stances)
        counted = rows.values("bucket").annotate(total=Sum("n")).filter(total__gt=0).order_by("bucket")
        buckets, ends, total = [], [], 0
        for bucket, n in counted.values_list("bucket", "total"):
            total += n
            buckets.append(bucket)
            ends.append(total)
        return buckets, ends

    def count(self):
        ends = self._buckets[1]
        return ends[-1] if ends else 0

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        """A slice of the ids (what a page asks): read from the first id of the bucket that holds its
        first row, to the end of the bucket that holds its last, at an OFFSET within the first."""
        if not isinstance(index, slice):
            found = self[index : index + 1] if index >= 0 else []
            if not found:
                raise IndexError("citation index out of range")
            return found[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("CitationPages slices have no step")
        if start >= stop:
            return []
        buckets, ends = self._buckets
        first = bisect.bisect_right(ends, start)  # the first bucket that ends after row `start`
        last = bisect.bisect_right(ends, stop - 1)
        before = ends[first - 1] if first else 0
        width = published_models.WIDTH
        rows = self.rows.filter(citation_id__gte=buckets[first] * width, citation_id__lt=(buckets[last] + 1) * width)
        return list(rows.order_by("citation_id").values_list("citation_id", flat=True)[start - before : stop - before])
