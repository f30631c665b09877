"""Kept representations: each public meeting's API representation, written when publishing changes
what it shows, so that a list of fifty meetings is fifty rows read rather than five hundred
citations resolved and represented (DRF's per-field work was most of a list's time).

Publishing sends `meetings_changed` with the meetings whose representation may have changed: one
published or retracted, or showing a record that was (a person, a topic, a cited source, its
publisher…: `publish.meetings_showing`). `refresh()` rewrites their rows in the same transaction,
so a reader never sees a new revision with an old representation. A change shown by more than
REFRESH_NOW meetings (a country renamed) drops their rows instead and leaves them to
`manage.py keep_representations`: until then they are represented on the fly, as is a meeting
without a row or with a row of another `SHAPE` (written by other code: after an upgrade).

Addresses in a kept row begin with ORIGIN_MARK instead of the site's origin, which differs by
request (https://c5site.org, http://127.0.0.1:8000); `meetings()` puts the request's in place.
"""

import hashlib
import logging
from pathlib import Path

import orjson
from django.conf import settings
from django.db import transaction
from django.utils import translation

from ..models import KeptRepresentation, PublishedMeeting
from ..published import by_ids, publish
from . import records, serializers

logger = logging.getLogger(__name__)

REFRESH_NOW = 2000
BATCH = 500
ORIGIN_MARK = "\x00"  # no stored text holds a NUL (PostgreSQL refuses one): JSON spells it \u0000
_MARK_JSON = orjson.dumps(ORIGIN_MARK).decode()[1:-1]


EVENTS = Path(__file__).resolve().parent.parent
# The code a representation is made by: its serializers, the reader that resolves what it shows,
# partial dates' words, the models' labels, the URLs of its addresses.
SHAPE_FILES = ("api/serializers.py", "api/records.py", "api/kept.py", "published/reader.py", "published/order.py",
               "models/meetings.py", "urls.py", "api/urls.py", "../c5site/partial_dates.py", "../c5site/urls.py")  # fmt: skip


def shape_of(paths):
    """A digest of the code kept rows are made by (`paths`): a row written by other code is not used.
    The names of the migrations count too: one may rewrite the published documents rows were made from."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    for folder in (EVENTS / "migrations", EVENTS.parent / "people" / "migrations"):
        digest.update(" ".join(sorted(path.name for path in folder.glob("*.py"))).encode())
    return digest.hexdigest()[:16]


SHAPE = shape_of(EVENTS / name for name in SHAPE_FILES)
_KEPT = f"SELECT meeting_id, body FROM {KeptRepresentation._meta.db_table} WHERE meeting_id IN %s AND shape = %s"


def meetings(ids, origin, *, raw=False):
    """The API representations of these public meetings, in this order, with `origin` ("https://host")
    in their addresses: kept rows where current, the others made now (one query, then theirs).
    `raw`: kept rows as orjson.Fragment, their JSON written through by the JSON renderer unparsed."""
    ids = list(ids)
    kept = dict(by_ids.rows(KeptRepresentation, _KEPT, ids, SHAPE))
    missing = [pk for pk in ids if pk not in kept]
    made = dict(_made(missing, origin)) if missing else {}
    origin_json = '"' + orjson.dumps(origin).decode()[1:-1]
    result = []
    for pk in ids:
        if pk in kept:
            body = kept[pk].replace('"' + _MARK_JSON, origin_json)
            result.append(orjson.Fragment(body) if raw else orjson.loads(body))
        elif pk in made:
            result.append(made[pk])
    return result


def _made(ids, origin):
    """(id, representation) of these public meetings, made now."""
    documents = records.meetings(ids)
    data = serializers.MeetingSerializer(documents, many=True, context={"origin": origin}).data
    return [(document["id"], item) for document, item in zip(documents, data, strict=True)]


def write(ids):
    """(Re)write the kept rows of these meetings: the public ones represented, the others dropped."""
    rewrite(KeptRepresentation, ids, lambda public: (
        KeptRepresentation(meeting_id=pk, shape=SHAPE, body=orjson.dumps(item).decode())
        for pk, item in _made(public, ORIGIN_MARK)
    ))  # fmt: skip


def refresh(sender=None, meeting_ids=(), **kwargs):
    """Receiver of publish.meetings_changed (connected in events.apps), inside the publishing transaction."""
    refresh_rows(KeptRepresentation, meeting_ids, write, "represented")


# --- shared with the site's kept list items (events.site.kept_items) ------------------------------------


def rewrite(model, ids, make):
    """Drop the rows of `model` (keyed by meeting_id) of these meetings, then write those `make(ids)`
    makes of the public ones, in the site's language whoever publishes."""
    ids = sorted(ids)
    drop(model, ids)
    for start in range(0, len(ids), BATCH):
        batch = PublishedMeeting.objects.filter(meeting_id__in=ids[start : start + BATCH], is_retracted=False)
        public = list(batch.values_list("meeting_id", flat=True))
        if public:
            with translation.override(settings.LANGUAGE_CODE):
                model.objects.bulk_create(make(public))


def drop(model, ids):
    for start in range(0, len(ids), BATCH):
        model.objects.filter(meeting_id__in=ids[start : start + BATCH]).delete()


def refresh_rows(model, meeting_ids, write, made):
    """`write` the rows of the meetings a publication changed; too many (a country renamed): drop them,
    and they are `made` on the fly until `manage.py keep_representations` writes them again."""
    if len(meeting_ids) <= REFRESH_NOW:
        write(meeting_ids)
        return
    drop(model, sorted(meeting_ids))
    logger.warning(
        "%d meetings show a record that changed: they are %s on the fly until "
        "`manage.py keep_representations` writes them again.",
        len(meeting_ids),
        made,
    )


def keep_all(*, batch=BATCH, progress=None):
    """Write the kept row of every public meeting that has none of the current shape; returns how many."""
    return keep_missing(KeptRepresentation, SHAPE, write, batch=batch, progress=progress)


def keep_missing(model, shape, write, *, batch=BATCH, progress=None):
    """`write(ids)` the public meetings that have no row of `model` of `shape`; returns how many.
    A walk over the public meetings by id, each batch in its own transaction, so that publishing goes on
    meanwhile."""
    written = 0
    last = 0
    while True:
        with transaction.atomic():
            publish.lock_version()  # no publication half-seen: see publish.lock_version
            ids = list(
                PublishedMeeting.objects.filter(is_retracted=False, meeting_id__gt=last)
                .order_by("meeting_id")
                .values_list("meeting_id", flat=True)[:batch]
            )
            if not ids:
                return written
            rows = model.objects.filter(meeting_id__in=ids, shape=shape)
            current = set(rows.values_list("meeting_id", flat=True))
            missing = [pk for pk in ids if pk not in current]
            if missing:
                write(missing)
        written += len(missing)
        last = ids[-1]
        if progress and missing:
            progress(written)
