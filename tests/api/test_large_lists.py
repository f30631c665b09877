"""The meetings list pages over a large record without COUNT(*) or OFFSET per request
(c5site.api.pagination.OrderedIdsPagination): the same queries at any page size or depth,
an exact count, the list's order, and never a record that has left the published list."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from c5site.records import Status
from events.api.old import MeetingViewSet
from events.models import Meeting
from tests.factories import MeetingFactory

from .conftest import build_meetings, results, slugs

pytestmark = pytest.mark.django_db


def queries_of(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries)


def list_order():
    published = Meeting.objects.published().order_by(F("date_lo").desc(nulls_last=True), "-pk")
    return list(published.values_list("slug", flat=True))


def test_a_meetings_page_runs_the_same_queries_whatever_its_size_or_depth(api, django_assert_max_num_queries):
    build_meetings(12)
    urls = [
        "/api/v1/meetings/?page_size=1",
        "/api/v1/meetings/?page_size=5&page=3",
        "/api/v1/meetings/?page_size=2&page=6",
        "/api/v1/meetings/?page_size=50",
        "/api/v1/meetings/?page_size=5&page=last",
    ]
    # The first request after a change reads the list's ids (one query more); later ones don't.
    cold = queries_of(api, "/api/v1/meetings/?page_size=7")
    counts = []
    for url in urls:
        with django_assert_max_num_queries(13):
            counts.append(queries_of(api, url))
    assert len(set(counts)) == 1, dict(zip(urls, counts))
    assert cold == counts[0] + 1


def test_the_pages_together_are_the_whole_list_in_order_with_an_exact_count(api):
    build_meetings(7)
    MeetingFactory(status=Status.DRAFT)
    expected = list_order()
    assert len(expected) == 7
    seen = []
    for page in (1, 2, 3):
        response = api.get(f"/api/v1/meetings/?page_size=3&page={page}")
        assert response.json()["count"] == 7
        seen += slugs(response)
    assert seen == expected
    assert api.get("/api/v1/meetings/?page_size=3&page=4").status_code == 404


def test_a_deep_page_equals_the_same_rows_of_a_single_large_page(api):
    build_meetings(9)
    whole = results(api.get("/api/v1/meetings/?page_size=200"))
    assert results(api.get("/api/v1/meetings/?page_size=2&page=4")) == whole[6:8]


def test_a_meeting_retracted_behind_the_kept_ids_never_shows(api):
    build_meetings(4)
    first = slugs(api.get("/api/v1/meetings/?page_size=2"))
    # A write that leaves no history and raises no version keeps the worker's list of ids…
    Meeting.objects.filter(slug=first[0]).update(status=Status.RETRACTED)
    # …yet each page's rows are re-read through the published queryset (rule 2).
    assert first[0] not in slugs(api.get("/api/v1/meetings/?page_size=2"))


def test_the_count_follows_each_saved_change_at_once(api):
    build_meetings(3)
    assert api.get("/api/v1/meetings/").json()["count"] == 3
    added = MeetingFactory()
    assert api.get("/api/v1/meetings/").json()["count"] == 4
    assert added.slug in slugs(api.get("/api/v1/meetings/"))
    added.status = Status.RETRACTED
    added.save()
    response = api.get("/api/v1/meetings/")
    assert response.json()["count"] == 3
    assert added.slug not in slugs(response)


def test_a_filtered_list_is_kept_under_its_parameters_and_still_follows_changes(api, monkeypatch):
    meetings = build_meetings(6)
    url = "/api/v1/meetings/?q=Meeting&kind=ministerial&page_size=2"
    Meeting.objects.filter(pk__in=[m.pk for m in meetings[:4]]).update(kind="ministerial")
    Meeting.objects.filter(pk__in=[m.pk for m in meetings[4:]]).update(kind="summit")
    MeetingFactory(kind="summit")  # saved through the model: the record's state moves on
    expected = set(Meeting.objects.published().filter(kind="ministerial").values_list("slug", flat=True))
    cold = queries_of(api, url)
    first = api.get(url).json()
    assert first["count"] == 4
    # Kept: the same filters in another order run neither the search nor the filters again.
    filtered = []
    filter_queryset = MeetingViewSet.filter_queryset
    monkeypatch.setattr(MeetingViewSet, "filter_queryset", lambda view, qs: filtered.append(1) or filter_queryset(view, qs))
    assert queries_of(api, "/api/v1/meetings/?page_size=2&kind=ministerial&q=Meeting") < cold
    assert filtered == []
    second = api.get("/api/v1/meetings/?page_size=2&page=2&kind=ministerial&q=Meeting").json()
    assert set(slugs_of(first) + slugs_of(second)) == expected
    # A malformed filter is refused even after a good one was kept.
    assert api.get("/api/v1/meetings/?q=Meeting&kind=no-such-kind&page_size=2").status_code == 400
    # A change saved through the models is seen at once: the list is made again.
    filtered.clear()
    meetings[0].kind = "summit"
    meetings[0].save()
    assert api.get(url).json()["count"] == 3
    assert filtered == [1]


def slugs_of(body):
    return [record["slug"] for record in body["results"]]


def test_the_direct_citation_representation_equals_the_serializer(demo):
    from c5site.api.serializers import CitationSerializer, citation_data
    from events.models import Citation

    citations = Citation.objects.select_related("source__publisher").order_by("pk")
    assert citations.count() > 100
    assert any(c.source.publisher_id is None or not c.source.url or c.source.published_on is None for c in citations)
    for citation in citations:
        assert citation_data(citation) == CitationSerializer(citation).data
