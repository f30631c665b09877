"""`make bench`: throughput and latency of the site and API against a peer and the machine's limit.

Serves c5site with gunicorn (2 workers) on 127.0.0.1 against a PostgreSQL copy of the
generated corpus, drives each case with wrk (15 s, 16 connections by default) and
prints one table: requests/s, p50, p99, server CPU-ms per request. Before each case it
waits (at most SETTLE_TIMEOUT s) until every server and PostgreSQL are idle, so requests a
slow case left queued are not billed to the next one; the load average is printed first,
as a measure of what else the machine is doing. In the same run:
  - the peer: Datasette serving the same meetings and participants from a SQLite
    export, through a canned query that nests the participants (one process);
  - the limit: the same API page's bytes returned from memory by a bare WSGI app
    under the same gunicorn;
  - the sampled case (`--only sample`): bench/sample.py's few hundred distinct URLs drawn
    (seeded, --seed) from every route of the site and the API, on the uncached server, with
    each route's worst URL and the workers' peak memory.
Only 127.0.0.1 is ever contacted; every server started is stopped at the end.
"""

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import sample  # noqa: E402

PY = sys.executable
BENCH_VENV = ROOT / ".venv-bench"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/test"


def sh(*args, env=None, check=True, capture=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, text=True, capture_output=capture)


def manage(*args, env):
    return sh(PY, "manage.py", *args, env=env, capture=True).stdout


def psql(url, sql):
    return sh("psql", url, "-XAtqc", sql, capture=True).stdout.strip()


def prepare_database(db_url, meetings, env):
    name = db_url.rsplit("/", 1)[1]
    exists = psql(PG_ADMIN, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"
    count = 0
    if exists:
        try:
            count = int(psql(db_url, "SELECT count(*) FROM events_meeting WHERE slug LIKE 'gen-meeting-%'") or 0)
        except subprocess.CalledProcessError:
            count = 0
    if count != meetings:
        print(f"Building the benchmark database {name} with {meetings:,} generated meetings…", flush=True)
        psql(PG_ADMIN, f"DROP DATABASE IF EXISTS {name}")
        psql(PG_ADMIN, f"CREATE DATABASE {name}")
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env)
        started = time.monotonic()
        manage("generate_corpus", "--meetings", str(meetings), "-v0", env=env)
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
        psql(db_url, "VACUUM ANALYZE")
    else:
        manage("migrate", "--noinput", "-v0", env=env)
    # The bulk files the sampled case downloads, built now rather than by a build that publishing
    # starts in the background (off in `env`) and that would run under the measurements; a no-op
    # when the files are those of the current record version.
    manage("build_bulk_data", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)


