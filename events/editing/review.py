"""Reviewing a record before approval: its unpublished changes in words, a preview, its revisions, restore.

The review page shows what approving would change for the public — the diff of facts, every
citation included, against the current revision, and the reference data it shows that awaits
approval — with the approve and request-changes buttons; the preview renders the public page
from the working rows with the same builder and template the published page uses.
"""

import orjson
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import workflow
from ..models import PublishedReference, Revision
from ..published import publish
from ..published.describe import describe
from ..published.diff import diff
from ..published.documents import REFERENCE_KINDS, build, reference_document
from ..published.reader import Names, WorkingNames
from ..site import preview
from . import restore


class ReviewNames(Names):
    """Public names where the record has them, the working ones for what is not public yet."""

    def load_ids(self, wanted):
        wanted = {kind: set(ids) for kind, ids in wanted.items()}
        super().load_ids({kind: set(ids) for kind, ids in wanted.items()})
        working = WorkingNames()
        missing = {}
        for kind, ids in wanted.items():
            found = self.people if kind == "person" else self.refs[kind]
            missing[kind] = {pk for pk in ids if found.get(pk) is None}
        working.load_ids(missing)
        for pk, value in working.people.items():
            if value is not None:
                self.people[pk] = value
        for kind, values in working.refs.items():
            for pk, value in values.items():
                if value is not None:
                    self.refs[kind][pk] = value
        return self


def _change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def revisions_of(record):
    return list(
        Revision.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
        .select_related("approved_by", "submitted_by")
        .defer("body")
        .order_by("-number")
    )


def summary(record):
    """What the change page shows of the record's published state and its unpublished changes."""
    revision = publish.current_revision(record)
    lines = describe(publish.unpublished_changes(record), ReviewNames())
    return {
        "public_revision": revision,
        "unpublished_lines": lines,
        "revisions": revisions_of(record),
    }


def reference_state(obj, approved_body):
    """(state, label) of a piece of reference data: approved as it is, awaiting approval, or never approved."""
    if approved_body is None:
        return "draft", "not public yet"
    if orjson.loads(approved_body) != reference_document(obj):
        return "in_review", "changes await approval"
    return "published", "approved"


def reference_summary(obj):
    row = (
        PublishedReference.objects.filter(kind=REFERENCE_KINDS[type(obj)], object_id=obj.pk)
        .select_related("revision__approved_by")
        .first()
    )
    before = row.revision.document if row else None
    lines = describe(diff(before, reference_document(obj)), ReviewNames())
    state, label = reference_state(obj, row.body if row else None)
    return {
        "approved_revision": row.revision if row else None,
        "uses": row.uses if row else 0,
        "reference_changes": lines,
        "approval_state": state,
        "approval_label": label,
    }


def review_view(model_admin, request, object_id):
    """The record's unpublished changes against its current revision, with the decisions an editor may take."""
    record = get_object_or_404(model_admin.model, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, record):
        raise PermissionDenied
    if request.method == "POST":
        return _decide(model_admin, request, record)
    actions = workflow.available_actions(request.user, record) if model_admin.has_change_permission(request, record) else []
    blockers = workflow.editor_names(workflow.editors_since_revision(record))
    context = {
        **model_admin.admin_site.each_context(request),
        **summary(record),
        "title": f"Review: {record}",
        "opts": record._meta,
        "original": record,
        "record": record,
        "change_url": _change_url(record),
        "preview_url": reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_preview", args=[record.pk]),
        "gate_problems": record.uncited_facts(),
        "workflow_actions": actions,
        "editors": blockers,
        "four_eyes": request.user.get_full_name() in blockers or request.user.get_username() in blockers,
        "can_restore": model_admin.has_change_permission(request, record),
    }
    return TemplateResponse(request, "admin/c5/review.html", context)


def _decide(model_admin, request, record):
    """A transition taken from the review page (approve, request changes…), without saving the form."""
    if not model_admin.has_change_permission(request, record):
        raise PermissionDenied
    try:
        workflow.perform(
            request.POST.get("_transition", ""),
            record=record,
            by=request.user,
            comment=request.POST.get("transition_comment", ""),
            note=request.POST.get("public_note", ""),
        )
    except workflow.WorkflowError as error:
        messages.error(request, f"Not done: {error.message}")
        return HttpResponseRedirect(request.path)
    record.refresh_from_db()
    messages.success(request, f"“{record}” is now {record.get_status_display()}.")
    return HttpResponseRedirect(_change_url(record))


def preview_view(model_admin, request, object_id):
    """The record's public page as approving it now would publish it: the same builder and template."""
    record = get_object_or_404(model_admin.model, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, record):
        raise PermissionDenied
    return preview.render(
        request,
        build(record),
        WorkingNames(),
        review_url=reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_review", args=[record.pk]),
    )


def restore_view(model_admin, request, object_id, number):
    """Write revision `number` back into the working rows (POST), then review as usual."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = get_object_or_404(model_admin.model, pk=object_id)
    if not model_admin.has_change_permission(request, record):
        raise PermissionDenied
    try:
        problems = restore.restore(record, number, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, f"Not restored: {error.message}")
    else:
        messages.success(request, f"Revision {number} is restored into the working record: review and approve it "
                                  f"to publish it.")  # fmt: skip
        for problem in problems:
            messages.warning(request, f"Not restored: {problem}")
    return HttpResponseRedirect(_change_url(record))
