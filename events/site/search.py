"""The search page, /search/?q=: the public meetings, people and sources that match, best first.

The PER_KIND best of each kind with a snippet of where each matched, and a link to all of one
kind (`&kind=meetings&page=N`, PAGE_SIZE a page), ranked among the newest matches of that kind
(events.published.search). Read from the published index only (rule 2), in a fixed
number of queries at any page. A query that cannot be read is answered 400, an unknown kind
400 and a page that is not there 404, each with a message on the page.
"""

import datetime

import orjson
from django.urls import path, reverse
from django.views.generic import TemplateView

from c5site.partial_dates import PartialDate, Precision, display

from ..published import search
from ..published.reader import Names

PER_KIND = 10
# The best of each kind are ranked among its newest OVERVIEW_CANDIDATES matches, and all of one kind
# among the newest search.CANDIDATES: most searches are of the first page, and ranking reads each
# candidate's index entry, each match of a common word being tested in turn until there are enough.
OVERVIEW_CANDIDATES = 50
PAGE_SIZE = 20
MAX_PAGE = search.CANDIDATES // PAGE_SIZE
KINDS = {"meetings": "Meetings", "people": "People", "sources": "Sources"}


class SearchView(TemplateView):
    template_name = "search.html"

    def get(self, request, *args, **kwargs):
        context = {"q": " ".join(request.GET.get("q", "").split()), "kinds": KINDS, "max_chars": search.MAX_QUERY_CHARS}
        kind = request.GET.get("kind", "")
        if kind and kind not in KINDS:
            names = ", ".join(KINDS)
            return self._refuse(context, 400, f"There is no kind of result “{kind}”: the kinds are {names}.")
        try:
            number = _page_number(request.GET.get("page"), kind)
            query = search.parse(request.GET.get("q", ""))
        except search.SearchError as error:
            return self._refuse(context, 400, str(error))
        except ValueError as error:
            return self._refuse(context, 404, str(error))
        if query.is_empty:
            return self.render_to_response(context)
        expanded = search.expand(query)
        if kind:
            found = search.ranked(expanded, kind, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
            if number > 1 and not found.rows:
                return self._refuse(context, 404, f"There is no page {number} of {kind} matching this search.")
            sections = [_section(kind, found, expanded)]
            context["page"] = _page(number, found)
        else:
            sections = [
                _section(name, search.ranked(expanded, name, limit=PER_KIND, candidates=OVERVIEW_CANDIDATES), expanded)
                for name in KINDS
            ]
        context.update(kind=kind, kind_name=KINDS.get(kind), sections=[s for s in sections if s["items"]])
        if not context["sections"] and not kind:
            context["suggestions"] = _suggestions(query)
        return self.render_to_response(context)

    def _refuse(self, context, status, message):
        return self.render_to_response({**context, "error": message}, status=status)


def _page_number(value, kind):
    if value is None or not kind:  # the best of each kind are one page
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise ValueError(f"There is no such page of results: a page is a whole number from 1 to {MAX_PAGE}.")
    return int(value)


def _page(number, found):
    shown = min(found.total, number * PAGE_SIZE)
    return {
        "number": number,
        "first": (number - 1) * PAGE_SIZE + 1,
        "last": min(shown, (number - 1) * PAGE_SIZE + len(found.rows)),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if found.total > number * PAGE_SIZE and number < MAX_PAGE else None,
    }


def _section(kind, found, expanded):
    items = [_ITEMS[kind](row, expanded) for row in found.rows]
    if kind == "sources" and items:
        _add_publishers(items)
    return {"kind": kind, "name": KINDS[kind], "items": items, "total": found.total, "more": found.more,
            "all": found.total > len(items) or found.more}  # fmt: skip


def _meeting(row, expanded):
    precision = row["date_precision"]
    if precision == Precision.UNKNOWN:
        date = PartialDate(None, precision, not_after=row["date_hi"])
    else:
        date = PartialDate(row["date_lo"], precision, row["date_hi"])
    return {
        "url": reverse("events:meeting-detail", kwargs={"slug": row["slug"]}),
        "title": row["title"],
        "meta": display(date),
        "snippet": search.snippet(row["search_text"], expanded, skip_first_line=True),
    }


def _person(row, expanded):
    return {
        "url": reverse("events:person-detail", kwargs={"slug": row["slug"]}),
        "title": row["name"],
        "meta": "",
        "snippet": search.snippet(row["search_text"], expanded, skip_first_line=True),
    }


def _source(row, expanded):
    document = orjson.loads(row["body"])
    published = document.get("published_on")
    date = (
        PartialDate(datetime.date.fromisoformat(published), document.get("published_precision") or "day") if published else None
    )
    return {
        "url": reverse("events:source-detail", kwargs={"pk": int(row["slug"])}),
        "title": row["name"],
        "publisher_id": document.get("publisher"),
        "published": display(date) if date else "publication date not stated",
        "snippet": search.snippet(row["search_text"], expanded, skip_first_line=True),
    }


_ITEMS = {"meetings": _meeting, "people": _person, "sources": _source}


def _add_publishers(items):
    names = Names()
    names.load_ids({"organization": {item["publisher_id"] for item in items if item["publisher_id"]}})
    for item in items:
        publisher = names.ref("organization", item["publisher_id"]) if item["publisher_id"] else None
        item["meta"] = f"{publisher['name'] if publisher else 'Publisher not stated'}, {item['published']}"


def _suggestions(query):
    """Searches that find something, for a search that found nothing: each of its words or phrases
    alone (and their OR), then the topics most shown (two queries)."""
    candidates = []
    if len(query.clauses) > 1 or query.excluded:
        candidates += [" OR ".join(str(term) for term in clause) for clause in query.clauses]
    candidates += [name for name in search.popular_topics() if name not in candidates]
    readable = []
    for text in candidates:
        try:
            readable.append((text, search.expand(search.parse(text), spellings=False)))
        except search.SearchError:  # a topic's name that is no query ("OR")
            continue
    found = search.exists([expanded for _, expanded in readable])
    return [text for (text, _), matched in zip(readable, found, strict=True) if matched]


urlpatterns = [path("search/", SearchView.as_view(), name="search")]
