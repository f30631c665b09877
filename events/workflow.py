"""The editorial workflow: every change of a record's status, and the checks before it.

Meeting (events) and Person (people) move draft → in review → published; in review →
draft when changes are requested; published → retracted (kept, with a public notice) or
back to draft. Only these functions change `status`: never `save()`, a signal or a form.
Each one locks the record, checks the actor's permission and the record's current status
(read under the lock, so two editors clicking at once cannot both win), and records a
Transition (who, when, from, to, comment) and a history entry with the reason.

`status` is the working record's place in the workflow; what the public reads is the
record's current revision (events.published), written only by `approve` and `retract`
(and removed by `return_to_draft`). An edit of a published record stays unpublished until it
is submitted ("published" → "in review") and a second editor approves it. Four eyes: nobody
who changed the record since its last revision, or submitted it, may approve it.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from c5site.records import Status
from people.models import Person, Position

from .models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Revision, Transition
from .published import publish
from .published.documents import REFERENCE_MODELS, build

# simple-history keeps a change reason of at most this many characters.
REASON_CHARS = 100
# The history entries that transitions write begin with this: they change the status, not the record.
WORKFLOW_REASON = "workflow: "


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
        Action("submit", "Submit for review", (Status.DRAFT, Status.PUBLISHED), Status.IN_REVIEW, review=False),
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
    """Contributors edit drafts, records in review and published records (their edits stay unpublished until
    approved); a retracted record is changed by editors only."""
    if record.pk is None or record.status != Status.RETRACTED:
        return has_perm(user, record, "submit")
    return has_perm(user, record, "approve")


# --- the transitions -------------------------------------------------------------------------


@transaction.atomic
def submit(*, record, by, comment=""):
    """Send a draft, or the unpublished changes of a published record, to the editors for review.

    A meeting's participants who were never published (created with it) go to review with it."""
    current = _lock(record)
    require_perm(by, current, "submit")
    _require_status(current, "submit")
    if current.status == Status.PUBLISHED and not publish.unpublished_changes(current):
        raise WorkflowError(_("“%s” is as published: there is no change to review.") % current)
    moved = _move(record, current, "submit", by=by, comment=comment)
    for person in bundled_people(current) if isinstance(current, Meeting) else []:
        if person.status == Status.DRAFT:
            _move(person, _lock(person), "submit", by=by, comment=_("with the meeting “%s”") % current)
    return moved


@transaction.atomic
def approve(*, record, by, comment="", note=""):
    """Publish a record in review as its next revision; raise WorkflowError naming what blocks it.

    `note` is the public note of the revision, required where it corrects what readers were shown.
    A meeting's participants who were never published are reviewed and published with it."""
    current = _lock(record)
    require_perm(by, current, "approve")
    _require_status(current, "approve")
    bundle = [_lock(person) for person in bundled_people(current)] if isinstance(current, Meeting) else []
    references = [
        REFERENCE_MODELS[kind].objects.get(pk=pk)
        for item in [current, *bundle]
        for kind, pk, _, _ in publish.pending_references(build(item))
    ]
    for item in [current, *bundle, *references]:
        if by.pk in editors_since_revision(item):
            raise WorkflowError(
                _("You changed or submitted “%s” since its last revision; another editor must approve it (four eyes).") % item
            )
    problems = current.uncited_facts()
    for person in bundle:
        problems += [f"{person}: {problem}" for problem in person.uncited_facts()]
    if problems:
        raise WorkflowError(
            _("Not published: %(n)d fact(s) of “%(record)s” lack a valid supporting citation: %(list)s")
            % {"n": len(problems), "record": current, "list": "; ".join(problems)},
            problems=problems,
        )
    if isinstance(current, Meeting) and (hidden := _withdrawn_participants(current)):
        names = [f"participant: {p.name} — person is {p.get_status_display()}" for p in hidden]
        raise WorkflowError(
            _("Not published: the public would not see %(n)d participant(s) of “%(record)s”: %(list)s")
            % {"n": len(hidden), "record": current, "list": "; ".join(names)},
            problems=names,
        )
    now = timezone.now()
    try:
        for person in bundle:
            publish.publish(person, by=by, submitted_by=submitter(person), note=note, now=now)
            _move(person, person, "approve", by=by, comment=_("with the meeting “%s”") % current,
                  published_at=person.published_at or now, public_notice="")  # fmt: skip
        publish.publish(current, by=by, submitted_by=submitter(current), note=note, now=now)
    except publish.PublishError as error:
        raise WorkflowError(error.message, problems=error.problems) from None
    return _move(record, current, "approve", by=by, comment=comment, published_at=current.published_at or now,
                 public_notice="")  # fmt: skip


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
    """Withdraw a published record: its page stays, with the reason as a public notice (a retraction revision)."""
    current = _lock(record)
    require_perm(by, current, "retract")
    _require_status(current, "retract")
    if not (reason or "").strip():
        raise WorkflowError(_("Give the reason: readers see it in place of the retracted record."))
    try:
        publish.retract(current, by=by, reason=reason.strip())
    except publish.PublishError as error:
        raise WorkflowError(error.message) from None
    return _move(record, current, "retract", by=by, comment=reason.strip(), public_notice=reason.strip())


