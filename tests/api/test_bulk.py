"""Bulk data: the whole published record as SQLite, CSV (ZIP) and JSON files, rebuilt after every
publication outside the request, replaced atomically, and the same data the API gives."""

import csv
import fcntl
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from events.api import bulk
from events.models import Meeting
from events.published import publish
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db

DATASETTE = Path(settings.BASE_DIR) / ".venv-bench" / "bin" / "datasette"


def everything(api, endpoint):
    body = api.get(f"/api/v1/{endpoint}/?page_size=200").json()
    assert body["next"] is None
    return body["results"]


@pytest.fixture
def built(demo):
    with reads_published_only():
        return bulk.build()


def files():
    return Path(settings.BULK_DATA_DIR)


def test_the_sqlite_file_holds_the_same_record_as_the_api(built, api):
    db = sqlite3.connect(files() / bulk.SQLITE_FILE)
    count = lambda table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731, S608
    assert count("meetings") == api.get("/api/v1/meetings/").json()["count"] == 8
    assert count("people") == api.get("/api/v1/people/").json()["count"] == 12
    assert count("sources") == api.get("/api/v1/sources/").json()["count"]
    assert count("topics") == api.get("/api/v1/topics/").json()["count"]
    citations = everything(api, "citations")
    assert count("citations") == len(citations) == 148
    assert sorted(row[0] for row in db.execute("SELECT quote FROM citations")) == sorted(c["quote"] for c in citations)
    api_context = {c["id"]: (c["before"], c["after"], c["stance"], c["label"]) for c in citations}
    for pk, before, after, stance, label in db.execute('SELECT id, "before", "after", stance, label FROM citations'):
        assert api_context[pk] == (before, after, stance, label)
    participants = sum(len(m["participants"]) for m in everything(api, "meetings"))
    assert count("participations") == participants
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    blinken = db.execute("SELECT meeting FROM meeting_participants WHERE person = 'antony-blinken' ORDER BY meeting").fetchall()
    assert [row[0] for row in blinken] == ["c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"]


def test_the_csv_files_open_with_pythons_csv_module_with_a_byte_order_mark(built, api):
    db = sqlite3.connect(files() / bulk.SQLITE_FILE)
    with zipfile.ZipFile(files() / bulk.CSV_FILE) as archive:
        names = set(archive.namelist())
        for table, _, columns in bulk.TABLES:
            raw = archive.read(f"{table}.csv")
            assert raw.startswith("\ufeff".encode()), table
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True))
            assert rows[0] == [c["name"] for c in columns]
            assert len(rows) - 1 == db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
        assert "README.txt" in names
        citations = list(csv.DictReader(io.StringIO(archive.read("citations.csv").decode("utf-8-sig"), newline="")))
    assert sorted(row["quote"] for row in citations) == sorted(c["quote"] for c in everything(api, "citations"))
    umarov = [row for row in citations if "Kairat Umarov" in row["label"] and row["stance"] == "contradicts"]
    assert umarov and all(row["before"] or row["after"] for row in umarov)


def test_the_json_file_is_popolo_with_every_citation_in_context(built, api):
    document = json.loads((files() / bulk.JSON_FILE).read_text())
    assert {"meta", "areas", "organizations", "persons", "memberships", "events", "citations"} <= document.keys()
    assert document["meta"]["version"] == publish.record_version()
    assert len(document["events"]) == 8 and len(document["persons"]) == 12
    assert len(document["citations"]) == 148 and {"before", "after", "quote", "label"} <= document["citations"][0].keys()
    call = next(e for e in document["events"] if e["id"] == "event/tileuberdi-blinken-phone-call-2021")
    assert {a["person_id"] for a in call["attendees"]} == {"person/antony-blinken", "person/mukhtar-tileuberdi"}
    assert all(a["sources"] for a in call["attendees"])
    blinken = next(p for p in document["persons"] if p["id"] == "person/antony-blinken")
    assert blinken["other_names"] == [{"name": "Antony J. Blinken"}] and blinken["sources"]


