"""Server time of each public page: median and p95 over N requests after a warm-up.

Runs in a throw-away test database (the configured one is never touched), loads the
demo corpus, optionally adds generated meetings, and times each page through
Django's full request handler (middleware, views, templates, database), without a
network in between:

    .venv/bin/python bench/pages.py                      # demo corpus, SQLite
    .venv/bin/python bench/pages.py --requests 200 --extra-meetings 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DATABASE_TEST_NAME=bench_site .venv/bin/python bench/pages.py

Numbers are printed only; nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
os.environ.setdefault("DEBUG", "1")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def pages():
    from events.models import Meeting, Source  # noqa: PLC0415

    source = Source.objects.cited_in_published().order_by("pk").first()
    meeting = Meeting.objects.published().get(slug="c5-1-special-session-afghanistan-astana-2023")
    return {
        "home": "/",
        "meeting list": "/meetings/",
        "meeting list, filtered": "/meetings/?country=kz&kind=ministerial",
        "meeting": meeting.get_absolute_url(),
        "people": "/people/",
        "person": "/people/kairat-umarov/",
        "country": "/countries/kz/",
        "topic": "/topics/afghanistan/",
        "sources": "/sources/",
        "source": source.get_absolute_url(),
        "search": "/search/?q=Afghanistan",
        "corrections": "/corrections/",
        "feed: meetings": "/feeds/meetings/",
        "feed: corrections": "/feeds/corrections/",
        "sitemap.xml": "/sitemap.xml",
        "robots.txt": "/robots.txt",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument(
        "--extra-meetings", type=int, default=0, help="generated meetings to add to the demo corpus (needs factory-boy)"
    )
    args = parser.parse_args()

    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    # As in production: DEBUG off, so queries are not logged (CaptureQueriesContext still counts
    # them); no test instrumentation of template rendering either.
    settings.DEBUG = False
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from events.demo.loader import load_demo  # noqa: PLC0415

        load_demo()
        if args.extra_meetings:
            from tests.site.conftest import full_meeting  # noqa: PLC0415

            for n in range(args.extra_meetings):
                full_meeting(1000 + n)
        client = Client()
        print(f"database: {connection.vendor} ({test_db}); {args.requests} requests per page after {args.warmup} warm-up")
        print(f"{'page':<24} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
        from django.db import reset_queries  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        for name, url in pages().items():
            for _ in range(args.warmup):
                assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(args.requests):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            print(f"{name:<24} {statistics.median(timings):>10.1f} {percentile(timings, 0.95):>10.1f} {len(queries):>8}")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
