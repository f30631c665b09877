"""The editor's desk: from an imported article to a cited draft on one screen.

`propose(source)` reads the article (extraction.read) and looks for a meeting the record already
has that the text fits; the view shows every proposal with its passage, each a row the editor
ticks, edits or rejects; `save_draft` turns the accepted rows into a draft meeting (or additions
to the known one) with every fact cited, in one transaction: a bad row changes nothing.

New people are created as drafts with the meeting, with the position the text gives, cited:
the workflow submits and publishes never-published participants with their meeting
(workflow.bundled_people), so one story is one review.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from c5site.partial_dates import PartialDate, Precision
from c5site.records import Status
from c5site.text import normalize
from people.models import Country, Person, Position

from .. import workflow
from ..models import (
    Citation,
    Delegation,
    GazetteerEntry,
    Meeting,
    MeetingTopic,
    Outcome,
    Participation,
    Place,
    PlaceName,
    Series,
    Source,
    Topic,
)
from .dates import DateParseError, parse_date
from .extraction import Knowledge, read, reference_day
from .forms import strip_enclosing_quotes

COUNTRY_NAMES = {
    "KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TJ": "Tajikistan", "TM": "Turkmenistan", "UZ": "Uzbekistan",
    "US": "United States",
}  # fmt: skip
CHANGE_REASON = "Drafted from an article on the desk"


# --- a meeting the record already has ---------------------------------------------------------------


@dataclass
class Match:
    """A known meeting the article fits, with why."""

    meeting: Meeting
    score: int
    reasons: list = field(default_factory=list)
    date: PartialDate | None = None  # the article's date for it, its year taken from the record where the text has none


def date_fits(proposed, note, label, meeting):
    """(fits, the proposed date resolved against the meeting) — None where the dates contradict each other."""
    known = meeting.date
    if not proposed.is_known and proposed.not_after is None:
        if label and "no year" in note and known.is_known:
            # "July 27-28" in an undated article: read it in the year of the record's date.
            try:
                resolved = parse_date(label, reference=meeting.date_hi).date
            except DateParseError:
                return False, None
            return (resolved == known), (resolved if resolved == known else None)
        return False, None
    low, high = proposed.range()
    k_low, k_high = known.range()
    if k_low is None and k_high is None:
        return True, proposed
    if low is None:  # on or before `high`
        return (k_low is None or k_low <= high), proposed
    if k_low is None:
        return (k_high is None or low <= k_high), proposed
    return (low <= k_high and k_low <= high), proposed


def match_meeting(reading, source, *, exclude_new=False):
    """The known meeting the reading fits best (series, place, kind, people, a date that fits), or None."""
    people = {p.person.person_id for p in reading.participants if p.accepted and p.person and p.person.person_id}
    place = reading.facts.get("place")
    place_id = _record_id(place.value[0], "place") if place else None
    series = reading.facts.get("series")
    series_id = _record_id(series.value, "series") if series else None
    kind = reading.facts.get("kind")
    date_fact = reading.facts.get("date")
    candidates = Meeting.objects.exclude(status=Status.RETRACTED)
    wanted = Meeting.objects.none()
    if people:
        wanted |= candidates.filter(participations__person__in=people)
    if place_id:
        wanted |= candidates.filter(place_id=place_id)
    best = None
    for meeting in wanted.distinct().select_related("place").prefetch_related("participations")[:50]:
        reasons, score = [], 0
        date = None
        if date_fact is not None:
            fits, date = date_fits(date_fact.value, date_fact.extra.get("note", ""), date_fact.label, meeting)
            if not fits and (date_fact.value.is_known or date_fact.value.not_after or date_fact.label):
                if date_fact.value.is_known or date_fact.value.not_after:
                    continue  # a date that contradicts the record's: another meeting
            elif fits:
                score += 2
                reasons.append("a date that fits")
        shared = people & {p.person_id for p in meeting.participations.all()}
        if shared:
            score += 2 * len(shared)
            reasons.append(f"{len(shared)} participant{'s' if len(shared) > 1 else ''} in common")
        if place_id and meeting.place_id == place_id:
            score += 2
            reasons.append(f"the place ({meeting.place.name})")
        if series_id and meeting.series_id == series_id:
            score += 1
            reasons.append("the series")
        if kind and meeting.kind == kind.value:
            score += 1
            reasons.append(f"the kind ({meeting.get_kind_display()})")
        if score >= 4 and (shared or (place_id and meeting.place_id == place_id)) and (best is None or score > best.score):
            best = Match(meeting, score, reasons, date)
    return best


def _record_id(key, kind):
    prefix, _, value = str(key).partition(":")
    return int(value) if prefix == kind and value.isdigit() else None


def propose(source, knowledge=None):
    """(reading, match) for an article: what its text proposes, and the known meeting it fits."""
    reading = read(source.text, reference_day(source), knowledge or Knowledge.load(), title=source.title)
    return reading, match_meeting(reading, source)


# --- the form: one row per proposal --------------------------------------------------------------------


class QuoteField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 2, "class": "c5-desk-quote"})

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=True, **kwargs)

    def to_python(self, value):
        return strip_enclosing_quotes(super().to_python(value))


class RowForm(forms.Form):
    """A proposal the editor keeps (ticked) or rejects; its passage must occur in the article."""

    # Proposals come ticked (their initial says so); the blank row for the editor's own addition does not.
    accept = forms.BooleanField(required=False, initial=False)
    quote = QuoteField(label="Passage")

    source = None  # set by the view: the article every passage is cited from

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("accept"):
            return cleaned
        quote = cleaned.get("quote", "")
        if not quote:
            raise ValidationError("Give the passage of the article that states this, or untick the row.")
        citation = Citation(source=self.source, quote=quote)
        try:
            citation.clean()
        except ValidationError as error:
            self.add_error("quote", error.message_dict.get("quote", error.messages))
        return cleaned


class MeetingForm(forms.Form):
    """The meeting's own facts: each with the passage that states it."""

    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Meeting.Kind.choices)
    kind_quote = QuoteField(label="Passage for the kind")
    format = forms.ChoiceField(choices=Meeting.Format.choices)
    format_quote = QuoteField(label="Passage for the format")
    series = forms.CharField(max_length=100, required=False, help_text="C5+1, or empty for a meeting outside a format.")
    date = forms.CharField(required=False, help_text="As the text gives it: “19 September 2023”, “July 2023”, “unknown”.")
    date_quote = QuoteField(label="Passage for the date")
    place = forms.CharField(max_length=200, required=False, label="Place as reported")
    place_quote = QuoteField(label="Passage for the place")
    place_key = forms.CharField(required=False, widget=forms.HiddenInput)
    ordinal = forms.IntegerField(required=False, min_value=1)
    ordinal_quote = QuoteField(label="Passage for the number")

    source = None

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["parsed_date"] = parse_date(cleaned.get("date", ""), reference=reference_day(self.source))
        except DateParseError as error:
            self.add_error("date", str(error))
        for name in ("kind", "format", "date", "place", "ordinal"):
            quote = cleaned.get(f"{name}_quote", "")
            stated = {
                "kind": True,
                "format": cleaned.get("format") != Meeting.Format.UNKNOWN,
                "date": "parsed_date" in cleaned and cleaned["parsed_date"].date != PartialDate(None, Precision.UNKNOWN),
                "place": bool(cleaned.get("place")),
                "ordinal": cleaned.get("ordinal") is not None,
            }[name]
            if stated and not quote:
                self.add_error(f"{name}_quote", "Give the passage that states this (every fact is cited).")
            elif quote:
                _check_quote(self, f"{name}_quote", quote)
        return cleaned


