"""Public reads from a real PostgreSQL streaming replica, with no stale page and read-your-writes.

The test builds its own primary cluster and a streaming replica of it (`pg_basebackup -R`) on
other free ports, loads the demo on the primary (the replica replays it), and serves the site
with gunicorn: DATABASE_URL the primary, DATABASE_REPLICA_URLS the replica, the response cache
on. The replica logs every statement it runs, so the test sees which requests read from it.
"""

import glob
import html.parser
import http.cookiejar
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

from tests.conftest import REQUIRE_ALL

from .conftest import ROOT, Cluster, Standby, fetch, manage, postgres_bin, serving, site_env

pytestmark = pytest.mark.postgres

DATABASE = "c5site_replica"
PAGE_QUERY = "events_publishedmeeting"  # what a meeting page reads, and a version check does not


def _require_server_binaries():
    missing = [name for name in ("initdb", "pg_ctl", "pg_basebackup") if not glob.glob(f"/usr/lib/postgresql/*/bin/{name}")]
    if missing:
        reason = f"needs PostgreSQL's server binaries ({', '.join(missing)} under /usr/lib/postgresql/*/bin/)"
        if REQUIRE_ALL:
            pytest.fail(f"{reason} (C5SITE_REQUIRE_ALL_TESTS=1: nothing may be skipped)")
        pytest.skip(reason)


def shell(env, code):
    """What `code` prints, run by `manage.py shell` against the site's databases."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"manage.py shell failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout.strip().rsplit("\n", 1)[-1]  # the last line: Django's may say what it imported


def retitle(env, slug, title):
    """Change a published meeting's title and publish it, in one transaction: the record version rises once."""
    shell(
        env,
        "from django.db import transaction\n"
        "from events.models import Meeting\n"
        "from events.published import publish\n"
        "with transaction.atomic():\n"
        f"    meeting = Meeting.objects.get(slug={slug!r})\n"
        f"    meeting.title = {title!r}\n"
        "    meeting.save()\n"
        "    publish.publish(meeting, note='Retitled by the replica test.')\n",
    )


def title_of(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


def version(cluster):
    return cluster.sql("SELECT version FROM events_recordversion", DATABASE)[0]


def wait_for_replay(primary, standby, timeout=20):
    """Until the standby has replayed everything the primary has written."""
    target = primary.sql("SELECT pg_current_wal_lsn()")[0]
    deadline = time.monotonic() + timeout
    while not standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]:
        assert time.monotonic() < deadline, f"the standby did not replay up to {target} within {timeout} s"
        time.sleep(0.05)


def replica_reads(standby):
    """Statements of a page's kind the standby has run so far (log_statement=all)."""
    return standby.logfile.read_text(errors="replace").count(PAGE_QUERY)


def replica_statements(standby):
    """Statements of any kind the standby has run so far."""
    log = standby.logfile.read_text(errors="replace")
    return log.count("statement:") + log.count("execute ")


class _Form(html.parser.HTMLParser):
    """The fields an admin change form would send as it stands (text inputs, hidden ones, selects, text areas)."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.fields[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Editor:
    """A browser with a session: logs in through the admin's login form."""

    def __init__(self, server):
        self.server = server
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.server.url(path), timeout=15) as response:
            return response.status, response.read().decode(errors="replace")

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(self.server.url(path), data=data), timeout=15) as response:
            return response.status, response.geturl(), response.read().decode(errors="replace")

    def form(self, path):
        parser = _Form()
        parser.feed(self.get(path)[1])
        return parser.fields

    def log_in(self, username, password):
        fields = self.form("/admin/login/")
        fields.update(username=username, password=password, next="/admin/")
        _, landed, page = self.post("/admin/login/?next=/admin/", fields)
        assert landed.endswith("/admin/") and "Log out" in page, f"the editor could not log in: {page[:500]}"


