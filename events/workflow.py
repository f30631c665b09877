"""The editorial workflow: every change of a record's status, and the checks before it.

Meeting (events) and Person (people) move draft → in review → published; in review →
draft when changes are requested; published → retracted (kept, with a public notice) or
back to draft. Only these functions change `status`: never `save()`, a signal or a form.
Each one locks the record, checks the actor's permission and the record's current status
(read under the lock, so two editors clicking at once cannot both win), and records a
Transition (who, when, from, to, comment) and a history entry with the reason.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from c5site.records import Status

from .models import Correction, Meeting, Transition

# simple-history keeps a change reason of at most this many characters.
REASON_CHARS = 100


class WorkflowError(Exception):
    """A transition or edit was refused; the message says why, `problems` lists what blocks it."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str
    review: bool  # needs the review permission (editors); otherwise the change permission (contributors)
    needs_comment: bool = False


ACTIONS = {
    action.name: action
    for action in [
        Action("submit", "Submit for review", (Status.DRAFT,), Status.IN_REVIEW, review=False),
        Action("approve", "Approve and publish", (Status.IN_REVIEW,), Status.PUBLISHED, review=True),
        Action("request_changes", "Request changes", (Status.IN_REVIEW,), Status.DRAFT, review=True, needs_comment=True),
        Action("retract", "Retract", (Status.PUBLISHED,), Status.RETRACTED, review=True, needs_comment=True),
        Action("return_to_draft", "Unpublish (back to draft)", (Status.PUBLISHED,), Status.DRAFT, review=True),
    ]
}


def permission_for(record, action):
    """The permission an action needs on this kind of record: "events.review_meeting"…"""
    opts = record._meta
    if action == "submit":
        return f"{opts.app_label}.change_{opts.model_name}"
    return f"{opts.app_label}.review_{opts.model_name}"


def has_perm(user, record, action):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission_for(record, action)))


def require_perm(user, record, action):
    if not (user and user.is_authenticated):
        raise WorkflowError(_("Sign in to change the record."))
    if not has_perm(user, record, action):
        role = _("an editor") if ACTIONS.get(action, ACTIONS["approve"]).review else _("a contributor or editor")
        raise WorkflowError(
            _("%(user)s may not %(action)s a %(kind)s: only %(role)s may.")
            % {"user": user.get_username(), "action": _label(action).lower(), "kind": record._meta.verbose_name, "role": role}
        )


def available_actions(user, record):
    """The actions `user` may try on `record` now (the buttons to show), in workflow order."""
    return [a for a in ACTIONS.values() if record.status in a.sources and has_perm(user, record, a.name)]


def can_edit(user, record):
    """Drafts and records in review are edited by contributors; published or retracted ones by editors only."""
    if record.pk is None or record.status in (Status.DRAFT, Status.IN_REVIEW):
        return has_perm(user, record, "submit")
    return has_perm(user, record, "approve")


# --- the transitions -------------------------------------------------------------------------


@transaction.atomic
def submit(*, record, by, comment=""):
    """Send a draft to the editors for review."""
    current = _lock(record)
    require_perm(by, current, "submit")
    _require_status(current, "submit")
    return _move(record, current, "submit", by=by, comment=comment)


@transaction.atomic
def approve(*, record, by, comment=""):
    """Publish a record in review; raise WorkflowError naming what blocks it."""
    current = _lock(record)
    require_perm(by, current, "approve")
    _require_status(current, "approve")
    if current.last_changed_by_id is not None and current.last_changed_by_id == by.pk:
        raise WorkflowError(_("You made the last change to “%s”; another editor must approve it (four eyes).") % current)
    if missing := current.uncited_facts():
        raise WorkflowError(
            _("Not published: %(n)d fact(s) of “%(record)s” lack a valid supporting citation: %(list)s")
            % {"n": len(missing), "record": current, "list": "; ".join(missing)},
            problems=missing,
        )
    if isinstance(current, Meeting) and (hidden := unpublished_participants(current)):
        names = [f"participant: {p.name} — person is {p.get_status_display()}, not published" for p in hidden]
        raise WorkflowError(
            _("Not published: the public would not see %(n)d participant(s) of “%(record)s” until they are "
              "published: %(list)s") % {"n": len(hidden), "record": current, "list": "; ".join(names)},
            problems=names,
        )
    return _move(record, current, "approve", by=by, comment=comment, published_at=timezone.now(), public_notice="")


@transaction.atomic
def request_changes(*, record, by, comment):
    """Send a record in review back to its authors as a draft, saying what to change."""
    current = _lock(record)
    require_perm(by, current, "request_changes")
    _require_status(current, "request_changes")
    if not (comment or "").strip():
        raise WorkflowError(_("Say what should change: requesting changes needs a comment."))
    return _move(record, current, "request_changes", by=by, comment=comment.strip())


