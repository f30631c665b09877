"""Revision 1 of every published meeting and person (and the retraction revision of retracted ones).

From this migration on, the public reads revisions (events.published). Records published
before it get their first revision from their rows as they stand, written by the publishing
code itself (imported here, not copied): the same documents a new approval would write.
"""

from django.db import migrations

HISTORY_INDEX = "historicalcitation_target_idx"


def first_revisions(apps, schema_editor):
    RecordVersion = apps.get_model("events", "RecordVersion")
    RecordVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    Meeting = apps.get_model("events", "Meeting")
    Person = apps.get_model("people", "Person")
    visible = ("published", "retracted")
    meetings = list(Meeting.objects.filter(status__in=visible).values_list("pk", "status", "public_notice"))
    people = list(Person.objects.filter(status__in=visible).values_list("pk", "status", "public_notice"))
    if not (meetings or people):
        return  # a new database: nothing was published before revisions
    # The publishing code works on the current models, which this migration's schema matches.
    from events.models import Meeting as CurrentMeeting  # noqa: PLC0415
    from events.published import publish  # noqa: PLC0415
    from people.models import Person as CurrentPerson  # noqa: PLC0415

    publish.publish_all(meetings=[pk for pk, _, _ in meetings], people=[pk for pk, _, _ in people])
    for model, rows in ((CurrentMeeting, meetings), (CurrentPerson, people)):
        for pk, status, notice in rows:
            if status == "retracted":
                publish.retract(model(pk=pk), reason=notice or "Retracted.")


class Migration(migrations.Migration):
    dependencies = [("events", "0010_published_record"), ("people", "0002_versioned_reference_data")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {HISTORY_INDEX} ON events_historicalcitation (content_type_id, object_id)",
            f"DROP INDEX {HISTORY_INDEX}",
        ),
        migrations.RunPython(first_revisions, migrations.RunPython.noop),
    ]
