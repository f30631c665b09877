"""Security headers on pages, the API and the admin."""

import pytest

pytestmark = pytest.mark.django_db

URLS = ["/", "/meetings/", "/api/v1/meetings/", "/api/docs/", "/admin/login/"]


@pytest.mark.parametrize("url", URLS)
def test_every_response_carries_the_security_headers(client, demo, url):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "/meetings/c5-1-special-session-afghanistan-astana-2023/", "/api/docs/"])
def test_pages_have_no_inline_script_or_style(client, demo, url):
    html = client.get(url).content.decode()
    import re  # noqa: PLC0415

    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", html)
    assert scripts == []
    assert " style=" not in html
