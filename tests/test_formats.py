"""Numbers and dates print as English writes them, with the translation machinery off (settings.py)."""

import datetime

from django.template import Context, Template


def render(text, **context):
    return Template(text).render(Context(context))


def test_large_numbers_are_grouped_in_thousands():
    assert render('More than {{ n|floatformat:"0g" }} meetings', n=1000) == "More than 1,000 meetings"
    assert render('{{ n|floatformat:"0g" }}', n=1234567) == "1,234,567"


def test_dates_are_written_as_in_english():
    assert render("{{ d|date }}", d=datetime.date(2023, 9, 19)) == "Sept. 19, 2023"
