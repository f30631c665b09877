"""c5site.markup writes what django.utils.html's format_html and format_html_join write."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from c5site.markup import html, html_join

VALUES = [
    '<script>alert("x")</script>',
    "O'Brien & Sons",
    "plain",
    mark_safe("<b>already safe</b>"),
    gettext_lazy("Ministerial meeting"),
    42,
    None,
    "",
    "“curly” — Ω",
]


def test_html_escapes_each_value_as_format_html_does():
    for value in VALUES:
        ours = html('<a title="{}">{}</a>', value, value)
        assert ours == format_html('<a title="{}">{}</a>', value, value)
        assert isinstance(ours, SafeString)


def test_html_join_escapes_each_row_as_format_html_join_does():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    ours = html_join("; ", "<li>{} ({})</li>", rows)
    assert ours == format_html_join("; ", "<li>{} ({})</li>", rows)
    assert isinstance(ours, SafeString)
    assert html_join("", "{}", []) == ""
