"""The admin locks out password guessing (django-axes) and refuses weak passwords, and the lock-out
cannot be turned against an editor: it is per (user name, client address) behind trusted proxies,
failures during it do not extend it, and user names are normalised."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory

from c5site import login_guard

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def attempt(client, password, username="editor", **headers):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **headers)


def through_proxy(client_address):
    """A request as the TLS proxy forwards it: from the proxy, naming the client in X-Forwarded-For."""
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": client_address}


@pytest.fixture
def behind_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def lock_out(client, settings, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", **headers)


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "guess").status_code == 200  # the form again, with its error
    assert attempt(client, "guess").status_code == 429
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in_and_resets_the_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "guess")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "guess").status_code == 200  # counting starts again


@pytest.mark.parametrize("weak", ["password123", "12345678901", "editor2026", "short"])
def test_weak_passwords_are_refused(editor, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, editor)


def test_a_strangers_failures_from_elsewhere_do_not_lock_the_editor_out(client, editor, behind_a_proxy):
    lock_out(client, behind_a_proxy, **through_proxy("203.0.113.66"))
    assert attempt(client, "guess", **through_proxy("203.0.113.66")).status_code == 429  # the stranger is locked out
    assert attempt(client, PASSWORD, **through_proxy("198.51.100.7")).status_code == 302  # the editor is not


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")  # an attacker inventing addresses
    assert attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "192.0.2.1", "10.0.0.2"),
    (1, "192.0.2.1", "192.0.2.1"),
    (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # what the client wrote itself comes first: not trusted
    (2, "6.6.6.6, 192.0.2.1, 10.0.0.1", "192.0.2.1"),
    (1, "not-an-address", "10.0.0.2"),
    (1, "", "10.0.0.2"),
])  # fmt: skip
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert login_guard.client_ip(request) == expected


def test_a_user_name_with_a_trailing_space_or_capitals_counts_as_the_same(client, editor, settings):
    for name in ["editor ", " Editor", "EDITOR", "editor\t", "editor "][: settings.AXES_FAILURE_LIMIT]:
        attempt(client, "guess", username=name)
    assert attempt(client, PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"editor"}


def test_failures_during_a_lockout_do_not_extend_it(client, editor, settings):
    lock_out(client, settings)
    locked = AccessAttempt.objects.get(username="editor")
    for _ in range(3):
        assert attempt(client, "guess").status_code == 429
    again = AccessAttempt.objects.get(username="editor")
    assert (again.attempt_time, again.failures_since_start) == (locked.attempt_time, locked.failures_since_start)
    # An hour after the lock-out began (not after the last failure), the editor may log in.
    AccessAttempt.objects.filter(pk=locked.pk).update(
        attempt_time=locked.attempt_time - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, seconds=1)
    )
    assert attempt(client, PASSWORD).status_code == 302


def test_an_administrator_can_unlock_an_account(client, editor, settings):
    lock_out(client, settings)
    assert attempt(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor")
    assert attempt(client, PASSWORD).status_code == 302


def test_the_api_rate_limit_ignores_a_forged_x_forwarded_for(settings):
    from rest_framework.settings import api_settings  # noqa: PLC0415

    from events.api.throttling import PublicRateThrottle  # noqa: PLC0415

    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT == 0
    request = RequestFactory().get("/api/v1/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert PublicRateThrottle().get_ident(request) == "10.0.0.2"
