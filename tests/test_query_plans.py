"""The API's list queries read their page from an index that serves their order, at any depth (issue #18).

On a generated corpus (2,000 meetings, published through the published record), each list's page
query is taken as the API runs it (captured from a request for a deep page) and EXPLAINed: the
plan must walk the index that gives the list's order and stop after the page (Limit over an Index
Scan), not read the whole table and sort it. PostgreSQL only: SQLite's planner is another matter.

The plans are asked for with sorting discouraged (`enable_sort = off`): a corpus small enough for
CI, its rows not yet vacuumed in the test's transaction, can make sorting a thousand rows the
cheaper plan, which it is not at 100,000; with sorting discouraged, a Sort is left in the plan only
where no index can give the order, which is what these tests look for. (On the 10,000-meeting
benchmark database, vacuumed, the planner picks these same index scans without being asked.)
"""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from events.models import MeetingFacet, PublishedCitation, PublishedMeeting, PublishedPerson, PublishedReference
from events.published import lists
from tests import citation_buckets

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MEETINGS = 2000
PAGE = 50
SOURCE_ORDER = ("pubref_public_idx", "pubref_source_idx")  # public references in list order; sources only


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """Generated once for the module, in a transaction rolled back after its last test (each test's
    own transaction nests in it, as in Django's setUpTestData)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("generate_corpus", meetings=MEETINGS, seed=18, chunk=1000, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def deep_page(count):
    """The page 90 % of the way down a list of `count` rows."""
    return max(2, int(count / PAGE * 0.9))


def page_query(client, url, table):
    """The SQL of the query that reads the page's ids from `table` while the API answers `url`."""
    cache.clear()  # counts are kept per record version, which repeats from one rolled-back test to the next
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    found = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"] and " OFFSET " in q["sql"]]
    assert len(found) == 1, (url, [q["sql"][:200] for q in captured.captured_queries])
    return found[0]