class AdditionsForm(forms.Form):
    """Additions to a known meeting: the date where the record lacks it, and second sources for its facts."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.CharField(required=False)
    date_accept = forms.BooleanField(required=False)
    date_quote = QuoteField(label="Passage for the date")
    kind_accept = forms.BooleanField(required=False)
    kind_quote = QuoteField(label="Passage for the kind")
    place_accept = forms.BooleanField(required=False)
    place_quote = QuoteField(label="Passage for the place")

    source = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_accept"):
            try:
                cleaned["parsed_date"] = parse_date(cleaned.get("date", ""), reference=reference_day(self.source))
            except DateParseError as error:
                self.add_error("date", str(error))
        for name in ("date", "kind", "place"):
            if cleaned.get(f"{name}_accept"):
                if not cleaned.get(f"{name}_quote"):
                    self.add_error(f"{name}_quote", "Give the passage that states this, or untick it.")
                else:
                    _check_quote(self, f"{name}_quote", cleaned[f"{name}_quote"])
        return cleaned


def _check_quote(form, name, quote):
    citation = Citation(source=form.source, quote=quote)
    try:
        citation.clean()
    except ValidationError as error:
        form.add_error(name, error.message_dict.get("quote", error.messages))


class ParticipantForm(RowForm):
    person = forms.CharField(widget=forms.HiddenInput, required=False)  # "person:12", "gazetteer:3" or ""
    name = forms.CharField(max_length=200, required=False)
    role = forms.CharField(max_length=300, required=False)
    country = forms.ChoiceField(choices=[("", "—"), *COUNTRY_NAMES.items()], required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept"):
            if not (cleaned.get("name") or "").strip():
                self.add_error("name", "Give the person's name.")
            if not (cleaned.get("role") or "").strip():
                self.add_error("role", "Give the role the text gives.")
        return cleaned


class CountryForm(RowForm):
    country = forms.ChoiceField(choices=list(COUNTRY_NAMES.items()))


class TopicForm(RowForm):
    topic = forms.CharField(max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept") and not (cleaned.get("topic") or "").strip():
            self.add_error("topic", "Name the topic.")
        return cleaned


class OutcomeForm(RowForm):
    kind = forms.ChoiceField(choices=Outcome.Kind.choices)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    amount = forms.DecimalField(max_digits=16, decimal_places=2, required=False, min_value=0)
    currency = forms.RegexField(regex=r"^[A-Z]{3}$", required=False, max_length=3)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accept") and not (cleaned.get("description") or "").strip():
            self.add_error("description", "Say what the meeting produced.")
        if (cleaned.get("amount") is None) != (not cleaned.get("currency")):
            self.add_error("currency", "An amount needs its currency (ISO 4217, e.g. USD), and a currency an amount.")
        return cleaned


ROWS = {
    "participants": forms.formset_factory(ParticipantForm, extra=1),
    "countries": forms.formset_factory(CountryForm, extra=0),
    "topics": forms.formset_factory(TopicForm, extra=1),
    "outcomes": forms.formset_factory(OutcomeForm, extra=1),
}


SECTIONS = {
    "participants": "Participants — who took part, in the role the text gives",
    "countries": "Countries represented without a named person (the participants' own follow from them)",
    "topics": "Topics discussed",
    "outcomes": "Outcomes — what the meeting produced",
}


def initial_rows(reading, match=None):
    """The formsets' initial rows from a reading (and, for additions, what the known meeting already has)."""
    have_people = have_topics = set()
    have_outcomes = set()
    if match:
        meeting = match.meeting
        have_people = {p.person_id for p in meeting.participations.all()}
        have_topics = {normalize(t.name).lower() for t in meeting.topics.all()}
        have_outcomes = set(meeting.outcomes.values_list("kind", flat=True))
    participants = []
    for p in reading.participants:
        known = p.person.person_id if p.person else None
        participants.append({
            "accept": p.accepted, "person": p.person.key if p.person else "", "name": p.name, "role": p.role,
            "country": p.country, "quote": p.passage.quote, "note": p.reason,
            "other_roles": p.other_roles, "status": _status(known in have_people if known else False, p),
        })  # fmt: skip
    with_person = {p.country for p in reading.participants if p.accepted and p.country}
    countries = [
        {"accept": c.accepted and c.value not in with_person, "country": c.value, "quote": c.passage.quote,
         "note": "" if c.value not in with_person else "follows from a participant"}
        for c in reading.countries
    ]  # fmt: skip
    topics = [
        {"accept": True, "topic": t.value, "quote": t.passage.quote, "label": t.label,
         "status": "second source" if normalize(t.value).lower() in have_topics else "new"}
        for t in reading.topics
    ]  # fmt: skip
    outcomes = [
        {"accept": o.accepted, "kind": o.value, "description": o.extra.get("description", ""),
         "amount": o.extra.get("amount"), "currency": o.extra.get("currency", ""), "quote": o.passage.quote,
         "status": "second source" if o.value in have_outcomes else "new"}
        for o in reading.outcomes
    ]  # fmt: skip
    return {"participants": participants, "countries": countries, "topics": topics, "outcomes": outcomes}


