"""The admin locks out password guessing (django-axes) and refuses weak passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def attempt(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "editor", "password": password})


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
