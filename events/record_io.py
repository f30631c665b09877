"""The whole record as one versioned JSON file, and back: `export_record` / `import_record`.

The file is the record's backup in a form that outlives the database engine and
this schema's migrations: every row of every table of the `people` and `events`
apps (facts, sources with their full text, citations, the workflow log, and the
django-simple-history tables), keyed by primary key so that links survive.

    {"format": "c5site-record", "version": 1, "exported_at": "…",
     "users": [{"username": …, "groups": [...], …}],
     "tables": {"events.citation": {"columns": [...], "rows": [[...], …],
                                     "count": N, "sha256": "…"}, …}}

Three kinds of column are not stored as the raw id, because ids of these rows
differ between databases: a user (stored as the username; password hashes are
never exported), a content type (stored as "app_label.model") — both on the
generic relations (Citation, Transition, Revision) and in the history tables.

Both directions stream: the export iterates each table with a server-side cursor
and writes one row per line, and the import reads the file piece by piece and
writes rows in batches (COPY on PostgreSQL), so a record of a million citations
never needs them all in memory. Each table carries its row count and the SHA-256
of its rows in canonical form; the import refuses a file whose rows do not match
them, and writes everything in one transaction or nothing.
"""

import datetime
import decimal
import gzip
import hashlib
import json
import os
import zlib
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from .published import publish

FORMAT = "c5site-record"
VERSION = 2  # 2: the published record (revisions and their index) travels with the rest
RECORD_APPS = ("people", "events")
BATCH_ROWS = 2000
READ_CHUNK = 1 << 20
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_staff", "is_active", "is_superuser")


class RecordError(Exception):
    """The file cannot be imported (or the database cannot take it); the message says why."""


# --- The tables -------------------------------------------------------------------------


def record_models():
    """Every concrete model of the record, history tables included, in a stable order.

    Found from the apps rather than listed, so that a model added later is exported
    without anyone remembering to add it here.
    """
    found = []
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.managed and not model._meta.proxy and not getattr(model, "DERIVED", False):
                found.append(model)  # derived tables (the record version) are not carried
    # Record rows first, then their history, each group in the apps' own order.
    return [m for m in found if not _is_history(m)] + [m for m in found if _is_history(m)]


def _is_history(model):
    return hasattr(model, "instance_type") and model.__name__.startswith("Historical")


def table_name(model):
    return model._meta.label_lower


class Column:
    """How one field travels: its name in the file and the conversions either way."""

    def __init__(self, field):
        self.field = field
        related = field.related_model if field.is_relation else None
        if related is not None and issubclass(related, ContentType):
            self.kind = "content_type"
        elif related is not None and issubclass(related, get_user_model()):
            self.kind = "user"
        else:
            self.kind = "value"
        # Natural keys are stored under the field's name ("by"), raw ids under the column's ("source_id").
        self.name = field.name if self.kind != "value" else field.attname
        self.db_column = field.column
        # Types whose JSON value is already what the database takes need no conversion on import.
        self.plain = (
            self.kind == "value"
            and isinstance(
                field,
                (
                    models.CharField,
                    models.TextField,
                    models.IntegerField,
                    models.AutoField,
                    models.ForeignKey,
                    models.BooleanField,
                ),
            )
            and not isinstance(field, models.JSONField)
        )


def columns(model):
    return [Column(field) for field in model._meta.concrete_fields]


def to_json(value):
    """A database value as the file stores it: ISO dates, decimals as strings."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def canonical(row):
    """One row as the text that is hashed (and written): compact, UTF-8, key order kept."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


# --- Export -----------------------------------------------------------------------------


def _open_for_writing(path, *, gzipped):
    if gzipped:
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=6)
    return open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller's with


def _open_for_reading(path):
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")  # noqa: SIM115


