"""Server time of the API's list and detail endpoints on the demo corpus: median and p95.

    .venv/bin/python bench/api.py [--repeat 50]

Runs in a throw-away test database (SQLite, or PostgreSQL when DATABASE_URL is set),
loads the demo corpus into it, and times each request through the whole Django stack
(middleware, view, serialization, rendering) in-process, without the network. Prints
numbers only; it asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
os.environ.setdefault("API_ANON_RATE", "")  # the benchmark is one client asking many times

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

ENDPOINTS = [
    "/api/v1/meetings/",
    "/api/v1/meetings/c5-1-special-session-afghanistan-astana-2023/",
    "/api/v1/meetings/?country=kz&date_after=2021&ordering=-date",
    "/api/v1/meetings/?format=csv",
    "/api/v1/people/",
    "/api/v1/people/kairat-umarov/",
    "/api/v1/sources/",
    "/api/v1/sources/{source}/",
    "/api/v1/citations/?page_size=200",
    "/api/v1/topics/",
    "/api/v1/countries/",
    "/api/v1/organizations/",
    "/api/v1/popolo/",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="requests per endpoint (default 50)")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from events.demo.loader import load_demo  # noqa: PLC0415
        from events.models import Source  # noqa: PLC0415

        load_demo()
        source = Source.objects.order_by("pk").first().pk
        client = Client()
        print(f"database: {connection.vendor}; {args.repeat} requests per endpoint; times in ms")
        print(f"{'endpoint':<66} {'median':>8} {'p95':>8} {'bytes':>8}")
        for endpoint in ENDPOINTS:
            url = endpoint.format(source=source)
            client.get(url)  # warm caches (content types, templates)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            print(f"{url:<66} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} {len(response.content):8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
