"""The environment the in-process cost scripts (hit_cost.py, request_cost.py) share: the project
on sys.path, production-like settings (DEBUG off, no rate limit), the benchmark database. No bulk
build is started by the version hit_cost.py raises: it would load the machine for minutes."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(**settings):
    """Set the shared environment, then `settings` (e.g. PUBLIC_CACHE_SECONDS="600"); call before django.setup()."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/c5site_bench")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "c5site.settings", "DEBUG": "0", "SECRET_KEY": "bench-" + "k" * 54,
        "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0", "API_ANON_RATE": "100000000/second",
        "LOG_LEVEL": "ERROR", "BULK_DATA_AUTOBUILD": "0", **settings,
    })  # fmt: skip