def _status(present, participant):
    if present:
        return "second source"
    if participant.person and participant.person.person_id:
        return "known person"
    return "new person"


def meeting_initial(reading, source):
    facts = reading.facts
    date = facts.get("date")
    place = facts.get("place")
    series = facts.get("series")
    kind = facts["kind"].value if "kind" in facts else Meeting.Kind.OTHER
    return {
        "title": draft_title(reading),
        "kind": kind,
        "kind_quote": facts["kind"].passage.quote if "kind" in facts else "",
        "format": facts["format"].value if "format" in facts else Meeting.Format.UNKNOWN,
        "format_quote": facts["format"].passage.quote if "format" in facts else "",
        "series": series.label if series else "",
        "date": _date_text(date),
        "date_quote": date.passage.quote if date and _date_text(date) != "unknown" else "",
        "place": place.value[3] if place else "",
        "place_key": place.value[0] if place else "",
        "place_quote": place.passage.quote if place else "",
        "ordinal": facts["ordinal"].value if "ordinal" in facts else None,
        "ordinal_quote": facts["ordinal"].passage.quote if "ordinal" in facts else "",
    }


def _date_text(fact):
    if fact is None:
        return "unknown"
    value = fact.value
    if value.is_known or value.not_after:
        return str(value)
    return "unknown"


