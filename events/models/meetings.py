"""Meetings and what is known of each: who took part, in which role, on what, with what result."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from c5site.partial_dates import PartialDate, Precision
from c5site.records import PublishableQuerySet, Status, Versioned, WorkflowRecord
from people.models import Country, Person, Position

from .places import Place


class Series(Versioned):
    """A recurring diplomatic format, such as C5+1."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.name


class Topic(Versioned):
    """A subject discussed at meetings: security, Afghanistan, climate…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:topic-detail", kwargs={"slug": self.slug})


class MeetingQuerySet(PublishableQuerySet):
    def for_list_page(self):
        """Published meetings with place, series and topics loaded: a fixed number of queries."""
        return self.published().select_related("place__country", "series").prefetch_related("topics")

    def newest_first(self):
        """Latest first by the last day a meeting may have taken place; undated ones last on every database.

        A meeting known only to be "on or before" a day sorts at that day."""
        return self.order_by(models.F("date_hi").desc(nulls_last=True), models.F("date_lo").desc(nulls_last=True), "-pk")

    def in_range(self, after=None, before=None):
        """Meetings whose whole date range lies within [after, before]; unknown dates never match."""
        qs = self
        if after is not None:
            qs = qs.filter(date_lo__gte=after)
        if before is not None:
            qs = qs.filter(date_hi__lte=before)
        return qs

    def for_api(self):
        """Published meetings with everything the API shows of each (place, series, participants,
        countries, topics, outcomes and every citation with its source): a fixed number of queries
        per page, whatever the number of meetings.

        Participations of published people only (rule 2), loaded into lists (`api_*` attributes)
        rather than per-row querysets, and without the sources' full text: this halves the time
        of a page."""
        from .evidence import Citation  # noqa: PLC0415

        # Only the columns the API shows of a citation and its source (about ten per meeting on a
        # page): no full text, no offsets, no timestamps to parse.
        cited = (
            Citation.objects.select_related("source__publisher")
            .only(
                "id",
                "content_type_id",
                "object_id",
                "quote",
                "field",
                "stance",
                "note",
                "source__id",
                "source__title",
                "source__url",
                "source__published_on",
                "source__published_precision",
                "source__publisher__id",
                "source__publisher__name",
            )  # fmt: skip
            .order_by("pk")
        )

        def children(queryset, to_attr):
            return Prefetch(
                to_attr.removeprefix("api_"),
                queryset=queryset.prefetch_related(Prefetch("citations", queryset=cited, to_attr="api_citations")),
                to_attr=to_attr,
            )

        return (
            self.published()
            .select_related("place__country", "series")
            .prefetch_related(
                Prefetch("citations", queryset=cited, to_attr="api_citations"),
                children(
                    Participation.objects.filter(person__status=Status.PUBLISHED).select_related("person", "country"),
                    "api_participations",
                ),
                children(Delegation.objects.select_related("country"), "api_delegations"),
                children(MeetingTopic.objects.select_related("topic"), "api_meeting_topics"),
                children(Outcome.objects.all(), "api_outcomes"),
            )
        )


def place_display(reported, name, kind):
    """A place as reported, with its name today where that differs: "Nur-Sultan (now Astana)".
    `kind` is how the reported name relates to the place (Place.name_kind)."""
    if kind == "former":
        return f"{reported} (now {name})"
    if kind == "spelling" or (kind is None and reported != name):
        return f"{reported} ({name})"
    return reported


class Meeting(WorkflowRecord):
    """A meeting, call or conference between officials, as the sources report it."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", _("summit")
        MINISTERIAL = "ministerial", _("ministerial meeting")
        SPECIAL_SESSION = "special_session", _("special session")
        WORKING_GROUP = "working_group", _("working group")
        BILATERAL = "bilateral", _("bilateral meeting")
        PHONE_CALL = "phone_call", _("phone call")
        VIDEO_CONFERENCE = "video_conference", _("video conference")
        ROUNDTABLE = "roundtable", _("roundtable")
        OTHER = "other", _("other")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        VIRTUAL = "virtual", _("virtual")
        PHONE = "phone", _("phone")
        UNKNOWN = "unknown", _("not reported")

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.UNKNOWN)
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a series with meetings on record stays
        related_name="meetings",
        help_text="Leave empty for a meeting outside any format (a bilateral call).",
    )
    ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text='Only where a source numbers the meeting ("the 10th").',
    )
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",  # places are reference data
    )
    place_name_reported = models.CharField(
        max_length=200, blank=True, help_text="The place's name as the source gives it: Nur-Sultan, Samarqand."
    )
    start_date = models.DateField(null=True, blank=True, help_text="First day (of the month or year, at that precision).")
    end_date = models.DateField(null=True, blank=True, help_text="Last day, for meetings over several days.")
    date_precision = models.CharField(
        max_length=8,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        help_text="Unknown where no source gives a date: never guess one.",
    )
    date_not_after = models.DateField(
        null=True,
        blank=True,
        help_text='For an unknown date that a source bounds: "a recent call" in an article of that day.',
    )
    # The range of days the date may stand for, kept for filtering and indexing.
    date_lo = models.DateField(null=True, blank=True, editable=False)
    date_hi = models.DateField(null=True, blank=True, editable=False)
    summary = models.TextField(blank=True)

    citations = GenericRelation("events.Citation", related_query_name="meeting")
    history = HistoricalRecords(excluded_fields=["date_lo", "date_hi", "version", "updated_at"])
    objects = MeetingQuerySet.as_manager()

    topics = models.ManyToManyField(Topic, through="MeetingTopic", related_name="meetings", blank=True)

    # Facts on the meeting row itself that must be cited before publication.
    CITED_FIELDS = ("date", "place", "kind", "format", "ordinal", "summary")

    class Meta:
        ordering = ["-date_lo", "-pk"]
        permissions = [("review_meeting", "Can review, publish, request changes on and retract meetings")]
        indexes = [
            models.Index(fields=["status", "date_lo"], name="meeting_status_date_idx"),
            models.Index(fields=["date_hi"], name="meeting_date_hi_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="meeting_end_after_start",
                violation_error_message="A meeting cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(date_precision="unknown") & Q(start_date__isnull=True) & Q(end_date__isnull=True))
                | (~Q(date_precision="unknown") & Q(start_date__isnull=False) & Q(date_not_after__isnull=True)),
                name="meeting_date_matches_precision",
                violation_error_message=(
                    "A known date needs a start day and no bound; an unknown date has no start or end, only a bound."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="meeting_ordinal_positive",
                violation_error_message="An ordinal counts from 1.",
            ),
            models.UniqueConstraint(
                fields=["series", "ordinal"],
                condition=Q(ordinal__isnull=False),
                name="meeting_unique_ordinal_in_series",
                violation_error_message="Another meeting of this series has this number.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:meeting-detail", kwargs={"slug": self.slug})

    @property
    def date(self):
        return PartialDate(self.start_date, self.date_precision, self.end_date, self.date_not_after)

    def save(self, *args, **kwargs):
        self.date_lo, self.date_hi = self.date.range()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "date_lo", "date_hi"}
        super().save(*args, **kwargs)

    @property
    def place_display(self):
        """The place as reported, with today's name where it differs: "Nur-Sultan (now Astana)"."""
        if not self.place:
            return self.place_name_reported
        reported = self.place_name_reported or self.place.name
        return place_display(reported, self.place.name, self.place.name_kind(reported))

    def stated_fields(self):
        """The cited fields of this row that state something (an empty one states nothing)."""
        stated = {
            "date": self.date_precision != Precision.UNKNOWN or self.date_not_after is not None,
            "place": self.place_id is not None,
            "kind": True,
            "format": self.format != self.Format.UNKNOWN,
            "ordinal": self.ordinal is not None,
            "summary": bool(self.summary.strip()),
        }
        return [name for name in self.CITED_FIELDS if stated[name]]

    def uncited_facts(self):
        """Each fact of this meeting that lacks a valid supporting citation or has a broken one,
        named for the editor: "participation: Thomas West — no citation"."""
        problems = []
        meeting_citations = list(self.citations.all())
        for name in self.stated_fields():
            problems += _citation_problems(f"meeting {name}", [c for c in meeting_citations if c.field == name])
        children = [
            (
                "participation",
                self.participations.select_related("person").prefetch_related("citations"),
                lambda p: p.person.name,
            ),
            ("country", self.delegations.select_related("country").prefetch_related("citations"), lambda d: d.country.name),
            ("topic", self.meeting_topics.select_related("topic").prefetch_related("citations"), lambda t: t.topic.name),
            ("outcome", self.outcomes.prefetch_related("citations"), lambda o: o.description[:60]),
        ]
        for label, rows, name in children:
            for row in rows:
                problems += _citation_problems(f"{label}: {name(row)}", list(row.citations.all()))
        return problems

    def participation_warnings(self):
        """Participations whose role falls outside every known position of the person then."""
        warnings = []
        day = self.date_lo
        for participation in self.participations.select_related("person").prefetch_related("person__positions"):
            positions = list(participation.person.positions.all())
            if day and positions and not any(p.may_cover(day) for p in positions):
                warnings.append(
                    f"{participation.person}: no known position on {day:%Y-%m-%d}; role given as “{participation.role}”"
                )
        return warnings


def _citation_problems(label, citations):
    problems = [f"{label} — broken citation (quote not found in source {c.source_id})" for c in citations if not c.is_valid]
    if not any(c.is_valid and c.stance == c.Stance.SUPPORTS for c in citations):
        problems.insert(0, f"{label} — no citation")
    return problems


class ParticipationQuerySet(models.QuerySet):
    def public(self):
        """Participations the public may see: a published person at a published meeting."""
        return self.filter(meeting__status=Status.PUBLISHED, person__status=Status.PUBLISHED)


class Participation(models.Model):
    """A person took part in a meeting, in the role a source gives for that time, for a country."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="participations",  # part of the meeting record
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participations",  # a person on record at a meeting stays
    )
    role = models.CharField(
        max_length=300, help_text="The role as the source gives it at the time: “Special Representative for Afghanistan”."
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="The country the person represented.",
    )
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the reported role stands even if the position record goes
        related_name="participations",
        help_text="The position held on that date, where known.",
    )

    citations = GenericRelation("events.Citation", related_query_name="participation")
    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "country__name", "person__sort_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="participation_unique_person")]
        indexes = [models.Index(fields=["person", "meeting"], name="participation_person_idx")]

    def __str__(self):
        return f"{self.person} ({self.role}) at {self.meeting}"


class Delegation(models.Model):
    """A country was represented at a meeting, whether or not a source names its envoys."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")  # part of the meeting
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="delegations")  # reference data

    citations = GenericRelation("events.Citation", related_query_name="delegation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "country__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "country"], name="delegation_unique_country")]
        indexes = [models.Index(fields=["country", "meeting"], name="delegation_country_idx")]

    def __str__(self):
        return f"{self.country} at {self.meeting}"


