"""Rule 2 by structure: public responses read the published record, never the working rows.

`reads_published_only()` captures every query a block runs and fails on any that names a
table of the working record (meetings, participations, citations, sources, people, topics…),
whatever its filters: what the public sees can only have come from approved revisions.
"""

import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

WORKING_TABLES = (
    "events_meeting", "events_participation", "events_delegation", "events_meetingtopic", "events_outcome",
    "events_citation", "events_source", "events_place", "events_placename", "events_series", "events_topic",
    "events_transition", "people_person", "people_position", "people_country", "people_organization",
)  # fmt: skip
# A working table's name as a whole identifier (events_meeting, not events_meetingfacet), quoted or not.
_WORKING = re.compile(
    r'(?<![A-Za-z0-9_])"?(' + "|".join(WORKING_TABLES) + r'|events_historical\w+|people_historical\w+)"?(?![A-Za-z0-9_])'
)


def working_tables_in(sql):
    return sorted(set(_WORKING.findall(sql)))


@contextmanager
def reads_published_only():
    """Fail if the block runs any query on a working table; yields the captured queries."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    offending = [(q["sql"], working_tables_in(q["sql"])) for q in captured.captured_queries]
    offending = [(sql, tables) for sql, tables in offending if tables]
    assert not offending, "public code read the working record: " + "; ".join(
        f"{', '.join(tables)} in {sql[:300]}" for sql, tables in offending
    )