@transaction.atomic
def return_to_draft(*, record, by, comment=""):
    """Unpublish a record: it leaves the public site and becomes a draft again (its revisions are kept)."""
    current = _lock(record)
    require_perm(by, current, "return_to_draft")
    _require_status(current, "return_to_draft")
    publish.unpublish(current)
    return _move(record, current, "return_to_draft", by=by, comment=comment, published_at=None)


TRANSITIONS = {
    "submit": lambda *, record, by, comment, note="": submit(record=record, by=by, comment=comment),
    "approve": approve,
    "request_changes": lambda *, record, by, comment, note="": request_changes(record=record, by=by, comment=comment),
    "retract": lambda *, record, by, comment, note="": retract(record=record, by=by, reason=comment),
    "return_to_draft": lambda *, record, by, comment, note="": return_to_draft(record=record, by=by, comment=comment),
}


def perform(action, *, record, by, comment="", note=""):
    """Run the transition named `action` (as the admin's buttons and actions name them); `note`: the
    public note of an approval."""
    if action not in TRANSITIONS:
        raise WorkflowError(_("Unknown action: %s") % action)
    return TRANSITIONS[action](record=record, by=by, comment=comment, note=note)


# --- edits, and who made them -------------------------------------------------------------------------


def lock_for_edit(record, *, base_version, by):
    """Lock the record for an edit based on `base_version`; refuse if someone saved since (rule 4).

    Any versioned row (a meeting, a person, a source, a topic…). Call inside a transaction; the
    lock is held until it ends, so no one can save in between.
    """
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if base_version is not None and current.version != base_version:
        who, when = last_saved(current)
        raise WorkflowError(
            _(
                "Not saved: %(who)s saved this %(kind)s%(when)s, after you opened it. Your changes are still in "
                "the form below, but nothing was saved; reopen the %(kind)s to see their version, then make your "
                "change again."
            )
            % {"who": who, "kind": current._meta.verbose_name, "when": when}
        )
    if hasattr(current, "status") and not can_edit(by, current):
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


def last_revision(record):
    """The record's latest revision (current, or kept after it was unpublished), or None."""
    return (
        Revision.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
        .order_by("-number")
        .first()
    )


