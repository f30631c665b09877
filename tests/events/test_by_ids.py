"""Rows by lists of ids in SQL written once (events.published.by_ids): the same rows as the ORM's
filter on every database, one statement whatever the number of ids, and values bound, never spliced;
and the record state, also read in SQL written once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import PublishedMeeting, PublishedReference, RecordVersion
from events.published import by_ids, publish

pytestmark = pytest.mark.django_db

REFERENCES = "SELECT kind, object_id, name FROM events_publishedreference WHERE kind IN %s AND object_id IN %s"
MEETINGS = "SELECT meeting_id, slug FROM events_publishedmeeting WHERE meeting_id IN %s AND is_retracted = %s"


def test_the_rows_are_the_orms(demo):
    kinds = ["topic", "place"]
    ids = list(PublishedReference.objects.filter(kind__in=kinds).values_list("object_id", flat=True))
    assert ids
    expected = set(PublishedReference.objects.filter(kind__in=kinds, object_id__in=ids).values_list("kind", "object_id", "name"))
    assert set(by_ids.rows(PublishedReference, REFERENCES, kinds, set(ids))) == expected


def test_a_collection_binds_an_in_and_a_plain_value_binds_itself(demo):
    public = list(PublishedMeeting.objects.filter(is_retracted=False).values_list("meeting_id", "slug"))
    assert len(public) > 2
    found = by_ids.rows(PublishedMeeting, MEETINGS, [pk for pk, _ in public[:2]], False)
    assert sorted(found) == sorted(public[:2])


def test_an_empty_list_finds_nothing(demo):
    with CaptureQueriesContext(connection) as queries:
        assert by_ids.rows(PublishedReference, REFERENCES, [], []) == []
        assert by_ids.rows(PublishedReference, REFERENCES, ["topic"], []) == []
    assert len(queries) == 0  # nothing asked of the database


def test_values_are_bound_not_spliced_into_the_sql(demo):
    before = PublishedReference.objects.count()
    hostile = ["topic') OR 1=1 --", "x'; DELETE FROM events_publishedreference; --"]
    assert by_ids.rows(PublishedReference, REFERENCES, hostile, [1, 2**40]) == []
    assert PublishedReference.objects.count() == before


def test_one_statement_whatever_the_number_of_ids(demo):
    ids = list(PublishedMeeting.objects.values_list("meeting_id", flat=True))
    assert len(ids) > 3
    sent = []

    def spy(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        for some in (ids[:1], ids[:3], ids):
            assert len(
                by_ids.rows(PublishedMeeting, MEETINGS, some, True) + by_ids.rows(PublishedMeeting, MEETINGS, some, False)
            ) == len(some)
    assert len(sent) == 6
    assert len(set(sent)) == 1, sent


def test_the_record_state_is_the_version_row_read_by_the_orm_with_its_time_zone():
    RecordVersion.objects.all().delete()
    assert publish.record_state() == (0, None)  # its row lost
    RecordVersion.objects.create(pk=1, version=7, changed_at=None)
    assert publish.record_state() == (7, None)
    moment = datetime.datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC)
    publish.raise_version(now=moment)
    state = publish.record_state()
    assert state == RecordVersion.objects.values_list("version", "changed_at").get() == (8, moment)
    assert state[1].utcoffset() == datetime.timedelta(0)  # aware on SQLite too: keys made from it agree