def test_the_manifest_gives_each_files_size_and_sha256(built):
    for name, info in built["files"].items():
        content = (files() / name).read_bytes()
        assert info == {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def test_datasette_serves_the_sqlite_file(built, tmp_path):
    if not DATASETTE.exists():
        reason = "Datasette lives in .venv-bench, which `make bench` (and CI) creates"
        if os.environ.get("C5SITE_REQUIRE_ALL_TESTS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    copy = tmp_path / "c5site.sqlite"
    shutil.copy(files() / bulk.SQLITE_FILE, copy)
    result = subprocess.run(  # noqa: S603
        [str(DATASETTE), str(copy), "--get", "/c5site/meetings.json?_shape=array&_col=slug&_col=title"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    meetings = json.loads(result.stdout)
    assert len(meetings) == 8
    assert {"id", "slug", "title"} == set(meetings[0])
    result = subprocess.run(  # noqa: S603
        [str(DATASETTE), str(copy), "--get", "/c5site/participations.json?_shape=array&_labels=on&_size=1"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    [row] = json.loads(result.stdout)
    assert set(row["person_id"]) == {"value", "label"}  # Datasette follows the foreign key


def test_a_publication_starts_a_rebuild_outside_the_request(demo, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.BULK_DATA_AUTOBUILD = True
    started = []
    monkeypatch.setattr(bulk.subprocess, "Popen", lambda args, **kwargs: started.append((args, kwargs)))
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    with django_capture_on_commit_callbacks(execute=True):
        publish.retract(meeting, reason="Withdrawn.")
    [(args, kwargs)] = started
    assert args[-1] == "build_bulk_data" and args[-2].endswith("manage.py")
    assert kwargs["start_new_session"] is True  # detached: it outlives the request


def test_a_publication_rebuilds_the_files_for_the_new_record(
    built, settings, monkeypatch, django_capture_on_commit_callbacks, api
):
    settings.BULK_DATA_AUTOBUILD = True
    monkeypatch.setattr(bulk, "launch", lambda: bulk.build())  # the detached command, run here
    with django_capture_on_commit_callbacks(execute=True):
        publish.retract(Meeting.objects.get(slug="c5-1-ministerial-nur-sultan"), reason="Withdrawn.")
    manifest = bulk.manifest()
    assert manifest["version"] == publish.record_version() > built["version"]
    db = sqlite3.connect(files() / bulk.SQLITE_FILE)
    assert db.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 7
    assert not db.execute("SELECT 1 FROM meetings WHERE slug = 'c5-1-ministerial-nur-sultan'").fetchall()


def test_files_already_built_for_the_current_record_are_not_built_again(built, monkeypatch):
    monkeypatch.setattr(bulk, "_build_once", lambda directory: pytest.fail("built again"))
    assert bulk.build() == built


def test_a_build_that_sees_the_record_change_builds_again(demo, monkeypatch):
    versions = iter([5, 6, 6, 6])  # the record changes while the first build runs
    monkeypatch.setattr(publish, "record_version", lambda: next(versions))
    builds = []
    monkeypatch.setattr(bulk, "_build_once", lambda directory: builds.append(1) or {"version": 5 + len(builds) - 1})
    bulk.build()
    assert len(builds) == 2


def test_a_build_holds_the_lock_so_two_never_overlap(built, monkeypatch):
    held = []

    def check_lock(directory):
        with open(directory / bulk.LOCK, "w") as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.append(True)
        return built

    monkeypatch.setattr(bulk, "_build_once", check_lock)
    bulk.build(force=True)
    assert held == [True]


def test_a_reader_mid_rebuild_gets_the_previous_complete_file(built, client, monkeypatch):
    old = (files() / bulk.SQLITE_FILE).read_bytes()
    publish.retract(Meeting.objects.get(slug="c5-1-ministerial-nur-sultan"), reason="Withdrawn.")
    seen = {}
    write_json = bulk._write_json

    def during_the_build(*args):
        # The new SQLite file exists in the build's directory; the one served is still the old, whole.
        response = client.get(f"/data/{bulk.SQLITE_FILE}")
        seen["mid"] = b"".join(response.streaming_content)
        return write_json(*args)

    monkeypatch.setattr(bulk, "_write_json", during_the_build)
    streaming = client.get(f"/data/{bulk.SQLITE_FILE}")
    first = next(iter(streaming.streaming_content))  # a download under way when the build ends
    bulk.build()
    rest = b"".join(streaming.streaming_content)
    streaming.close()
    assert seen["mid"] == old
    assert first + rest == old
    new = (files() / bulk.SQLITE_FILE).read_bytes()
    assert new != old and hashlib.sha256(new).hexdigest() == bulk.manifest()["files"][bulk.SQLITE_FILE]["sha256"]
    assert not [p for p in os.listdir(files()) if p.startswith(".build-")]


def test_the_data_page_offers_each_file_with_size_date_sha256_and_the_data_dictionary(built, client):
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    for name, info in built["files"].items():
        assert f'href="/data/{name}"' in page
        assert info["sha256"] in page
    assert "Data dictionary" in page and "<code>participations</code>" in page and "<code>meeting_participants</code>" in page
    assert 'href="/api/v1/"' in page


def test_the_data_page_says_when_the_files_are_not_built_yet(db, client):
    assert "being built" in client.get("/data/").content.decode()
    assert client.get(f"/data/{bulk.CSV_FILE}").status_code == 503


def test_a_bulk_file_is_served_with_an_etag_and_answers_a_conditional_get(built, client):
    response = client.get(f"/data/{bulk.CSV_FILE}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and response["ETag"]
    assert int(response["Content-Length"]) == built["files"][bulk.CSV_FILE]["size"]
    response.close()
    again = client.get(f"/data/{bulk.CSV_FILE}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get("/data/settings.py").status_code == 404


def test_popolo_is_the_prebuilt_file_streamed_never_built_in_the_request(built, api, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api.get("/api/v1/popolo/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    body = b"".join(response.streaming_content)
    response.close()
    assert body == (files() / bulk.JSON_FILE).read_bytes()
    assert api.get("/api/v1/popolo/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_popolo_before_the_first_build_answers_503_with_retry_after(demo, api):
    response = api.get("/api/v1/popolo/")
    assert response.status_code == 503 and response["Retry-After"]
    assert "being built" in response.json()["detail"]
