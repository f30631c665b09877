"""The API's JSON renderer (orjson) writes the bytes DRF's own renderer wrote."""

import datetime
import decimal
import uuid

from django.utils.translation import gettext_lazy
from rest_framework import renderers

from events.api.renderers import JSONRenderer

VALUES = {
    "text": "Ünïcode “quotes” and a line\u2028separator\u2029",
    "when": datetime.datetime(2023, 9, 19, 14, 5, 6, 123456, tzinfo=datetime.UTC),
    "day": datetime.date(2015, 11, 1),
    "time": datetime.time(9, 30),
    "amount": decimal.Decimal("25000000.00"),
    "lazy": gettext_lazy("Not found."),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    7: [None, True, 1.5, -3, []],
    "nested": {"a": [{"b": "c"}]},
}


def test_compact_json_is_drfs_bytes():
    assert JSONRenderer().render(VALUES) == renderers.JSONRenderer().render(VALUES)
    assert b"\\u2028" in JSONRenderer().render(VALUES)


def test_indented_and_empty_answers_are_drfs():
    indented = "application/json; indent=4"
    assert JSONRenderer().render(VALUES, indented) == renderers.JSONRenderer().render(VALUES, indented)
    assert JSONRenderer().render(None) == b""
