"""A paginator for long lists: no COUNT(*) of the whole table, no deep OFFSET over full rows.

Django's Paginator counts every matching row on each request and reads a deep page
with OFFSET over whole rows. Here the list is counted only up to COUNT_CAP rows: a
shorter list gets its exact total and page count; a longer one says "more than
COUNT_CAP" and is paged by Previous/Next (a page past the end is still a 404). A page
past the first few reads its rows' ids first (an index-only scan when the order is
indexed: migrations 0004/0007), then only those rows.
"""

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count
from django.http import Http404
from django.utils.functional import cached_property

COUNT_CAP = 1000
# More pages than any list could fill (the answer is then 404, with no query).
MAX_PAGE = 10**9


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, has_more):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self):
        return self._has_more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class CappedPaginator(Paginator):
    count_cap = COUNT_CAP

    @cached_property
    def count(self):
        """The number of rows, exact up to count_cap; count_cap + 1 means "more"."""
        return len(self.object_list.order_by().values_list("pk", flat=True)[: self.count_cap + 1])

    @property
    def exact(self):
        return self.count <= self.count_cap

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if number > MAX_PAGE:  # its offset would reach the database, which takes none past 2**63
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + 1  # one more row tells whether there is a next page
        if bottom < self.count_cap:
            rows = list(self.object_list[bottom:top])
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
            rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


def page_number(text):
    """The page a query parameter asks for: a whole number from 1 to MAX_PAGE (none: 1), else
    InvalidPage (the view answers 404). For lists read without a paginator (an official's
    meetings, one kind of search result)."""
    try:
        number = int(text or 1)
    except (TypeError, ValueError):
        raise InvalidPage from None
    if not 1 <= number <= MAX_PAGE:
        raise InvalidPage
    return number


def page_or_404(rows, per_page, request, missing):
    """{"paginator", "page_obj", and the page's rows as "meetings"}, for a detail page that
    lists `rows` (meetings) a page at a time (CappedPaginator); `missing` is the 404's message
    for a page that is not there."""
    paginator = CappedPaginator(rows, per_page)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(missing) from None
    return {"meetings": page.object_list, "page_obj": page, "paginator": paginator}


def count_for_page(rows, counted, key, name):
    """Set `name` on each of the page's `rows` to the number of `counted` rows whose `key` is
    it: one grouped query for the page, where an annotation of the list counted for every row
    before the page was cut (people and their meetings, sources and their facts)."""
    counts = dict(
        counted.filter(**{f"{key}__in": [row.pk for row in rows]})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values_list(key, "n")
    )
    for row in rows:
        setattr(row, name, counts.get(row.pk, 0))