def export_for_peer(db_url, directory):
    """The meetings and participants as SQLite, with a canned query that nests participants."""
    path = directory / "record.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE meetings (id INTEGER PRIMARY KEY, slug TEXT, title TEXT, kind TEXT, format TEXT,
            start_date TEXT, end_date TEXT, date_precision TEXT, date_lo TEXT, place TEXT);
        CREATE TABLE participants (id INTEGER PRIMARY KEY, meeting_id INTEGER, person_slug TEXT,
            person_name TEXT, role TEXT, country TEXT);
        """
    )
    meetings = sh(
        "psql",
        db_url,
        "-XAtq",
        "-F",
        "\t",
        "-c",
        "SELECT m.id, m.slug, m.title, m.kind, m.format, coalesce(m.start_date::text, ''), "
        "coalesce(m.end_date::text, ''), m.date_precision, coalesce(m.date_lo::text, ''), "
        "coalesce(p.name, '') FROM events_meeting m LEFT JOIN events_place p ON p.id = m.place_id "
        "WHERE m.status = 'published'",
        capture=True,
    ).stdout
    db.executemany("INSERT INTO meetings VALUES (?,?,?,?,?,?,?,?,?,?)", [line.split("\t") for line in meetings.splitlines()])
    participants = sh(
        "psql",
        db_url,
        "-XAtq",
        "-F",
        "\t",
        "-c",
        "SELECT pa.id, pa.meeting_id, pe.slug, pe.name, pa.role, coalesce(c.code, '') "
        "FROM events_participation pa JOIN people_person pe ON pe.id = pa.person_id "
        "LEFT JOIN people_country c ON c.id = pa.country_id",
        capture=True,
    ).stdout
    db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?)", [line.split("\t") for line in participants.splitlines()])
    db.executescript(
        """
        CREATE INDEX meetings_order ON meetings (date_lo DESC, id DESC);
        CREATE INDEX participants_meeting ON participants (meeting_id);
        """
    )
    db.commit()
    db.close()
    metadata = {
        "databases": {
            "record": {
                "queries": {
                    "meetings_page": {
                        "sql": (
                            "SELECT m.slug, m.title, m.kind, m.format, m.start_date, m.end_date, m.date_precision, "
                            "m.place, (SELECT json_group_array(json_object('person', p.person_slug, 'name', "
                            "p.person_name, 'role', p.role, 'country', p.country)) FROM participants p "
                            "WHERE p.meeting_id = m.id) AS participants FROM meetings m "
                            "ORDER BY m.date_lo DESC, m.id DESC LIMIT 50 OFFSET :offset"
                        )
                    }
                }
            }
        }
    }
    (directory / "metadata.json").write_text(json.dumps(metadata))
    return path


class Server:
    def __init__(self, name, args, env, port):
        self.name, self.port = name, port
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
        )

    def wait(self, path="/", timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.process.stderr.read()[-2000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5).read()
                return
            except Exception:  # noqa: BLE001 — not up yet
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer on port {self.port}")

    def pids(self):
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            pids += [int(c) for c in children]
        except OSError:
            pass
        return pids

    def worker_pids(self):
        return self.pids()[1:] or self.pids()

    def cpu_seconds(self):
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return total / ticks

    def rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except OSError:
                pass
        return sizes

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def parse_wrk(output):
    """wrk's totals, and the percentiles bench/percentiles.lua prints (in ms)."""
    percentiles = {int(p): int(us) / 1000 for p, us in re.findall(r"^PERCENTILE (\d+) (\d+)$", output, re.MULTILINE)}
    requests = int(re.search(r"(\d+) requests in", output)[1])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "rps": rps,
        "p50": percentiles.get(50, float("nan")),
        "p95": percentiles.get(95, float("nan")),
        "p99": percentiles.get(99, float("nan")),
        "bad": (int(bad[1]) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
    }


SETTLE_TIMEOUT = 60  # seconds
SETTLE_WINDOW = 0.5  # seconds of server CPU watched at a time
SETTLE_CPU = 0.02  # seconds of CPU in a window that still count as idle (two clock ticks)


def active_queries(db_url):
    """Queries running in the benchmark database, other than the one asking."""
    name = db_url.rsplit("/", 1)[1]
    return int(
        psql(
            db_url,
            f"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = '{name}'",
        )
        or 0
    )


def settle(servers, db_url, timeout=SETTLE_TIMEOUT):
    """Wait until the servers' processes use no CPU and PostgreSQL runs no query of ours.

    Returns (settled, seconds waited, what was still busy at the end)."""
    started = time.monotonic()
    busy = ""
    while True:
        before = sum(server.cpu_seconds() for server in servers)
        time.sleep(SETTLE_WINDOW)
        cpu = sum(server.cpu_seconds() for server in servers) - before
        queries = active_queries(db_url)
        if cpu <= SETTLE_CPU and queries == 0:
            return True, time.monotonic() - started, ""
        busy = f"servers used {cpu * 1000:.0f} ms CPU in {SETTLE_WINDOW} s, {queries} active queries"
        if time.monotonic() - started >= timeout:
            return False, time.monotonic() - started, busy


