#!/usr/bin/env python
"""Fault suite: kill and freeze Redis and PostgreSQL under load, and count the answers.

    .venv/bin/python bench/chaos.py [--phase-seconds 8] [--connections 6]

Starts everything it needs and nothing else: its own redis-server and its own throwaway
PostgreSQL cluster (Debian's initdb and pg_ctl, run as the postgres user when this runs as
root), each on a free loopback port in a temporary directory, loads the demo into it and
serves the site with gunicorn (2 gthread workers of 4 threads: no request waits for a
worker, so latency is the site's own). Then, under a bounded load of GET requests over
pages and the API, it goes through these phases, each --phase-seconds long:

    baseline · Redis killed · Redis back · Redis frozen (SIGSTOP) · Redis thawed ·
    PostgreSQL stopped · PostgreSQL back · PostgreSQL frozen (SIGSTOP) · PostgreSQL thawed

and prints for each the answers by status, the number of 500s and connection errors, and
the slowest answer. After each repair it also reports how long until every URL answered
200 again, without restarting anything. Exit status 1 if any answer was a 500 or a
connection error, any took more than --max-seconds (6), or the site did not recover.
Everything it started is stopped and removed at the end, also on errors or Ctrl-C.
"""

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
URLS = ["/", "/meetings/", "/people/", "/api/v1/meetings/", "/api/v1/meetings/?page_size=5", "/api/v1/people/"]


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def postgres_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit(f"PostgreSQL's {name} is not installed under /usr/lib/postgresql/*/bin/ (apt install postgresql).")
    return found[-1]


def process_tree(pid):
    """pid and every process descended from it."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def signal_tree(pid, signum):
    for member in process_tree(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signum)


class Postgres:
    """A throwaway cluster in a temporary directory, on 127.0.0.1:<port> only."""

    def __init__(self, workdir):
        self.port = free_port()
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:  # initdb refuses to run as root
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)

    def run(self, *command, check=True):
        return subprocess.run([*self.as_postgres, *command], check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        self.run(
            postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} -c fsync=off -c full_page_writes=off"
        self.run(
            postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "-t", "30", "start"
        )

    def stop(self, mode="fast"):
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def postmaster(self):
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def url(self, name):
        return f"postgres://postgres@{HOST}:{self.port}/{name}"


class Redis:
    def __init__(self, workdir):
        self.port = free_port()
        self.dir = workdir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def kill(self):
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    sys.exit(f"nothing listened on port {port} within {timeout} s")


def fetch(path, port, timeout):
    """(status or an error name, seconds)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, urllib.error.URLError) as error:
        status = type(error).__name__
    return status, time.monotonic() - started


class Load:
    """`connections` threads requesting URLS in turn until stopped; answers go to the current phase."""

    def __init__(self, port, connections, timeout):
        self.port, self.timeout = port, timeout
        self.phase = "warm-up"
        self.answers = []  # (phase, url, status, seconds), by the phase in which each request started
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(connections)]

    def run(self, offset):
        n = offset
        while not self.stopping.is_set():
            phase, url = self.phase, URLS[n % len(URLS)]
            status, seconds = fetch(url, self.port, self.timeout)
            self.answers.append((phase, url, status, seconds))
            n += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(self.timeout + 5)


