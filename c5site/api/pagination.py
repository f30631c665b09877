"""Page-number pagination that refuses malformed parameters instead of guessing."""

import threading
import time
from array import array
from collections import OrderedDict

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _positive_int(request, name):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [f"{raw!r} is not a page {'size' if name == 'page_size' else 'number'}: use a whole number from 1."]})
    return int(raw)


class CountedPaginator(Paginator):
    """Django's Paginator, counting the rows with `count_rows()` where one is given (a count
    kept in the worker) instead of its own COUNT(*). Asked only when a page is looked up, so a
    malformed page parameter is refused before anything is counted."""

    def __init__(self, object_list, per_page, count_rows=None):
        super().__init__(object_list, per_page)
        self.count_rows = count_rows

    @cached_property
    def count(self):
        if self.count_rows is None:
            return super().count
        return self.count_rows()


class PublicPagination(PageNumberPagination):
    """`?page=N&page_size=M`: 50 a page by default, at most 200 (larger sizes are capped).

    DRF's own class silently ignores a bad `page_size` and answers 404 for `page=abc`;
    a consumer's typo should instead be told what is wrong with which parameter (400).
    """

    django_paginator_class = CountedPaginator
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        return min(size, self.max_page_size) if size else self.page_size

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        return _positive_int(request, self.page_query_param) or 1

    def paginate_queryset(self, queryset, request, view=None):
        self.page = self.page_of(queryset, request, self.counter(queryset, request, view))
        if self.page.paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def counter(self, queryset, request, view):
        """A function that answers the number of rows in the whole list, or None: the paginator's COUNT(*)."""
        return None

    def page_of(self, rows, request, count_rows=None):
        """The page of `rows` the request asks for; past the end, a 404 that says how many pages there are."""
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(rows, page_size, count_rows)
        number = self.get_page_number(request, paginator)
        try:
            return paginator.page(number)
        except InvalidPage:
            raise NotFound(
                f"Page {number} is past the end: there {'is' if paginator.num_pages == 1 else 'are'} "
                f"{paginator.num_pages} page{'' if paginator.num_pages == 1 else 's'} of {page_size}."
            ) from None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        # Spreadsheet (CSV) users see no JSON envelope: the count and the next page travel as headers.
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = [f'<{url}>; rel="{rel}"' for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link())) if url]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1 (or `last`). A page past the end answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: {DEFAULT_PAGE_SIZE} by default; larger values are capped at {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
        return envelope


# ------------------------------------------------------------ large lists

KEPT_SECONDS = 60  # the longest a worker keeps a list's ids or count, whatever the record's state
IDS_CACHE_ENTRIES = 16
IDS_CHUNK = 20_000  # ids read per round trip when a list is read
COUNTS_KEPT = 256  # a number under a key of a few filter values each: well under a megabyte
_ordered_ids = {}  # per worker: (the list's SQL or key, record state) → (when, ids in order)
_counts = OrderedDict()  # per worker: (the list's key, record state) → (when, count), least recently used first
_counts_lock = threading.Lock()  # a threaded server (runserver, gthread) counts in several requests at once


def record_state(request):
    """What identifies the record's current state, read once per request: the time of its last
    change (from the database, so every worker sees every other's writes) and the shared
    cache's record version (raised also by the bulk paths that write no history)."""
    from c5site.cache import record_version  # noqa: PLC0415

    from .caching import last_modified_of  # noqa: PLC0415

    return last_modified_of(request), record_version()


def ordered_ids(queryset, state, key=None):
    """The primary keys of every row of `queryset`, in its order: one query, or none while the
    record's state is unchanged (kept per worker for KEPT_SECONDS, a bound on any staleness
    a write without history could cause; rows are re-read through the queryset anyway).

    The list is kept under its SQL, or under `key` where the caller names the list itself (what
    its SQL is made from: the endpoint and its filter parameters). `queryset` may then be a
    function that makes it, called only when the list is not kept: a kept list costs no
    filtering, no search and no SQL compiling."""
    if key is None:
        sql, params = queryset.values_list("pk", flat=True).query.sql_with_params()
        key = (sql, tuple(map(repr, params)))
    key = (key, state)
    now = time.monotonic()
    hit = _ordered_ids.get(key) if state[0] is not None else None
    if hit is not None and now - hit[0] < KEPT_SECONDS:
        return hit[1]
    if callable(queryset):
        queryset = queryset()
    # Streamed in chunks (a server-side cursor on PostgreSQL): read at once, the 1.1M ids of
    # the public citations took the worker 131 MB above its size on the way; streamed, 15 MB.
    ids = array("q", queryset.values_list("pk", flat=True).iterator(chunk_size=IDS_CHUNK))
    if state[0] is not None:
        # A list under an older state is never asked for again: dropped, not left to age out.
        for old in [kept for kept in _ordered_ids if kept[0] == key[0]]:
            del _ordered_ids[old]
        if len(_ordered_ids) >= IDS_CACHE_ENTRIES:
            _ordered_ids.pop(min(_ordered_ids, key=lambda k: _ordered_ids[k][0]))
        _ordered_ids[key] = (now, ids)
    return ids


def kept_count(count, state, key):
    """`count()`, the number of rows of the list named `key` (the endpoint and its filter
    parameters): called once per state of the record, then kept in the worker, as ordered_ids()
    keeps ids. A write to the record changes `state`, so a count is never served for data it
    did not count; KEPT_SECONDS bounds what a write without history could leave behind, and
    the least recently used of more than COUNTS_KEPT counts is dropped (a count under a
    state gone by is never asked for again)."""
    if state[0] is None:
        return count()
    key = (key, state)
    now = time.monotonic()
    with _counts_lock:
        hit = _counts.get(key)
        if hit is not None and now - hit[0] < KEPT_SECONDS:
            _counts.move_to_end(key)
            return hit[1]
    rows = count()
    with _counts_lock:
        _counts[key] = (now, rows)
        _counts.move_to_end(key)
        while len(_counts) > COUNTS_KEPT:
            _counts.popitem(last=False)
    return rows


class KeptCountPagination(PublicPagination):
    """Page numbers over a list whose COUNT(*) is dear (a rule-2 condition on every row: 0.3 s
    for the 50,000 cited sources; the citations list keeps its ids instead): the count is read once
    per state of the record and filter parameters (kept_count()), the page itself is read as
    usual. For viewsets that name their filters (PublicViewSet.filter_params())."""

    def counter(self, queryset, request, view):
        key = (type(view).__name__, view.filter_params())
        return lambda: kept_count(lambda: self.count_rows(queryset, view), record_state(request), key)

    def count_rows(self, queryset, view):
        """The number of rows of the filtered list, when no kept count answers: COUNT(*)."""
        return queryset.count()


class OrderedIdsPagination(PublicPagination):
    """Page numbers over a large list without COUNT(*) or OFFSET on every request.

    The list's primary keys, in order, are read once per state of the record and kept in
    the worker; a page is then a slice of them and one `pk IN (…)` query for its rows, so a
    page 90 % deep costs what page 1 costs, and `count` is exact (the length of the list).
    The same queries run whatever the page size or depth.
    """

    def page_ids(self, queryset, request, key=None):
        """The primary keys of the requested page, in the list's order (see ordered_ids())."""
        # A malformed page or page size is refused before the list is read (1.1M citations: 1.5 s).
        self.get_page_size(request)
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            _positive_int(request, self.page_query_param)
        self.page = self.page_of(ordered_ids(queryset, record_state(request), key), request)
        return list(self.page.object_list)

    def paginate_queryset(self, queryset, request, view=None):
        page_ids = self.page_ids(queryset, request)
        # Re-read through the same queryset: a row that left it since (retracted) is never shown.
        rows = {row.pk: row for row in queryset.filter(pk__in=page_ids)} if page_ids else {}
        return [rows[pk] for pk in page_ids if pk in rows]
