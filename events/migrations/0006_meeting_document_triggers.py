"""PostgreSQL triggers that drop a meeting's stored API document on any write to what it shows.

The signals of events/documents.py rebuild documents after writes made through the models;
these triggers make the database itself refuse to keep a document older than its rows,
whatever wrote them (a queryset .update(), COPY, SQL typed by an operator): the document is
dropped in the writing transaction, and a meeting without one is built per request.
(On SQLite no documents are stored at all.)
"""

from django.db import migrations

# Meetings whose JSON shows the citation (content type, object id).
FUNCTIONS = """
CREATE FUNCTION c5_citation_meetings(type_id integer, target_id bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
    SELECT target_id WHERE type_id = (SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'meeting')
    UNION ALL SELECT meeting_id FROM events_participation WHERE id = target_id
        AND type_id = (SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'participation')
    UNION ALL SELECT meeting_id FROM events_delegation WHERE id = target_id
        AND type_id = (SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'delegation')
    UNION ALL SELECT meeting_id FROM events_meetingtopic WHERE id = target_id
        AND type_id = (SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'meetingtopic')
    UNION ALL SELECT meeting_id FROM events_outcome WHERE id = target_id
        AND type_id = (SELECT id FROM django_content_type WHERE app_label = 'events' AND model = 'outcome')
$$;

CREATE FUNCTION c5_drop_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'events_meeting' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id = NEW.id;
    ELSIF TG_TABLE_NAME IN ('events_participation', 'events_delegation', 'events_meetingtopic', 'events_outcome') THEN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM events_meetingdocument WHERE meeting_id = OLD.meeting_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM events_meetingdocument WHERE meeting_id = NEW.meeting_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'events_citation' THEN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT c5_citation_meetings(OLD.content_type_id, OLD.object_id));
        END IF;
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT c5_citation_meetings(NEW.content_type_id, NEW.object_id));
        END IF;
    ELSIF TG_TABLE_NAME = 'events_source' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (
            SELECT c5_citation_meetings(c.content_type_id, c.object_id) FROM events_citation c WHERE c.source_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'people_organization' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (
            SELECT c5_citation_meetings(c.content_type_id, c.object_id)
            FROM events_citation c JOIN events_source s ON s.id = c.source_id WHERE s.publisher_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'people_person' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT meeting_id FROM events_participation WHERE person_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'events_topic' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT meeting_id FROM events_meetingtopic WHERE topic_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'events_place' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT id FROM events_meeting WHERE place_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'events_series' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (SELECT id FROM events_meeting WHERE series_id = OLD.id);
    ELSIF TG_TABLE_NAME = 'people_country' THEN
        DELETE FROM events_meetingdocument WHERE meeting_id IN (
            SELECT meeting_id FROM events_participation WHERE country_id = OLD.id
            UNION SELECT meeting_id FROM events_delegation WHERE country_id = OLD.id
            UNION SELECT m.id FROM events_meeting m JOIN events_place p ON p.id = m.place_id WHERE p.country_id = OLD.id);
    END IF;
    RETURN NULL;
END;
$$;
"""

# (table, events): only the columns a document shows (a citation's offsets, re-located when its
# source's text is edited, are not among them); a new meeting or reference row has no document.
MEETING_COLUMNS = (
    "title, slug, kind, format, series_id, ordinal, place_id, place_name_reported, start_date, end_date, "
    "date_precision, date_not_after, summary"
)
TRIGGERS = [
    ("events_meeting", f"UPDATE OF {MEETING_COLUMNS}"),
    ("events_participation", "INSERT OR UPDATE OR DELETE"),
    ("events_delegation", "INSERT OR UPDATE OR DELETE"),
    ("events_meetingtopic", "INSERT OR UPDATE OR DELETE"),
    ("events_outcome", "INSERT OR UPDATE OR DELETE"),
    ("events_citation", "INSERT OR UPDATE OF content_type_id, object_id, source_id, quote, field, stance, note OR DELETE"),
    ("events_source", "UPDATE OF title, publisher_id, published_on, published_precision, url"),
    ("people_organization", "UPDATE OF name"),
    ("people_person", "UPDATE OF slug, name, sort_name, status"),
    ("events_topic", "UPDATE OF slug, name"),
    ("events_place", "UPDATE OF name, country_id"),
    ("events_series", "UPDATE OF slug, name"),
    ("people_country", "UPDATE OF code, name"),
]


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    for table, events in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_drops_documents AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION c5_drop_documents()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _ in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_drops_documents ON {table}")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS c5_drop_documents(); DROP FUNCTION IF EXISTS c5_citation_meetings(integer, bigint)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_meeting_documents"),
        ("people", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