def export_record(path, *, progress=None):
    """Write the whole record to `path` (gzip-compressed if it ends in .gz); return {table: rows}.

    The file appears only when complete: it is written beside the target and renamed.
    All tables are read in one transaction (one snapshot on PostgreSQL), so a record
    being edited meanwhile is exported as it was at one moment.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    counts = {}
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with _open_for_writing(partial, gzipped=path.suffix == ".gz") as out:
                _write_record(out, counts, progress)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    return counts


def _write_record(out, counts, progress):
    model_list = record_models()
    usernames = _referenced_users(model_list)
    header = {"format": FORMAT, "version": VERSION, "exported_at": timezone.now().isoformat()}
    out.write("{\n")
    for key, value in header.items():
        out.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
    out.write('"users": [\n')
    out.write(",\n".join(canonical(user) for user in _user_rows(usernames.values())))
    out.write('\n],\n"tables": {\n')
    content_types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}
    for index, model in enumerate(model_list):
        counts[table_name(model)] = _write_table(out, model, usernames, content_types)
        out.write(",\n" if index < len(model_list) - 1 else "\n")
        if progress:
            progress(table_name(model), counts[table_name(model)])
    out.write("}\n}\n")


def _write_table(out, model, usernames, content_types):
    cols = columns(model)
    encode = []
    for col in cols:
        if col.kind == "user":
            encode.append(lambda v: None if v is None else usernames[v])
        elif col.kind == "content_type":
            encode.append(lambda v: None if v is None else content_types[v])
        else:
            encode.append(to_json)
    out.write(f'{json.dumps(table_name(model))}: {{"columns": {canonical([c.name for c in cols])},\n"rows": [')
    digest = hashlib.sha256()
    count = 0
    rows = model._base_manager.order_by("pk").values_list(*[c.field.attname for c in cols])
    for values in rows.iterator(chunk_size=BATCH_ROWS):
        line = canonical([f(v) for f, v in zip(encode, values, strict=True)])
        digest.update(line.encode())
        digest.update(b"\n")
        out.write(("\n" if count == 0 else ",\n") + line)
        count += 1
    out.write(f'\n],\n"count": {count}, "sha256": "{digest.hexdigest()}"}}')
    return count


def _referenced_users(model_list):
    """{user id: username} of every account the record points at (and no other)."""
    ids = set()
    for model in model_list:
        for col in columns(model):
            if col.kind == "user":
                ids.update(
                    model._base_manager.exclude(**{f"{col.field.attname}__isnull": True})
                    .order_by()
                    .values_list(col.field.attname, flat=True)
                    .distinct()
                )
    users = get_user_model()._base_manager.filter(pk__in=ids).values_list("pk", "username")
    return dict(users)


def _user_rows(usernames):
    users = get_user_model()._base_manager.filter(username__in=list(usernames)).prefetch_related("groups")
    return [
        {**{name: getattr(user, name) for name in USER_FIELDS}, "groups": sorted(g.name for g in user.groups.all())}
        for user in users.order_by("username")
    ]


# --- Reading the file, piece by piece ---------------------------------------------------


class _Reader:
    """A pull parser over a JSON text read in chunks: objects and arrays are walked
    key by key and item by item, and only leaf values (a row, a header field) are
    decoded whole, by the standard library's C decoder."""

    def __init__(self, stream):
        self.stream = stream
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _fill(self):
        if self.eof:
            return False
        chunk = self.stream.read(READ_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self):
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def expect(self, char):
        found = self.peek()
        if found != char:
            raise RecordError(f"Malformed record file: expected {char!r}, found {found or 'the end of the file'!r}.")
        self.pos += 1

    def value(self):
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if self._fill():
                    continue
                raise RecordError("Malformed record file: invalid or truncated JSON.") from None
            # A number or literal that ends exactly at the buffer's end may go on in the next chunk.
            if end == len(self.buffer) and not self.eof and self._fill():
                continue
            self.pos = end
            return value

    def members(self):
        """The keys of an object, one by one; the caller reads (or skips) each value."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise RecordError("Malformed record file: an object key is not a string.")
            self.expect(":")
            yield key
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}")
            return

    def items(self):
        """The items of an array, each decoded whole."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return

    def end(self):
        if self.peek() != "":
            raise RecordError("Malformed record file: text after the end of the record.")


