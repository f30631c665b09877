"""Keep a source's search vector in its table row, not out of line, on PostgreSQL only.

An article of ~3 KB has a vector of ~1.7 KB. Stored the default way (EXTENDED), the row
came to more than PostgreSQL's 2 KB target, so the vector was compressed and moved to the
TOAST table: every search read it back from there and decompressed it, twice for each of
the newest matches (once to test the match, once to rank it). With the vector's storage
MAIN, PostgreSQL moves the article's text out of line first (the search does not read it
until it cuts the 20 snippets), and the vector stays in the row, uncompressed. Measured on
copies of the 100k corpus's 50,000 sources, the candidates of "security": 2.6 → 1.1 ms.

SET STORAGE applies to rows written from then on, so the rows already there are written
again, which recomputes the generated vector. Updating only `text` (to itself) fires no
trigger (events/0006 watches other columns of a source) and keeps the text's TOAST value.
"""

from django.db import migrations


def keep_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_source ALTER COLUMN search_vector SET STORAGE MAIN")
        schema_editor.execute("UPDATE events_source SET text = text")


def move_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE events_source ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("events", "0007_list_order_index")]

    operations = [migrations.RunPython(keep_inline, move_out_of_line)]
