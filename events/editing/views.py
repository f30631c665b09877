"""The editors' pages beyond the stock admin: the review queue, article upload, version comparison,
and the descriptions of facts that the source page and the messages use."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_valid_filename

from c5site.records import Status
from people.models import Person, Position

from .. import workflow
from ..models import (
    Citation,
    Delegation,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    PublishedMeeting,
    Transition,
)
from . import importing
from .forms import ImportArticlesForm

QUEUE_LIMIT = 10


# --- the review queue ---------------------------------------------------------------------------


@dataclass
class QueueItem:
    record: object
    kind: str
    url: str
    comment: str = ""
    by: object = None
    at: object = None
    note: str = ""


@dataclass
class ReviewQueue:
    awaiting_review: list = field(default_factory=list)  # in review, and I may approve them
    waiting_for_others: list = field(default_factory=list)  # in review, last changed by me
    drafts: list = field(default_factory=list)  # my drafts
    changes_requested: list = field(default_factory=list)  # sent back to me with a comment
    recently_published: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # {"meeting": [("draft", "draft", 3), …], "person": […]}
    can_review: bool = False

    @property
    def is_empty(self):
        return not any([self.awaiting_review, self.waiting_for_others, self.drafts, self.changes_requested])


def _change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def review_queue(user, *, limit=QUEUE_LIMIT):
    """What is waiting for `user`: records to review, own drafts, changes requested, recent publications."""
    queue = ReviewQueue()
    if not (user and user.is_authenticated):
        return queue
    for model in (Meeting, Person):
        kind = model._meta.verbose_name
        plural = model._meta.verbose_name_plural
        sample = model()
        if not workflow.has_perm(user, sample, "submit") and not user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        reviewer = workflow.has_perm(user, sample, "approve")
        queue.can_review |= reviewer
        rows = model.objects.select_related("last_changed_by")
        counts = dict.fromkeys(Status.values, 0)
        for status, count in _status_counts(model):
            counts[status] = count
        queue.counts[plural] = [(status.value, status.label, counts[status.value]) for status in Status]

        # Four eyes: a record anyone changed or submitted since its last revision waits for someone else.
        in_review = list(rows.filter(status=Status.IN_REVIEW).order_by("updated_at")[: limit * 4])
        mine = {record.pk for record in in_review if user.pk in workflow.editors_since_revision(record)}
        if reviewer:
            for record in [r for r in in_review if r.pk not in mine][:limit]:
                queue.awaiting_review.append(
                    QueueItem(record, kind, _change_url(record), by=record.last_changed_by, at=record.updated_at)
                )
        for record in [r for r in in_review if r.pk in mine][:limit]:
            note = "another editor must approve your change" if reviewer else "waiting for an editor"
            queue.waiting_for_others.append(QueueItem(record, kind, _change_url(record), at=record.updated_at, note=note))

        requested = _changes_requested(model, user)
        requested_ids = {record.pk for record, _ in requested}
        for record, transition in requested[:limit]:
            queue.changes_requested.append(
                QueueItem(record, kind, _change_url(record), comment=transition.comment, by=transition.by, at=transition.at)
            )
        drafts = rows.filter(status=Status.DRAFT, last_changed_by=user).exclude(pk__in=requested_ids)
        for record in drafts.order_by("-updated_at")[:limit]:
            queue.drafts.append(QueueItem(record, kind, _change_url(record), at=record.updated_at))

    # What is public now, read from the published record: a retracted meeting is not "recently published".
    published = (
        PublishedMeeting.objects.filter(is_retracted=False)
        .select_related("revision__approved_by")
        .order_by("-revised_at", "-meeting_id")[:limit]
    )
    for row in published:
        queue.recently_published.append(
            QueueItem(
                row,
                "meeting",
                reverse("admin:events_meeting_change", args=[row.meeting_id]),
                comment=row.revision.note,
                by=row.revision.approved_by,
                at=row.revised_at,
            )
        )
    return queue


def _status_counts(model):
    from django.db.models import Count  # noqa: PLC0415

    return model.objects.order_by().values_list("status").annotate(n=Count("pk"))


def _changes_requested(model, user):
    """Drafts whose last transition sent them back from review, that `user` wrote or submitted."""
    content_type = ContentType.objects.get_for_model(model)
    drafts = {r.pk: r for r in model.objects.filter(status=Status.DRAFT).select_related("last_changed_by")}
    if not drafts:
        return []
    latest, submitter = {}, {}
    transitions = Transition.objects.filter(content_type=content_type, object_id__in=list(drafts)).select_related("by")
    for transition in transitions.order_by("object_id", "-at", "-pk"):
        latest.setdefault(transition.object_id, transition)
        if transition.to_status == Status.IN_REVIEW:
            submitter.setdefault(transition.object_id, transition.by_id)
    result = []
    for pk, transition in latest.items():
        if transition.from_status != Status.IN_REVIEW or transition.to_status != Status.DRAFT:
            continue
        record = drafts[pk]
        if record.last_changed_by_id == user.pk or submitter.get(pk) == user.pk:
            result.append((record, transition))
    result.sort(key=lambda pair: pair[1].at, reverse=True)
    return result


# --- facts, as editors name them ------------------------------------------------------------------


def cited_fact_prefetch():
    """A Citation queryset whose facts (content objects) are loaded with what describes them."""
    from django.contrib.contenttypes.prefetch import GenericPrefetch  # noqa: PLC0415

    return GenericPrefetch(
        "content_object",
        [
            Meeting.objects.all(),
            Participation.objects.select_related("person", "meeting"),
            Delegation.objects.select_related("country", "meeting"),
            MeetingTopic.objects.select_related("topic", "meeting"),
            Outcome.objects.select_related("meeting"),
            Position.objects.select_related("person"),
        ],
    )


def describe_fact(citation):
    """(what the citation supports, the admin page where that fact is edited)."""
    fact = citation.content_object
    suffix = f" ({citation.field})" if citation.field else ""
    if fact is None:
        return f"a deleted fact{suffix}", ""
    if isinstance(fact, Meeting):
        return f"meeting “{fact}”: {citation.field or 'as a whole'}", _change_url(fact)
    if isinstance(fact, Participation):
        return f"participation: {fact.person.name} at “{fact.meeting}”{suffix}", _change_url(fact.meeting)
    if isinstance(fact, Delegation):
        return f"country: {fact.country.name} at “{fact.meeting}”{suffix}", _change_url(fact.meeting)
    if isinstance(fact, MeetingTopic):
        return f"topic: {fact.topic.name} at “{fact.meeting}”{suffix}", _change_url(fact.meeting)
    if isinstance(fact, Outcome):
        return f"outcome: {fact.description[:50]} of “{fact.meeting}”{suffix}", _change_url(fact.meeting)
    if isinstance(fact, Position):
        return f"position: {fact.title} of {fact.person.name}{suffix}", _change_url(fact.person)
    return f"{fact._meta.verbose_name}: {fact}{suffix}", ""


def facts_citing(source, *, limit=8):
    """Lines naming the facts that cite `source` (for the refusal to delete it)."""
    citations = list(source.citations.select_related("content_type").prefetch_related(cited_fact_prefetch())[: limit + 1])
    lines = [describe_fact(c)[0] for c in citations[:limit]]
    total = source.citations.count()
    if total > limit:
        lines.append(f"and {total - limit} more")
    return lines


# --- article upload -------------------------------------------------------------------------------


def import_articles_view(model_admin, request):
    """Upload article files and import each through the importer; refusals say why."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportArticlesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        imported = []
        with tempfile.TemporaryDirectory(prefix="c5-import-") as folder:
            for upload in form.cleaned_data["files"]:
                name = get_valid_filename(Path(upload.name).name) or "article.txt"
                path = Path(folder) / name
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                outcome = importing.import_file(path, by=request.user)
                if outcome.status == "imported":
                    imported.append(outcome.source)
                    model_admin.log_addition(request, outcome.source, [{"added": {}}])
                    messages.success(request, f"Imported {upload.name} as source {outcome.source.pk}: {outcome.source.title}")
                elif outcome.status == "duplicate":
                    messages.warning(request, f"Not imported {upload.name}: duplicate — {outcome.reason}")
                else:
                    messages.error(request, f"Refused {upload.name}: {outcome.reason}")
        if len(imported) == 1:
            return HttpResponseRedirect(reverse("admin:events_source_change", args=[imported[0].pk]))
        if imported or form.cleaned_data["files"]:
            return HttpResponseRedirect(reverse("admin:events_source_changelist"))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import articles",
        "form": form,
        "opts": model_admin.model._meta,
        "max_bytes": importing.settings.IMPORT_MAX_BYTES,
    }
    return TemplateResponse(request, "admin/events/source/import.html", context)


def citations_with_facts(source):
    """The source's citations, each with its fact loaded: for the highlights on its page."""
    return list(
        Citation.objects.filter(source=source)
        .select_related("content_type")
        .prefetch_related(cited_fact_prefetch())
        .order_by("start", "pk")
    )
