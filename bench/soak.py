#!/usr/bin/env python
"""Soak test: serve the site with gunicorn on 127.0.0.1 and drive a bounded mixed load.

    DATABASE_URL=postgres://…/c5site .venv/bin/python bench/soak.py [--seconds 60] [--connections 32]

Starts gunicorn (2 workers by default) on a free loopback port against the database
in DATABASE_URL, sends GET requests from N threads (as a TLS-terminating proxy would:
X-Forwarded-Proto https, SECURE_PROXY_SSL_HEADER=1) over a mix of pages, API endpoints,
search and the admin login page for a fixed time, then stops gunicorn
(always, also on Ctrl-C or an error) and prints: requests served, errors (any status
other than 2xx/3xx and 429, and connection errors), 429s apart (throttled, not
errors), p50/p99 latency, the status counts of each URL, and each worker's resident
memory at the start and at the end.

The API's anonymous rate limit is off for the soak (API_ANON_RATE empty: one client
sending tens of thousands of requests is what it exists to stop); --throttle keeps
the rate of this environment, and its 429s are then reported as throttled.

The meeting and person pages are the first published ones in that database. The
server gets this process's environment: set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS=127.0.0.1
(and run collectstatic) to soak the production configuration, REDIS_URL for the shared
response cache. Exit status 1 if there was any error.

--publish-every N: every N seconds during the load, a thread of this process retitles that
meeting ("… [soak 7]") and publishes it through events.published.publish, as an editor's
approval does, in the same database (the original title is published back at the end). Every
answer for the meeting's page, its API record and the meeting list (where the meeting is on its
first page) is then checked by content: one requested after publication n had committed must
show publication n or a later one, else it is counted stale. Right after each commit the thread
also fetches those URLs itself. Exit status 1 on any stale answer too.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, whatever the options say
# As a TLS-terminating proxy in front would send them (the server is told to trust X-Forwarded-Proto).
HEADERS = {"User-Agent": "c5site-soak", "Accept": "text/html,application/json", "X-Forwarded-Proto": "https"}
MARK = re.compile(rb"\[soak (\d+)\]")


def default_paths(meeting_slug, person_slug):
    return [
        "/",
        "/meetings/",
        f"/meetings/{meeting_slug}/",
        f"/people/{person_slug}/",
        "/search/?q=security",
        "/api/v1/meetings/",
        f"/api/v1/meetings/{meeting_slug}/",
        "/api/v1/people/",
        "/admin/login/",
    ]


def published_slugs():
    """The slug of one published meeting and one published person, read with the ORM."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
    import django  # noqa: PLC0415

    django.setup()
    from django.db import connection  # noqa: PLC0415

    from events.models import Meeting  # noqa: PLC0415
    from people.models import Person  # noqa: PLC0415

    meeting = Meeting.objects.published().order_by("pk").values_list("slug", flat=True).first()
    person = Person.objects.published().order_by("pk").values_list("slug", flat=True).first()
    connection.close()
    if not meeting or not person:
        sys.exit("The database has no published meeting or person: load the demo (manage.py load_demo) first.")
    return meeting, person


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def worker_pids(master):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid …; comm may hold spaces, so split after its closing parenthesis
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


class Gunicorn:
    def __init__(self, app, workers, port, log_path, env=None):
        self.port = port
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", app, "-b", f"{HOST}:{port}", "-w", str(workers), "--timeout", "60"],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )

    def wait_until_listening(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with status {self.process.returncode}; see {self.log.name}")
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"gunicorn did not listen within {timeout} s; see {self.log.name}")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
            except ProcessLookupError:
                pass
        self.log.close()