class MeetingTopic(models.Model):
    """A topic was discussed at a meeting, as a source reports."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meeting_topics")  # part of the meeting
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="meeting_topics")  # topics are shared

    citations = GenericRelation("events.Citation", related_query_name="meeting_topic")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "topic__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "topic"], name="meetingtopic_unique_topic")]
        indexes = [models.Index(fields=["topic", "meeting"], name="meetingtopic_topic_idx")]

    def __str__(self):
        return f"{self.topic} at {self.meeting}"


class Outcome(models.Model):
    """What a meeting produced: a joint statement, a funding announcement, an initiative, an agreement."""

    class Kind(models.TextChoices):
        JOINT_STATEMENT = "joint_statement", _("joint statement")
        FUNDING = "funding", _("funding announcement")
        INITIATIVE = "initiative", _("initiative")
        AGREEMENT = "agreement", _("agreement")
        OTHER = "other", _("other")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")  # part of the meeting
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code, e.g. USD.")

    citations = GenericRelation("events.Citation", related_query_name="outcome")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="")
                | Q(amount__isnull=False, amount__gte=0, currency__regex=r"^[A-Z]{3}$"),
                name="outcome_amount_has_currency",
                violation_error_message="An amount needs its currency (ISO 4217, e.g. USD), and a currency an amount.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


__all__ = ["Delegation", "Meeting", "MeetingTopic", "Outcome", "Participation", "Series", "Topic"]
