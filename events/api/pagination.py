"""Page-number pagination over the published index: malformed parameters answer 400, counts are kept.

A page is one LIMIT/OFFSET read of ids in an order an index serves; the count of a list is
read once per record version and filters and kept in Django's cache (the version changes
exactly when the published record does, so a kept count is never stale).

A text search (`q`) counts its matches up to SEARCH_COUNT_CAP only, as the site's search does:
counting every match of a common word is a visit to every matching row (a tenth of a second at
100,000 meetings, seconds at ten times that), where a page needs only its own. Beyond the cap the
envelope says `"count": 1000, "count_exact": false` ("more than 1,000"), `next` still leads to
every page, and `page=last` counts them all (kept like any count).
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ..published.lists import PeekedPage

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
COUNT_SECONDS = 24 * 3600
SEARCH_COUNT_CAP = 1000  # a text search's matches counted at most (the site's search says "more than 1,000")


def _positive_int(request, name, noun):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ValidationError({name: [f"{raw[:40]!r} is not a page {noun}: use a whole number from 1."]})
    return int(raw)


class KeptCountPaginator(Paginator):
    """Django's Paginator, with the count kept under `count_key` (None: counted each time)."""

    def __init__(self, object_list, per_page, count_key=None):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return cache.get_or_set(self.count_key, lambda: Paginator.count.func(self), COUNT_SECONDS)

    def bounded_count(self, cap):
        """The number of rows, exact up to `cap`; `cap + 1`: more (one query over at most cap + 1 rows)."""

        def compute():
            return self.object_list.order_by()[: cap + 1].count()

        if self.count_key is None:
            return compute()
        return cache.get_or_set(f"{self.count_key}:{cap}", compute, COUNT_SECONDS)


class BoundedPage(PeekedPage):
    """One page of a text search, read whatever the count, with `count` exact up to `cap` (`exact`
    False: more than `cap`); the last page knows its count without counting."""

    def __init__(self, rows, number, paginator, *, cap):
        super().__init__(rows, number, paginator.per_page)
        self.paginator = paginator
        if not self.object_list and number > 1:
            raise InvalidPage(number)
        if not self._has_next:
            self.count, self.exact = self.end_index(), True
            return
        counted = cap + 1 if self.end_index() + 1 > cap else paginator.bounded_count(cap)
        self.exact = counted <= cap
        self.count = counted if self.exact else cap


class RecordPagination(PageNumberPagination):
    """`?page=N&page_size=M`: 50 a page by default, at most 200 (larger sizes are capped);
    `page=last`. The count (when exact) and the next page also travel as `X-Total-Count` and `Link`
    headers, for CSV, which has no envelope."""

    django_paginator_class = KeptCountPaginator
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    parameters = ("page", "page_size")

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param, "size")
        return min(size, self.max_page_size) if size else self.page_size

    def requested_page(self, request):
        """The page number asked for, or None for the last page; malformed: a 400."""
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return None
        return _positive_int(request, self.page_query_param, "number") or 1

    def paginate_queryset(self, queryset, request, view=None):
        """The rows of the requested page; past the end, a 404 that says how many pages there are."""
        self.request = request
        page_size = self.get_page_size(request)
        number = self.requested_page(request)
        key = view.count_key() if view is not None and hasattr(view, "count_key") else None
        paginator = self.django_paginator_class(queryset, page_size, key)
        bounded = number is not None and view is not None and getattr(view, "count_is_bounded", lambda: False)()
        if number is None:
            number = paginator.num_pages
        try:
            self.page = BoundedPage(queryset, number, paginator, cap=SEARCH_COUNT_CAP) if bounded else paginator.page(number)
        except InvalidPage:
            pages = paginator.num_pages
            raise NotFound(
                f"Page {number} is past the end: there {'is' if pages == 1 else 'are'} {pages} page{'' if pages == 1 else 's'} "
                f"of {page_size}."
            ) from None
        return list(self.page)

    def get_paginated_response(self, data):
        bounded = isinstance(self.page, BoundedPage)
        count, exact = (self.page.count, self.page.exact) if bounded else (self.page.paginator.count, True)
        envelope = {"count": count, **({} if exact else {"count_exact": False}), "next": self.get_next_link(),
                    "previous": self.get_previous_link(), "results": data}  # fmt: skip
        response = Response(envelope)
        if exact:  # CSV's count; a search of more than SEARCH_COUNT_CAP sends none (its next page is in Link)
            response["X-Total-Count"] = str(count)
        links = [
            f'<{url}>; rel="{rel}"' for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link())) if url
        ]
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
                "schema": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "enum": ["last"]}]},
                "example": 2,
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: {DEFAULT_PAGE_SIZE} by default; larger values are capped at {MAX_PAGE_SIZE}. "
                "For the whole record in one piece, use the bulk files at /data/.",
                "schema": {"type": "integer", "minimum": 1},
                "example": 100,
            },
        ]

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
        envelope["properties"]["count"]["description"] = (
            f"How many results the list has. A text search (`q`) counts at most {SEARCH_COUNT_CAP:,}: with more, "
            f"`count` is {SEARCH_COUNT_CAP} and `count_exact` false; `page=last` counts them all."
        )
        envelope["properties"] = {
            "count": envelope["properties"]["count"],
            "count_exact": {
                "type": "boolean",
                "description": f"Present, and false, only when a text search found more than {SEARCH_COUNT_CAP:,} results.",
            },
            **{name: value for name, value in envelope["properties"].items() if name != "count"},
        }
        return envelope


def count_key(name, version, params):
    """The cache key of a list's count: its endpoint, the record version and its filter parameters."""
    digest = hashlib.sha256(repr(sorted(params)).encode()).hexdigest()[:32]
    return f"api-count:{name}:{version}:{digest}"
