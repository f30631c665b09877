"""The databases' search indexes: both split text into the words search_text.words() gives, and follow
every write of the index rows, whoever makes it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from events.models import Meeting, PublishedMeeting, Revision
from events.published import search, search_index
from events.published.search_text import fold, forms, spelling_key, words

pytestmark = pytest.mark.django_db

TEXTS = [
    "U.S. Secretary of State Antony J. Blinken",
    "C5+1, 1.5 million, 25,000,000 and 50% on 2021-04-23",
    "kazinform.kz wrote to press@mfa.kz: «Ташкент» — “Astana”…",
    "Nur-Sultan/Astana; e-mail_address (sic) [1] {2} <3> Tokayev's O'Brien",
    "Тоқаев, Қазақстан, Oʻzbekiston, Ўзбекистон, Ёлка, Öskemen, Straße, Türkmenistan",
    "ΑΘΗΝΑ Ελλάδα, 東京",
]  # Where they differ: a superscript or fraction (x², ½) is part of a word to FTS5, not to PostgreSQL.


def index_row(text, title="Title"):
    """A row of PublishedMeeting with this search text, written as publishing writes one."""
    meeting_type = ContentType.objects.get_for_model(Meeting)
    now = timezone.now()
    revision = Revision.objects.create(content_type=meeting_type, object_id=10**6, number=1, body="{}", created_at=now)
    return PublishedMeeting.objects.create(
        meeting_id=10**6, revision=revision, slug="indexed", title=title, kind="ministerial", format="in_person",
        date_precision="unknown", sort_key=0, first_published_at=now, revised_at=now, search_text=text,
    )  # fmt: skip


def indexed_words(row):
    """The words the database indexed for `row`, in order (title first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT lexeme FROM events_publishedmeeting, unnest(search_vector) WHERE meeting_id = %s",
                [row.pk],
            )
            lexemes = {lexeme for (lexeme,) in cursor.fetchall()}
            cursor.execute(
                "SELECT unnest(positions), lexeme FROM events_publishedmeeting, unnest(search_vector)"
                " WHERE meeting_id = %s ORDER BY 1",
                [row.pk],
            )
            return [lexeme for _, lexeme in cursor.fetchall()] if lexemes else []
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, events_publishedmeeting_fts, instance)"
        )
        cursor.execute("SELECT term FROM temp.words WHERE doc = %s ORDER BY col != 'title', offset", [row.pk])
        return [term for (term,) in cursor.fetchall()]


@pytest.mark.parametrize("text", TEXTS)
def test_the_database_splits_a_text_into_the_words_search_compares(text):
    row = index_row(text, title="Talks")
    assert indexed_words(row) == ["talks", *(word.lower() for word in words(text))]


def test_folded_and_transliterated_forms_are_what_a_reader_may_type():
    assert forms("Öskemen") == ["oskemen"]
    assert forms("Тоқаев") == ["Toqaev"]
    assert forms("Ёлка") == ["елка", "Yolka"]
    assert forms("Oʻzbekiston") == ["ozbekiston"]
    assert forms("Straße") == ["strasse"]
    assert forms("Plain words") == []
    assert fold("Йод") == "йод"  # й is a letter of its own, not и
    assert spelling_key(" Nur–Sultan ") == "nur sultan"


def test_a_written_row_is_found_at_once_and_its_rewrite_and_deletion_too():
    row = index_row("Talks on the quagga")
    assert search.filter_meetings(PublishedMeeting.objects.all(), "quagga").get() == row
    PublishedMeeting.objects.filter(pk=row.pk).update(search_text="Talks on the okapi")
    assert not search.filter_meetings(PublishedMeeting.objects.all(), "quagga").exists()
    assert search.filter_meetings(PublishedMeeting.objects.all(), "okapi").get() == row
    PublishedMeeting.objects.filter(pk=row.pk).update(is_retracted=True)
    assert not search.filter_meetings(PublishedMeeting.objects.all(), "okapi").exists()
    PublishedMeeting.objects.filter(pk=row.pk).update(is_retracted=False)
    assert search.filter_meetings(PublishedMeeting.objects.all(), "okapi").exists()
    PublishedMeeting.objects.filter(pk=row.pk).delete()
    assert not search.filter_meetings(PublishedMeeting.objects.all(), "okapi").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # raises where the index and the rows disagree
            cursor.execute("INSERT INTO events_publishedmeeting_fts (events_publishedmeeting_fts) VALUES ('integrity-check')")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers: PostgreSQL generates the column")
def test_after_a_migration_rebuilt_a_table_its_lost_triggers_are_put_back_and_the_index_refilled():
    row = index_row("Talks on the quagga")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER events_publishedmeeting_fts_update")
        cursor.execute("DROP TRIGGER events_publishedmeeting_fts_insert")
        cursor.execute("INSERT INTO events_publishedmeeting_fts (events_publishedmeeting_fts) VALUES ('delete-all')")
    assert not search.filter_meetings(PublishedMeeting.objects.all(), "quagga").exists()
    assert search_index.repair() == ["events_publishedmeeting"]
    assert search.filter_meetings(PublishedMeeting.objects.all(), "quagga").get() == row
    PublishedMeeting.objects.filter(pk=row.pk).update(search_text="Talks on the okapi")
    assert search.filter_meetings(PublishedMeeting.objects.all(), "okapi").get() == row
    assert search_index.repair() == []
