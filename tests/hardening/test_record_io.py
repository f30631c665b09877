"""export_record / import_record: the whole record out to one file and back, exactly, or nothing."""

import datetime
import decimal
import gzip
import hashlib
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from c5site.records import Status
from events import record_io
from events.models import Citation, Meeting, Source, Transition
from events.published import publish as publishing
from events.record_io import RecordError, export_record, import_record, record_models
from people.models import Person
from tests.factories import MeetingFactory, OutcomeFactory, UserFactory, cite

pytestmark = pytest.mark.django_db


def empty_the_record():
    """Delete every row of every record table, as in a freshly migrated database."""
    tables = [model._meta.db_table for model in record_models()]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.check_constraints()  # runs PostgreSQL's pending deferred checks, which TRUNCATE refuses to leave
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    assert record_io.record_is_empty()


def table_fingerprints():
    """{table: (row count, SHA-256 of every row, every column, in pk order)}, read from the database
    independently of the export's own encoding."""
    fingerprints = {}
    for model in record_models():
        names = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in model._base_manager.order_by("pk").values_list(*names):
            digest.update(repr(tuple(_comparable(v) for v in row)).encode())
            count += 1
        fingerprints[model._meta.label_lower] = (count, digest.hexdigest())
    return fingerprints


def _comparable(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


@pytest.fixture
def full_record(demo):
    """The demo corpus plus what a record in use has: a draft, a workflow log, a correction,
    and history rows and facts that name editors."""
    editor = UserFactory(username="erin-editor", role="editor", first_name="Erin")
    contributor = UserFactory(username="carl-contributor", role="contributor")
    UserFactory(username="unrelated")  # names nothing in the record: must not be exported
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    meeting.summary += " Corrected."
    meeting.last_changed_by = editor
    meeting._history_user = editor
    meeting.save()
    draft = MeetingFactory(title="Draft: a meeting not yet reviewed", status=Status.DRAFT, last_changed_by=contributor)
    citation = cite(draft, "kind", created_by=contributor)
    OutcomeFactory(
        meeting=draft, kind="funding", description="Ten million", amount=decimal.Decimal("10000000.50"), currency="USD"
    )
    ct = ContentType.objects.get_for_model(Meeting)
    Transition.objects.create(
        content_type=ct,
        object_id=draft.pk,
        from_status="draft",
        to_status="in_review",
        by=contributor,
        comment="Ready for review — “quotes” checked.",
    )
    assert citation.pk
    publishing.publish(meeting, by=editor, note="The summary was incomplete.")  # revision 2, a correction
    return {"editor": editor, "contributor": contributor, "draft": draft}


def test_export_and_import_into_an_emptied_database_restores_every_table_exactly(full_record, tmp_path):
    before = table_fingerprints()
    first = tmp_path / "record.json"
    counts = export_record(first)
    assert counts == {table: count for table, (count, _) in before.items()}
    assert counts["events.citation"] >= 149 and counts["events.transition"] >= 21
    assert counts["events.historicalmeeting"] > counts["events.meeting"]  # history, not just rows
    assert counts["events.revision"] >= 21 and counts["events.publishedmeeting"] == 8

    empty_the_record()
    assert import_record(first) == counts
    connection.check_constraints()  # every restored link points at a restored row
    assert table_fingerprints() == before

    second = tmp_path / "again.json"
    export_record(second)
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert json.dumps(a["tables"], ensure_ascii=False) == json.dumps(b["tables"], ensure_ascii=False)
    assert a["users"] == b["users"]


def test_the_restored_record_keeps_its_links_drafts_and_editors(full_record, tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    draft_pk = full_record["draft"].pk
    empty_the_record()
    import_record(path)

    draft = Meeting.objects.get(pk=draft_pk)
    assert draft.status == Status.DRAFT and draft.last_changed_by.username == "carl-contributor"
    assert draft.citations.get().content_object == draft
    transition = Transition.objects.get(content_type__model="meeting", object_id=draft_pk)
    assert transition.record == draft and transition.by.username == "carl-contributor"
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    correction = publishing.current_revision(meeting)
    assert (correction.number, correction.is_correction, correction.approved_by.username) == (2, True, "erin-editor")
    assert meeting.history.first().history_user.username == "erin-editor"
    assert draft.outcomes.get().amount == decimal.Decimal("10000000.50")
    kairat = Person.objects.get(slug="kairat-umarov")
    assert sorted(c.stance for p in kairat.positions.all() for c in p.citations.all()) == ["contradicts", "supports"]
    assert all(source.text and source.content_hash for source in Source.objects.all())


def test_new_rows_after_an_import_get_fresh_ids(full_record, tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    highest = Citation.objects.order_by("-pk").first().pk
    empty_the_record()
    import_record(path)
    # On PostgreSQL the sequences were reset past the restored ids; else this insert would collide.
    meeting = MeetingFactory(title="After the restore")
    citation = cite(meeting, "kind")
    assert citation.pk > highest
    assert meeting.history.count() == 1


def test_only_the_accounts_the_record_names_are_exported_without_passwords(full_record, tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    data = json.loads(path.read_text())
    assert [u["username"] for u in data["users"]] == ["carl-contributor", "erin-editor"]
    assert data["users"][1]["groups"] == ["editor"] and data["users"][1]["first_name"] == "Erin"
    assert "password" not in path.read_text()
    assert full_record["editor"].password.split("$")[-1] not in path.read_text()


def test_import_creates_missing_accounts_without_a_usable_password(full_record, tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    empty_the_record()
    User.objects.filter(username__in=["erin-editor", "carl-contributor"]).delete()
    import_record(path)
    erin = User.objects.get(username="erin-editor")
    assert not erin.has_usable_password()
    assert list(erin.groups.values_list("name", flat=True)) == ["editor"]
    assert Meeting.objects.filter(last_changed_by=erin).exists()


def test_every_model_of_the_record_is_exported_history_included():
    exported = set(record_models())
    # Made from the record, not part of it: the version, the API's kept representations, the kept list items.
    derived = {apps.get_model("events", name) for name in ("RecordVersion", "KeptRepresentation", "KeptListItem")}
    for label in ("people", "events"):
        for model in apps.get_app_config(label).get_models():
            assert (model in exported) != (model in derived), model
    assert apps.get_model("events", "Revision") in exported
    assert apps.get_model("events", "HistoricalCitation") in exported


def test_an_import_restores_the_published_record_under_a_new_version(full_record, tmp_path):
    from events.models import PublishedMeeting, Revision
    from events.published import publish, reader

    public = sorted(PublishedMeeting.objects.values_list("slug", "revision__number"))
    revisions = Revision.objects.count()
    path = tmp_path / "record.json"
    export_record(path)
    empty_the_record()
    version = publish.record_version()
    import_record(path)
    assert sorted(PublishedMeeting.objects.values_list("slug", "revision__number")) == public
    assert Revision.objects.count() == revisions
    assert publish.record_version() > version
    slug = public[0][0]
    assert reader.meeting(slug)[0]["slug"] == slug


def test_a_compressed_record_round_trips(full_record, tmp_path):
    path = tmp_path / "record.json.gz"
    counts = export_record(path)
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert not list(tmp_path.glob("*.partial"))
    before = table_fingerprints()
    empty_the_record()
    assert import_record(path) == counts
    assert table_fingerprints() == before


def test_the_reader_handles_values_split_across_chunks(full_record, tmp_path, monkeypatch):
    path = tmp_path / "record.json"
    export_record(path)
    before = table_fingerprints()
    empty_the_record()
    monkeypatch.setattr(record_io, "READ_CHUNK", 7)  # numbers, strings and rows cut at every place
    import_record(path)
    assert table_fingerprints() == before


def test_import_into_a_database_that_holds_a_record_is_refused_and_changes_nothing(full_record, tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    before = table_fingerprints()
    with pytest.raises(RecordError, match="already holds a record .*only into an empty database"):
        import_record(path)
    assert table_fingerprints() == before


def _exported(tmp_path):
    path = tmp_path / "record.json"
    export_record(path)
    return path, json.loads(path.read_text())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "Not a c5site record file: format is 'something-else'"),
        (lambda d: d.update(version=1), "Unsupported record version 1: this site reads version 2"),
        (lambda d: d.pop("version"), "Unsupported record version None"),
        (lambda d: d["tables"].pop("events.citation"), "tables missing: events.citation"),
        (lambda d: d["tables"].update({"events.unknown": {"columns": [], "rows": []}}), "unknown table 'events.unknown'"),
        (lambda d: d["tables"]["events.meeting"]["columns"].pop(), "columns .* are not this site's"),
        (lambda d: d["tables"]["events.citation"]["rows"].pop(), "rows read, but the file says"),
        (lambda d: d["tables"]["events.citation"]["rows"][-1].__setitem__(5, "An altered quote."), "SHA-256"),
        (lambda d: d["tables"]["events.citation"]["rows"][0].pop(), "does not have 17 values"),
    ],
    ids=["format", "version", "no-version", "missing-table", "unknown-table", "columns", "count", "altered", "row-width"],
)
def test_a_file_that_is_not_a_sound_record_of_this_version_is_refused_and_nothing_is_written(
    full_record, tmp_path, change, message
):
    path, data = _exported(tmp_path)
    change(data)
    path.write_text(json.dumps(data))
    empty_the_record()
    with pytest.raises(RecordError, match=message):
        import_record(path)
    # Citations come late in the file: earlier tables were written and rolled back with them.
    assert record_io.record_is_empty()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all",
        b"[1, 2, 3]",
        b'{"format": "c5site-record", "version": 1, "users": [], "tables": {"people.c',
        b"\xff\xfe\x00garbage",
        b"\x1f\x8b\x08\x00 broken gzip",
    ],
    ids=["empty", "text", "array", "truncated", "binary", "bad-gzip"],
)
def test_a_malformed_file_is_refused_with_a_clear_message(db, tmp_path, content):
    path = tmp_path / "record.json"
    path.write_bytes(content)
    with pytest.raises(RecordError, match="Malformed record file|Not a c5site record file|Unsupported record version"):
        import_record(path)
    assert record_io.record_is_empty()


def test_a_record_cut_short_is_refused_and_nothing_is_written(full_record, tmp_path):
    path, _ = _exported(tmp_path)
    text = path.read_text()
    path.write_text(text[: len(text) * 9 // 10])  # cut in the history tables, after most rows
    empty_the_record()
    with pytest.raises(RecordError, match="Malformed record file"):
        import_record(path)
    assert record_io.record_is_empty()


def test_the_commands_report_counts_and_refusals(full_record, tmp_path, capsys):
    path = tmp_path / "record.json"
    call_command("export_record", str(path))
    assert "Exported" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Nothing imported. The database already holds a record"):
        call_command("import_record", str(path))
    with pytest.raises(CommandError, match="Nothing imported. Cannot read"):
        call_command("import_record", str(tmp_path / "missing.json"))
    empty_the_record()
    call_command("import_record", str(path))
    assert "Imported" in capsys.readouterr().out
    assert Group.objects.filter(name="editor").exists()


def test_export_refuses_a_path_it_cannot_write(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_record", str(tmp_path / "no-such-dir" / "record.json"))


def test_text_of_any_kind_survives_the_round_trip(db, tmp_path):
    meeting = MeetingFactory(title='Tab\tnewline\n «Samarqand» – Ташкент, 東京, emoji 🙂, quote " and \\ backslash')
    cite(meeting, "kind")
    path = tmp_path / "record.json"
    export_record(path)
    gzip_path = tmp_path / "record.json.gz"
    gzip_path.write_bytes(gzip.compress(path.read_bytes()))
    before = table_fingerprints()
    empty_the_record()
    import_record(gzip_path)
    assert table_fingerprints() == before
    assert Meeting.objects.get().title == meeting.title
