"""Filters and tags of the public site: dates at their precision, JSON-LD, the timeline."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from c5site.links import path_of, url_maker
from c5site.markup import html, html_join
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


@register.simple_tag
def path(name):
    """The address of a view that takes no arguments, as {% url name %} gives it, reversed
    once per process (c5site.links.path_of)."""
    return path_of(name)


@register.simple_tag
def jsonld(data):
    """`<script type="application/ld+json">` with the data escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308  # escaped above


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


@register.simple_tag
def met_items(met):
    """The `<li>` of each official met, with links to the meetings: `{% met_items met %}`.

    `met` is a list of {"slug", "name", "country", "meetings": [(slug, title)]} (people.views);
    built here rather than by a template loop, as a busy official met hundreds of people."""
    person_url = url_maker("people:person-detail", "slug")
    meeting_url = url_maker("events:meeting-detail", "slug")
    return html_join(
        "",
        '<li><a href="{}">{}</a>{}:\n        {}</li>\n',
        (
            (
                person_url(entry["slug"]),
                entry["name"],
                html(" ({})", entry["country"]) if entry["country"] else "",
                html_join("; ", '<a href="{}">{}</a>', ((meeting_url(s), t) for s, t in entry["meetings"])),
            )
            for entry in met
        ),
    )
