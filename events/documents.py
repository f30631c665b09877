"""Each meeting's API JSON, stored and kept in step with the record (events.MeetingDocument).

Why: a page of 50 meetings nests about 200 participants and 560 citations; building that
JSON from rows takes ~17 ms of CPU per page, reading 50 stored documents well under one
(issue #6). How it stays right:

- Every write that changes what a meeting's JSON shows rebuilds that meeting's document in
  the writer's own transaction (`rebuild()`, from the models' post_save/post_delete and
  m2m_changed signals). The rebuild first locks the meetings' rows, so two writers touching
  one meeting rebuild one after the other, the second seeing the first's committed change.
- Writers of many rows at once (an admin form with its inline rows, the demo loader, the
  record importer) write `with deferred():`, which collects the meetings their writes touch
  and rebuilds each once when the block ends, still inside their transaction.
- On PostgreSQL, triggers (events/migrations/0006) drop a meeting's document in the same
  transaction as any write to what it shows, however made (a queryset .update(), COPY,
  SQL): the signals rebuild after writes through the models; nothing else can leave a
  document older than its rows. (SQLite stores none: every meeting is built per request.)
- Reads never write documents. A meeting without one is built on the fly (`page()`).
- A write that changes more than REBUILD_LIMIT meetings (renaming a country shown at most
  meetings) drops their documents instead of rebuilding them in the editor's request;
  `manage.py build_documents` rebuilds what is missing.
- Bulk loads that send no signals (generate_corpus, import_record, load_demo) call
  `build_all()` when done.
- Publication status and published people are applied when the page is read as well:
  documents exist for every meeting, and only published meetings are ever looked up.

`check()` compares every stored document with a fresh build (`build_documents --check`).
"""

import logging
import threading
from contextlib import contextmanager

import orjson
from django.db import connection, reset_queries, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from people.models import Country, Organization, Person

from c5site.lookups import AnyOf  # also registers `__any_of`
from c5site.db import CompiledOnce, prepared_cursor

from .api_rows import build_rows, url_makers
from .models import (
    Citation,
    Delegation,
    Meeting,
    MeetingDocument,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    Series,
    Source,
    Topic,
)

logger = logging.getLogger("c5site.documents")

REBUILD_LIMIT = 2000
BATCH = 500
PARTS = (Participation, Delegation, MeetingTopic, Outcome)


def body_of(row):
    """The stored form of a meeting's JSON (built with urls=False): all but the closing brace."""
    return orjson.dumps(row)[:-1].decode()


def _batches(ids, size=BATCH):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def enabled():
    """Documents are stored on PostgreSQL, whose triggers guard them (events/migrations/0006);
    on SQLite, the zero-setup default, every meeting's JSON is built per request."""
    return connection.vendor == "postgresql"


_deferring = threading.local()  # .ids: the meetings to rebuild when the outermost deferred() ends


@contextmanager
def deferred():
    """Within the block, writes note the meetings they touch instead of rebuilding them at
    each save; leaving the block rebuilds each noted meeting once, in the caller's
    transaction. Leaving by an exception rebuilds nothing: the writes are about to be
    rolled back, or, if committed, left their meetings without a document (dropped by the
    triggers), served live until `build_documents --missing`. Nested blocks join the outer one."""
    if getattr(_deferring, "ids", None) is not None:
        yield
        return
    _deferring.ids = set()
    try:
        yield
        ids, _deferring.ids = _deferring.ids, None
        rebuild(ids)
    finally:
        _deferring.ids = None


def rebuild(meeting_ids):
    """Rebuild the documents of these meetings now, inside the caller's transaction
    (or, within a deferred() block, when the block ends)."""
    if not enabled():
        return
    pending = getattr(_deferring, "ids", None)
    if pending is not None:
        pending.update(meeting_ids)
        return
    ids = sorted(set(meeting_ids))
    if not ids:
        return
    if len(ids) > REBUILD_LIMIT:
        for batch in _batches(ids):
            MeetingDocument.objects.filter(meeting_id__in=batch).delete()
        logger.warning(
            "A change touched %d meetings: their API documents were dropped, not rebuilt; "
            "they are served (more slowly) without them until `manage.py build_documents` runs.",
            len(ids),
        )
        return
    for batch in _batches(ids):
        _rebuild_batch(batch)


def _rebuild_batch(ids):
    with transaction.atomic():
        # Lock the meetings (not against adding their parts): rebuilders of a meeting queue here.
        present = list(Meeting.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True).values_list("pk", flat=True))
        rows = build_rows(present, published_only=False, urls=False)
        MeetingDocument.objects.filter(meeting_id__in=ids).exclude(meeting_id__in=[pk for pk, _ in rows]).delete()
        MeetingDocument.objects.bulk_create(
            [MeetingDocument(meeting_id=pk, body=body_of(row)) for pk, row in rows],
            update_conflicts=True,
            unique_fields=["meeting"],
            update_fields=["body", "built_at"],
        )


def build_all(missing_only=False, progress=None):
    """Build the documents of every meeting (or only of those without one); return how many."""
    if not enabled():
        return 0
    meetings = Meeting.objects.order_by("pk")
    if missing_only:
        meetings = meetings.filter(document__isnull=True)
    ids = list(meetings.values_list("pk", flat=True))
    for done, batch in enumerate(_batches(ids), start=1):
        _rebuild_batch(batch)
        reset_queries()  # with DEBUG on, the log of each batch's SQL (bodies included) would pile up
        if progress:
            progress(min(done * BATCH, len(ids)), len(ids))
    return len(ids)


