"""FacetCount, the counts publishing keeps beside the facet rows (issue #18), always equals a count of
those rows: after bulk publication, a correction that changes a meeting's facets, a retraction and an
unpublication. The timeline, the filters' values and the choice of a list's rarest facet read it."""

from collections import Counter

import pytest

from c5site.records import Status
from events import workflow
from events.models import FacetCount, MeetingFacet
from events.published import lists
from events.published import publish as publishing
from tests.factories import MeetingFactory, MeetingTopicFactory, TopicFactory, UserFactory, cite, publish

pytestmark = pytest.mark.django_db


def recounted():
    """{(facet, year, kind): n} counted from the facet rows, as FacetCount should hold it."""
    by_meeting = {}
    for meeting, kind, facet, possibly in MeetingFacet.objects.values_list("meeting_id", "meeting__kind", "facet", "possibly"):
        by_meeting.setdefault((meeting, kind), []).append((facet, possibly))
    counts = Counter()
    for (_, kind), facets in by_meeting.items():
        year = next((int(f[5:]) for f, possibly in facets if f.startswith("year:") and not possibly), 0)
        for facet in ["", *(f for f, _ in facets)]:
            timeline = facet == "" or facet.startswith("country:")
            counts[(facet, year, kind) if timeline else (facet, 0, "")] += 1
    return +counts


def kept():
    return +Counter({(r.facet, r.year, r.kind): r.n for r in FacetCount.objects.all()})


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="editor")


def a_meeting(title, start, kind="ministerial", topic=None):
    meeting = MeetingFactory(status=Status.DRAFT, title=title, kind=kind, start_date=start, end_date=start, date_precision="day")
    cite(meeting, "kind", title)
    if topic is not None:
        cite(MeetingTopicFactory(meeting=meeting, topic=topic), quote=title)
    return meeting


def test_the_kept_counts_follow_every_change_of_the_facet_rows(editor):
    security = TopicFactory(name="Security", slug="security")
    first = a_meeting("First ministerial", "2019-03-01", topic=security)
    second = a_meeting("Second ministerial", "2021-06-02", topic=security)
    third = a_meeting("A summit", "2021-09-19", kind="summit")
    publish(first, second, third)
    assert kept() == recounted() and kept()[("", 0, "")] == 0
    assert lists.facet_total() == 3
    assert lists.facet_totals([f"topic:{security.pk}", "kind:summit"]) == {f"topic:{security.pk}": 2, "kind:summit": 1}
    assert lists.year_kind_counts() == {(2019, "ministerial"): 1, (2021, "ministerial"): 1, (2021, "summit"): 1}

    # A correction that moves a meeting to another year and kind moves its counts.
    second.kind, second.start_date, second.end_date = "summit", "2022-01-10", "2022-01-10"
    second.save()
    publishing.publish(second, by=editor, note="The report dates a later summit.")
    assert kept() == recounted()
    assert lists.year_kind_counts() == {(2019, "ministerial"): 1, (2022, "summit"): 1, (2021, "summit"): 1}

    workflow.retract(record=first, by=editor, reason="Another meeting.")
    assert kept() == recounted()
    assert lists.facet_totals([f"topic:{security.pk}"]) == {f"topic:{security.pk}": 1}
    workflow.return_to_draft(record=third, by=editor, comment="Published too early.")
    assert kept() == recounted()
    assert lists.facet_total() == 1 and lists.facet_counts("kind") == {"summit": 1}


def test_a_list_of_two_facets_reads_the_rarest_facet_first_and_gives_the_same_meetings(editor):
    security = TopicFactory(name="Security", slug="security")
    meetings = [a_meeting(f"Ministerial {n}", f"2020-01-{n + 1:02d}", topic=security if n % 3 == 0 else None) for n in range(9)]
    publish(*meetings)
    both = list(lists.meeting_ids(["kind:ministerial", f"topic:{security.pk}"]))
    assert both == [m.pk for m in reversed(meetings) if meetings.index(m) % 3 == 0]
    sql = str(lists.meeting_ids(["kind:ministerial", f"topic:{security.pk}"]).query)
    assert sql.index(f"topic:{security.pk}") < sql.index("kind:ministerial"), sql  # the 3 rows read, the 9 probed
    assert list(lists.meeting_ids(["kind:ministerial", "kind:summit"])) == []
