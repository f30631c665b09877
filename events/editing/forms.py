"""Admin forms: records edited under the workflow, and facts cited from the row that states them.

Django has no nested inlines, so each fact's row (a participation, a topic, an outcome…)
carries three extra fields — source, quote, stance (and which field) — that create a
Citation for that row when it is saved. The quote is checked against the source text
during validation, so a quote that is not in the article is refused with the closest
passage, and nothing is saved.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from .. import workflow
from ..models import Citation, Meeting, Source
from .dates import DateParseError, parse_date

TRANSITION_COMMENT_HELP = (
    "Required to request changes or retract (readers see a retraction's reason). Kept in the log with the transition."
)
PUBLIC_NOTE_HELP = (
    "For readers, with the approved revision: what changed and why. Required when the revision changes or "
    "removes a fact readers were shown (a correction)."
)


# Marks an editor may type around a quote: “…”, "…", «…», ‘…’, '…'.
_ENCLOSING = {"“": "”", '"': '"', "«": "»", "‘": "’", "'": "'", "„": "“"}


def strip_enclosing_quotes(text):
    """The quote without the quotation marks an editor typed around it: stored and shown once, not twice."""
    text = (text or "").strip()
    while len(text) >= 2 and _ENCLOSING.get(text[0]) == text[-1] and text[-1] not in text[1:-1]:
        text = text[1:-1].strip()
    return text


class VersionedForm(forms.ModelForm):
    """Any versioned row edited in the admin: refused if someone saved it after it was opened (rule 4).

    The version the editor started from travels in a hidden field; on save the row is locked
    (SELECT … FOR UPDATE) and compared, so of two editors the second is refused with a message
    naming the first, and the first's change stays as it was.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        required=False,
        max_length=workflow.REASON_CHARS,
        label="Reason for this change",
        help_text="Kept in the history with your name (at most 100 characters).",
    )

    user = None  # set by the admin: who is saving

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        self.prefill = getattr(self, "prefill", {})
        for name, value in self.prefill.items():
            if name in self.fields:
                self.initial[name] = value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                self.locked = workflow.lock_for_edit(self.instance, base_version=cleaned.get("base_version"), by=self.user)
            except workflow.WorkflowError as error:
                raise ValidationError(error.message, code="stale") from None
        return cleaned


class RecordForm(VersionedForm):
    """A Meeting or Person edited in the admin: version-checked, with the comment and public note of a transition."""

    transition_comment = forms.CharField(
        required=False,
        label="Comment for the review",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=TRANSITION_COMMENT_HELP,
    )
    public_note = forms.CharField(
        required=False,
        label="Public note",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=PUBLIC_NOTE_HELP,
    )


class CitingFormMixin(forms.Form):
    """Extra fields on a fact's row that cite it: source + quote (+ field, stance)."""

    cite_source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        required=False,
        label="Cite: source",
        widget=AutocompleteSelect(Citation._meta.get_field("source"), admin.site),
    )
    cite_quote = forms.CharField(
        required=False,
        label="Cite: quote",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80, "class": "c5-cite-quote"}),
        help_text="The exact words of the source that state this fact.",
    )
    cite_stance = forms.ChoiceField(
        choices=Citation.Stance.choices, initial=Citation.Stance.SUPPORTS, required=False, label="Cite: stance"
    )

    #: The fields of the row a citation may support, besides the row as a whole ("").
    CITE_FIELDS = ()

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("cite_source"), strip_enclosing_quotes(cleaned.get("cite_quote"))
        self.pending_citation = None
        if cleaned.get("DELETE") or not (source or quote):
            return cleaned
        if source and not quote and "cite_source" not in self.changed_data:
            return cleaned  # the article the editor works from, offered by default, cites nothing alone
        if not source:
            self.add_error("cite_source", "Choose the source this quote comes from.")
            return cleaned
        if not quote:
            self.add_error("cite_quote", "Give the passage of the source that states this fact.")
            return cleaned
        citation = Citation(
            source=source,
            quote=quote,
            field=cleaned.get("cite_field") or "",
            stance=cleaned.get("cite_stance") or Citation.Stance.SUPPORTS,
        )
        try:
            citation.clean()
        except ValidationError as error:
            for message in error.message_dict.get("quote", error.messages):
                self.add_error("cite_quote", message)
            return cleaned
        self.pending_citation = citation
        return cleaned

    def save_citation(self, *, by=None):
        """Create the citation given on this row (after the row itself is saved); None if none was given."""
        citation = getattr(self, "pending_citation", None)
        if citation is None or self.instance.pk is None:
            return None
        citation.content_object = self.instance
        citation.created_by = by
        existing = Citation.objects.filter(
            content_type=citation.content_type,
            object_id=citation.object_id,
            field=citation.field,
            source=citation.source,
            quote=citation.quote,
        ).first()
        if existing:
            return existing
        citation.save()
        self.pending_citation = None
        return citation


