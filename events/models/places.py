"""Places where meetings happen, under every name they have had."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from c5site.records import Versioned
from people.models import Country


class Place(Versioned):
    """A city (or venue) where a meeting took place, filed under its name today."""

    name = models.CharField(max_length=200, help_text="The name in use today: Astana, not Nur-Sultan.")
    slug = models.SlugField(max_length=200, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="places",  # reference data under recorded meetings
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="place_name_country_unique")]

    def __str__(self):
        return self.name

    def name_kind(self, name):
        """How `name` relates to this place: "current", "former", "spelling" or None."""
        if name == self.name:
            return "current"
        for other in self.names.all():
            if other.name == name:
                return other.kind
        return None

    def all_names(self):
        return [self.name, *(n.name for n in self.names.all())]


class PlaceName(models.Model):
    """Another name a place has had (Nur-Sultan, 2019–2022) or another spelling (Samarqand)."""

    class Kind(models.TextChoices):
        FORMER = "former", _("former official name")
        SPELLING = "spelling", _("other spelling")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")  # names go with their place
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["place", "from_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name", "from_year"], name="placename_unique"),
            models.CheckConstraint(
                condition=Q(to_year__isnull=True) | Q(from_year__isnull=True) | Q(to_year__gte=models.F("from_year")),
                name="placename_years_ordered",
                violation_error_message="A name cannot end before it begins.",
            ),
        ]

    def __str__(self):
        years = f" ({self.from_year or ''}–{self.to_year or ''})" if self.from_year or self.to_year else ""
        return f"{self.name}{years}"
