"""The public pages in Chromium at desktop and phone widths: screenshots, and axe-core finds no serious fault."""

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "meetings": "/meetings/",
    "meeting": "/meetings/c5-1-special-session-afghanistan-astana-2023/",
    "person": "/people/kairat-umarov/",
    "search": "/search/?q=Afghanistan",
}
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders_and_has_no_serious_accessibility_violation(
    page, live_server, demo, screenshot_dir, axe_source, page_name, width_name
):
    page.set_viewport_size({"width": WIDTHS[width_name], "height": 900})
    response = page.goto(live_server.url + PAGES[page_name])
    assert response.status == 200
    # The stylesheet is served by the site itself, and nothing is fetched from elsewhere.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(18, 53, 91)"
    page.screenshot(path=str(screenshot_dir / f"{page_name}-{width_name}.png"), full_page=True)

    # Nothing is wider than the screen: no sideways scrolling on a phone.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page_name} scrolls sideways by {overflow}px at {WIDTHS[width_name]}px"

    # Evaluated through the DevTools protocol: the site's CSP rightly blocks an injected inline script.
    page.evaluate(axe_source)
    result = page.evaluate("axe.run()")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_skip_link_is_the_first_stop_for_the_keyboard_and_leads_to_the_content(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_footnote_marker_leads_to_its_quoted_source(page, live_server, demo):
    page.goto(live_server.url + PAGES["meeting"])
    marker = page.locator("sup.fn a").first
    target = marker.get_attribute("href")
    marker.click()
    assert page.evaluate("location.hash") == target
    note = page.locator(target)
    quote = note.locator("blockquote mark").inner_text()  # the cited words, in the passage around them
    assert quote and quote in note.locator("blockquote").inner_text()
    assert note.locator("a[href*='#citation-']").count() >= 1  # and on to the passage on the source's page
