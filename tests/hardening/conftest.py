"""Fixtures for the hardening tests: a PostgreSQL cluster of their own, and a served site.

Tests that race real connections against the test database are marked `postgres`: on
SQLite (one writer at a time) they skip with the reason, and CI's PostgreSQL run covers them.

The outage test does not use the test database at all: it starts a throwaway
PostgreSQL cluster on a free port (never the main one on 5432) and a gunicorn
server against it, so it runs in every suite run, SQLite or PostgreSQL.
"""

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
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        pytest.fail(f"PostgreSQL's {name} is not installed under /usr/lib/postgresql/*/bin/.")
    return found[-1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory, run as the postgres OS user
    (initdb refuses root), listening on 127.0.0.1:<port> only."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="c5site-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)

    def run(self, *command, check=True):
        return subprocess.run([*self.as_postgres, *command], check=check, capture_output=True, text=True, timeout=60)

    def init(self):
        self.run(
            postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"
        )

    def start(self, *settings):
        """Start the server; `settings` are more `-c name=value` options."""
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        options = " ".join([options, *(f"-c {setting}" for setting in settings)])
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.logfile), "-w", "-t", "30", "start")

    def stop(self, mode="fast"):
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, query, database="postgres"):
        """The first row `query` answers, run on this server."""
        import psycopg  # noqa: PLC0415

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True) as conn:
            return conn.execute(query).fetchone()

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


class Standby(Cluster):
    """A streaming replica of `primary` (`pg_basebackup -R`), in the primary's directory, on a port of its own."""

    def __init__(self, primary):
        self.port = free_port()
        self.dir = primary.dir
        self.data = self.dir / "standby"
        self.logfile = self.dir / "standby.log"
        self.as_postgres = primary.as_postgres
        self.primary = primary

    def init(self):
        self.run(
            postgres_bin("pg_basebackup"), "-R", "-D", str(self.data), "-h", "127.0.0.1", "-p", str(self.primary.port),
            "-U", "postgres", "-X", "stream", "--checkpoint=fast", "--no-sync",
        )  # fmt: skip

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture
def own_postgres():
    """A running PostgreSQL cluster of the test's own; stopped and removed afterwards, whatever happens."""
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def site_env(database_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PYTEST", "DJANGO_SETTINGS"))}
    # DEBUG stays on so that the plain-HTTP server does not redirect to HTTPS; the outage
    # handling is the same either way (it does not depend on DEBUG).
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="c5site.settings",
        DEBUG="1",
        DB_CONNECT_TIMEOUT="3",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


class Server:
    """gunicorn serving a WSGI app on 127.0.0.1:<port> in its own process group."""

    def __init__(self, env, app="c5site.wsgi", workers=1, log=None):
        self.port = free_port()
        self.log = log or tempfile.NamedTemporaryFile(prefix="c5site-gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_listening(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}:\n{self.output()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not listen within {timeout} s:\n{self.output()}")

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


@contextlib.contextmanager
def serving(env, **kwargs):
    server = Server(env, **kwargs)
    try:
        server.wait_until_listening()
        yield server
    finally:
        server.stop()


def fetch(url, headers=None, timeout=15):
    """(status, headers, body text, seconds) of a GET; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode(errors="replace"), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace"), time.monotonic() - started
