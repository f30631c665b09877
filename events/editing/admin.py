"""The editors' admin: meetings and people under the workflow, the evidence, and the reference data.

Person's admin lives here rather than in people/admin.py: its workflow (events.workflow)
and its citations are events' concepts, and `people` never imports `events`.
"""

import copy
from urllib.parse import parse_qsl, urlencode

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from c5site.records import Status
from people import admin as people_admin
from people.models import Country, Organization, Person, Position

from .. import workflow
from ..models import (
    Citation,
    Delegation,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    PlaceName,
    PublishedReference,
    Series,
    Source,
    Topic,
    Transition,
)
from ..published import publish
from ..published.documents import REFERENCE_KINDS
from . import (
    desk,
    review,
    spellings,  # noqa: F401 — registers the admin of names and their spellings
    suggestions,
)
from . import views as admin_views
from .forms import (
    PUBLIC_NOTE_HELP,
    TRANSITION_COMMENT_HELP,
    MeetingCitationForm,
    MeetingRecordForm,
    ParticipationForm,
    RecordForm,
    VersionedForm,
    citing_form,
)

admin.site.site_header = "C5+1 record — editors"
admin.site.site_title = "C5+1 record"
admin.site.index_title = "Editorial desk"


def status_badge(status, label):
    # Colours live in static/c5admin/admin.css: the Content-Security-Policy allows no inline styles.
    return format_html('<span class="c5-status c5-status-{}">{}</span>', status, label)


def short(text, limit=80):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# The query parameters a source page's suggestion pre-fills a meeting form with: read once, on the first GET.
PREFILL_PARAMS = {
    "cite_source",
    "cite_quote",
    "cite_kind",
    "participant",
    "participant_role",
    "delegation",
    "place",
    "place_name_reported",
    "start_date",
    "end_date",
    "date_precision",
}


def without_prefill(response):
    """The admin's redirect after a save, without the prefill parameters: carried to the saved record's page,
    they would add the prefilled row again on the next save (issue #19: a duplicate citation, a server error)."""
    location = response.get("Location", "")
    if "?" not in location:
        return response
    path, _, query = location.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in PREFILL_PARAMS]
    response["Location"] = f"{path}?{urlencode(kept)}" if kept else path
    return response


# --- inlines: each fact's row, cited from the same page -------------------------------------------------


def _citation_flag(citation):
    if not citation.is_valid:
        return " ⚠ quote not found in the source"
    return " (contradicts)" if citation.stance == citation.Stance.CONTRADICTS else ""


def citation_prefetch():
    return Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("start", "pk"))


class CitedInline:
    """An inline whose rows are facts: their citations listed, and new ones given on the row."""

    readonly_fields = ("citations_list",)
    extra = 1
    #: Which prefill parameter (from a source page's suggestion) starts a row here.
    prefill_param = None

    @admin.display(description="Citations")
    def citations_list(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        items = format_html_join(
            "",
            '<li class="{}"><a href="{}" title="{}">“{}”</a> <span class="c5-source">— {}{}</span></li>',
            (
                (
                    "c5-broken" if not c.is_valid else "c5-ok",
                    reverse("admin:events_citation_change", args=[c.pk]),
                    c.quote,
                    short(c.quote, 70),
                    short(c.source.title, 40),
                    _citation_flag(c),
                )
                for c in obj.citations.all()
            ),
        )
        if not items:
            return format_html('<span class="c5-missing">{}</span>', "no citation yet")
        return format_html('<ul class="c5-citations">{}</ul>', items)

    def prefill_rows(self, request):
        return []

    def get_extra(self, request, obj=None, **kwargs):
        rows = self.prefill_rows(request) if request.method == "GET" else []
        return len(rows) if rows else self.extra

    def get_formset(self, request, obj=None, **kwargs):
        return with_default_source(super().get_formset(request, obj, **kwargs), request, "cite_source")


def with_default_source(formset, request, field):
    """Rows cite the article the editor started from unless they say otherwise (issue #19: the same source
    was picked about 29 times for one article)."""
    source = desk.current_source(request)
    if source is None or field not in formset.form.base_fields:
        return formset
    base_fields = dict(formset.form.base_fields)
    base_fields[field] = copy.deepcopy(base_fields[field])
    base_fields[field].initial = source
    form = type(formset.form.__name__, (formset.form,), {"__module__": __name__})
    form.base_fields = base_fields  # after the class is made: the form's metaclass sets base_fields itself
    return type(formset.__name__, (formset,), {"form": form})


def _cite_initial(request, field=""):
    source = request.GET.get("cite_source")
    if not source:
        return {}
    initial = {"cite_source": source, "cite_quote": request.GET.get("cite_quote", "")}
    if field:
        initial["cite_field"] = field
    return initial


class ParticipationInline(CitedInline, admin.StackedInline):
    model = Participation
    form = citing_form(ParticipationForm, cite_fields=("role", "country"))
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("person", "role"),
                    ("country", "position"),
                    "citations_list",
                    ("cite_source", "cite_field", "cite_stance"),
                    "cite_quote",
                )
            },
        ),
    )
    autocomplete_fields = ("person", "country", "position")
    verbose_name = "participant"
    verbose_name_plural = "Participants — who took part, in the role the source gives at the time"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting", "person", "country", "position__person")
            .prefetch_related(citation_prefetch())
        )

    def prefill_rows(self, request):
        person_id = request.GET.get("participant")
        if not person_id:
            return []
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            return []
        return [
            {
                "person": person.pk,
                "role": request.GET.get("participant_role", ""),
                "country": person.country_id,
                **_cite_initial(request, "role"),
            }
        ]


