"""The time of the latest change to the working record, for the old site pages that still read it.

The API reads the published record (events/api/) and no longer uses this. It is the time of
the latest change to anything the old pages show, taken from
the history tables (every save and delete of a record or its children leaves a row
there), the workflow log (publication and retraction) and the published record's version
(raised by every publication and by bulk writers that leave no history); one query answers it.
"""

import datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from c5site.db import prepared_cursor


def _history_tables():
    from django.apps import apps  # noqa: PLC0415

    tables = []
    for label in (
        "events.HistoricalMeeting",
        "events.HistoricalParticipation",
        "events.HistoricalDelegation",
        "events.HistoricalMeetingTopic",
        "events.HistoricalOutcome",
        "events.HistoricalSource",
        "events.HistoricalCitation",
        "people.HistoricalPerson",
        "people.HistoricalPosition",
    ):
        tables.append((apps.get_model(label)._meta.db_table, "history_date"))
    tables.append((apps.get_model("events.Transition")._meta.db_table, "at"))
    # Raised also by the bulk writers that leave no history (the generated corpus).
    tables.append((apps.get_model("events.RecordVersion")._meta.db_table, "changed_at"))
    return tables


def data_last_modified():
    """The time of the latest change to the record (None on an empty database)."""
    quote = connection.ops.quote_name
    parts = " UNION ALL ".join(f"SELECT MAX({quote(column)}) AS t FROM {quote(table)}" for table, column in _history_tables())
    with prepared_cursor() as cursor:  # planning this union cost 20 times its execution
        cursor.execute(f"SELECT MAX(t) FROM ({parts}) AS changes")  # noqa: S608 (table names from the models)
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite returns text from a union of columns, in UTC without an offset
        value = parse_datetime(value).replace(tzinfo=datetime.timezone.utc)
    return value


def last_modified_of(request):
    """data_last_modified(), read once per request (pagination and the headers both need it)."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "_c5site_last_modified"):
        request._c5site_last_modified = data_last_modified()
    return request._c5site_last_modified
