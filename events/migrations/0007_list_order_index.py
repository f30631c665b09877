"""An index in the site's meeting-list order over published meetings, on PostgreSQL only.

`newest_first()` (events/models/meetings.py) orders by `date_hi DESC NULLS LAST,
date_lo DESC NULLS LAST, id DESC`: without an index in that order, each page of
/meetings/ sorted every published meeting (about 100 ms at 100k); with it, a page reads
its 20 rows off the index. SQLite cannot index NULLS LAST, hence RunPython, as in 0004.
"""

from django.db import migrations

INDEX = "meeting_published_list_idx"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_meeting "
            "(date_hi DESC NULLS LAST, date_lo DESC NULLS LAST, id DESC) WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("events", "0006_meeting_document_triggers")]

    operations = [migrations.RunPython(add_index, drop_index)]
