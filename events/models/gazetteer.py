"""The names the editors' desk recognises in articles beyond the record's own: officials, cities, terms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from c5site.records import Versioned


def validate_names(value):
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValidationError("Other names are a list of non-empty names.")


class GazetteerEntry(Versioned):
    """A name that articles use for an official, a city or a topic, and what it stands for.

    Reference data for the desk, never shown to the public: "Kassym-Jomart Tokayev — President of
    Kazakhstan", "Samarqand — a city of Uzbekistan", "narcotics — Counter-narcotics". Only facts
    anyone can check; no dates, which belong to cited positions."""

    SEEDED_BY_MIGRATION = True  # events/0013 ships the first entries; an imported record replaces them

    class Kind(models.TextChoices):
        PERSON = "person", _("official")
        PLACE = "place", _("city")
        TERM = "term", _("term for a topic")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="As most English-language sources write it: “Shavkat Mirziyoyev”.")
    other_names = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text='Other spellings and scripts found in articles, e.g. ["Shavkat Mirziyoev", "Шавкат Мирзиёев"].',
    )
    country_code = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 of the official's or city's country: KZ, US."
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="An official's title, as sources give it: “President of Kazakhstan”."
    )
    topic = models.CharField(max_length=100, blank=True, help_text="For a term: the name of the topic it stands for.")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "gazetteer entry"
        verbose_name_plural = "gazetteer"
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="gazetteerentry_unique_name"),
            models.CheckConstraint(
                condition=Q(country_code="") | Q(country_code__regex=r"^[A-Z][A-Z]$"),
                name="gazetteerentry_country_code",
                violation_error_message="A country code is two capital letters (ISO 3166-1 alpha-2).",
            ),
            models.CheckConstraint(
                condition=~Q(kind="term") | ~Q(topic=""),
                name="gazetteerentry_term_has_topic",
                violation_error_message="A term needs the topic it stands for.",
            ),
        ]

    def __str__(self):
        detail = self.title or self.topic or self.country_code
        return f"{self.name} — {detail}" if detail else self.name

    def all_names(self):
        return [self.name, *self.other_names]
