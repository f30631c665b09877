"""Countries, organizations, officials and the positions they held over time.

This app never imports `events` at module level: the citations of a position are
reached through a GenericRelation declared by string, so dependencies run one way,
events → people.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from c5site.partial_dates import PartialDate, Precision
from c5site.records import PublishableQuerySet, Status, Versioned, WorkflowRecord


class Country(Versioned):
    """A state that takes part in C5+1 diplomacy, by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1 alpha-2.")],
        help_text="ISO 3166-1 alpha-2, upper case: KZ, KG, TJ, TM, UZ, US.",
    )
    name = models.CharField(max_length=100, unique=True)
    is_c5 = models.BooleanField(default=False, help_text="One of the five Central Asian states of the C5.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][A-Z]$"),
                name="country_code_alpha2",
                violation_error_message="A country code is two capital letters.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:country-detail", kwargs={"code": self.code.lower()})


class Organization(Versioned):
    """A ministry, government, international body or news outlet."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        MINISTRY = "ministry", _("ministry")
        INTERNATIONAL = "international", _("international body")
        MEDIA = "media", _("media outlet")
        OTHER = "other", _("other")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a country is reference data that facts point to
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a ministry is not removed while its departments are recorded
        related_name="children",
    )
    url = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organization_name_country_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.name


class PersonQuerySet(PublishableQuerySet):
    def for_list_page(self):
        """Published people with their country: a fixed number of queries."""
        return self.published().select_related("country")


WIKIDATA_ID = RegexValidator(r"^Q[1-9]\d*$", "A Wikidata id is Q followed by digits, e.g. Q42.")


def validate_aliases(value):
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValidationError("Aliases are a list of non-empty names.")


class Person(WorkflowRecord):
    """An official who took part in C5+1 diplomacy, under every spelling of their name."""

    name = models.CharField(max_length=200, help_text="The name as most sources spell it.")
    sort_name = models.CharField(max_length=200, help_text='Family name first, for sorting: "Blinken, Antony".')
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text='Other spellings found in sources, e.g. ["Mukhriddin, Sirojiddin"].',
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # reference data: never removed under a person
        related_name="people",
    )
    wikidata_id = models.CharField(max_length=20, blank=True, validators=[WIKIDATA_ID])
    summary = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        permissions = [("review_person", "Can review, publish, request changes on and retract people")]
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="person_wikidata_id_format",
                violation_error_message="A Wikidata id is Q followed by digits.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:person-detail", kwargs={"slug": self.slug})

    def all_names(self):
        return [self.name, *self.aliases]

    def uncited_facts(self):
        """Facts about this person that lack a valid supporting citation (for the publish gate)."""
        missing = []
        for position in self.positions.prefetch_related("citations"):
            if not any(c.is_valid and c.stance == "supports" for c in position.citations.all()):
                missing.append(f"position: {position.title} — no valid citation")
            missing += [f"position: {position.title} — broken citation" for c in position.citations.all() if not c.is_valid]
        return missing


class Position(Versioned):
    """A person held a title in an organization or for a country, over a span of time."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="positions",  # a position means nothing without its holder
    )
    title = models.CharField(max_length=300, help_text='As sources give it: "Minister of Foreign Affairs".')
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # an organization with recorded office-holders stays
        related_name="positions",
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="positions")
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)

    citations = GenericRelation("events.Citation", related_query_name="position")
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
                violation_error_message="A position cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(start_precision="unknown") & Q(start_date__isnull=True))
                | (~Q(start_precision="unknown") & Q(start_date__isnull=False)),
                name="position_start_matches_precision",
                violation_error_message="A start date needs a precision, and an unknown start no date.",
            ),
            models.CheckConstraint(
                condition=(Q(end_precision="unknown") & Q(end_date__isnull=True))
                | (~Q(end_precision="unknown") & Q(end_date__isnull=False)),
                name="position_end_matches_precision",
                violation_error_message="An end date needs a precision, and an unknown end no date.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"

    @property
    def start(self):
        return PartialDate(self.start_date, self.start_precision)

    @property
    def end(self):
        return PartialDate(self.end_date, self.end_precision)

    def may_cover(self, day):
        """False only where the known dates show the position was not held on `day`."""
        if day is None:
            return True
        first, _ = self.start.range()
        _, last = self.end.range()
        return not ((first and day < first) or (last and day > last))


__all__ = ["Country", "Organization", "Person", "Position", "Status"]
