"""CitationBucket: how many published citations of each fact, field and stance fall in each run of
4096 ids (events.models.published.WIDTH), counted once here from the index rows publishing wrote,
then kept by publishing (events.published.publish). The citations API pages and counts by them."""

from django.db import migrations, models

# One statement, whatever the number of citations. Integer division truncates alike on SQLite and
# PostgreSQL, and ids are never negative. 4096 is the model's WIDTH when this was written.
COUNT = """
INSERT INTO events_citationbucket (fact, field, stance, bucket, n)
SELECT fact, field, stance, citation_id / 4096, count(*)
FROM events_publishedcitation
GROUP BY 1, 2, 3, 4
"""


class Migration(migrations.Migration):
    dependencies = [("events", "0023_contradictions_index")]

    operations = [
        migrations.CreateModel(
            name="CitationBucket",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fact", models.CharField(max_length=12)),
                ("field", models.CharField(blank=True, max_length=40)),
                ("stance", models.CharField(max_length=12)),
                ("bucket", models.BigIntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("fact", "field", "stance", "bucket"), name="citationbucket_unique")
                ],
            },
        ),
        # Backwards: nothing to undo, the table goes with the model.
        migrations.RunSQL(COUNT, migrations.RunSQL.noop),
    ]
