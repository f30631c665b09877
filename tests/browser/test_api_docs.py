"""The API docs (Swagger UI, served by the site itself) in Chromium: every operation listed, no
authorization UI on a public read-only API, and nothing the Content-Security-Policy refuses."""

import pytest

pytestmark = pytest.mark.browser


def test_the_api_docs_show_every_endpoint_without_authorization_or_csp_errors(page, live_server, demo, screenshot_dir):
    messages, requests = [], []
    page.on("console", lambda message: messages.append(message.text))
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(live_server.url + "/api/docs/")
    assert response.status == 200
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/meetings/" in [p.replace("\u200b", "") for p in paths]
    assert page.locator(".btn.authorize").count() == 0
    assert page.locator(".authorization__btn").count() == 0
    page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)
    assert not [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m], "\n".join(messages)
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
