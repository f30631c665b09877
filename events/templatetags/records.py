"""Filters of the record pages (events.site.records) for values of the published record's documents."""

import datetime

from django import template

from c5site.partial_dates import PartialDate, display

register = template.Library()


@register.filter
def source_published(source):
    """A resolved source's publication date at its precision, or that it is not stated."""
    published = (source or {}).get("published_on")
    if not published:
        return "publication date not stated"
    return display(PartialDate(datetime.date.fromisoformat(published), source.get("published_precision") or "day"))