def draft_title(reading):
    """A working title from what was read: "C5+1 summit, New York"."""
    facts = reading.facts
    parts = []
    if "series" in facts:
        parts.append(facts["series"].label)
    kind = Meeting.Kind(facts["kind"].value).label if "kind" in facts else "meeting"
    parts.append(str(kind))
    title = " ".join(parts)
    if "place" in facts:
        title += f", {facts['place'].value[1]}"
    date = reading.date
    if date.is_known:
        title += f", {date.start.year}"
    return title[:1].upper() + title[1:]


# --- saving ------------------------------------------------------------------------------------------


class Saver:
    """Writes accepted rows as working rows with their citations, stamped with who and why."""

    def __init__(self, source, by):
        self.source, self.by = source, by
        self.cited = 0

    def stamp(self, obj):
        obj._history_user = self.by
        obj._change_reason = CHANGE_REASON
        return obj

    def save(self, obj):
        self.stamp(obj).save()
        return obj

    def cite(self, fact, quote, field=""):
        citation = Citation(source=self.source, quote=quote, field=field, created_by=self.by)
        citation.content_object = fact
        exists = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(fact),
            object_id=fact.pk,
            field=field,
            source=self.source,
            quote=quote,
        ).exists()
        if not exists:
            self.save(citation)
            self.cited += 1

    def country(self, code):
        if not code:
            return None
        country = Country.objects.filter(code=code).first()
        return country or self.save(Country(code=code, name=COUNTRY_NAMES.get(code, code), is_c5=code != "US"))

    def series(self, name):
        name = name.strip()
        if not name:
            return None
        series = Series.objects.filter(name__iexact=name).first()
        return series or self.save(Series(name=name, slug=unique_slug(Series, name)))

    def place(self, reported, key):
        reported = reported.strip()
        if not reported:
            return None
        if (pk := _record_id(key, "place")) and (place := Place.objects.filter(pk=pk).first()):
            return place
        by_name = Place.objects.filter(name=reported).first() or Place.objects.filter(names__name=reported).first()
        if by_name:
            return by_name
        entry = None
        if (pk := _record_id(key, "gazetteer")) is not None:
            entry = GazetteerEntry.objects.filter(pk=pk, kind=GazetteerEntry.Kind.PLACE).first()
        if entry is None:
            entry = next((e for e in GazetteerEntry.objects.filter(kind=GazetteerEntry.Kind.PLACE) if reported in e.all_names()),
                         None)  # fmt: skip
        if entry is None or not entry.country_code:
            return None  # a place the desk cannot tie to a country stays as reported only
        place = Place.objects.filter(name=entry.name).first() or self.save(
            Place(name=entry.name, slug=unique_slug(Place, entry.name), country=self.country(entry.country_code))
        )
        if reported != place.name and not place.names.filter(name=reported).exists():
            self.save(PlaceName(place=place, name=reported, kind=PlaceName.Kind.SPELLING))
        return place

    def person(self, row):
        """The row's person: a known one, or a new draft with the position the text gives, cited."""
        if (pk := _record_id(row["person"], "person")) and (person := Person.objects.filter(pk=pk).first()):
            return person, False
        name = " ".join(row["name"].split())
        entry = None
        if (pk := _record_id(row["person"], "gazetteer")) is not None:
            entry = GazetteerEntry.objects.filter(pk=pk, kind=GazetteerEntry.Kind.PERSON).first()
        names = entry.all_names() if entry else [name]
        wanted = {normalize(n).lower() for n in names}
        family = names[0].split()[-1]
        # Candidates by name or by an alias sharing the family name; compared after normalising.
        for existing in Person.objects.filter(Q(name__in=names) | Q(aliases__icontains=family) | Q(name__icontains=family)):
            if {normalize(n).lower() for n in existing.all_names()} & wanted:
                return existing, False
        canonical = entry.name if entry else name
        aliases = [n for n in names if n != canonical]
        if name not in aliases and name != canonical:
            aliases.append(name)
        words = canonical.split()
        person = Person(
            name=canonical, sort_name=f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else canonical,
            slug=unique_slug(Person, canonical), aliases=aliases, country=self.country(row["country"]),
            last_changed_by=self.by,
        )  # fmt: skip
        self.save(person)
        position = self.save(Position(person=person, title=row["role"].strip(), country=self.country(row["country"])))
        self.cite(position, row["quote"])
        return person, True

    def topic(self, name):
        name = name.strip()
        topic = Topic.objects.filter(name__iexact=name).first()
        return topic or self.save(Topic(name=name, slug=unique_slug(Topic, name)))