class DelegationInline(CitedInline, admin.StackedInline):
    model = Delegation
    form = citing_form()
    fieldsets = ((None, {"fields": ("country", "citations_list", ("cite_source", "cite_stance"), "cite_quote")}),)
    autocomplete_fields = ("country",)
    verbose_name = "country represented"
    verbose_name_plural = "Countries represented"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "country").prefetch_related(citation_prefetch())

    def prefill_rows(self, request):
        country = request.GET.get("delegation")
        return [{"country": country, **_cite_initial(request)}] if country else []


class MeetingTopicInline(CitedInline, admin.StackedInline):
    model = MeetingTopic
    form = citing_form()
    fieldsets = ((None, {"fields": ("topic", "citations_list", ("cite_source", "cite_stance"), "cite_quote")}),)
    autocomplete_fields = ("topic",)
    verbose_name = "topic"
    verbose_name_plural = "Topics discussed"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "topic").prefetch_related(citation_prefetch())


class OutcomeInline(CitedInline, admin.StackedInline):
    model = Outcome
    form = citing_form()
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "amount", "currency"),
                    "description",
                    "citations_list",
                    ("cite_source", "cite_stance"),
                    "cite_quote",
                )
            },
        ),
    )
    formfield_overrides = {models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 2, "cols": 60})}}
    verbose_name = "outcome"
    verbose_name_plural = "Outcomes — what the meeting produced"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting").prefetch_related(citation_prefetch())


class MeetingCitationInline(GenericTabularInline):
    model = Citation
    form = MeetingCitationForm
    fields = ("field", "source", "quote", "stance", "note", "location")
    readonly_fields = ("location",)
    autocomplete_fields = ("source",)
    extra = 1
    verbose_name = "citation of the meeting’s own facts"
    verbose_name_plural = "Citations of the meeting’s own facts — date, place, kind, format, number, summary"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="Found in source")
    def location(self, obj):
        if obj is None or obj.pk is None:
            return "checked on save"
        if not obj.is_valid:
            return format_html('<span class="c5-missing">{}</span>', "⚠ quote not found")
        return format_html(
            '<a href="{}#cited-{}">characters {}–{}</a>',
            reverse("admin:events_source_change", args=[obj.source_id]),
            obj.pk,
            obj.start,
            obj.end,
        )

    def prefill_rows(self, request):
        kind = request.GET.get("cite_kind")
        if kind not in ("date", "place") or not request.GET.get("cite_source"):
            return []
        return [{"field": kind, "source": request.GET["cite_source"], "quote": request.GET.get("cite_quote", "")}]

    def get_extra(self, request, obj=None, **kwargs):
        rows = self.prefill_rows(request) if request.method == "GET" else []
        return len(rows) if rows else self.extra

    def get_formset(self, request, obj=None, **kwargs):
        return with_default_source(super().get_formset(request, obj, **kwargs), request, "source")


class PositionInline(CitedInline, admin.StackedInline):
    model = Position
    form = citing_form()
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("title", "organization", "country"),
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "citations_list",
                    ("cite_source", "cite_stance"),
                    "cite_quote",
                )
            },
        ),
    )
    autocomplete_fields = ("organization", "country")
    verbose_name_plural = "Positions held — each cited"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "organization", "country")
            .prefetch_related(citation_prefetch())
        )

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None or not obj.positions.exists() else 0


