"""FastJSONRenderer (orjson) writes the same bytes as DRF's JSONRenderer."""

import datetime
import decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from c5site.api.renderers import FastJSONRenderer

pytestmark = pytest.mark.django_db

AWKWARD = {
    "text": "Qazaqstan «Астана» – “quotes” \\ / \u2028 \u2029 \x00 \x1f \t\n é 😀",
    "amount": decimal.Decimal("25000000.00"),
    "day": datetime.date(2023, 7, 28),
    "utc": datetime.datetime(2023, 7, 28, 9, 30, 5, 120, tzinfo=datetime.UTC),
    "local": timezone.make_aware(datetime.datetime(2021, 4, 23, 12, 0), datetime.timezone(datetime.timedelta(hours=5))),
    "lazy": gettext_lazy("phone call"),
    "nested": [{"n": 1, "none": None, "yes": True, "float": 1.5}],
}


def test_awkward_values_render_identically():
    assert FastJSONRenderer().render(AWKWARD) == JSONRenderer().render(AWKWARD)


def test_every_demo_list_renders_identically(demo, client):
    for path in ("/api/v1/meetings/", "/api/v1/people/", "/api/v1/sources/", "/api/v1/citations/", "/api/v1/meetings/?page_size=1"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.content == JSONRenderer().render(response.json())


def test_indented_output_is_left_to_drf():
    assert FastJSONRenderer().render({"a": [1]}, "application/json; indent=2") == JSONRenderer().render({"a": [1]}, "application/json; indent=2")
