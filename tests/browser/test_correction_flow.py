"""A correction in Chromium, as two editors: one changes a participant's role on a published meeting of
the demo corpus and submits it; the public page does not change; the other opens the review, sees the
fact diff with its citations and the preview, and approves with a public note; the page, its history
and /corrections/ then show it. Screenshots of the diff, the preview and the history are saved."""

import pytest
from django.contrib.auth.models import Group, User

from events.demo.loader import load_demo
from events.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
SLUG = "c5-1-special-session-afghanistan-astana-2023"
NEW_ROLE = "Special Envoy for Afghanistan"


def account(username, role):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#review-queue")


def test_an_approved_role_change_reaches_the_page_its_history_and_the_corrections(page, live_server, screenshot_dir):
    load_demo()
    account("editor", "editor")
    account("editor2", "editor")
    meeting = Meeting.objects.get(slug=SLUG)
    participation = meeting.participations.order_by("pk").first()
    old_role = participation.role
    public_url = f"{live_server.url}/meetings/{SLUG}/"
    page.goto(public_url)
    before = page.inner_text("main")
    assert old_role in before

    # The first editor changes the role in the meeting's form and submits the change for review.
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/events/meeting/{meeting.pk}/change/")
    role_field = page.locator(f"input[name$='-role'][value='{old_role}']").first
    role_field.fill(NEW_ROLE)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    page.goto(f"{live_server.url}/admin/events/meeting/{meeting.pk}/review/")
    page.fill("#id_transition_comment", "The ministry's statement calls him special envoy.")
    page.click("button[name=_transition][value=submit]")
    page.wait_for_selector(".messagelist")

    # Readers still see the approved record.
    page.goto(public_url)
    assert page.inner_text("main") == before

    # The second editor reviews: the diff names the old and the new role, with the citation.
    log_in(page, live_server, "editor2")
    page.goto(f"{live_server.url}/admin/events/meeting/{meeting.pk}/review/")
    changes = page.inner_text("#review-changes")
    assert old_role in changes and NEW_ROLE in changes, changes
    page.screenshot(path=str(screenshot_dir / "review-fact-diff.png"), full_page=True)
    page.click("#preview-link")
    page.wait_for_load_state()
    preview = page.inner_text("body")
    assert NEW_ROLE in preview and "preview" in preview.lower()
    page.screenshot(path=str(screenshot_dir / "review-preview.png"), full_page=True)
    page.go_back()
    page.fill("#id_public_note", "His role is special envoy, as the ministry's statement says.")
    page.click("button[name=_transition][value=approve]")
    page.wait_for_selector(".messagelist")
    assert "published" in page.inner_text(".messagelist")

    # The page shows the new role and its history the correction; /corrections/ lists it.
    page.context.clear_cookies()
    page.goto(public_url)
    who = page.inner_text("table.people-table")
    assert NEW_ROLE in who and old_role not in who
    assert "His role is special envoy" in page.inner_text("#history")
    page.screenshot(path=str(screenshot_dir / "meeting-history.png"), full_page=True)
    page.goto(f"{live_server.url}/corrections/")
    corrections = page.inner_text("main")
    assert "His role is special envoy" in corrections and meeting.title in corrections
    page.screenshot(path=str(screenshot_dir / "corrections.png"), full_page=True)
