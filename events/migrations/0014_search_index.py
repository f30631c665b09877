"""Full-text indexes of the published index's search_text: generated tsvector columns with GIN indexes on
PostgreSQL, external-content FTS5 tables kept by triggers on SQLite (events/published/search_index.py).

The definition lives in that module, which also repairs the SQLite triggers after a table is rebuilt;
a change to it needs a new migration that drops the indexes and creates them again."""

from django.db import migrations

from events.published import search_index


class Migration(migrations.Migration):
    dependencies = [("events", "0013_gazetteer_entries")]

    operations = [migrations.RunPython(search_index.create, search_index.drop)]