def editors_since_revision(record):
    """Ids of the users who changed `record` — its row, its facts' rows, their citations — or submitted it,
    since its last revision (ever, if it has none). Read from the history (django-simple-history), where
    every save through the admin is kept with its author; transitions are not changes."""
    revision = last_revision(record)
    since = Q(history_date__gt=revision.created_at) if revision else Q()
    edits = ~Q(history_change_reason__startswith=WORKFLOW_REASON) | Q(history_change_reason__isnull=True)

    def users(model, **lookup):
        return set(
            model.history.filter(since, edits, history_user__isnull=False, **lookup).values_list("history_user", flat=True)
        )

    found = users(type(record), id=record.pk)
    citing = Q()
    types = ContentType.objects.get_for_models(Meeting, Participation, Delegation, MeetingTopic, Outcome, Position, Person)
    if isinstance(record, Meeting):
        citing |= Q(content_type=types[Meeting], object_id=record.pk)
        for model in (Participation, Delegation, MeetingTopic, Outcome):
            found |= users(model, meeting_id=record.pk)
            ids = set(model.history.filter(meeting_id=record.pk).values_list("id", flat=True))
            citing |= Q(content_type=types[model], object_id__in=ids)
    elif isinstance(record, Person):
        found |= users(Position, person_id=record.pk)
        ids = set(Position.history.filter(person_id=record.pk).values_list("id", flat=True))
        citing |= Q(content_type=types[Position], object_id__in=ids)
    if citing:
        found |= set(Citation.history.filter(citing, since, history_user__isnull=False).values_list("history_user", flat=True))
    submitted = Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, to_status=Status.IN_REVIEW
    )
    if revision:
        submitted = submitted.filter(at__gt=revision.created_at)
    found |= set(submitted.exclude(by=None).values_list("by", flat=True))
    return found


def submitter(record):
    """The user who last submitted `record` for review, or None."""
    transition = (
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk, to_status=Status.IN_REVIEW
        )
        .select_related("by")
        .first()
    )
    return transition.by if transition else None


def editor_names(ids):
    users = get_user_model().objects.filter(pk__in=ids)
    return sorted(user.get_full_name() or user.get_username() for user in users)


def bundled_people(meeting):
    """The meeting's participants who have never been published: new people, reviewed and published with it."""
    people = Person.objects.filter(participations__meeting=meeting).distinct()
    return [person for person in people if person.status in (Status.DRAFT, Status.IN_REVIEW) and not last_revision(person)]


def _withdrawn_participants(meeting):
    """Participants the public cannot see and that are not published with the meeting (retracted, or
    unpublished after being public)."""
    bundle = {person.pk for person in bundled_people(meeting)}
    return [
        person
        for person in Person.objects.filter(participations__meeting=meeting).exclude(status=Status.PUBLISHED).distinct()
        if person.pk not in bundle
    ]


def unpublished_participants(meeting):
    """People taking part in `meeting` who are not published (the public would not see them yet)."""
    return list(Person.objects.filter(participations__meeting=meeting).exclude(status=Status.PUBLISHED).distinct())


def history_of(record):
    """The record's transitions, newest first, with who made them."""
    return Transition.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk).select_related(
        "by"
    )


# --- reference data ------------------------------------------------------------------------------------


@transaction.atomic
def approve_reference(*, record, by, note=""):
    """Approve the working value of a piece of reference data (a topic, a place, a source…) for the public.

    Four eyes, as for records: nobody who changed it since its last approval may approve it.
    Returns the revision, or None where there was nothing to approve."""
    perm = f"{record._meta.app_label}.change_{record._meta.model_name}"
    if not (by and by.is_authenticated and by.has_perm(perm) and by.has_perm("events.review_meeting")):
        raise WorkflowError(_("Only an editor may approve reference data for the public."))
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if by.pk in editors_since_revision(record):
        raise WorkflowError(
            _("You changed “%s” since it was last approved; another editor must approve it (four eyes).") % record
        )
    try:
        return publish.publish_reference(record, by=by, note=note)
    except publish.PublishError as error:
        raise WorkflowError(error.message) from None


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
                "done": {
                    "submit": "submitted",
                    "approve": "published",
                    "request_changes": "sent back",
                    "retract": "retracted",
                    "return_to_draft": "unpublished",
                }[action],
            }
        )


def _move(record, current, action, *, by, comment, **fields):
    before = current.status
    current.status = ACTIONS[action].target
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current._history_user = by
    reason = f"{WORKFLOW_REASON}{_label(action)}"
    current._change_reason = (f"{reason}: {comment}" if comment else reason)[:REASON_CHARS]
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