def run_case(server, path, seconds, connections):
    url = f"http://127.0.0.1:{server.port}{path}"
    urllib.request.urlopen(url, timeout=30).read()  # warm the path (and fail loudly if it errors)
    # ... in every worker: one request warms one of them, and the other's first request
    # (its connection, its kept list of 100,000 ids) was billed to the first case measured.
    sh("wrk", "-t2", f"-c{connections}", "-d1s", "--timeout", "10s", url, capture=True)
    time.sleep(0.5)  # the requests still queued when wrk stopped
    cpu_before = server.cpu_seconds()
    output = sh(
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "percentiles.lua"),
        url,
        capture=True,
    ).stdout
    cpu = server.cpu_seconds() - cpu_before
    result = parse_wrk(output)
    result["cpu_ms"] = cpu * 1000 / max(result["requests"], 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=int(os.environ.get("BENCH_MEETINGS", "100000")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "15")))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only the cases whose name contains TEXT (repeatable), e.g. --only cached --only limit",
    )
    parser.add_argument(
        "--seed", type=int, default=int(os.environ.get("BENCH_SEED", "1")), help="the sampled case's seed (bench/sample.py)"
    )
    parser.add_argument("--sample-urls", type=int, default=400, help="distinct URLs of the sampled case")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/c5site_bench")
    )
    args = parser.parse_args()

    base_env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_ANON_RATE": "100000000/second",
        "PUBLIC_CACHE_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        "BULK_DATA_AUTOBUILD": "0",
    }
    base_env.pop("REDIS_URL", None)
    prepare_database(args.database, args.meetings, base_env)

    total = int(psql(args.database, "SELECT count(*) FROM events_meeting WHERE status = 'published'"))
    deep_page = max(1, int(total / 50 * 0.9))
    meeting = psql(
        args.database, "SELECT slug FROM events_meeting WHERE slug LIKE 'gen-meeting-%' ORDER BY id LIMIT 1 OFFSET 777"
    )
    person = psql(
        args.database,
        "SELECT pe.slug FROM people_person pe JOIN events_participation pa "
        "ON pa.person_id = pe.id WHERE pe.slug LIKE 'gen-%' LIMIT 1",
    )
    servers = []
    workdir = Path(tempfile.mkdtemp(prefix="c5bench-"))
    gunicorn = [PY, "-m", "gunicorn", "-w", "2", "--worker-class", "sync", "--log-level", "error"]
    try:
        app = Server("c5site", [*gunicorn, "-b", "127.0.0.1:8801", "c5site.wsgi"], base_env, 8801)
        cached_env = {**base_env, "REDIS_URL": "redis://127.0.0.1:6379/3", "PUBLIC_CACHE_SECONDS": "600"}
        cached = Server("c5site (cached)", [*gunicorn, "-b", "127.0.0.1:8802", "c5site.wsgi"], cached_env, 8802)
        servers += [app, cached]
        app.wait("/api/v1/")
        cached.wait("/api/v1/")
        api_page = "/api/v1/meetings/?page_size=50"
        body = urllib.request.urlopen(f"http://127.0.0.1:8801{api_page}", timeout=60).read()
        (workdir / "page.json").write_bytes(body)
        limit = Server(
            "limit",
            [*gunicorn, "-b", "127.0.0.1:8803", "bench.limit_app:app"],
            {**base_env, "LIMIT_BODY_FILE": str(workdir / "page.json")},
            8803,
        )
        servers.append(limit)
        cases = [
            ("API meetings list, page 1", "app", api_page),
            (f"API meetings list, page {deep_page} (90 %)", "app", f"{api_page}&page={deep_page}"),
            ("API meeting detail", "app", f"/api/v1/meetings/{meeting}/"),
            ("API people list", "app", "/api/v1/people/?page_size=50"),
            ("API search q=security", "app", "/api/v1/meetings/?q=security&page_size=50"),
            ("page: meetings list", "app", "/meetings/"),
            ("page: meeting", "app", f"/meetings/{meeting}/"),
            ("page: person", "app", f"/people/{person}/"),
            ("page: search q=security", "app", "/search/?q=security"),
            ("API meetings list, page 1, cached", "cached", api_page),
            ("peer: Datasette nested page 1", "peer", "/record/meetings_page.json?offset=0&_shape=array"),
            (
                f"peer: Datasette nested page {deep_page}",
                "peer",
                f"/record/meetings_page.json?offset={(deep_page - 1) * 50}&_shape=array",
            ),
            ("limit: bare WSGI, same bytes", "limit", "/"),
        ]
        sampled = not args.only or any(text in "sample" for text in args.only)
        if args.only:
            cases = [case for case in cases if any(text in case[0] for text in args.only)]
        by_role = {"app": app, "cached": cached, "limit": limit}
        if any(role == "peer" for _, role, _ in cases):
            export_for_peer(args.database, workdir)
            peer = Server(
                "datasette",
                [
                    str(BENCH_VENV / "bin" / "datasette"),
                    "serve",
                    str(workdir / "record.db"),
                    "-m",
                    str(workdir / "metadata.json"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    "8804",
                    "--setting",
                    "suggest_facets",
                    "off",
                ],
                base_env,
                8804,
            )
            servers.append(peer)
            peer.wait("/record/meetings_page.json?offset=0&_shape=array")
            by_role["peer"] = peer
        limit.wait("/")
        cases = [(name, by_role[role], path) for name, role, path in cases]
        results = {}
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"\nLoad average before the run (1, 5, 15 min): {load} on {os.cpu_count()} cores "
            "(anything above ~0 is other work sharing the machine: noise)"
        )
        print(
            f"{total:,} published meetings; wrk {args.seconds} s × {args.connections} connections per case; "
            f"{os.cpu_count()} cores shared by server and load generator\n"
        )
        header = (
            f"{'case':<44} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'CPU-ms/req':>11} "
            f"{'errors':>7} {'settle s':>9}"
        )
        print(header)
        print("-" * len(header))
        unsettled = []
        for name, server, path in cases:
            settled, waited, busy = settle(servers, args.database)
            if not settled:
                unsettled.append(name)
                print(
                    f'WARNING: not idle after {waited:.0f} s before "{name}" ({busy}); its numbers include that leftover load',
                    flush=True,
                )
            result = run_case(server, path, args.seconds, args.connections)
            results[name] = result
            print(
                f"{name:<44} {result['rps']:>9.1f} {result['p50']:>8.1f} {result['p95']:>8.1f} {result['p99']:>8.1f} "
                f"{result['cpu_ms']:>11.2f} {result['bad']:>7} {waited:>9.1f}",
                flush=True,
            )

        def ratio(a, b):
            return results[a]["rps"] / results[b]["rps"] if a in results and b in results else float("nan")

        p1, deep = "API meetings list, page 1", f"API meetings list, page {deep_page} (90 %)"
        print("\nRatios (same run):")
        print(f"  API page 1 / peer page 1:        {ratio(p1, 'peer: Datasette nested page 1'):.2f}")
        print(f"  API deep page / peer deep page:  {ratio(deep, f'peer: Datasette nested page {deep_page}'):.2f}")
        if deep in results and p1 in results:
            print(
                f"  API deep page / API page 1:      {ratio(deep, p1):.2f}  (p99 {results[deep]['p99']:.1f} vs "
                f"{results[p1]['p99']:.1f} ms)"
            )
        print(
            f"  API page 1 cached / limit:       {ratio('API meetings list, page 1, cached', 'limit: bare WSGI, same bytes'):.2f}"
        )
        print(f"  API page 1 cached / uncached:    {ratio('API meetings list, page 1, cached', p1):.1f}")
        if sampled:
            # The sampled case (issue #18): a few hundred distinct URLs of every route, uncached, on the same server.
            settled, waited, busy = settle(servers, args.database)
            print(
                f"\nSampled case: bench/sample.py on the uncached server (settled in {waited:.1f} s"
                + ("" if settled else f"; NOT idle: {busy}")
                + ")",
                flush=True,
            )
            sample.run(
                f"http://127.0.0.1:{app.port}",
                args.database,
                seed=args.seed,
                urls=args.sample_urls,
                connections=args.connections,
                worker_pids=app.worker_pids,
            )
        rss = ", ".join(f"{mb:.0f}" for mb in app.rss_mb() + cached.rss_mb())
        print(f"\nWorker RSS after the run (MB): {rss}")
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"Load average after the run (1, 5, 15 min): {load}")
        if unsettled:
            print(f"WARNING: {len(unsettled)} case(s) started before the machine was idle: {', '.join(unsettled)}")
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
