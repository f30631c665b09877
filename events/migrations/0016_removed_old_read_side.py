"""Removed what the public read before the published record: stored documents, their triggers,
the working rows' search vectors and the Correction notes (corrections are revisions now).

A correction note written before revisions were kept is carried into the public note of the
record's first revision, dated, so that no note readers were shown is lost.
"""

import importlib

from django.db import migrations

# The functions of the migrations whose work this one undoes, for its reverse.
triggers = importlib.import_module("events.migrations.0006_meeting_document_triggers")
vectors = importlib.import_module("events.migrations.0003_search_vectors")

RECORD_OF_FACT = {  # a corrected fact's model -> the field naming the record whose page shows it
    "participation": "meeting_id",
    "delegation": "meeting_id",
    "meetingtopic": "meeting_id",
    "outcome": "meeting_id",
    "position": "person_id",
}


def carry_corrections(apps, schema_editor):
    Correction = apps.get_model("events", "Correction")
    Revision = apps.get_model("events", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for correction in Correction.objects.select_related("content_type").order_by("created_at", "pk"):
        kind = correction.content_type.model
        if kind in ("meeting", "person"):
            record_type, record_id = correction.content_type, correction.object_id
        elif kind in RECORD_OF_FACT:
            row = apps.get_model(correction.content_type.app_label, kind).objects.filter(pk=correction.object_id)
            field = RECORD_OF_FACT[kind]
            record_id = row.values_list(field, flat=True).first()
            app = "events" if field == "meeting_id" else "people"
            record_type = ContentType.objects.get(app_label=app, model=field.removesuffix("_id"))
        else:
            continue
        first = Revision.objects.filter(content_type=record_type, object_id=record_id).order_by("number").first()
        if first is None or record_id is None:
            continue  # a correction of a record never published: readers never saw it
        line = f"Corrected on {correction.created_at:%Y-%m-%d}: {correction.note}"
        first.note = f"{first.note}\n{line}".strip()
        first.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("events", "0015_spellings"), ("people", "0002_versioned_reference_data")]

    operations = [
        migrations.RunPython(triggers.drop_triggers, triggers.add_triggers),
        migrations.RunPython(vectors.drop_vectors, vectors.add_vectors),
        migrations.RunPython(carry_corrections, migrations.RunPython.noop),
        migrations.DeleteModel(name="MeetingDocument"),
        migrations.DeleteModel(name="Correction"),
    ]