# --- Import -----------------------------------------------------------------------------


def _seeded(model):
    """Tables a migration fills (the desk's gazetteer): a new database has their shipped rows,
    which a record's file replaces."""
    return getattr(model, "SEEDED_BY_MIGRATION", False)


def record_is_empty():
    return not any(model._base_manager.exists() for model in record_models() if not _seeded(model))


def import_record(path, *, progress=None):
    """Restore the record in `path` into a database whose record tables are empty.

    Returns {table: rows}. Raises RecordError, having written nothing, for a file
    that is not a c5site record of a known version, is malformed, or does not match
    its own counts and hashes, and for a database that already holds a record.
    Primary keys are kept, and PostgreSQL's sequences are moved past them.
    """
    try:
        stream = _open_for_reading(path)
    except OSError as error:
        raise RecordError(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        with stream, transaction.atomic():
            counts = _read_record(_Reader(stream), progress)
            _reset_sequences()
            # The published record came with the file (its revisions and index): what was public is
            # public again, under a new record version so that no cached page survives.
            publish.raise_version()
    except UnicodeDecodeError:
        raise RecordError("Malformed record file: not UTF-8 text.") from None
    except DatabaseError as error:
        # A row the schema refuses (a broken link, a violated constraint): nothing was kept.
        raise RecordError(f"The database refused the record, nothing was imported: {error}".strip()) from None
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as error:
        raise RecordError(f"Malformed record file: {error}.") from None
    return counts


def _read_record(reader, progress):
    header = {}
    counts = None
    users = None
    for key in reader.members():
        if key in ("format", "version", "exported_at"):
            header[key] = reader.value()
        elif key == "users":
            _check_header(header)
            _check_empty()
            for model in record_models():
                if _seeded(model):
                    model._base_manager.all().delete()
            # Representations made from whatever record was here before: never of this one.
            for name in ("KeptRepresentation", "KeptListItem"):
                apps.get_model("events", name)._base_manager.all().delete()
            users = _restore_users(reader.items())
        elif key == "tables":
            _check_header(header)
            if users is None:
                raise RecordError("Malformed record file: the users must come before the tables.")
            counts = _restore_tables(reader, users, progress)
        else:
            raise RecordError(f"Malformed record file: unknown key {key!r}.")
    reader.end()
    _check_header(header)
    if counts is None:
        raise RecordError("Malformed record file: it has no tables.")
    missing = [table_name(m) for m in record_models() if table_name(m) not in counts]
    if missing:
        raise RecordError(f"Malformed record file: tables missing: {', '.join(missing)}.")
    return counts


def _check_header(header):
    if header.get("format") != FORMAT:
        raise RecordError(f"Not a c5site record file: format is {header.get('format')!r}, expected {FORMAT!r}.")
    if header.get("version") != VERSION:
        raise RecordError(f"Unsupported record version {header.get('version')!r}: this site reads version {VERSION}.")


def _check_empty():
    if not record_is_empty():
        non_empty = [table_name(m) for m in record_models() if not _seeded(m) and m._base_manager.exists()]
        raise RecordError(
            "The database already holds a record ("
            + ", ".join(non_empty[:5])
            + (", …" if len(non_empty) > 5 else "")
            + "): import_record restores only into an empty database. "
            "Create a new database and run migrate, or flush this one first."
        )


def _restore_users(items):
    """{username: user id}: accounts found by username, or created without a usable password."""
    User = get_user_model()
    ids = {}
    for row in items:
        if not isinstance(row, dict) or not isinstance(row.get("username"), str) or not row["username"]:
            raise RecordError("Malformed record file: a user without a username.")
        user = User._base_manager.filter(username=row["username"]).first()
        if user is None:
            user = User(**{name: row[name] for name in USER_FIELDS if name in row})
            user.set_unusable_password()  # passwords are never exported: reset them to log in
            user.save()
            for name in row.get("groups", []):
                user.groups.add(Group.objects.get_or_create(name=name)[0])
        ids[user.username] = user.pk
    return ids


def _restore_tables(reader, users, progress):
    by_name = {table_name(m): m for m in record_models()}
    content_types = {}
    counts = {}
    for name in reader.members():
        model = by_name.get(name)
        if model is None:
            raise RecordError(f"Malformed record file: unknown table {name!r} (from another version of the site?).")
        if name in counts:
            raise RecordError(f"Malformed record file: table {name} appears twice.")
        counts[name] = _restore_table(reader, model, users, content_types)
        if progress:
            progress(name, counts[name])
    return counts


def _restore_table(reader, model, users, content_types):
    name = table_name(model)
    expected = columns(model)
    cols = None
    count = 0
    declared = {}
    digest = hashlib.sha256()
    for key in reader.members():
        if key == "columns":
            found = reader.value()
            if found != [c.name for c in expected]:
                raise RecordError(f"Table {name}: the file's columns {found} are not this site's {[c.name for c in expected]}.")
            cols = expected
        elif key == "rows":
            if cols is None:
                raise RecordError(f"Malformed record file: table {name} lists rows before its columns.")
            count = _copy_rows(reader.items(), model, cols, users, content_types, digest)
        elif key in ("count", "sha256"):
            declared[key] = reader.value()
        else:
            raise RecordError(f"Malformed record file: unknown key {key!r} in table {name}.")
    if cols is None:
        raise RecordError(f"Malformed record file: table {name} has no columns.")
    if declared.get("count") != count:
        raise RecordError(f"Table {name}: {count} rows read, but the file says {declared.get('count')}.")
    if declared.get("sha256") != digest.hexdigest():
        raise RecordError(f"Table {name}: the rows do not match the file's SHA-256 (altered or damaged file).")
    return count


def _copy_rows(items, model, cols, users, content_types, digest):
    decode = [_decoder(col, users, content_types, model) for col in cols]
    width = len(cols)
    batch = []
    count = 0
    for row in items:
        if not isinstance(row, list) or len(row) != width:
            raise RecordError(f"Malformed record file: a row of {table_name(model)} does not have {width} values.")
        digest.update(canonical(row).encode())
        digest.update(b"\n")
        batch.append([value if f is None or value is None else f(value) for f, value in zip(decode, row, strict=True)])
        count += 1
        if len(batch) >= BATCH_ROWS:
            _insert(model, cols, batch)
            batch = []
    _insert(model, cols, batch)
    return count


def _decoder(col, users, content_types, model):
    if col.kind == "user":

        def user_id(username):
            try:
                return users[username]
            except (KeyError, TypeError):
                raise RecordError(f"Table {table_name(model)}: user {username!r} is not in the file's users.") from None

        return user_id
    if col.kind == "content_type":

        def content_type_id(label):
            if label not in content_types:
                try:
                    app_label, model_name = label.split(".")
                    content_types[label] = ContentType.objects.get_by_natural_key(app_label, model_name).pk
                except (ValueError, AttributeError, ContentType.DoesNotExist):
                    raise RecordError(f"Table {table_name(model)}: unknown content type {label!r}.") from None
            return content_types[label]

        return content_type_id
    if col.plain:
        return None
    field = col.field
    if connection.vendor == "postgresql":
        # COPY hands text to PostgreSQL, which parses ISO dates, timestamps with their
        # offset and decimal strings itself (a bad one fails the import): converting them
        # in Python first took a third of the import's time.
        if isinstance(field, models.DateField | models.DecimalField | models.TimeField):
            return None
        if isinstance(field, models.JSONField):
            return lambda value: json.dumps(value, ensure_ascii=False)

    def prepared(value):
        try:
            return field.get_db_prep_save(field.to_python(value), connection)
        except Exception as error:  # a ValidationError or a type error: either way the file is bad
            raise RecordError(f"Table {table_name(model)}, column {col.name}: bad value {value!r} ({error}).") from None

    return prepared


def _insert(model, cols, rows):
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c.db_column) for c in cols)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(cols))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)


def _reset_sequences():
    """Move each table's id sequence past the restored ids (PostgreSQL; SQLite does it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), record_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