@transaction.atomic
def retract(*, record, by, reason):
    """Withdraw a published record: it stays visible, with the reason as a public notice."""
    current = _lock(record)
    require_perm(by, current, "retract")
    _require_status(current, "retract")
    if not (reason or "").strip():
        raise WorkflowError(_("Give the reason: readers see it in place of the retracted record."))
    return _move(record, current, "retract", by=by, comment=reason.strip(), public_notice=reason.strip())


@transaction.atomic
def return_to_draft(*, record, by, comment=""):
    """Unpublish a record: it leaves the public site and becomes a draft again."""
    current = _lock(record)
    require_perm(by, current, "return_to_draft")
    _require_status(current, "return_to_draft")
    return _move(record, current, "return_to_draft", by=by, comment=comment, published_at=None)


TRANSITIONS = {
    "submit": submit,
    "approve": approve,
    "request_changes": lambda *, record, by, comment: request_changes(record=record, by=by, comment=comment),
    "retract": lambda *, record, by, comment: retract(record=record, by=by, reason=comment),
    "return_to_draft": return_to_draft,
}


def perform(action, *, record, by, comment=""):
    """Run the transition named `action` (as the admin's buttons and actions name them)."""
    if action not in TRANSITIONS:
        raise WorkflowError(_("Unknown action: %s") % action)
    return TRANSITIONS[action](record=record, by=by, comment=comment)


# --- edits and corrections -------------------------------------------------------------------


def lock_for_edit(record, *, base_version, by):
    """Lock the record for an edit based on `base_version`; refuse if someone saved since (rule 4).

    Call inside a transaction; the lock is held until it ends, so no one can save in between.
    """
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if base_version is not None and current.version != base_version:
        who, when = last_saved(current)
        raise WorkflowError(
            _("Not saved: %(who)s saved this %(kind)s%(when)s, after you opened it. Your changes are still in "
              "the form below, but nothing was saved; reopen the %(kind)s to see their version, then make your "
              "change again.")
            % {"who": who, "kind": current._meta.verbose_name, "when": when}
        )
    if not can_edit(by, current):
        raise WorkflowError(
            _("Only an editor may change a %(status)s %(kind)s.")
            % {"status": current.get_status_display(), "kind": current._meta.verbose_name}
        )
    return current


def last_saved(record):
    """(who, " at …") of the most recent save or transition of `record`, for the lost-update message."""
    entry = record.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    user = entry.history_user if entry else record.last_changed_by
    name = (user.get_full_name() or user.get_username()) if user else _("someone")
    when = ""
    if entry:
        when = " " + _("at %s") % timezone.localtime(entry.history_date).strftime("%H:%M:%S on %Y-%m-%d")
    return name, when


@transaction.atomic
def record_correction(*, record, by, note, citation=None):
    """Leave a dated public note that a published record was corrected, with the citation behind it."""
    require_perm(by, record, "approve")
    if record.status != Status.PUBLISHED:
        raise WorkflowError(_("Only a published record carries a public correction note."))
    if not (note or "").strip():
        raise WorkflowError(_("A correction needs a note for readers: what was wrong and what it says now."))
    if citation is not None and not citation.is_valid:
        raise WorkflowError(_("The citation behind a correction must be valid (its quote found in its source)."))
    return Correction.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        note=note.strip(),
        citation=citation,
        by=by,
    )


def unpublished_participants(meeting):
    """People taking part in `meeting` who are not published (the public would not see them)."""
    from people.models import Person  # noqa: PLC0415

    return list(Person.objects.filter(participations__meeting=meeting).exclude(status=Status.PUBLISHED).distinct())


def history_of(record):
    """The record's transitions, newest first, with who made them."""
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("by")


# --- internals ---------------------------------------------------------------------------------


def _label(action):
    return ACTIONS[action].label if action in ACTIONS else action


def _lock(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def _require_status(record, action):
    spec = ACTIONS[action]
    if record.status not in spec.sources:
        allowed = " or ".join(str(Status(s).label) for s in spec.sources)
        raise WorkflowError(
            _("“%(record)s” is %(status)s: only a %(kind)s that is %(allowed)s can be %(done)s.")
            % {
                "record": record,
                "status": record.get_status_display(),
                "kind": record._meta.verbose_name,
                "allowed": allowed,
                "done": {"submit": "submitted", "approve": "published", "request_changes": "sent back",
                         "retract": "retracted", "return_to_draft": "unpublished"}[action],
            }
        )


def _move(record, current, action, *, by, comment, **fields):
    before = current.status
    current.status = ACTIONS[action].target
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current._history_user = by
    current._change_reason = f"{_label(action)}: {comment}"[:REASON_CHARS] if comment else _label(action)
    current.save(update_fields=["status", "version", "updated_at", *fields])
    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(current),
        object_id=current.pk,
        from_status=before,
        to_status=current.status,
        by=by,
        comment=comment,
    )
    # The caller's object now shows what the database holds.
    for name in ["status", "version", "updated_at", *fields]:
        setattr(record, name, getattr(current, name))
    return current
