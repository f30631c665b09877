"""Statements run through c5site.db.prepared_cursor(): prepared once per connection on
PostgreSQL, counted and logged like any other query, the same answers everywhere."""

import orjson
import pytest
from django.db import connection

from c5site.api.caching import data_last_modified
from c5site.db import CompiledOnce, prepared_cursor
from events import documents
from events.models import Meeting

pytestmark = pytest.mark.django_db


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_time_of_the_last_change_is_planned_once_per_connection(demo, django_assert_num_queries):
    first = data_last_modified()
    with django_assert_num_queries(1) as queries:  # still one query, counted, and logged with its SQL
        assert data_last_modified() == first
    assert "MAX(t)" in queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert sum("changes" in statement for statement in prepared_statements()) == 1
    assert first >= Meeting.history.latest("history_date").history_date


def test_the_stored_page_query_is_prepared_and_answers_for_any_ids(demo, rf):
    ids = list(Meeting.objects.published().order_by("pk").values_list("pk", flat=True))
    request = rf.get("/api/v1/meetings/")
    whole = [orjson.dumps(row) for row in documents.page(ids, request)]
    assert len(whole) == len(ids)
    # The same statement answers for other ids (the demo's ids all go as one type of array).
    assert [orjson.dumps(row) for row in documents.page(ids[1:3], request)] == whole[1:3]
    if connection.vendor == "postgresql":
        assert sum("events_meetingdocument" in statement for statement in prepared_statements()) == 1
    assert documents.page([10**9], request) == []  # no published meeting has that id


def test_a_prepared_cursor_takes_parameters_and_reports_errors_as_django_does():
    from django.db import DatabaseError  # noqa: PLC0415

    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone()[0] == 42
    with pytest.raises(DatabaseError), prepared_cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")


def test_a_query_compiled_once_answers_for_each_value_as_the_orm_does(demo):
    def titles(slug):
        return Meeting.objects.published().filter(slug=slug).values_list("title", flat=True)

    query = CompiledOnce(titles, marker="compiled-once-marker")
    for meeting in Meeting.objects.published():
        with prepared_cursor() as cursor:
            cursor.execute(*query(meeting.slug))
            assert [title for (title,) in cursor.fetchall()] == list(titles(meeting.slug)) == [meeting.title]
    sql, params = titles("no-such-meeting").query.sql_with_params()
    assert query("no-such-meeting") == (sql, list(params))
    assert list(query.compiled) == [connection.vendor]  # compiled for this database once
