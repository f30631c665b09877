"""One whole editorial flow in Chromium, as two people: a contributor imports an article, drafts a
meeting with a participant, cites the passages and submits; an editor reviews and publishes; the
meeting is on its public page. Screenshots of the source page and the review queue are saved."""

import re

import pytest
from django.contrib.auth.models import Group, User

from c5site.records import Status
from events.models import Meeting
from tests.factories import CountryFactory, PersonFactory, PositionFactory, cite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
ARTICLE = """date 2023-07-28
Envoys discuss Afghanistan in Astana

Representatives of five Central Asian countries and the United States met in the Kazakh capital of Astana for a C5+1 special session on Afghanistan on July 27-28, the ministry said on Friday.

Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US.
"""


def account(username, role):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#review-queue")


def choose_autocomplete(page, container, term, option):
    """Pick `option` in a select2 autocomplete inside `container`, after typing `term`."""
    page.click(f"{container} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option:has-text('{option}')")


def test_contributor_drafts_and_cites_editor_publishes(page, live_server, screenshot_dir, tmp_path):
    account("contributor", "contributor")
    account("editor", "editor")
    us = CountryFactory(code="US")
    west = PersonFactory(name="Thomas West", sort_name="West, Thomas", slug="thomas-west", country=us, status=Status.PUBLISHED)
    cite(PositionFactory(person=west, title="Special Representative for Afghanistan", country=us))

    # The contributor imports the article.
    log_in(page, live_server, "contributor")
    article = tmp_path / "envoys-astana.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    page.goto(f"{live_server.url}/admin/events/source/")
    page.click("text=Import article files")
    page.set_input_files("input[type=file]", str(article))
    page.click("input[name=_import]")
    page.wait_for_selector(".c5-article-text")
    assert "Imported envoys-astana.txt" in page.inner_text(".messagelist")

    # The article suggests Thomas West: start a meeting with him, his row and its citation pre-filled.
    page.click("#article a.c5-start:has-text('with this participant')")
    page.wait_for_selector("#meeting_form")
    assert page.input_value("textarea[name$='-cite_quote']") == (
        "Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US."
    )
    page.fill("#id_title", "C5+1 special session on Afghanistan, Astana, 2023")
    page.press("#id_title", "Tab")
    assert page.input_value("#id_slug") == "c51-special-session-on-afghanistan-astana-2023"  # from the title
    page.select_option("#id_kind", "special_session")
    # Cite the meeting's kind from the same page.
    page.select_option("select[name$='citation-content_type-object_id-0-field']", "kind")
    choose_autocomplete(
        page,
        "tr:has(select[name$='citation-content_type-object_id-0-field']) .field-source",
        "Envoys",
        "Envoys discuss Afghanistan",
    )
    page.fill("textarea[name$='citation-content_type-object_id-0-quote']", "a C5+1 special session on Afghanistan")
    page.fill("#id_transition_comment", "From the ministry's statement.")
    page.click("button[name=_transition][value=submit]")
    page.wait_for_selector(".messagelist")
    assert "is now in review" in page.inner_text(".messagelist"), page.inner_text("#content")
    meeting = Meeting.objects.get(title="C5+1 special session on Afghanistan, Astana, 2023")
    assert meeting.status == Status.IN_REVIEW
    assert meeting.uncited_facts() == []

    # The source page now shows the cited passages highlighted.
    page.goto(f"{live_server.url}/admin/events/source/{meeting.citations.get().source_id}/change/")
    assert page.locator("mark.c5-cited").count() >= 2
    page.screenshot(path=str(screenshot_dir / "admin-source-highlights.png"), full_page=True)

    # The editor finds it in the review queue and publishes it.
    log_in(page, live_server, "editor")
    queue = page.inner_text("#queue-awaiting-review")
    assert "C5+1 special session on Afghanistan, Astana, 2023" in queue
    page.screenshot(path=str(screenshot_dir / "admin-review-queue.png"), full_page=True)
    page.click("#queue-awaiting-review a:has-text('C5+1 special session on Afghanistan, Astana, 2023')")
    assert "Every fact has a valid supporting citation" in page.inner_text("#publish-gate")
    page.click("button[name=_transition][value=approve]")
    page.wait_for_selector(".messagelist")
    assert "is now published" in page.inner_text(".messagelist")
    meeting.refresh_from_db()
    assert meeting.status == Status.PUBLISHED and meeting.published_at is not None

    # Readers see it on its public page (the public pages come from the site's branch).
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert re.search(re.escape(meeting.title), page.content())
