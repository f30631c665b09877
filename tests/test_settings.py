"""Production settings refuse to start without a real SECRET_KEY and ALLOWED_HOSTS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "c5site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "c5.example.org"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "c5.example.org", "SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_to_start_without_its_settings(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_its_settings():
    result = start(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="c5.example.org")
    assert result.returncode == 0, result.stderr


def test_development_needs_nothing_set():
    assert start().returncode == 0
