"""Filters and tags of the public site: dates at their precision, JSON-LD, page links, safe addresses."""

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from c5site.partial_dates import PartialDate, display

register = template.Library()

# The same escapes as django.utils.html.json_script: "<", ">" and "&" become \u003C…,
# so that a "</script>" inside a title cannot close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def partial_date(value):
    """A PartialDate (or a record with a `date`) as readers read it: "July 27–28, 2023"."""
    if value is None:
        return "date not reported"
    if not isinstance(value, PartialDate):
        value = value.date
    return display(value)


@register.filter
def jsonld(data):
    """The data as JSON for a `<script type="application/ld+json">` element, escaped like json_script."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308  # escaped


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with `page` set to `number`, other query parameters kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def safe_url(value):
    """The address if it is http(s), else "": a `javascript:` link in a source must not be clickable."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


@register.filter
def day(value):
    """A date or datetime as its day, "2024-05-01" (a datetime's in the current time zone): what
    `|date:"Y-m-d"` gives, for the thousand lastmods of a sitemap file, without its format parser."""
    if isinstance(value, datetime.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value.isoformat()
