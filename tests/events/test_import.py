"""The article importer: good files become sources; bad ones are refused with a reason and write nothing."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.editing.importing import import_file, import_files
from events.models import Source
from people.models import Organization

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "events" / "demo" / "articles"


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def run(*paths):
    out = io.StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_seed_folder_imports_with_dates_titles_and_publishers_from_datelines():
    out, error = run(SEEDS)
    assert error is None
    assert "5 imported, 0 duplicate, 0 refused" in out
    urdupoint = Source.objects.get(imported_from__startswith="000_")
    assert urdupoint.published_on == datetime.date(2023, 7, 28)
    assert urdupoint.publisher.name == "UrduPoint News"
    assert urdupoint.text.startswith("MOSCOW (UrduPoint News")  # the date line is metadata, not text
    kazinform = Source.objects.get(imported_from__startswith="004_")
    assert kazinform.publisher.name == "Kazinform" and kazinform.publisher.kind == Organization.Kind.MEDIA
    assert kazinform.published_on == datetime.date(2021, 4, 28)
    headline = Source.objects.get(imported_from__startswith="002_")
    assert headline.title == "Countries of Central Asia and the USA adopted a statement according to the C5+1 meeting results"
    assert headline.published_on is None and headline.published_precision == "unknown"
    assert headline.publisher is None  # no dateline, no guess
    blinken = Source.objects.get(imported_from__startswith="003_")
    assert blinken.title.startswith("US Secretary of State Antony J. Blinken yesterday visited Astana")


def test_the_same_article_again_is_a_duplicate_even_with_other_white_space(tmp_path):
    original = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    run(SEEDS)
    copy = write(tmp_path, "copy.txt", original.replace("\n", "\r\n").replace(" ", "  "))
    out, error = run(copy)
    assert error is None and "0 imported, 1 duplicate" in out
    assert Source.objects.count() == 5


def test_duplicates_within_one_run_are_caught(tmp_path):
    a = write(tmp_path, "a.txt", "Same article text.\n")
    b = write(tmp_path, "b.txt", "Same   article text.")
    outcomes = import_files([a, b])
    assert [o.status for o in outcomes] == ["imported", "duplicate"]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t ", "empty"),
        ("date-only.txt", b"date 2023-07-28\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "Qazaqstan – Astana, Ministrlik ma’lum qildi".encode("cp1252"), "not UTF-8"),
        ("controls.txt", b"text \x01\x02\x03\x04\x05\x06\x07\x08 more" * 3, "control characters"),
        ("bad-date.txt", b"date 2023-02-30 Astana hosted a meeting.", "no real day"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_written(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    out, error = run(path)
    assert reason in out
    assert name in out
    assert error == "0 imported, 0 duplicate, 1 refused"
    assert not Source.objects.exists()
    assert not Organization.objects.exists()


def test_an_oversized_file_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = write(tmp_path, "huge.txt", "word " * 500)
    outcome = import_file(path)
    assert outcome.status == "refused" and "too large" in outcome.reason
    assert not Source.objects.exists()


def test_good_files_import_while_bad_ones_beside_them_are_refused(tmp_path):
    good = write(tmp_path, "good.txt", "Astana hosted a C5+1 meeting.")
    bad = write(tmp_path, "bad.txt", b"\xff\xfe\x00garbage")
    out, error = run(good, bad)
    assert "1 imported, 0 duplicate, 1 refused" in error
    assert list(Source.objects.values_list("text", flat=True)) == ["Astana hosted a C5+1 meeting."]


def test_html_is_reduced_to_text_and_its_scripts_dropped(tmp_path):
    html = (
        "<html><head><title>Site | News</title><script>alert('x')</script><style>p{}</style></head>"
        "<body><h1>C5+1 ministers meet in Astana</h1><p>The ministers met&nbsp;on Friday.</p>"
        "<p>They adopted a <b>joint</b> statement.</p><script>document.write('evil')</script></body></html>"
    )
    outcome = import_file(write(tmp_path, "article.html", html))
    source = outcome.source
    assert source.title == "C5+1 ministers meet in Astana"
    assert "alert" not in source.text and "evil" not in source.text and "p{}" not in source.text
    assert "The ministers met on Friday." in source.text
    assert "They adopted a joint statement." in source.text


@pytest.mark.parametrize(
    "text, language",
    [
        ("Министры иностранных дел стран Центральной Азии и США встретились в Астане.", "ru"),
        ("Орталық Азия елдері мен АҚШ сыртқы істер министрлері Астанада кездесті.", "kk"),
        ("Марказий Осиё давлатлари ва АҚШ ташқи ишлар вазирлари учрашди. Ўзбекистон.", "uz-Cyrl"),
        ("Markaziy Osiyo davlatlari va AQSh tashqi ishlar vazirlari bilan uchrashuv boʻldi. Toshkent va Samarqand uchun.", "uz"),
    ],
)
def test_non_english_articles_import_with_their_language(tmp_path, text, language):
    outcome = import_file(write(tmp_path, "article.txt", "date 2023-03-01\n" + text))
    assert outcome.status == "imported"
    assert outcome.source.text == text
    assert outcome.source.language == language
    assert outcome.source.published_on == datetime.date(2023, 3, 1)


def test_a_missing_path_is_refused_not_a_crash(tmp_path):
    out, error = run(tmp_path / "nope.txt")
    assert "no such file" in out and error


def test_markdown_heading_becomes_the_title(tmp_path):
    outcome = import_file(write(tmp_path, "a.md", "# Ministers met\n\nThe ministers met in Samarkand."))
    assert outcome.source.title == "Ministers met"


def test_html_import_keeps_the_article_not_the_pages_navigation_and_footer(tmp_path):
    html = (
        "<html><head><title>News | Site</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World news</a></nav></header>"
        "<aside>Most read: celebrity gossip</aside>"
        "<article><h1>C5+1 ministers meet in Astana</h1><p>The ministers met on Friday.</p></article>"
        "<footer>© 2023 Site. All rights reserved. Subscribe to our newsletter</footer></body></html>"
    )
    source = import_file(write(tmp_path, "page.html", html)).source
    assert source.title == "C5+1 ministers meet in Astana"
    assert "The ministers met on Friday." in source.text
    for chrome in ("World news", "celebrity gossip", "All rights reserved", "newsletter"):
        assert chrome not in source.text


def test_a_symbolic_link_is_refused_with_a_reason_and_not_followed(tmp_path):
    secret = write(tmp_path, "secret.txt", "root:x:0:0:root:/root:/bin/bash")
    link = tmp_path / "article.txt"
    link.symlink_to(secret)
    out, error = run(link)
    assert "symbolic link" in out and error == "0 imported, 0 duplicate, 1 refused"
    assert not Source.objects.exists()


def test_a_folder_holding_a_link_refuses_the_link_and_imports_the_rest(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "good.txt", "Astana hosted a C5+1 meeting.")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    out, error = run(folder)
    assert "symbolic link" in out and "1 imported, 0 duplicate, 1 refused" in error
    assert list(Source.objects.values_list("text", flat=True)) == ["Astana hosted a C5+1 meeting."]


def test_a_special_file_is_refused_without_reading_it(tmp_path):
    import os  # noqa: PLC0415

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out, error = run(fifo)  # reading a pipe would block: it is refused first
    assert "not a regular file" in out and error
    assert not Source.objects.exists()