def recovered(port, timeout=30):
    """Seconds until every URL answered 200, or None."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if all(fetch(url, port, 10)[0] == 200 for url in URLS):
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase-seconds", type=float, default=8)
    parser.add_argument("--connections", type=int, default=6, help="concurrent clients (default 6; 8 threads serve)")
    parser.add_argument("--max-seconds", type=float, default=6, help="the slowest answer allowed (default 6)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args(argv)
    if not shutil.which("redis-server"):
        sys.exit("redis-server is not installed (apt install redis-server).")

    workdir = Path(tempfile.mkdtemp(prefix="c5site-chaos-"))
    os.chmod(workdir, 0o755)
    postgres, redis, server = Postgres(workdir), Redis(workdir), None
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 — closed below
    try:
        print("Starting PostgreSQL and Redis, loading the demo…", flush=True)
        postgres.init()
        postgres.start()
        postgres.run(postgres_bin("createdb"), "-h", HOST, "-p", str(postgres.port), "-U", "postgres", "c5site")
        redis.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "DJANGO_SETTINGS"))}
        env.update(
            DATABASE_URL=postgres.url("c5site"),
            REDIS_URL=f"redis://{HOST}:{redis.port}/0",
            DEBUG="1",
            DJANGO_SETTINGS_MODULE="c5site.settings",
            API_ANON_RATE="",
            BULK_DATA_AUTOBUILD="0",
            BULK_DATA_DIR=str(workdir / "bulk"),
            PYTHONUNBUFFERED="1",
        )
        for command in (["migrate", "--noinput"], ["load_demo"]):
            result = subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
            )
            if result.returncode:
                sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "c5site.wsgi",
                "-b",
                f"{HOST}:{port}",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "4",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(port)
        if recovered(port) is None:
            sys.exit(f"the site did not answer 200 on every URL before any fault; see {workdir / 'gunicorn.log'}")

        def freeze_postgres():
            signal_tree(postgres.postmaster(), signal.SIGSTOP)

        def thaw_postgres():
            signal_tree(postgres.postmaster(), signal.SIGCONT)

        phases = [
            ("baseline", None),
            ("Redis killed", redis.kill),
            ("Redis back", redis.start),
            ("Redis frozen", lambda: os.kill(redis.process.pid, signal.SIGSTOP)),
            ("Redis thawed", lambda: os.kill(redis.process.pid, signal.SIGCONT)),
            ("PostgreSQL stopped", lambda: postgres.stop("immediate")),
            ("PostgreSQL back", postgres.start),
            ("PostgreSQL frozen", freeze_postgres),
            ("PostgreSQL thawed", thaw_postgres),
        ]
        recoveries = {}
        print(
            f"gunicorn on {HOST}:{port} (2 workers × 4 threads), {args.connections} connections, "
            f"{args.phase_seconds:.0f} s a phase…",
            flush=True,
        )
        with Load(port, args.connections, timeout=args.max_seconds * 3) as load:
            for name, action in phases:
                if action:
                    action()
                load.phase = name
                time.sleep(args.phase_seconds)
                if name.endswith(("back", "thawed")):
                    load.phase = f"{name}: recovery"
                    recoveries[name] = recovered(port)
        answers = load.answers
    finally:
        with contextlib.suppress(Exception):
            signal_tree(postgres.postmaster(), signal.SIGCONT)
        if server and server.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        redis.kill()
        postgres.stop("immediate")
        log.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    failed = False
    print(f"\n{'phase (requests started in it)':<32} {'answers':>7} {'500s':>5} {'conn.err':>8} {'max s':>6}  statuses")
    order = [name for name, _ in phases]
    names = sorted(
        {*order, *(a[0] for a in answers if a[0] != "warm-up")},
        key=lambda n: order.index(n.split(":")[0]) + (0.5 if ":" in n else 0),
    )
    for name in names:
        rows = [a for a in answers if a[0] == name]
        statuses = Counter(str(a[2]) for a in rows)
        errors500 = sum(1 for a in rows if a[2] == 500)
        connection_errors = sum(1 for a in rows if not isinstance(a[2], int))
        slowest = max((a[3] for a in rows), default=0)
        bad = errors500 or connection_errors or slowest > args.max_seconds
        failed |= bool(bad)
        print(
            f"{name:<32} {len(rows):>7} {errors500:>5} {connection_errors:>8} {slowest:>6.2f}  "
            + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))
            + ("   ← FAILED" if bad else "")
        )
    print()
    for name, seconds in recoveries.items():
        failed |= seconds is None
        print(f"after {name}: every URL 200 again " + ("never (30 s)" if seconds is None else f"in {seconds:.2f} s"))
    print("\nFAILED" if failed else "\nOK: no 500, no connection error, every answer in time, recovery without a restart")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
