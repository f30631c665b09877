"""The citations list, filtered by nothing but fact, field and stance, is counted and paged by the buckets
publishing keeps (events.published.citation_pages): every page, first to last and past the end, and
its count are exactly what the plain ORM query gives, and what the list answers where another filter
makes it read plainly; a page at any depth reads at an OFFSET within one bucket, in as many queries
as the first."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import PublishedCitation
from events.models import published as published_models

from .conftest import build_meetings, results

pytestmark = pytest.mark.django_db

WIDTH = 8
PAGE = 7  # pages cross the buckets' edges, never in step with them

# Each filter of the API, and the same as the ORM's filter of the published citations.
FILTERS = {
    "": {},
    "stance=supports": {"stance__in": ["supports"]},
    "stance=contradicts": {"stance__in": ["contradicts"]},
    "stance=supports,contradicts": {"stance__in": ["supports", "contradicts"]},
    "fact=participant": {"fact__in": ["participant"]},
    "fact=topic&fact=outcome&fact=position": {"fact__in": ["topic", "outcome", "position"]},
    "fact=participant,topic&stance=supports": {"fact__in": ["participant", "topic"], "stance__in": ["supports"]},
    "field=role": {"field": "role"},
    "field=role&stance=contradicts&fact=participant": {
        "field": "role",
        "stance__in": ["contradicts"],
        "fact__in": ["participant"],
    },
    "fact=meeting&field=summary": {"fact__in": ["meeting"], "field": "summary"},
    "field=nothing-cited": {"field": "nothing-cited"},
}


@pytest.fixture
def corpus(monkeypatch):
    monkeypatch.setattr(published_models, "WIDTH", WIDTH)
    meetings = build_meetings(6)  # 12 citations each, and three people's positions
    source = meetings[0].citations.first().source_id  # every citation's: a filter that reads plainly
    assert PublishedCitation.objects.exclude(source_id=source).count() == 0
    return source


def expected(query):
    return list(PublishedCitation.objects.filter(**FILTERS[query]).order_by("citation_id").values_list("citation_id", flat=True))


def get(api, query, page, *, plain_source=None):
    """The response and the queries it ran, the kept buckets and counts forgotten first."""
    cache.clear()
    params = [query, f"page_size={PAGE}", f"page={page}"]
    if plain_source is not None:
        params.append(f"source={plain_source}")
    with CaptureQueriesContext(connection) as captured:
        response = api.get("/api/v1/citations/?" + "&".join(p for p in params if p))
    return response, [q["sql"] for q in captured.captured_queries]


def bucket_queries(queries):
    return [sql for sql in queries if "events_citationbucket" in sql]


def page_query(queries):
    [sql] = [sql for sql in queries if 'FROM "events_publishedcitation"' in sql and "LIMIT" in sql]
    return sql


@pytest.mark.parametrize("query", FILTERS)
def test_every_page_and_count_are_what_the_plain_query_gives(api, corpus, query):
    ids = expected(query)
    pages = max(1, -(-len(ids) // PAGE))
    assert pages >= 3 or "field=" in query, "the filter leaves too few citations to test pages"
    for page in sorted({1, 2, (pages + 1) // 2, pages - 1, pages} & set(range(1, pages + 1))):
        response, queries = get(api, query, page)
        assert [c["id"] for c in results(response)] == ids[(page - 1) * PAGE : page * PAGE], (query, page)
        assert response.json()["count"] == len(ids) and response["X-Total-Count"] == str(len(ids))
        assert len(bucket_queries(queries)) == 1, queries  # read by the buckets
        plain, plain_queries = get(api, query, page, plain_source=corpus)
        assert not bucket_queries(plain_queries)  # another filter: read plainly, and answered alike
        assert plain.json()["results"] == response.json()["results"]
        assert plain.json()["count"] == response.json()["count"]
    last, _ = get(api, query, "last")
    assert [c["id"] for c in results(last)] == ids[(pages - 1) * PAGE :]
    past, _ = get(api, query, pages + 1)
    plain_past, _ = get(api, query, pages + 1, plain_source=corpus)
    assert past.status_code == plain_past.status_code == 404
    assert past.json() == plain_past.json()


def test_a_deep_page_reads_within_one_bucket_in_as_many_queries_as_the_first(api, corpus):
    ids = expected("stance=supports")
    pages = -(-len(ids) // PAGE)
    counts = []
    for page in (1, pages // 2, pages):
        response, queries = get(api, "stance=supports", page)
        assert response.status_code == 200
        counts.append(len(queries))
        sql = page_query(queries)
        offset = re.search(r"OFFSET (\d+)", sql)
        assert offset is None or int(offset.group(1)) < WIDTH, sql  # never the rows of the pages before
        assert '"citation_id" >=' in sql, sql
    assert counts[0] == counts[1] == counts[2] <= 7, counts


def test_the_buckets_are_read_once_per_state_of_the_published_record(api, corpus):
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert api.get("/api/v1/citations/?stance=supports&page=3&page_size=5").status_code == 200
    with CaptureQueriesContext(connection) as again:
        response = api.get("/api/v1/citations/?stance=supports&page=2&page_size=5")
    assert len(bucket_queries([q["sql"] for q in first.captured_queries])) == 1
    assert not bucket_queries([q["sql"] for q in again.captured_queries])
    assert response.json()["count"] == len(expected("stance=supports"))
    build_meetings(1)  # a publication: a new record version, the buckets read again
    response = api.get("/api/v1/citations/?stance=supports&page=2")
    assert response.json()["count"] == len(expected("stance=supports"))
    assert [c["id"] for c in results(response)] == expected("stance=supports")[50:100]


def test_malformed_filters_and_pages_are_refused_as_before(api, corpus):
    bad = api.get("/api/v1/citations/?stance=nope&fact=participant")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"stance"}
    assert "No stance 'nope'" in bad.json()["errors"]["stance"][0]
    assert api.get("/api/v1/citations/?fact=participant&page=0").status_code == 400
    csv = api.get("/api/v1/citations/?stance=contradicts&format=csv&page_size=5&page=2")
    assert csv.status_code == 200 and csv["X-Total-Count"] == str(len(expected("stance=contradicts")))