def unique_slug(model, text, *, limit=190):
    base = slugify(text)[:limit] or model._meta.model_name
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _accepted(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get("accept")]


@transaction.atomic
def save_draft(source, meeting_form, rows, *, by):
    """Create the draft meeting and every accepted fact with its citation; return (meeting, counts)."""
    data = meeting_form.cleaned_data
    saver = Saver(source, by)
    parsed = data["parsed_date"]
    meeting = Meeting(
        title=data["title"], slug=unique_slug(Meeting, data["title"]), kind=data["kind"], format=data["format"],
        series=saver.series(data.get("series") or ""), ordinal=data.get("ordinal"),
        place=saver.place(data.get("place") or "", data.get("place_key") or ""),
        place_name_reported=(data.get("place") or "").strip(), last_changed_by=by, **parsed.meeting_fields(),
    )  # fmt: skip
    if meeting.ordinal and meeting.series and Meeting.objects.filter(series=meeting.series, ordinal=meeting.ordinal).exists():
        raise ValidationError(f"Another meeting of {meeting.series} is number {meeting.ordinal}: check the number.")
    saver.save(meeting)
    for name in Meeting.CITED_FIELDS:
        if name in meeting.stated_fields() and data.get(f"{name}_quote"):
            saver.cite(meeting, data[f"{name}_quote"], name)
    counts = _save_rows(saver, meeting, rows)
    return meeting, counts


def _save_rows(saver, meeting, rows):
    counts = {"participants": 0, "new people": 0, "countries": 0, "topics": 0, "outcomes": 0}
    represented = {d.country_id for d in meeting.delegations.all()}
    present = {p.person_id: p for p in meeting.participations.all()}
    for row in _accepted(rows["participants"]):
        person, created = saver.person(row)
        counts["new people"] += created
        participation = present.get(person.pk)
        if participation is None:
            country = saver.country(row["country"]) or person.country
            participation = saver.save(Participation(
                meeting=meeting, person=person, role=row["role"].strip(), country=country,
                position=_position_held(person, meeting, row["role"]),
            ))  # fmt: skip
            present[person.pk] = participation
            counts["participants"] += 1
        saver.cite(participation, row["quote"], "role")
        # The country the participant represented was represented: cited by the same passage.
        if participation.country_id:
            delegation = Delegation.objects.filter(meeting=meeting, country_id=participation.country_id).first()
            if delegation is None:
                delegation = saver.save(Delegation(meeting=meeting, country_id=participation.country_id))
                counts["countries"] += 1
            represented.add(participation.country_id)
            saver.cite(delegation, row["quote"])
    for row in _accepted(rows["countries"]):
        country = saver.country(row["country"])
        delegation = Delegation.objects.filter(meeting=meeting, country=country).first()
        if delegation is None:
            delegation = saver.save(Delegation(meeting=meeting, country=country))
            counts["countries"] += 1
        saver.cite(delegation, row["quote"])
    for row in _accepted(rows["topics"]):
        topic = saver.topic(row["topic"])
        link = MeetingTopic.objects.filter(meeting=meeting, topic=topic).first()
        if link is None:
            link = saver.save(MeetingTopic(meeting=meeting, topic=topic))
            counts["topics"] += 1
        saver.cite(link, row["quote"])
    for row in _accepted(rows["outcomes"]):
        outcome = meeting.outcomes.filter(kind=row["kind"]).first()
        if outcome is None:
            outcome = saver.save(Outcome(
                meeting=meeting, kind=row["kind"], description=row["description"].strip(), amount=row.get("amount"),
                currency=row.get("currency") or "",
            ))  # fmt: skip
            counts["outcomes"] += 1
        saver.cite(outcome, row["quote"])
    counts["citations"] = saver.cited
    return counts


