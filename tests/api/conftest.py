import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def api_rate(settings):
    """A limit no test reaches, and an empty throttle history: throttling is tested on purpose only."""
    settings.API_ANON_RATE = "1000000/hour"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()