def get(port, path, timeout, body=False):
    """(status or an error name, seconds[, the body])."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    content = b""
    try:
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        content = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status = type(error).__name__
    finally:
        conn.close()
    if body:
        return status, time.perf_counter() - started, content
    return status, time.perf_counter() - started


def shown_publication(content):
    """The number of the soak publication a page shows (0: the original title)."""
    return max((int(n) for n in MARK.findall(content)), default=0)


class Publisher:
    """Retitles and publishes one meeting every `every` seconds, and checks by content that every answer
    requested after a publication committed shows it (or a later one)."""

    def __init__(self, port, slug, every, timeout):
        from django.db import transaction  # noqa: PLC0415

        from events.models import Meeting  # noqa: PLC0415

        self.port, self.every, self.timeout = port, every, timeout
        self.transaction = transaction
        self.meeting = Meeting.objects.get(slug=slug)
        self.original = MARK.sub(b"", self.meeting.title.encode()).decode().rstrip()
        self.committed = 0  # the number of the last committed publication
        self.lock = threading.Lock()
        self.checked = Counter()  # path → answers checked
        self.stale = []  # (path, publication committed when asked, publication shown)
        self.published = []  # seconds each publication took
        self.stop = threading.Event()
        self.watched = set()

    def watch(self, paths):
        """The paths whose content is checked: those that show the meeting's title now."""
        for path in paths:
            status, _, content = get(self.port, path, self.timeout, body=True)
            if status == 200 and self.original.encode() in content.replace(b"&#x27;", b"'"):
                self.watched.add(path)
        return self.watched

    def publish(self, number, title):
        from events.published import publish  # noqa: PLC0415

        started = time.perf_counter()
        type(self.meeting).objects.filter(pk=self.meeting.pk).update(title=title)
        publish.publish(type(self.meeting).objects.get(pk=self.meeting.pk), note="Retitled by bench/soak.py.")
        self.published.append(time.perf_counter() - started)
        with self.lock:
            self.committed = number

    def check(self, path, asked_after, content):
        """Count an answer for a watched path: stale if it shows a publication older than `asked_after`."""
        if path not in self.watched:
            return
        shown = shown_publication(content)
        with self.lock:
            self.checked[path] += 1
            if shown < asked_after:
                self.stale.append((path, asked_after, shown))

    def run(self):
        number, started = 0, time.monotonic()
        while not self.stop.wait(max(0, started + (number + 1) * self.every - time.monotonic())):
            number += 1  # on a fixed schedule: every N s from the start, however long the checks took
            try:
                self.publish(number, f"{self.original} [soak {number}]")
            except Exception as error:  # noqa: BLE001 — reported, and the soak fails
                self.stale.append(("(publication failed)", number, repr(error)))
                continue
            for path in sorted(self.watched):  # at once after the commit, as a reader right after would
                status, _, content = get(self.port, path, self.timeout, body=True)
                if status == 200:
                    self.check(path, number, content)

    def restore(self):
        from django.db import connection  # noqa: PLC0415

        from events.published import publish  # noqa: PLC0415

        type(self.meeting).objects.filter(pk=self.meeting.pk).update(title=self.original)
        publish.publish(type(self.meeting).objects.get(pk=self.meeting.pk), note="Title restored after bench/soak.py.")
        connection.close()


def drive(port, paths, seconds, connections, timeout, publisher=None):
    """Each thread walks the URL list from its own offset until the deadline; returns [(path, status, s)]."""
    deadline = time.monotonic() + seconds
    results = [[] for _ in range(connections)]

    def loop(index):
        i = index
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            if publisher is not None and path in publisher.watched:
                asked_after = publisher.committed
                status, elapsed, content = get(port, path, timeout, body=True)
                if status == 200:
                    publisher.check(path, asked_after, content)
            else:
                status, elapsed = get(port, path, timeout)
            results[index].append((path, status, elapsed))
            i += 1

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(connections)]
    if publisher is not None:
        publishing = threading.Thread(target=publisher.run, daemon=True)
        publishing.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    if publisher is not None:
        publisher.stop.set()
        publishing.join(timeout + 60)
    return [row for rows in results for row in rows]


def ok(status):
    return isinstance(status, int) and 200 <= status < 400


