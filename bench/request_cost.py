"""CPU time in-process of one uncached request on the benchmark corpus, and its queries.

    .venv/bin/python bench/request_cost.py [PATH] [--repeat 15] [--profile]

Serves PATH (default: the API's people list, 50 a page) through Django's test Client
with DEBUG off and no response cache, against DATABASE_URL (default: the benchmark
database `c5site_bench`, only read). Prints the number of queries, their time, and the
median time.process_time() of the repeats; --profile adds cProfile's top entries.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time

from _inprocess import configure  # noqa: E402 — bench/ is the script's own directory

configure(PUBLIC_CACHE_SECONDS="0")
os.environ.pop("REDIS_URL", None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default="/api/v1/people/?page_size=50")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import django  # noqa: PLC0415

    django.setup()
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    client = Client()
    response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    count = len(queries.captured_queries)  # now: the log is not kept across requests
    database_ms = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    times = []
    for _ in range(args.repeat):
        started = time.process_time()
        client.get(args.path)
        times.append(time.process_time() - started)
    print(
        f"{args.path}: {len(response.content):,} bytes; {count} queries "
        f"({database_ms:.0f} ms in the database); median {statistics.median(times) * 1000:.1f} ms CPU "
        f"(of {args.repeat})"
    )
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(40)
        if os.environ.get("PROFILE_CALLERS"):  # e.g. "dispatcher.py:50": who calls it, and how often
            stats.print_callers(os.environ["PROFILE_CALLERS"])


if __name__ == "__main__":
    main()
