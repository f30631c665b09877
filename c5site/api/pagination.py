"""Page-number pagination that refuses malformed parameters instead of guessing."""

import time
from array import array

from django.core.paginator import InvalidPage
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


class PublicPagination(PageNumberPagination):
    """`?page=N&page_size=M`: 50 a page by default, at most 200 (larger sizes are capped).

    DRF's own class silently ignores a bad `page_size` and answers 404 for `page=abc`;
    a consumer's typo should instead be told what is wrong with which parameter (400).
    """

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
        self.page = self.page_of(queryset, request)
        if self.page.paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def page_of(self, rows, request):
        """The page of `rows` the request asks for; past the end, a 404 that says how many pages there are."""
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(rows, page_size)
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

IDS_CACHE_SECONDS = 60
IDS_CACHE_ENTRIES = 16
_ordered_ids = {}  # per worker: (the list's SQL or key, record state) → (when, ids in order)


def record_state(request):
    """What identifies the record's current state, read once per request: the time of its last
    change (from the database, so every worker sees every other's writes) and the shared
    cache's record version (raised also by the bulk paths that write no history)."""
    from c5site.cache import record_version  # noqa: PLC0415

    from .caching import last_modified_of  # noqa: PLC0415

    return last_modified_of(request), record_version()


def ordered_ids(queryset, state, key=None):
    """The primary keys of every row of `queryset`, in its order: one query, or none while the
    record's state is unchanged (kept per worker for IDS_CACHE_SECONDS, a bound on any staleness
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
    if hit is not None and now - hit[0] < IDS_CACHE_SECONDS:
        return hit[1]
    if callable(queryset):
        queryset = queryset()
    ids = array("q", queryset.values_list("pk", flat=True))
    if state[0] is not None:
        if len(_ordered_ids) >= IDS_CACHE_ENTRIES:
            _ordered_ids.pop(min(_ordered_ids, key=lambda k: _ordered_ids[k][0]))
        _ordered_ids[key] = (now, ids)
    return ids


class OrderedIdsPagination(PublicPagination):
    """Page numbers over a large list without COUNT(*) or OFFSET on every request.

    The list's primary keys, in order, are read once per state of the record and kept in
    the worker; a page is then a slice of them and one `pk IN (…)` query for its rows, so a
    page 90 % deep costs what page 1 costs, and `count` is exact (the length of the list).
    The same queries run whatever the page size or depth.
    """

    def page_ids(self, queryset, request, key=None):
        """The primary keys of the requested page, in the list's order (see ordered_ids())."""
        self.page = self.page_of(ordered_ids(queryset, record_state(request), key), request)
        return list(self.page.object_list)

    def paginate_queryset(self, queryset, request, view=None):
        page_ids = self.page_ids(queryset, request)
        # Re-read through the same queryset: a row that left it since (retracted) is never shown.
        rows = {row.pk: row for row in queryset.filter(pk__in=page_ids)} if page_ids else {}
        return [rows[pk] for pk in page_ids if pk in rows]