def _position_held(person, meeting, role):
    """The one position of the person that may cover the meeting's date (and, given several, matches the role)."""
    positions = [p for p in person.positions.all() if p.may_cover(meeting.date_lo)]
    if len(positions) > 1:
        positions = [p for p in positions if normalize(p.title).lower() in normalize(role).lower()] or positions
    return positions[0] if len(positions) == 1 else None


@transaction.atomic
def save_additions(source, meeting, form, rows, *, by):
    """Add the accepted facts to a known meeting, as an edit of its working record (version-checked)."""
    current = workflow.lock_for_edit(meeting, base_version=form.cleaned_data["base_version"], by=by)
    saver = Saver(source, by)
    data = form.cleaned_data
    changed_fields = []
    if data.get("date_accept") and "parsed_date" in data:
        parsed = data["parsed_date"]
        if not current.date.is_known and (parsed.date.is_known or parsed.date.not_after):
            for name, value in parsed.meeting_fields().items():
                setattr(current, name, value)
            changed_fields.append("date")
        saver.cite(current, data["date_quote"], "date")
    if data.get("kind_accept"):
        saver.cite(current, data["kind_quote"], "kind")
    if data.get("place_accept") and current.place_id:
        saver.cite(current, data["place_quote"], "place")
    counts = _save_rows(saver, current, rows)
    current.version += 1
    current.last_changed_by = by
    saver.save(current)
    counts["date"] = bool(changed_fields)
    return current, counts


# --- the view -----------------------------------------------------------------------------------------


def desk_view(model_admin, request, object_id):
    """GET: the article's proposals on one screen; POST: save the accepted ones as a draft (or additions)."""
    source = get_object_or_404(Source, pk=object_id)
    if not (request.user.has_perm("events.add_meeting") and model_admin.has_view_permission(request, source)):
        raise PermissionDenied
    remember_source(request, source)
    reading, match = propose(source)
    if request.GET.get("new") == "1" or request.POST.get("new") == "1":
        match = None
    rows_initial = initial_rows(reading, match)
    bound = request.method == "POST"
    formsets = {}
    for name, factory in ROWS.items():
        formset = factory(request.POST if bound else None, prefix=name, initial=rows_initial[name],
                          form_kwargs={})  # fmt: skip
        for form in formset.forms:
            form.source = source
        formsets[name] = formset
    if match:
        meeting_form = AdditionsForm(request.POST if bound else None, initial=additions_initial(reading, match))
    else:
        meeting_form = MeetingForm(request.POST if bound else None, initial=meeting_initial(reading, source))
    meeting_form.source = source
    if bound and meeting_form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            if match:
                meeting, counts = save_additions(source, match.meeting, meeting_form, formsets, by=request.user)
            else:
                meeting, counts = save_draft(source, meeting_form, formsets, by=request.user)
        except (ValidationError, workflow.WorkflowError) as error:
            messages.error(
                request, "Nothing was saved: " + (error.message if hasattr(error, "message") else "; ".join(error.messages))
            )
        else:
            summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n and k != "date")
            verb = "Added to" if match else "Drafted"
            if "_submit" in request.POST:
                try:
                    workflow.submit(record=meeting, by=request.user, comment=f"From “{source.title}”.")
                except workflow.WorkflowError as error:
                    messages.error(request, f"Saved, but not submitted: {error.message}")
                else:
                    meeting.refresh_from_db()
            messages.success(request, f"{verb} “{meeting}” from the article ({summary}); it is {meeting.get_status_display()}.")
            return HttpResponseRedirect(reverse("admin:events_meeting_change", args=[meeting.pk]))
    examples = [(e, e.passage.quote) for e in reading.other_events]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Draft from article: {source.title}",
        "source": source,
        "opts": Source._meta,
        "original": source,
        "reading": reading,
        "match": match,
        "meeting_form": meeting_form,
        "formsets": formsets,
        "sections": [
            {
                "name": name,
                "title": title,
                "formset": formsets[name],
                "rows": list(zip(formsets[name].forms, rows_initial[name] + [{}] * 2, strict=False)),
            }
            for name, title in SECTIONS.items()
        ],  # fmt: skip
        "other_events": examples,
        "date_preview": _date_preview(meeting_form, source),
        "can_submit": workflow.has_perm(request.user, Meeting(), "submit"),
    }
    return TemplateResponse(request, "admin/desk/draft.html", context)


