"""No user value reaches a %-format string, and a Host outside ALLOWED_HOSTS is a 400: bad input
is refused with a clear message, never answered 500 (with DEBUG off, as in production)."""

import pytest

from tests.factories import MeetingFactory, publish

pytestmark = pytest.mark.django_db
FORMAT_STRINGS = ["%25", "%", "%25s%25(x)s", "%s%(x)s", "%25d", "100%25"]
API_PARAMETERS = ["date_after", "date_before", "country", "person", "topic", "kind", "series", "q", "ordering",
                  "page", "cursor", "format", "page_size", "met"]  # fmt: skip


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    publish(MeetingFactory(title="Astana ministerial"))
    return settings


@pytest.mark.parametrize("value", FORMAT_STRINGS)
def test_a_date_that_is_a_format_string_is_refused_with_400(production, client, value):
    response = client.get(f"/api/v1/meetings/?date_after={value}")
    assert response.status_code == 400
    assert "is not a date" in response.json()["errors"]["date_after"][0]


@pytest.mark.parametrize("value", ["%25", "%"])
def test_a_search_for_nothing_but_a_percent_sign_is_refused_with_400_naming_q(production, client, value):
    response = client.get(f"/api/v1/meetings/?q={value}")
    assert response.status_code == 400 and "nothing to search for" in response.json()["errors"]["q"][0]


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/people/"])
def test_no_parameter_of_the_api_answers_500_to_a_format_string(production, client, url):
    answers = {(name, value): client.get(f"{url}?{name}={value}").status_code
               for name in [*API_PARAMETERS, "x%25s", "%25(x)s"] for value in FORMAT_STRINGS}  # fmt: skip
    assert not {key: status for key, status in answers.items() if status >= 500}


@pytest.mark.parametrize("url", ["/", "/meetings/", "/people/", "/search/"])
def test_no_page_answers_500_to_a_format_string(production, client, url):
    answers = {(name, value): client.get(f"{url}?{name}={value}").status_code
               for name in ["q", "page", "country", "date_after", "x%25s"] for value in FORMAT_STRINGS}  # fmt: skip
    assert not {key: status for key, status in answers.items() if status >= 500}


@pytest.mark.parametrize("cache_seconds", [0, 60])
@pytest.mark.parametrize("url", ["/", "/meetings/", "/api/v1/meetings/", "/admin/login/", "/no-such-page/"])
def test_a_host_outside_allowed_hosts_answers_400(production, client, url, cache_seconds):
    production.PUBLIC_CACHE_SECONDS = cache_seconds
    client.get(url)  # a cached copy, where there is a cache, must not change the answer
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400 and b"evil.example" not in response.content
