"""FacetCount: the number of public meetings of each facet by certain year and kind, counted once
here from the index rows publishing wrote, then kept by publishing (events.published.publish)."""

from collections import Counter

from django.db import migrations, models


def count_facets(apps, schema_editor):
    MeetingFacet = apps.get_model("events", "MeetingFacet")
    FacetCount = apps.get_model("events", "FacetCount")
    rows = MeetingFacet.objects.order_by("meeting_id").values_list("meeting_id", "meeting__kind", "facet", "possibly")
    counts, current, facets = Counter(), None, []

    def add(kind, facets):
        year = next((int(facet[5:]) for facet, possibly in facets if facet.startswith("year:") and not possibly), 0)
        for facet in ["", *(facet for facet, _ in facets)]:
            timeline = facet == "" or facet.startswith("country:")  # pages with a timeline
            counts[(facet, year, kind) if timeline else (facet, 0, "")] += 1

    for meeting, kind, facet, possibly in rows.iterator(chunk_size=10000):
        if current is not None and current[0] != meeting:
            add(current[1], facets)
            facets = []
        current = (meeting, kind)
        facets.append((facet, possibly))
    if current is not None:
        add(current[1], facets)
    FacetCount.objects.bulk_create(
        [FacetCount(facet=facet, year=year, kind=kind, n=n) for (facet, year, kind), n in counts.items()], batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0016_removed_old_read_side")]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("facet", models.CharField(max_length=40)),
                ("year", models.SmallIntegerField()),
                ("kind", models.CharField(max_length=20)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("facet", "year", "kind"), name="facetcount_unique")],
            },
        ),
        migrations.RunPython(count_facets, migrations.RunPython.noop),
    ]