def test_public_reads_come_from_a_replica_with_the_current_record_and_editors_read_their_writes():
    _require_server_binaries()
    started = time.monotonic()
    primary = Cluster()
    standby = Standby(primary)
    bulk = tempfile.mkdtemp(prefix="c5site-bulk-")
    try:
        primary.init()
        primary.start("wal_level=replica", "max_wal_senders=4")
        standby.init()
        standby.start("hot_standby=on", "log_statement=all")
        replica_ready = time.monotonic() - started
        assert standby.sql("SELECT pg_is_in_recovery()")[0], "the replica must be a standby"
        primary.run(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", DATABASE)

        env = site_env(
            primary.url(DATABASE),
            DATABASE_REPLICA_URLS=standby.url(DATABASE),
            PUBLIC_CACHE_SECONDS="300",
            REDIS_URL="",  # the per-process cache: one worker serves every request here
            LOG_LEVEL="INFO",
            BULK_DATA_AUTOBUILD="0",
            BULK_DATA_DIR=bulk,
        )
        # Management commands run with the replica configured: they must write the primary (the
        # replica is read-only, so any statement routed to it would fail).
        manage(env, "migrate", "--noinput")
        migrated = time.monotonic() - started
        manage(env, "load_demo")
        loaded = time.monotonic() - started
        accounts = subprocess.run(
            [sys.executable, "manage.py", "create_demo_accounts"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        ).stdout
        password = re.search(r"^\s+editor\s+editor\s+(\S+)$", accounts, re.M).group(1)
        slug, topic = shell(
            env,
            "from events.models import Meeting, Topic\n"
            "from c5site.records import Status\n"
            "print(Meeting.objects.filter(status=Status.PUBLISHED).order_by('pk').values_list('slug', flat=True)[0],"
            " Topic.objects.order_by('pk').values_list('pk', flat=True)[0])",
        ).split()
        wait_for_replay(primary, standby)
        assert version(standby) == version(primary) > 0

        with serving(env) as server:
            page = server.url(f"/meetings/{slug}/")

            # 1. The replica has the record: the page is read from it, and cached.
            reads = replica_reads(standby)
            status, headers, body, _ = fetch(page)
            assert status == 200 and headers["X-Cache"] == "miss", server.output()
            assert replica_reads(standby) > reads, "the public page must be read from the replica"
            assert fetch(page)[1]["X-Cache"] == "hit"

            # 2. The replica lags (replay paused): a publication on the primary shows at once, read
            # from the primary, and what is cached under the new version is the new page.
            standby.sql("SELECT pg_wal_replay_pause()")
            retitle(env, slug, "Replica test: published while the replica lags")
            assert version(standby) < version(primary), "the paused replica must not have the publication"
            reads = replica_reads(standby)
            for expected in ("miss", "hit"):
                status, headers, body, _ = fetch(page)
                assert status == 200 and headers["X-Cache"] == expected
                assert title_of(body).startswith("Replica test: published while the replica lags"), "a stale page was served"
            assert replica_reads(standby) == reads, "no page may be read from a replica that is behind"
            assert "Read replica replica1 is at record version" in server.output()

            # 3. An editor (logged in: a session) reads and writes the primary only, and sees their own
            # change at once while the replica still lags.
            editor = Editor(server)
            editor.log_in("editor", password)
            statements = replica_statements(standby)
            change = f"/admin/events/topic/{topic}/change/"
            fields = editor.form(change)
            fields.update(name="Replica test topic", _save="Save")
            status, landed, listing = editor.post(change, fields)
            assert status == 200 and landed.endswith("/admin/events/topic/"), listing[:2000]
            assert "Replica test topic" in listing
            assert "Replica test topic" in editor.get(change)[1]
            status, page_for_editor = editor.get(f"/meetings/{slug}/")
            assert status == 200 and title_of(page_for_editor).startswith("Replica test: published while the replica lags")
            assert replica_statements(standby) == statements, "an editor's requests must not touch the replica"

            # 4. The replica catches up and serves again: the next publication's page is read from it.
            standby.sql("SELECT pg_wal_replay_resume()")
            retitle(env, slug, "Replica test: published and replayed")
            wait_for_replay(primary, standby)
            reads = replica_reads(standby)
            status, headers, body, _ = fetch(page)
            assert status == 200 and headers["X-Cache"] == "miss"
            assert title_of(body).startswith("Replica test: published and replayed"), "a stale page was served"
            assert replica_reads(standby) > reads, "the caught-up replica must serve the page"
            assert title_of(fetch(page)[2]).startswith("Replica test: published and replayed")

            # 5. The replica goes away: public pages are read from the primary, with a warning, never a 500.
            standby.stop("immediate")
            for _ in range(3):
                status, _, body, seconds = fetch(server.url("/meetings/"))
                assert status == 200 and seconds < 5, f"{status} after {seconds:.1f} s"
            assert "Read replica replica1 unavailable" in server.output()
            assert " 500 " not in server.output()
    finally:
        standby.remove()
        primary.remove()
        shutil.rmtree(bulk, ignore_errors=True)
    print(
        f"replica ready after {replica_ready:.1f} s, migrated {migrated:.1f} s, demo loaded {loaded:.1f} s, "
        f"test {time.monotonic() - started:.1f} s"
    )
