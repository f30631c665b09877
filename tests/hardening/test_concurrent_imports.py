"""Two imports of the same article racing: exactly one source, the other reported as a duplicate.

The race tests use real threads, each with its own database connection, against a
committed (transaction=True) PostgreSQL test database. They are marked `postgres` and
skip on SQLite: SQLite allows one writer and its shared in-memory test database answers
"table is locked" at once.
The last test proves the importer's IntegrityError path on any database.
"""

import threading

import pytest
from django.db import connection

from events.editing import importing
from events.models import Source

ARTICLE = (
    "Foreign ministers of the five Central Asian states and the United States met in Samarkand "
    "to discuss regional connectivity, water management and security.\n\n"
    "The next meeting of the format is planned for the spring."
)


def _race(paths, *, force_overlap):
    """Import each path in its own thread; return the outcomes (and any exception) per thread."""
    results = [None] * len(paths)
    barrier = threading.Barrier(len(paths), timeout=20)
    original_publisher_for = importing.publisher_for

    def run(index, path):
        try:
            results[index] = importing.import_file(path)
        except Exception as error:  # noqa: BLE001 - the test reports it
            results[index] = error
        finally:
            connection.close()  # each thread's own connection

    def publisher_for(name):
        # Called after the duplicate check, inside the insert's transaction: waiting here
        # makes every thread pass the check before any of them inserts.
        if force_overlap:
            barrier.wait()
        return original_publisher_for(name)

    importing.publisher_for = publisher_for
    try:
        threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(paths)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        importing.publisher_for = original_publisher_for
    return results


def _articles(tmp_path, count, text=ARTICLE):
    paths = []
    for i in range(count):
        path = tmp_path / f"copy-{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_article_racing_make_one_source_and_one_duplicate(tmp_path):
    outcomes = _race(_articles(tmp_path, 2), force_overlap=True)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.status for o in outcomes) == ["duplicate", "imported"]
    source = Source.objects.get()
    duplicate = next(o for o in outcomes if o.status == "duplicate")
    assert duplicate.reason == f"same text as source {source.pk}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_imports_with_a_new_publisher_make_one_source_and_one_publisher(tmp_path):
    # The dateline names an outlet not yet on record: both threads also race to create it.
    text = "ASTANA. KAZINFORM - " + ARTICLE
    outcomes = _race(_articles(tmp_path, 2, text), force_overlap=True)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.status for o in outcomes) == ["duplicate", "imported"]
    source = Source.objects.select_related("publisher").get()
    assert source.publisher.name == "Kazinform"
    assert source.publisher.sources.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_imports_of_one_article_at_once_make_exactly_one_source(tmp_path):
    outcomes = _race(_articles(tmp_path, 6), force_overlap=False)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert [o.status for o in outcomes].count("imported") == 1
    assert [o.status for o in outcomes].count("duplicate") == 5
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_an_import_that_loses_the_race_at_the_unique_hash_reports_a_duplicate(tmp_path, monkeypatch):
    first, second = _articles(tmp_path, 2)
    assert importing.import_file(first).status == "imported"
    # As if the other import committed between our duplicate check and our insert.
    real_filter = Source.objects.filter
    calls = []

    def filter_missing_once(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return Source.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Source.objects, "filter", filter_missing_once)
    outcome = importing.import_file(second)
    assert outcome.status == "duplicate"
    assert outcome.reason == f"same text as source {Source.objects.get().pk}"
    assert Source.objects.count() == 1