def additions_initial(reading, match):
    facts = reading.facts
    meeting = match.meeting
    date = facts.get("date")
    resolved = match.date
    initial = {"base_version": meeting.version}
    if date:
        shown = resolved if resolved is not None else date.value
        initial.update(date=str(shown) if (shown.is_known or shown.not_after) else "unknown",
                       date_quote=date.passage.quote,
                       date_accept=bool(shown.is_known and (not meeting.date.is_known or shown == meeting.date)))  # fmt: skip
    if "kind" in facts and facts["kind"].value == meeting.kind:
        initial.update(kind_accept=True, kind_quote=facts["kind"].passage.quote)
    if "place" in facts and meeting.place_id and _record_id(facts["place"].value[0], "place") == meeting.place_id:
        initial.update(place_accept=True, place_quote=facts["place"].passage.quote)
    return initial


def _date_preview(form, source):
    """The date field's text read back (value and precision), for the editor to check."""
    text = form["date"].value() if "date" in form.fields else ""
    try:
        parsed = parse_date(text or "", reference=reference_day(source))
    except DateParseError as error:
        return {"error": str(error)}
    return {"display": parsed.display, "precision": parsed.date.precision, "note": parsed.note}


def desk_date_check(request):
    """The parsed value and precision of a typed date (JSON), for the desk's and meeting form's date fields."""
    from django.http import JsonResponse  # noqa: PLC0415

    reference = None
    if request.GET.get("reference"):
        try:
            reference = datetime.date.fromisoformat(request.GET["reference"])
        except ValueError:
            return JsonResponse({"error": "reference: use YYYY-MM-DD"}, status=400)
    try:
        parsed = parse_date(request.GET.get("text", ""), reference=reference)
    except DateParseError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"display": parsed.display, "precision": parsed.date.precision, "note": parsed.note})


# --- fewer repetitions on the meeting form ---------------------------------------------------------------

SESSION_SOURCE = "c5_desk_source"


def remember_source(request, source):
    """The article the editor is working from: the meeting form's citing rows default to it."""
    request.session[SESSION_SOURCE] = source.pk


def current_source(request):
    """The id of the article the editor started from (a prefilled start, or the last article opened), or None."""
    value = request.GET.get("cite_source") or request.session.get(SESSION_SOURCE)
    return int(value) if str(value or "").isdigit() and Source.objects.filter(pk=value).exists() else None


def represent_participants_countries(meeting, *, by):
    """Countries represented follow from the participants: each participant's country gets its row, cited
    by the participation's own passages. Returns how many rows were added."""
    added = 0
    saver = Saver(None, by)
    for participation in meeting.participations.filter(country__isnull=False).prefetch_related("citations__source"):
        delegation = Delegation.objects.filter(meeting=meeting, country_id=participation.country_id).first()
        citations = [c for c in participation.citations.all() if c.stance == Citation.Stance.SUPPORTS]
        if not citations:
            continue
        if delegation is None:
            delegation = saver.save(Delegation(meeting=meeting, country_id=participation.country_id))
            added += 1
        if not delegation.citations.exists():
            for citation in citations:
                saver.source = citation.source
                saver.cite(delegation, citation.quote)
    return added


def position_warnings(meeting):
    """Participations linked to a position whose known dates exclude the meeting's, or to another's position."""
    warnings = []
    for participation in meeting.participations.select_related("person", "position__person"):
        position = participation.position
        if position is None:
            continue
        if position.person_id != participation.person_id:
            warnings.append(f"{participation.person}: linked to a position of {position.person} (“{position.title}”)")
        elif meeting.date_lo and not position.may_cover(meeting.date_lo):
            warnings.append(
                f"{participation.person}: the meeting ({meeting.date}) falls outside the position “{position.title}” "
                f"({position.start} – {position.end})"
            )
    return warnings