# --- the workflow's records: meetings and people ------------------------------------------------------


class DeletionGuard:
    """Refuses to delete what is evidence or was public (rule 5), with a message saying why.

    The delete button is hidden, the delete page redirects back with the reason, and the
    changelist's delete action deletes nothing when any selected record is refused."""

    def deletion_refusal(self, obj):
        """Why `obj` may not be deleted, or "" where it may."""
        return ""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.deletion_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and (refusal := self.deletion_refusal(obj)):
            self.message_user(request, f"Not deleted: {refusal}", messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description="Delete selected %(verbose_name_plural)s", permissions=["delete"])
    def delete_selected(self, request, queryset):
        refusals = [refusal for obj in queryset if (refusal := self.deletion_refusal(obj))]
        if refusals:
            for refusal in refusals:
                self.message_user(request, f"Nothing deleted: {refusal}", messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)


class VersionedAdmin(SimpleHistoryAdmin):
    """A versioned row: edits version-checked and refused when stale (rule 4), stamped with who changed them,
    every change kept in the history with who and why (which four eyes reads)."""

    form = VersionedForm
    object_history_template = "admin/c5/object_history.html"

    def revert_disabled(self, request, obj=None):
        return True  # a revert would change the record outside the workflow and its checks

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        prefill = self.prefill_fields(request) if request.method == "GET" and obj is not None else {}
        return type(form.__name__, (form,), {"user": request.user, "prefill": prefill, "__module__": __name__})

    def prefill_fields(self, request):
        return {}

    # -- saving: one locked, version-checked save of the row and its inline rows

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = form.cleaned_data.get("change_reason") or ("Edited" if change else "Created")
        if not change:
            obj.last_changed_by = request.user
            obj.save()
        # An existing row is saved in save_related, once it is known whether its inline rows changed too.

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or f"Edited with its {self.model._meta.verbose_name}"
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._history_user, obj._change_reason = request.user, reason
            obj.delete()
        deleted = {id(o) for o in formset.deleted_objects}
        for row in formset.forms:
            instance = row.instance
            if id(instance) in deleted or not row.has_changed() or row in formset.deleted_forms:
                continue
            if instance.pk is None or any(not name.startswith("cite_") for name in row.changed_data):
                instance._history_user, instance._change_reason = request.user, reason
                if isinstance(instance, Citation) and instance.pk is None:
                    instance.created_by = request.user
                instance.save()
            if hasattr(row, "save_citation"):
                row.save_citation(by=request.user)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if isinstance(obj, Meeting):
            desk.represent_participants_countries(obj, by=request.user)
        rows_changed = any(formset.has_changed() for formset in formsets)
        own_changes = [name for name in form.changed_data if name in {f.name for f in obj._meta.fields}]
        if (change and (own_changes or rows_changed)) or (not change and rows_changed):
            locked = getattr(form, "locked", None)
            obj.version = (locked.version if locked else obj.version) + 1
            obj.last_changed_by = request.user
            obj._history_user = request.user
            obj._change_reason = form.cleaned_data.get("change_reason") or ("Edited" if change else "Created with its rows")
            obj.save()


