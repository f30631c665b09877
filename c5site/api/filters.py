"""Filter pieces every API endpoint shares: partial dates, country codes, slugs, free text, ordering.

Each validates its query parameter so that a malformed value answers 400 naming it,
and a well-formed value that names nothing matches nothing (an empty page).
"""

import re

import django_filters as filters
from django import forms
from django.core.validators import RegexValidator, validate_slug
from django.db.models import F
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from c5site import partial_dates

PARTIAL_DATE_PATTERN = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
MAX_ID = 2**53  # beyond any real id, and within what every database and JSON client handles
COUNTRY_CODE = RegexValidator(r"^[A-Za-z]{2}$", "Use a two-letter ISO 3166-1 code, such as KZ (any case).")


class PartialDateFormField(forms.CharField):
    """Cleans "2023", "2023-07" or "2023-07-28" to the (first, last) days it covers."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.match(PARTIAL_DATE_PATTERN, value):
            raise forms.ValidationError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (2023, 2023-07, 2023-07-28).")
        try:
            return partial_dates.parse(value)
        except partial_dates.PartialDateError as error:
            raise forms.ValidationError(str(error)) from None


@extend_schema_field(
    {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "example": "2023-07",
        "description": "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2023 is the whole year).",
    }
)
class PartialDateFilter(filters.Filter):
    field_class = PartialDateFormField


@extend_schema_field({"type": "string", "pattern": r"^[A-Za-z]{2}$", "example": "kz"})
class CountryCodeFilter(filters.CharFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [COUNTRY_CODE])
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"})
class SlugFilter(filters.CharFilter):
    """A slug; a well-formed slug that names nothing published matches nothing (an empty page)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_slug])
        super().__init__(*args, **kwargs)


class OrderingFilter(filters.OrderingFilter):
    """django-filter's ordering with nulls last both ways (records of unknown date go at the end on
    SQLite and PostgreSQL alike) and the primary key as tie-break, so pages never overlap."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            expression = F(self.param_map[param.lstrip("-")])
            ordering.append(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


class TextFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        # PostgreSQL refuses NUL in a string; no real text contains one.
        return value.replace("\x00", "") if isinstance(value, str) else value


class TextFilter(filters.CharFilter):
    """Free text, at most a few hundred characters."""

    field_class = TextFormField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
