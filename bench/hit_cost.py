"""CPU cost in-process of one response served from the shared cache (a hit), and of a miss.

    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/hit_cost.py [PATH] [--profile]

Serves PATH (default: the API's first page of meetings) with DEBUG off and the public
cache on, and prints the median time.process_time() of 200 hits (and of the miss that
stored it), through Django's test Client and through the WSGI application itself (as
gunicorn calls it, without the test Client's own work). The database is DATABASE_URL (default: the
benchmark database `c5site_bench`, only read). --profile prints cProfile's top entries
for the hits.
"""

import argparse
import io
import os
import statistics
import sys
import time

from _inprocess import configure  # noqa: E402 — bench/ is the script's own directory

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
configure(PUBLIC_CACHE_SECONDS="600")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default="/api/v1/meetings/?page_size=50")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    import django  # noqa: PLC0415

    django.setup()
    from django.test import Client  # noqa: PLC0415

    from events.published.publish import raise_version  # noqa: PLC0415

    client = Client()
    raise_version()  # a fresh version: the first request is a miss
    started = time.process_time()
    first = client.get(args.path)
    miss = time.process_time() - started
    assert first.status_code == 200, first.status_code
    assert first.get("X-Cache") == "miss", first.get("X-Cache")

    def hit():
        response = client.get(args.path)
        assert response.get("X-Cache") == "hit" and response.content == first.content
        return response

    for _ in range(20):
        hit()
    times = []
    for _ in range(args.requests):
        started = time.process_time()
        hit()
        times.append(time.process_time() - started)
    print(
        f"{args.path}: {len(first.content):,} bytes; miss {miss * 1000:.1f} ms CPU; "
        f"hit median {statistics.median(times) * 1e6:.0f} µs CPU, p90 "
        f"{statistics.quantiles(times, n=10)[-1] * 1e6:.0f} µs (of {args.requests})"
    )
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415

    application = get_wsgi_application()
    path, _, query = args.path.partition("?")

    def wsgi_hit():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        seen = {}
        body = b"".join(application(environ, lambda status, headers, exc_info=None: seen.update(headers)))
        assert seen.get("X-Cache") == "hit" and body == first.content

    for _ in range(20):
        wsgi_hit()
    times = []
    for _ in range(args.requests):
        started = time.process_time()
        wsgi_hit()
        times.append(time.process_time() - started)
    print(
        f"  through WSGI: hit median {statistics.median(times) * 1e6:.0f} µs CPU, p90 "
        f"{statistics.quantiles(times, n=10)[-1] * 1e6:.0f} µs"
    )
    if args.profile:
        import cProfile  # noqa: PLC0415
        import pstats  # noqa: PLC0415

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.requests):
            wsgi_hit()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
