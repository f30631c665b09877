"""A list narrowed by a year or a first day reads only its stretch of the list order (issue #18),
and finds exactly the meetings the plain definitions give, on a generated corpus."""

import datetime
import io

import pytest
from django.core.management import call_command

from events.models import MeetingFacet, PublishedMeeting
from events.published import lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    call_command("generate_corpus", meetings=120, seed=23, stdout=io.StringIO())


def in_order(rows):
    return list(rows.order_by(*lists.ORDER).values_list("meeting_id", flat=True))


def with_facet(facet):
    return set(MeetingFacet.objects.filter(facet=facet).values_list("meeting_id", flat=True))


def test_a_year_and_another_facet_list_exactly_the_meetings_that_have_both(corpus):
    years = sorted({f for f in MeetingFacet.objects.filter(facet__startswith="year:").values_list("facet", flat=True)})
    others = sorted({f for f in MeetingFacet.objects.filter(facet__regex=r"^(kind|country):").values_list("facet", flat=True)})
    assert len(years) > 3 and len(others) > 3
    compared = 0
    for year in years:
        for other in others:
            expected = in_order(PublishedMeeting.objects.filter(meeting_id__in=with_facet(year) & with_facet(other)))
            assert list(lists.meeting_ids([year, other])) == expected, (year, other)
            compared += bool(expected)
    assert compared > 10  # the pairs were not all empty


def test_a_first_day_lists_exactly_the_meetings_known_to_start_on_or_after_it(corpus):
    public = PublishedMeeting.objects.filter(is_retracted=False)
    days = sorted({d for d in public.values_list("date_lo", flat=True) if d})
    assert len(days) > 10
    for day in [days[0], days[len(days) // 3], days[len(days) // 2], days[-1], days[-1] + datetime.timedelta(days=1)]:
        expected = in_order(public.filter(date_lo__gte=day))
        assert in_order(lists.first_day_on_or_after(public, day)) == expected, day