def check():
    """Meeting ids whose stored document differs from a fresh build (none when all is well)."""
    wrong = []
    ids = list(MeetingDocument.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(ids):
        stored = dict(MeetingDocument.objects.filter(pk__in=batch).values_list("pk", "body"))
        fresh = {pk: body_of(row) for pk, row in build_rows(batch, published_only=False, urls=False)}
        wrong += [pk for pk in batch if stored.get(pk) != fresh.get(pk)]
    return wrong


# --------------------------------------------------------------- reading


def page(ids, request):
    """The published meetings among `ids`, in that order, as JSON for FastJSONRenderer:
    each stored document with its URLs for this request's host, or built now where none is stored."""
    if not ids:  # an empty page (a filter that matches nothing): no query
        return []
    with prepared_cursor() as cursor:
        cursor.execute(*_page_query(ids))
        found = {pk: (slug, body) for pk, slug, body in cursor.fetchall()}
    missing = [pk for pk in ids if pk in found and found[pk][1] is None]
    live = dict(build_rows(missing, request)) if missing else {}
    page_url, api_url = url_makers(request)
    results = []
    for pk in ids:
        if pk in live:
            results.append(live[pk])
        elif pk in found and found[pk][1] is not None:
            slug, body = found[pk]
            urls = orjson.dumps({"url": page_url(slug), "api_url": api_url(slug)}).decode()
            results.append(orjson.Fragment(f"{body},{urls[1:]}"))
    return results


def _page_queryset(ids):
    return Meeting.objects.published().filter(pk__any_of=ids).values_list("pk", "slug", "document__body")


# The ORM compiled it on each request, a tenth of a stored page's time; now only the ids change.
_page_query = CompiledOnce(_page_queryset, marker=[-1], parameter=AnyOf.parameter)


# --------------------------------------------------------------- which meetings a write touches


def _meetings_citing(citations):
    """Ids of the meetings whose JSON shows any of `citations` (a Citation queryset)."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    ids = set()
    types = ContentType.objects.get_for_models(Meeting, *PARTS)
    ids.update(citations.filter(content_type=types[Meeting]).values_list("object_id", flat=True))
    for model in PARTS:
        cited = citations.filter(content_type=types[model]).values("object_id")
        ids.update(model.objects.filter(pk__in=cited).values_list("meeting_id", flat=True))
    return ids


def affected_meetings(instance):
    """Ids of the meetings whose JSON may show `instance` (just saved or deleted)."""
    model = type(instance)
    if model is Meeting:
        return {instance.pk}
    if model in PARTS:
        return {instance.meeting_id}
    if model is Citation:
        target = instance.content_type.model_class() if instance.content_type_id else None
        if target is Meeting:
            return {instance.object_id}
        if target in PARTS:
            return set(target.objects.filter(pk=instance.object_id).values_list("meeting_id", flat=True))
        return set()
    if model is Source:
        return _meetings_citing(Citation.objects.filter(source_id=instance.pk))
    if model is Organization:
        return _meetings_citing(Citation.objects.filter(source__publisher_id=instance.pk))
    if model is Person:
        return set(Participation.objects.filter(person_id=instance.pk).values_list("meeting_id", flat=True))
    if model is Topic:
        return set(MeetingTopic.objects.filter(topic_id=instance.pk).values_list("meeting_id", flat=True))
    if model is Place:
        return set(Meeting.objects.filter(place_id=instance.pk).values_list("pk", flat=True))
    if model is Series:
        return set(Meeting.objects.filter(series_id=instance.pk).values_list("pk", flat=True))
    if model is Country:
        return (
            set(Participation.objects.filter(country_id=instance.pk).values_list("meeting_id", flat=True))
            | set(Delegation.objects.filter(country_id=instance.pk).values_list("meeting_id", flat=True))
            | set(Meeting.objects.filter(place__country_id=instance.pk).values_list("pk", flat=True))
        )
    return set()


WATCHED = (Meeting, *PARTS, Citation, Source, Organization, Person, Topic, Place, Series, Country)


def _on_write(sender, instance, raw=False, **kwargs):
    if raw or not enabled():  # fixtures: build_documents afterwards
        return
    rebuild(affected_meetings(instance))


def _on_topics_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """meeting.topics.add/remove/clear write MeetingTopic rows without their own save signals."""
    if not enabled():
        return
    if not action.startswith("post_"):
        if action == "pre_clear" and reverse:  # a topic's meetings, before they are forgotten
            instance._document_meetings = set(MeetingTopic.objects.filter(topic=instance).values_list("meeting_id", flat=True))
        return
    if reverse:  # from the topic's side: pk_set holds meetings
        rebuild(pk_set or getattr(instance, "_document_meetings", set()))
    else:
        rebuild({instance.pk})


def connect():
    for model in WATCHED:
        uid = f"c5site-documents-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(_on_topics_changed, sender=Meeting.topics.through, dispatch_uid="c5site-documents-topics")


__all__ = ["affected_meetings", "build_all", "check", "deferred", "page", "rebuild"]