def citing_form(model_form_base=forms.ModelForm, cite_fields=()):
    """A ModelForm class for an inline row that can cite its fact (or one of `cite_fields`)."""
    attrs = {"CITE_FIELDS": tuple(cite_fields), "__module__": __name__}
    if cite_fields:
        attrs["cite_field"] = forms.ChoiceField(
            required=False,
            label="Cite: field",
            choices=[("", "the whole fact"), *[(f, f) for f in cite_fields]],
            initial=cite_fields[0],
        )
    return type("CitingForm", (CitingFormMixin, model_form_base), attrs)


class MeetingCitationForm(forms.ModelForm):
    """A citation of one of the meeting's own fields (date, place, kind…), checked against its source."""

    class Meta:
        model = Citation
        fields = ["field", "source", "quote", "stance", "note"]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2, "cols": 50}),
            "note": forms.TextInput(attrs={"size": 24}),
        }

    def clean_quote(self):
        return strip_enclosing_quotes(self.cleaned_data.get("quote"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"] = forms.ChoiceField(
            choices=[(f, f) for f in Meeting.CITED_FIELDS] + [("", "the meeting as a whole")],
            required=False,
            help_text="Which of the meeting's facts this passage states.",
        )


class ImportArticlesForm(forms.Form):
    """Upload of one or more article files for the importer."""

    class MultipleFileInput(forms.ClearableFileInput):
        allow_multiple_selected = True

    class MultipleFileField(forms.FileField):
        def clean(self, data, initial=None):
            single = super().clean
            if isinstance(data, list | tuple):
                return [single(item, initial) for item in data]
            return [single(data, initial)] if data else []

    files = MultipleFileField(
        widget=MultipleFileInput(attrs={"accept": ".txt,.md,.html,.htm"}),
        help_text="Plain text (.txt, .md) or HTML; a leading “date YYYY-MM-DD” line gives the publication date.",
    )


class ParticipationForm(forms.ModelForm):
    """A participation row: its position must be one of the chosen person's."""

    def clean(self):
        cleaned = super().clean()
        person, position = cleaned.get("person"), cleaned.get("position")
        if person and position and position.person_id != person.pk:
            self.add_error(
                "position",
                f"“{position.title}” is a position of {position.person}, not of {person}: "
                f"choose one of {person}'s positions, or none.",
            )
        return cleaned


class MeetingRecordForm(RecordForm):
    """The meeting form: its date may be typed as the article gives it ("July 27–28, 2023", "unknown")."""

    date_text = forms.CharField(
        required=False,
        label="Date as written",
        help_text="Type it as the source gives it — “19 September 2023”, “July 27–28, 2023”, “July 2023”, “2015”, "
        "“on or before 28 April 2021”, “unknown” — and the fields beside are filled from it.",
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("date_text") or "").strip()
        if text:
            try:
                parsed = parse_date(text)
            except DateParseError as error:
                self.add_error("date_text", str(error))
            else:
                for name, value in parsed.meeting_fields().items():
                    cleaned[name] = value
                    setattr(self.instance, name, value)
        return cleaned

    @property
    def changed_data(self):
        """A typed date changes the date fields it fills (so the save keeps them)."""
        changed = list(super().changed_data)
        if (self.data.get(self.add_prefix("date_text")) or "").strip():
            changed += [n for n in ("start_date", "end_date", "date_precision", "date_not_after") if n not in changed]
        return changed