def throttled(status):
    return status == 429


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(rows, seconds, memory_start, memory_end, paths):
    latencies = [s for _, _, s in rows]
    errors = [r for r in rows if not ok(r[1]) and not throttled(r[1])]
    print(f"\nrequests served: {len(rows):,} in {seconds:.0f} s ({len(rows) / seconds:,.1f}/s)")
    print(f"errors: {len(errors):,} (answers other than 2xx/3xx/429, and connection errors)")
    print(f"throttled: {sum(throttled(r[1]) for r in rows):,} (429: the API's rate limit, not errors)")
    print(
        f"latency: p50 {percentile(latencies, 0.50) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"max {max(latencies, default=0) * 1000:.1f} ms"
    )
    by_path = defaultdict(list)
    for path, status, elapsed in rows:
        by_path[path].append((status, elapsed))
    print("\nper URL:                                   requests  p50 ms  p99 ms  statuses")
    for path in paths:
        answers = by_path.get(path, [])
        statuses = Counter(str(s) for s, _ in answers)
        times = [e for _, e in answers]
        print(
            f"  {path[:40]:<40} {len(answers):>8}  {percentile(times, 0.5) * 1000:>6.1f}  "
            f"{percentile(times, 0.99) * 1000:>6.1f}  " + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))
        )
    print("\nworker memory (RSS):")
    for pid in sorted(set(memory_start) | set(memory_end)):
        start, end = memory_start.get(pid), memory_end.get(pid)
        fmt = lambda kib: "gone" if kib is None else f"{kib / 1024:.1f} MiB"  # noqa: E731
        change = f"  ({(end - start) / 1024:+.1f} MiB)" if start and end else ""
        print(f"  worker {pid}: start {fmt(start)}, end {fmt(end)}{change}")
    return len(errors)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to drive the load (default 60)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--app", default="c5site.wsgi", help="WSGI application for gunicorn (default c5site.wsgi)")
    parser.add_argument(
        "--path",
        action="append",
        dest="paths",
        help="a URL path to request (repeat); default: the pages, API, search and admin login",
    )
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as failed")
    parser.add_argument(
        "--throttle", action="store_true", help="keep the API's rate limit (API_ANON_RATE) of this environment; default: off"
    )
    parser.add_argument(
        "--publish-every",
        type=float,
        default=0,
        metavar="N",
        help="publish a change to the meeting every N seconds and check every answer's freshness (default: never)",
    )
    parser.add_argument("--log", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "c5site-soak-gunicorn.log"))
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the database to serve (e.g. postgres://postgres@127.0.0.1:5432/c5site).")
    if args.seconds <= 0 or not 1 <= args.connections <= 1000 or args.workers < 1:
        sys.exit("--seconds must be positive, --connections between 1 and 1000, --workers at least 1.")
    slugs = published_slugs()
    paths = args.paths or default_paths(*slugs)

    env = dict(os.environ) if args.throttle else {**os.environ, "API_ANON_RATE": ""}
    env.setdefault("SECURE_PROXY_SSL_HEADER", "1")  # as behind a proxy: DEBUG=0 redirects plain HTTP
    server = Gunicorn(args.app, args.workers, free_port(), args.log, env)
    try:
        server.wait_until_listening()
        for path in paths:  # warm up each worker's imports and connections before the first reading
            for _ in range(args.workers):
                get(server.port, path, args.timeout)
        memory_start = {pid: rss_kib(pid) for pid in worker_pids(server.process.pid)}
        publisher = None
        if args.publish_every:
            publisher = Publisher(server.port, slugs[0], args.publish_every, args.timeout)
            watched = publisher.watch(paths)
            if not watched:
                sys.exit(f"No URL shows the meeting “{publisher.original}”: nothing to check.")
            print(f"publishing “{publisher.original}” every {args.publish_every:g} s; checking {', '.join(sorted(watched))}")
        rate = env.get("API_ANON_RATE", "(default)") or "off"
        print(
            f"gunicorn {args.app} on {HOST}:{server.port}, {args.workers} workers, DEBUG={os.environ.get('DEBUG', '(default: on)')}, "
            f"API rate limit {rate}; "
            f"{args.connections} connections for {args.seconds:.0f} s over {len(paths)} URLs…",
            flush=True,
        )
        started = time.monotonic()
        rows = drive(server.port, paths, args.seconds, args.connections, args.timeout, publisher)
        elapsed = time.monotonic() - started
        memory_end = {pid: rss_kib(pid) for pid in worker_pids(server.process.pid)}
    finally:
        server.stop()
        if publisher is not None:
            publisher.restore()
    errors = report(rows, elapsed, memory_start, memory_end, paths)
    stale = report_freshness(publisher) if publisher is not None else 0
    return 1 if errors or stale else 0


def report_freshness(publisher):
    times = publisher.published
    print(
        f"\npublications: {len(times)} (every {publisher.every:g} s), each {percentile(times, 0.5) * 1000:.0f} ms "
        f"(p50), {max(times, default=0) * 1000:.0f} ms (max)"
    )
    print(f"answers checked by content: {sum(publisher.checked.values()):,}")
    for path, count in sorted(publisher.checked.items()):
        print(f"  {path[:40]:<40} {count:>8}")
    print(f"stale answers (asked after a publication committed, showing an older one): {len(publisher.stale)}")
    for path, asked_after, shown in publisher.stale[:20]:
        print(f"  {path}: asked after publication {asked_after}, showed {shown}")
    return len(publisher.stale)


if __name__ == "__main__":
    sys.exit(main())
