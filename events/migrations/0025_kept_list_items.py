"""Kept list items (events.site.kept_items): each public meeting as a list shows it, rendered when
publishing changes it. Written by publishing and by `manage.py keep_representations`: none here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0024_citation_buckets"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptListItem",
            fields=[
                ("meeting_id", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("shape", models.CharField(max_length=16)),
                ("html", models.TextField()),
            ],
        ),
    ]