def plan_of(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def shown(plan, depth=0):
    line = (
        "  " * depth
        + plan["Node Type"]
        + "".join(f" {key}={plan[key]}" for key in ("Relation Name", "Index Name", "Sort Key") if key in plan)
    )
    return "\n".join([line, *(shown(child, depth + 1) for child in plan.get("Plans", ()))])


def assert_read_in_index_order(sql, table, index):
    plan = plan_of(sql)
    all_nodes = list(nodes(plan))
    assert plan["Node Type"] == "Limit", shown(plan)
    assert not [n for n in all_nodes if n["Node Type"] in ("Sort", "Incremental Sort")], shown(plan)
    assert not [n for n in all_nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == table], shown(plan)
    scans = [n for n in all_nodes if n["Node Type"] in ("Index Scan", "Index Only Scan")]
    indexes = (index,) if isinstance(index, str) else index  # any one of these, alone
    assert len(scans) == 1 and scans[0]["Index Name"] in indexes, shown(plan)


def test_a_deep_page_of_meetings_with_one_filter_is_read_from_the_facet_index(corpus, client):
    count = MeetingFacet.objects.filter(facet="kind:ministerial").count()
    url = f"/api/v1/meetings/?kind=ministerial&page={deep_page(count)}"
    sql = page_query(client, url, "events_meetingfacet")
    assert_read_in_index_order(sql, "events_meetingfacet", "meetingfacet_order_idx")


def test_a_deep_page_of_all_meetings_is_read_from_the_order_index(corpus, client):
    count = PublishedMeeting.objects.filter(is_retracted=False).count()
    sql = page_query(client, f"/api/v1/meetings/?page={deep_page(count)}", "events_publishedmeeting")
    assert_read_in_index_order(sql, "events_publishedmeeting", "pubmeeting_order_idx")


def test_a_deep_page_of_people_is_read_from_the_name_index(corpus, client):
    count = PublishedPerson.objects.filter(is_retracted=False).count()
    sql = page_query(client, f"/api/v1/people/?page={deep_page(count)}", "events_publishedperson")
    assert_read_in_index_order(sql, "events_publishedperson", "pubperson_order_idx")


def test_a_deep_page_of_sources_is_read_from_the_public_reference_index(corpus, client):
    count = PublishedReference.objects.filter(kind="source", uses__gt=0).count()
    sql = page_query(client, f"/api/v1/sources/?page={deep_page(count)}", "events_publishedreference")
    assert_read_in_index_order(sql, "events_publishedreference", SOURCE_ORDER)


def test_a_deep_page_of_citations_is_read_from_their_key(corpus, client):
    count = PublishedCitation.objects.count()
    sql = page_query(client, f"/api/v1/citations/?page={deep_page(count)}", "events_publishedcitation")
    assert_read_in_index_order(sql, "events_publishedcitation", "events_publishedcitation_pkey")


@pytest.mark.parametrize(
    "query, filters, index",
    [
        ("stance=supports", {"stance": "supports"}, "events_publishedcitation_pkey"),
        (
            "fact=participant&stance=supports",
            {"fact": "participant", "stance": "supports"},
            ("pubcitation_fact_idx", "events_publishedcitation_pkey"),
        ),
        ("field=role", {"field": "role"}, ("pubcitation_field_idx", "events_publishedcitation_pkey")),
    ],
)
def test_a_deep_page_of_citations_by_fact_field_or_stance_is_read_from_its_bucket_on(corpus, client, query, filters, index):
    """Paged by the buckets publishing keeps: the page is read from its bucket's first id, in the order of
    an index, within a range of ids a bucket or two wide (of the filter's own index, or of the key: at
    this corpus's size the planner may take either, both read in order and stop)."""
    count = PublishedCitation.objects.filter(**filters).count()
    sql = page_query(client, f"/api/v1/citations/?{query}&page={deep_page(count)}", "events_publishedcitation")
    assert '"citation_id" >=' in sql and '"citation_id" <' in sql, sql
    assert_read_in_index_order(sql, "events_publishedcitation", index)


def test_a_deep_page_of_a_series_is_read_from_the_series_index(corpus, client):
    """A series' page (numbered meetings in order, then the others by date) stops after its page:
    the whole series was read and sorted for every page (50 ms for page 407 of 14,000 meetings)."""
    series_id, count = (
        PublishedMeeting.objects.filter(is_retracted=False, series_id__isnull=False)
        .values_list("series_id").annotate(n=Count("meeting_id")).order_by("-n").first()
    )  # fmt: skip
    slug = PublishedReference.objects.get(kind="series", object_id=series_id).slug
    assert count > 40
    sql = page_query(client, f"/series/{slug}/?page={max(2, int(count / 20 * 0.9))}", "events_publishedmeeting")
    assert_read_in_index_order(sql, "events_publishedmeeting", "pubmeeting_series_idx")


def test_a_deep_page_of_meetings_with_two_filters_is_read_in_the_order_of_the_rarer_facet(corpus, client):
    """The rarer facet's rows are walked in list order; the other facet is an index probe for each,
    so the page stops once it is full: nothing is sorted."""
    kz = PublishedReference.objects.get(kind="country", slug="kz").object_id
    count = lists.meeting_ids(["kind:ministerial", f"country:{kz}"]).count()
    url = f"/api/v1/meetings/?kind=ministerial&country=kz&page={deep_page(count)}"
    sql = page_query(client, url, "events_meetingfacet")
    plan = plan_of(sql)
    all_nodes = list(nodes(plan))
    assert plan["Node Type"] == "Limit", shown(plan)
    assert not [n for n in all_nodes if n["Node Type"] in ("Sort", "Incremental Sort", "Seq Scan")], shown(plan)
    scans = [n for n in all_nodes if n["Node Type"] in ("Index Scan", "Index Only Scan")]
    # The walk, then the probe: through the unique (meeting, facet) index or the meeting's own.
    assert [n["Index Name"] for n in scans][:1] == ["meetingfacet_order_idx"] and len(scans) == 2, shown(plan)
    assert scans[1]["Relation Name"] == "events_meetingfacet", shown(plan)


def test_a_deep_page_of_sources_published_before_a_date_is_read_from_the_source_index(corpus, client):
    count = PublishedReference.objects.filter(kind="source", uses__gt=0, date_hi__lte="2020-12-31").count()
    url = f"/api/v1/sources/?published_before=2020&page={deep_page(count)}"
    sql = page_query(client, url, "events_publishedreference")
    assert_read_in_index_order(sql, "events_publishedreference", SOURCE_ORDER)


def test_the_corrections_feed_is_read_from_its_index(corpus, client):
    """The feed of corrections and retractions, newest first, stops after its entries: it scanned every
    revision (31 ms at 170,000 revisions, none of them a correction)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/feeds/corrections/").status_code == 200
    [sql] = [q["sql"] for q in captured.captured_queries if 'FROM "events_revision"' in q["sql"] and "LIMIT" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a small corpus in one transaction: scanning is cheap
    plan = plan_of(sql)
    scans = [n for n in nodes(plan) if n.get("Relation Name") == "events_revision"]
    assert plan["Node Type"] == "Limit", shown(plan)
    assert [n.get("Index Name") for n in scans] == ["revision_feed_idx"], shown(plan)


@pytest.mark.parametrize("kind", ["meetings", "people", "sources"])
def test_a_search_sorts_ids_not_search_vectors(corpus, client, kind):
    """Where the newest rows hold too few matches, the newest of all are sorted: sorting their search
    vectors too (2 KB a source) spilled to disk past work_mem (7 of a search's 9 ms at 50,000 sources)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/search/?q=meeting&kind={kind}").status_code == 200
    [sql] = [q["sql"] for q in captured.captured_queries if "ranked" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    sorts = [n for n in nodes(plan) if n["Node Type"] == "Sort"]
    assert sorts and not [n for n in sorts if any("search_vector" in column for column in n.get("Output", ()))], shown(plan)


def test_the_contradicting_citations_are_read_from_their_own_index(corpus, client):
    """`?stance=contradicts` walked every citation in list order to find the few that contradict (107 ms
    at 1.1 million citations, 3 of them contradicting); their partial index holds them alone."""
    few = PublishedCitation.objects.order_by("citation_id").values_list("citation_id", flat=True)[100:103]
    PublishedCitation.objects.filter(citation_id__in=list(few)).update(stance="contradicts")
    citation_buckets.rewrite()  # what publishing would have counted
    cache.clear()  # counts are kept per record version, which a test's update does not raise
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/citations/?stance=contradicts").status_code == 200
    [sql] = [q["sql"] for q in captured.captured_queries
             if 'FROM "events_publishedcitation"' in q["sql"] and "LIMIT" in q["sql"] and "stance" in q["sql"]]  # fmt: skip
    with connection.cursor() as cursor:  # as the planner sees the table at scale: three contradictions
        cursor.execute("ANALYZE events_publishedcitation")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)  # sorting allowed: the few rows are sorted
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    scans = [n for n in nodes(plan) if n.get("Relation Name") == "events_publishedcitation"]
    assert [n.get("Index Name") for n in scans] == ["pubcitation_contradicts_idx"], shown(plan)


def index_conditions(plan):
    return " ".join(n.get("Index Cond", "") for n in nodes(plan) if n["Node Type"] in ("Index Scan", "Index Only Scan"))


def test_meetings_after_a_day_are_read_from_that_day_on(corpus, client):
    """`date_after` is the key's low part, which no index orders: a search for a common word after a
    recent year, oldest first, walked every older meeting (80 ms at 100,000) before the first of
    the page. The range of the order from that day on is in the index condition."""
    sql = page_query(client, "/api/v1/meetings/?date_after=2020&ordering=date&page=2", "events_publishedmeeting")
    plan = plan_of(sql)
    assert "sort_key >=" in index_conditions(plan), shown(plan)
    assert_read_in_index_order(sql, "events_publishedmeeting", "pubmeeting_order_idx")


def test_meetings_of_a_year_and_a_kind_are_read_in_the_years_stretch_of_the_order(corpus, client):
    """A year's meetings are one stretch of the list order: the other facet's rows are read in that
    stretch only, not walked from the newest (27 ms for 2017's video conferences at 100,000)."""
    year = MeetingFacet.objects.filter(facet__startswith="year:").order_by("sort_key").values_list("facet", flat=True)[200]
    url = f"/meetings/?year={year[5:]}&kind=ministerial&page=2"
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code in (200, 404)
    [sql] = [q["sql"] for q in captured.captured_queries if "EXISTS" in q["sql"] and " OFFSET " in q["sql"]]
    plan = plan_of(sql)
    walked = [n for n in nodes(plan) if n.get("Index Name") == "meetingfacet_order_idx"]
    assert walked and "sort_key >=" in walked[0].get("Index Cond", "") and "sort_key <=" in walked[0]["Index Cond"], shown(plan)
