"""Spellings of a name that search treats as one: Токаев, Tokayev, Toqaev; Самарканд, Samarkand, Samarqand.

Reference data for search alone: a spelling says how a name is written, not anything about
the world, and no page shows it. Search looks each word a reader types up here and looks for
every spelling of its name too (events/published/search.py). Because a change applies to
public search at once, editors (not contributors) keep these lists (events/roles.py).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..published.search_text import spelling_key

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class SpelledName(models.Model):
    """A name that is written in several ways, in one script or several: a person's, a place's."""

    label = models.CharField(max_length=100, unique=True, help_text="How editors know this name, e.g. “Tokayev” or “Samarkand”.")
    note = models.CharField(max_length=300, blank=True, help_text="For other editors: whose name it is, or which place.")

    class Meta:
        ordering = ["label"]
        verbose_name = _("name and its spellings")
        verbose_name_plural = _("names and their spellings")

    def __str__(self):
        return self.label


class Spelling(models.Model):
    """One way of writing a name, in one script: search finds what any spelling of the name finds."""

    class Script(models.TextChoices):
        LATIN = "latin", _("Latin")
        CYRILLIC = "cyrillic", _("Cyrillic")

    name = models.ForeignKey(SpelledName, on_delete=models.CASCADE, related_name="spellings")  # a part of its name
    text = models.CharField(max_length=100, help_text="As it is written: “Тоқаев”, “Nur-Sultan”, “Oʻzbekiston”.")
    script = models.CharField(max_length=10, choices=Script.choices)
    key = models.CharField(
        max_length=200, editable=False, db_index=True, help_text="The text as search compares it (folded words)."
    )

    class Meta:
        ordering = ["name", "script", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "key"],
                name="spelling_unique_in_name",
                violation_error_message="This name already has that spelling.",
            ),
            models.CheckConstraint(
                condition=~Q(key=""), name="spelling_has_words", violation_error_message="A spelling needs letters or digits."
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        self.key = spelling_key(self.text)
        if not self.key:
            raise ValidationError({"text": "A spelling needs letters or digits."})
        other = self.Script.CYRILLIC if self.script == self.Script.LATIN else self.Script.LATIN
        pattern = {self.Script.LATIN: _LATIN, self.Script.CYRILLIC: _CYRILLIC}
        if self.script in pattern and (not pattern[self.script].search(self.text) or pattern[other].search(self.text)):
            raise ValidationError({"script": f"“{self.text}” is not written in the {self.get_script_display()} script."})

    def save(self, *args, **kwargs):
        self.key = spelling_key(self.text)
        super().save(*args, **kwargs)