class WorkflowAdmin(DeletionGuard, VersionedAdmin):
    """A record under the workflow: transitions as buttons and actions, edits version-checked, deletion refused
    once published (rule 5). An edit of a published record stays unpublished until a second editor approves
    its next revision; the change page lists those unpublished changes and links the review."""

    form = RecordForm
    change_form_template = "admin/c5/record_change_form.html"
    show_facets = admin.ShowFacets.ALWAYS
    actions = [
        "submit_selected",
        "approve_selected",
        "request_changes_selected",
        "retract_selected",
        "return_to_draft_selected",
        "delete_selected",
    ]
    list_per_page = 50

    # -- permissions

    def has_review_permission(self, request, obj=None):
        return workflow.has_perm(request.user, obj or self.model(), "approve")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def deletion_refusal(self, obj):
        if obj.status in (Status.PUBLISHED, Status.RETRACTED) or publish.current_revision(obj) is not None:
            return (
                f"“{obj}” has been public: a {obj._meta.verbose_name} the public has seen is never "
                f"deleted; retract it instead (with the reason readers will see)."
            )
        return ""

    def get_readonly_fields(self, request, obj=None):
        return ("status_display", "last_changed_by", "published_at")

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj):
        return status_badge(obj.status, obj.get_status_display())

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"

        def view(function):
            return self.admin_site.admin_view(lambda request, object_id, **kwargs: function(self, request, object_id, **kwargs))

        return [
            path("<path:object_id>/review/", view(review.review_view), name=f"{prefix}_review"),
            path("<path:object_id>/preview/", view(review.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/restore/<int:number>/", view(review.restore_view), name=f"{prefix}_restore"),
            *super().get_urls(),
        ]

    # -- transitions from the change form's buttons

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            return self._transition_response(request, obj)
        return without_prefill(super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        if "_transition" in request.POST:
            return self._transition_response(request, obj)
        return without_prefill(super().response_change(request, obj))

    def _transition_response(self, request, obj):
        action = request.POST["_transition"]
        comment = request.POST.get("transition_comment", "")
        try:
            workflow.perform(action, record=obj, by=request.user, comment=comment, note=request.POST.get("public_note", ""))
        except workflow.WorkflowError as error:
            self.message_user(request, f"Saved, but not done: {error.message}", messages.ERROR)
        else:
            obj.refresh_from_db()
            self.message_user(request, f"“{obj}” is now {obj.get_status_display()}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and context["adminform"].form.errors:
            # A refused save leaves the form's values on `obj`; the heading and panel show the record as saved.
            obj = type(obj).objects.get(pk=obj.pk)
            context.update(subtitle=str(obj), original=obj)
        context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, obj):
        if obj is None or obj.pk is None:
            submit = workflow.ACTIONS["submit"]
            allowed = workflow.has_perm(request.user, self.model(), "submit")
            return {"workflow_actions": [submit] if allowed else [], "transition_help": TRANSITION_COMMENT_HELP,
                    "public_note_help": PUBLIC_NOTE_HELP}  # fmt: skip
        actions = workflow.available_actions(request.user, obj) if self.has_change_permission(request, obj) else []
        opts = obj._meta
        return {
            "workflow_actions": actions,
            "transition_help": TRANSITION_COMMENT_HELP,
            "public_note_help": PUBLIC_NOTE_HELP,
            "transitions": list(workflow.history_of(obj)[:8]),
            "gate_problems": obj.uncited_facts() if obj.status != Status.RETRACTED else [],
            "four_eyes": any(a.name == "approve" for a in actions) and request.user.pk in workflow.editors_since_revision(obj),
            "record_status": status_badge(obj.status, obj.get_status_display()),
            **review.summary(obj),
            "review_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[obj.pk]),
            "preview_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk]),
        }

    # -- transitions from the changelist

    def _bulk(self, request, queryset, action):
        spec = workflow.ACTIONS[action]
        if spec.needs_comment and "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/c5/transition_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"{spec.label}: give the reason",
                    "action": action,
                    "spec": spec,
                    "queryset": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        comment = request.POST.get("comment", "")
        done = 0
        for record in queryset:
            try:
                workflow.perform(action, record=record, by=request.user, comment=comment)
                done += 1
            except workflow.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
        if done:
            opts = self.model._meta
            noun = opts.verbose_name_plural if done > 1 else opts.verbose_name
            self.message_user(request, f"{spec.label}: done for {done} {noun}.", messages.SUCCESS)
        return None

    @admin.action(description="Submit selected for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        return self._bulk(request, queryset, "submit")

    @admin.action(description="Approve and publish selected", permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._bulk(request, queryset, "approve")

    @admin.action(description="Request changes on selected (with a comment)", permissions=["review"])
    def request_changes_selected(self, request, queryset):
        return self._bulk(request, queryset, "request_changes")

    @admin.action(description="Retract selected (with a public reason)", permissions=["review"])
    def retract_selected(self, request, queryset):
        return self._bulk(request, queryset, "retract")

    @admin.action(description="Unpublish selected (back to draft)", permissions=["review"])
    def return_to_draft_selected(self, request, queryset):
        return self._bulk(request, queryset, "return_to_draft")


class ReferenceAdmin(VersionedAdmin):
    """Reference data (a country, an organization, a place, a series, a topic, a source): edited freely, public in
    its approved value only. A second editor approves a change (four eyes) from its page or the list; approving a
    meeting approves with it what the meeting shows that awaits approval."""

    change_form_template = "admin/c5/reference_change_form.html"
    actions = ["approve_selected"]

    def has_review_permission(self, request, obj=None):
        return request.user.has_perm("events.review_meeting")

    def get_queryset(self, request):
        approved = PublishedReference.objects.filter(kind=REFERENCE_KINDS[self.model], object_id=models.OuterRef("pk")).values(
            "body"
        )[:1]
        return super().get_queryset(request).annotate(approved_body=models.Subquery(approved))

    @admin.display(description="Public value")
    def approval_column(self, obj):
        state, label = review.reference_state(obj, getattr(obj, "approved_body", None))
        return status_badge(state, label)

    @admin.action(description="Approve the selected changes for the public", permissions=["review"])
    def approve_selected(self, request, queryset):
        done = 0
        for record in queryset:
            try:
                done += workflow.approve_reference(record=record, by=request.user) is not None
            except workflow.WorkflowError as error:
                self.message_user(request, error.message, messages.ERROR)
        if done:
            self.message_user(request, f"Approved for the public: {done}.", messages.SUCCESS)

    def response_change(self, request, obj):
        if "_approve" in request.POST:
            try:
                revision = workflow.approve_reference(record=obj, by=request.user, note=request.POST.get("public_note", ""))
            except workflow.WorkflowError as error:
                self.message_user(request, f"Saved, but not approved: {error.message}", messages.ERROR)
            else:
                message = f"“{obj}” is public as approved now." if revision else f"“{obj}” was already public as it is."
                self.message_user(request, message, messages.SUCCESS)
            opts = obj._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(review.reference_summary(obj))
            context["can_approve"] = self.has_review_permission(request, obj)
            context["public_note_help"] = PUBLIC_NOTE_HELP
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdmin):
    list_display = (
        "title",
        "status_display",
        "date_display",
        "kind",
        "series",
        "place_column",
        "participant_count",
        "last_changed_by",
        "updated_at",
    )
    list_filter = ("status", "kind", "format", "series", "date_precision", ("last_changed_by", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("series", "place", "last_changed_by")
    ordering = ("-date_lo", "-pk")
    search_fields = ("title", "slug", "summary", "place_name_reported", "place__name")
    autocomplete_fields = ("series", "place")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = None
    fieldsets = (
        ("Meeting", {"fields": ("title", "slug", ("kind", "format"), ("series", "ordinal"))}),
        (
            "When",
            {
                "fields": ("date_text", ("start_date", "end_date", "date_precision"), "date_not_after"),
                "description": "Enter only what a source states; an unknown date is honest. Cite it below (field “date”).",
            },
        ),
        ("Where", {"fields": (("place", "place_name_reported"),)}),
        ("What happened", {"fields": ("summary",)}),
    )
    inlines = [MeetingCitationInline, ParticipationInline, DelegationInline, MeetingTopicInline, OutcomeInline]
    form = MeetingRecordForm

    class Media:
        js = ("c5admin/desk.js",)  # the position picker offers the chosen person's positions only

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_total=Count("participations", distinct=True))

    @admin.display(description="Date", ordering="date_lo")
    def date_display(self, obj):
        return str(obj.date)

    @admin.display(description="Place", ordering="place__name")
    def place_column(self, obj):
        return obj.place_name_reported or (obj.place.name if obj.place else "")

    @admin.display(description="Participants", ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total

    def prefill_fields(self, request):
        names = ("place", "place_name_reported", "start_date", "end_date", "date_precision")
        return {name: request.GET[name] for name in names if request.GET.get(name)}

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "GET" and hasattr(inline, "prefill_rows") and (rows := inline.prefill_rows(request)):
            kwargs["initial"] = rows
        return kwargs

    def workflow_context(self, request, obj):
        context = super().workflow_context(request, obj)
        if obj is not None and obj.pk is not None:
            context["warnings"] = obj.participation_warnings() + desk.position_warnings(obj)
            if obj.status in (Status.DRAFT, Status.IN_REVIEW):
                context["bundled_people"] = workflow.bundled_people(obj)
        return context


admin.site.unregister(Person)


@admin.register(Person)
class PersonAdmin(WorkflowAdmin, people_admin.PersonAdmin):
    """A person under the workflow, their positions cited on the same page (people/admin.py has the rest)."""

    list_display = ("name", "status_display", "country", "position_count", "participation_count", "last_changed_by", "updated_at")
    list_filter = ("status", "country", ("last_changed_by", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country", "last_changed_by")
    inlines = [PositionInline]


# --- the evidence --------------------------------------------------------------------------------------


class CitedFilter(admin.SimpleListFilter):
    title = "cited"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "cited"), ("no", "not cited yet")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citation_total__gt=0)
        if self.value() == "no":
            return queryset.filter(citation_total=0)
        return queryset


@admin.register(Source)
class SourceAdmin(DeletionGuard, ReferenceAdmin):
    list_display = (
        "title",
        "publisher",
        "published_on",
        "language",
        "citation_count",
        "approval_column",
        "imported_from",
        "created_at",
    )
    list_filter = (CitedFilter, "language", "publisher", "published_precision")
    list_select_related = ("publisher",)
    ordering = ("-published_on", "title")
    search_fields = ("title", "text", "attribution", "url")
    autocomplete_fields = ("publisher",)
    readonly_fields = ("imported_from", "created_at", "updated_at")
    fieldsets = (
        (
            "Article",
            {"fields": ("title", "publisher", "url", ("published_on", "published_precision"), "language", "attribution")},
        ),
        (
            "Text",
            {
                "fields": ("text",),
                "classes": ("collapse",),
                "description": "Editing the text re-checks every citation of this source: a quote no longer found is "
                "marked broken, and blocks publishing.",
            },
        ),
        ("Record", {"fields": ("imported_from", "created_at", "updated_at")}),
    )
    change_form_template = "admin/events/source/change_form.html"
    change_list_template = "admin/events/source/change_list.html"
    object_history_template = "admin/c5/object_history.html"
    show_facets = admin.ShowFacets.ALWAYS
    actions = ["approve_selected", "delete_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    @admin.display(description="Citations", ordering="citation_total")
    def citation_count(self, obj):
        return obj.citation_total

    def get_urls(self):
        upload = path(
            "import/",
            self.admin_site.admin_view(lambda request: admin_views.import_articles_view(self, request)),
            name="events_source_import",
        )
        desk_urls = [
            path(
                "<path:object_id>/desk/",
                self.admin_site.admin_view(lambda request, object_id: desk.desk_view(self, request, object_id)),
                name="events_source_desk",
            ),
            path("desk/date/", self.admin_site.admin_view(desk.desk_date_check), name="events_desk_date_check"),
        ]
        return [upload, *desk_urls, *super().get_urls()]

    def deletion_refusal(self, obj):
        if not obj.citations.exists():
            return ""
        return (
            f"the source “{short(obj.title, 60)}” is evidence (rule 5): it is cited for "
            + "; ".join(admin_views.facts_citing(obj))
            + ". Remove or move those citations first."
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change and "text" in form.changed_data:
            broken = obj.citations.filter(start__isnull=True).count()
            if broken:
                self.message_user(
                    request,
                    f"{broken} citation(s) of this source no longer match the text and are marked broken; "
                    "the facts they support cannot be published until they are fixed.",
                    messages.WARNING,
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        source = self.get_object(request, object_id)
        extra = {}
        if source is not None:
            extra = self.article_context(request, source)
            desk.remember_source(request, source)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def article_context(self, request, source):
        from urllib.parse import urlencode  # noqa: PLC0415

        citations = admin_views.citations_with_facts(source)
        cited_spans = []
        cited_rows = []
        for citation in citations:
            label, url = admin_views.describe_fact(citation)
            cited_rows.append({"citation": citation, "label": label, "url": url})
            if citation.is_valid:
                cited_spans.append(suggestions.Span(citation.start, citation.end, title=label))
        found = suggestions.suggest(source)
        meetings = list(Meeting.objects.filter(status__in=[Status.DRAFT, Status.IN_REVIEW]).order_by("-updated_at")[:40])
        target = None
        if request.GET.get("meeting", "").isdigit():
            target = Meeting.objects.filter(pk=request.GET["meeting"]).first()
        base = reverse("admin:events_meeting_change", args=[target.pk]) if target else reverse("admin:events_meeting_add")
        # One entry per person, country, place or date, however often the article names it; every
        # mention in the text links to it, and the entry starts a fact from the first mention's sentence.
        groups = {}
        for suggestion in found:
            key = (suggestion.kind, suggestion.target.pk if suggestion.target is not None else suggestion.label)
            if key not in groups:
                params = {"cite_source": source.pk, **suggestion.prefill()}
                groups[key] = {"s": suggestion, "url": f"{base}?{urlencode(params)}", "texts": [], "count": 0}
            group = groups[key]
            group["count"] += 1
            if suggestion.text not in group["texts"] and suggestion.text != suggestion.label:
                group["texts"].append(suggestion.text)
            suggestion.extra["group"] = group["s"].anchor
        rows = list(groups.values())
        return {
            "article_html": suggestions.to_html(source.text, cited_spans, found),
            "suggestion_rows": rows,
            "cited_rows": cited_rows,
            "broken_count": sum(1 for c in citations if not c.is_valid),
            "work_meetings": meetings,
            "target_meeting": target,
            "deletion_refusal": self.deletion_refusal(source) if cited_rows else "",
        }


class ValidityFilter(admin.SimpleListFilter):
    title = "quote found in source"
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("yes", "valid"), ("no", "broken")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.valid()
        if self.value() == "no":
            return queryset.broken()
        return queryset


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ("quote_column", "fact_column", "field", "stance", "valid_column", "source")
    list_filter = (ValidityFilter, "stance", "content_type", "field")
    list_select_related = ("source", "content_type")
    search_fields = ("quote", "note", "source__title")
    autocomplete_fields = ("source",)
    readonly_fields = ("fact_column", "location", "created_by", "created_at")
    fields = (
        "fact_column",
        "content_type",
        "object_id",
        "field",
        "source",
        "quote",
        "stance",
        "note",
        "location",
        "created_by",
        "created_at",
    )
    object_history_template = "admin/c5/object_history.html"
    show_facets = admin.ShowFacets.ALWAYS
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(admin_views.cited_fact_prefetch())

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "content_type", "object_id")
        return self.readonly_fields

    def revert_disabled(self, request, obj=None):
        return True

    @admin.display(description="Quote", ordering="quote")
    def quote_column(self, obj):
        return f"“{short(obj.quote, 70)}”"

    @admin.display(description="Fact")
    def fact_column(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        label, url = admin_views.describe_fact(obj)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description="Valid", boolean=True)
    def valid_column(self, obj):
        return obj.is_valid

    @admin.display(description="Found in source")
    def location(self, obj):
        if obj is None or obj.pk is None:
            return "checked on save"
        if not obj.is_valid:
            return "⚠ not found: the quote does not occur in the source text"
        return format_html(
            "characters {}–{}: …{}<mark>{}</mark>{}…",
            obj.start,
            obj.end,
            obj.prefix,
            obj.source.text[obj.start : obj.end],
            obj.suffix,
        )

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """The editorial log: read-only."""

    list_display = ("at", "record_column", "from_status", "to_status", "by", "comment")
    list_filter = ("to_status", "from_status", "content_type", ("by", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("by", "content_type")
    search_fields = ("comment",)
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description="Record")
    def record_column(self, obj):
        if obj.record is None:
            return f"{obj.content_type.model} {obj.object_id} (deleted)"
        url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        return format_html('<a href="{}">{}</a>', url, obj.record)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- reference data ------------------------------------------------------------------------------------


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1


@admin.register(Place)
class PlaceAdmin(ReferenceAdmin):
    list_display = ("name", "country", "other_names", "approval_column")
    list_filter = ("country",)
    list_select_related = ("country",)
    search_fields = ("name", "names__name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    inlines = [PlaceNameInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names")

    @admin.display(description="Other names")
    def other_names(self, obj):
        return ", ".join(str(n) for n in obj.names.all())


@admin.register(Series)
class SeriesAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "approval_column")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "meeting_count", "approval_column")
    ordering = ("name",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_total=Count("meeting_topics"))

    @admin.display(description="Meetings", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total


for model in (Country, Organization, Position):
    admin.site.unregister(model)


@admin.register(Country)
class CountryAdmin(ReferenceAdmin, people_admin.CountryAdmin):
    list_display = (*people_admin.CountryAdmin.list_display, "approval_column")


@admin.register(Organization)
class OrganizationAdmin(ReferenceAdmin, people_admin.OrganizationAdmin):
    list_display = (*people_admin.OrganizationAdmin.list_display, "approval_column")


@admin.register(Position)
class PositionAdmin(VersionedAdmin, people_admin.PositionAdmin):
    """A position found from the list; its edits are changes to its person's record (reviewed with it)."""
