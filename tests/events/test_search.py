import datetime
import itertools

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler

from c5site.records import Status
from events import search as search_module
from events.models import Meeting, Source
from events.search import (
    MEETING_FIELDS,
    PERSON_FIELDS,
    SOURCE_FIELDS,
    Listed,
    best,
    clean_query,
    headline_html,
    render_snippet,
    search,
)
from people.models import Person
from tests.factories import SAMPLE_TEXT, MeetingFactory, SourceFactory, cite

pytestmark = pytest.mark.django_db

WORD = "Zarafshan"  # in no demo or sample text
_numbers = itertools.count()  # one article's text is not another's (their hashes are unique)


def test_search_finds_meetings_by_words_of_title_and_summary(demo):
    found = list(search(Meeting.objects.published(), MEETING_FIELDS, "Samarkand ministerial"))
    assert [m.slug for m in found] == ["c5-1-ministerial-samarkand-2015"]
    assert not search(Meeting.objects.published(), MEETING_FIELDS, "Antarctica").exists()


def test_search_finds_people_under_an_alias(demo):
    found = list(search(Person.objects.published(), PERSON_FIELDS, "Mukhriddin"))
    assert [p.slug for p in found] == ["sirojiddin-muhriddin"]


def test_search_finds_sources_by_their_text(demo):
    found = list(search(Source.objects.all(), SOURCE_FIELDS, "Kazinform"))
    assert len(found) == 1 and found[0].imported_from.startswith("004_")


def test_an_empty_or_blank_query_finds_nothing(demo):
    assert not search(Meeting.objects.all(), MEETING_FIELDS, "   ").exists()


def test_query_is_trimmed_and_bounded():
    assert clean_query("  a   b ") == "a b"
    assert len(clean_query("x" * 5000)) == 200


def test_control_characters_in_a_query_are_read_as_spaces():
    # PostgreSQL refuses a NUL in text: the search page answered 500.
    assert clean_query("sec\x00urity\tpolicy\x02") == "sec urity policy"


def meetings_listed(candidates=search_module.RANK_CANDIDATES):
    return Listed(Meeting.objects.published, ("slug", "title"), MEETING_FIELDS, text="summary", candidates=candidates)


def sources_listed(candidates=search_module.RANK_CANDIDATES):
    return Listed(
        Source.objects.cited_in_published,
        ("title",),
        SOURCE_FIELDS,
        text="text",
        findable=Source.objects.all,
        candidates=candidates,
    )


def test_snippets_are_escaped_and_marked(demo):
    rows = best({"meetings": meetings_listed()}, "Afghanistan", 20)["meetings"]
    assert any("<mark>Afghanistan</mark>" in snippet for *_, snippet in rows)
    assert render_snippet("<script>alert(1)</script> Astana", "Astana").startswith("&lt;script&gt;")


def cited_source(text, *, status=Status.PUBLISHED, title="Article"):
    """A source cited by a meeting of `status`, with `text` (the quote cited occurs in it)."""
    source = SourceFactory(title=title, text=f"{text}\n\n{SAMPLE_TEXT}\n\n{next(_numbers)}")
    cite(MeetingFactory(status=status, summary="A meeting."), "summary", source=source)
    return source


def test_a_source_only_a_draft_cites_is_never_listed_however_well_it_ranks(db):
    secret = cited_source(f"{WORD} {WORD} {WORD} {WORD}.", status=Status.DRAFT, title=f"{WORD} {WORD}")
    public = [cited_source(f"Once: {WORD}.") for _ in range(3)]
    uncited = SourceFactory(title=WORD, text=f"{WORD} {WORD}. {SAMPLE_TEXT}")
    for limit in (2, 20):  # the public ones fill the list, as far as there are any
        listed = [row[0] for row in best({"sources": sources_listed()}, WORD, limit)["sources"]]
        assert set(listed) <= {s.pk for s in public} and len(listed) == min(limit, 3)
    assert secret.pk not in listed and uncited.pk not in listed


def test_older_public_sources_are_found_when_the_newest_matches_are_not_public(db, django_assert_max_num_queries):
    public = [cited_source(f"Older article about {WORD}.") for _ in range(2)]
    for _ in range(4):  # newer than the public ones: the three newest matches are none of them
        SourceFactory(text=f"An uncited import about {WORD}. {SAMPLE_TEXT} {next(_numbers)}")
    with django_assert_max_num_queries(4):  # the candidates and the rows, twice
        listed = [row[0] for row in best({"sources": sources_listed(candidates=3)}, WORD, 20)["sources"]]
    assert sorted(listed) == sorted(s.pk for s in public)


def meetings(title, summary, year, count):
    return [
        MeetingFactory(title=f"{title} {n}", summary=summary, start_date=datetime.date(year, 1, 1 + n), date_precision="day")
        for n in range(count)
    ]


def test_the_newest_matches_are_ranked_best_first_and_the_same_query_gives_the_same_list(db):
    # The two oldest records name the word in their title, which ranks first, and took place
    # later (a scan in the order of dates finds them first); only the three newest records
    # that match are candidates. SQLite lists them all, in the queryset's order.
    old = meetings(f"{WORD} {WORD} talks", f"On {WORD}.", 2023, 2)
    new = meetings("Talks", f"Talks on {WORD}.", 2015, 3)
    first = best({"meetings": meetings_listed(candidates=3)}, WORD, 20)["meetings"]
    again = best({"meetings": meetings_listed(candidates=3)}, WORD, 20)["meetings"]
    assert first == again
    if connection.vendor == "postgresql":
        assert [row[0] for row in first] == [m.pk for m in new]
    else:
        assert {row[0] for row in first} == {m.pk for m in old + new}


def test_the_api_search_ranks_the_newest_matches(db, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_CANDIDATES", 3)
    old = meetings(f"{WORD} {WORD} talks", f"On {WORD}.", 2023, 2)
    new = meetings("Talks", f"Talks on {WORD}.", 2015, 3)
    found = [m.pk for m in search(Meeting.objects.published(), MEETING_FIELDS, WORD)]
    if connection.vendor == "postgresql":
        assert found == [m.pk for m in new]  # the oldest rank better, but are not candidates
    else:
        assert sorted(found) == sorted(m.pk for m in old + new)


def test_a_source_snippet_marks_a_word_deep_in_a_long_text_with_ellipses(db):
    filler = "The ministers discussed regional matters at length. " * 60  # ~3,100 characters
    source = cited_source(f"{filler}Then the {WORD} river basin was discussed. {filler}")
    [(pk, _, snippet)] = best({"sources": sources_listed()}, WORD, 20)["sources"]
    assert pk == source.pk
    assert f"<mark>{WORD}</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


def test_a_snippet_is_cut_where_the_word_occurs_under_another_form(db):
    if connection.vendor != "postgresql":  # the fallback marks the words as typed
        return
    filler = "The ministers discussed regional matters at length. " * 40
    cited_source(f"{filler}Both cities signed the agreement. {filler}")
    [(_, _, snippet)] = best({"sources": sources_listed()}, "city", 20)["sources"]
    assert "<mark>cities</mark>" in snippet  # "city" is stemmed "citi", which "cities" holds


def test_a_headline_says_where_the_text_goes_on_and_leaves_out_a_word_cut_in_two():
    # The whole text: as it is.
    assert headline_html(f"The \x02{WORD}\x03 river.", f"The {WORD} river.", True, True) == f"The <mark>{WORD}</mark> river."
    # A passage inside the window.
    assert headline_html(f"\x02{WORD}\x03 river", f"On the {WORD} river basin", True, True) == f"…<mark>{WORD}</mark> river…"
    # The window cut a word at each end, and the headline reaches both: the halves are left out.
    assert (
        headline_html(f"ters saw the \x02{WORD}\x03 ba", f"ters saw the {WORD} ba", False, False)
        == f"…saw the <mark>{WORD}</mark>…"
    )
    # A matched word at the window's edge is kept.
    assert headline_html(f"\x02{WORD}\x03 river", f"{WORD} river", False, False) == f"…<mark>{WORD}</mark>…"
    # Escaped, with only the marks as markup.
    assert headline_html("<b>\x02x\x03</b> & y", "<b>x</b> & y", True, True) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; y"


def test_the_rows_queries_are_prepared(db, django_assert_max_num_queries):
    cited_source(f"About {WORD}.")
    MeetingFactory(summary=f"On {WORD}.")
    kinds = {"meetings": meetings_listed(), "sources": sources_listed()}
    with django_assert_max_num_queries(3):  # the candidates, then the rows of each kind
        found = best(kinds, WORD, 17)
    assert all(len(rows) == 1 for rows in found.values())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%LIMIT 17%'")
            statements = [row[0] for row in cursor.fetchall()]
        assert sorted("events_source" in statement for statement in statements) == [False, True]



def test_a_sources_vector_is_kept_in_its_row():
    # events/0008: the candidates scan reads each vector it tests from the row, not from
    # TOAST (bench: "security" 2.6 -> 1.2 ms). A migration that adds the column again would
    # bring back the default storage, EXTENDED ("x"), and out-of-line vectors with it.
    if connection.vendor != "postgresql":  # SQLite keeps no vectors
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = 'events_source'::regclass AND attname IN ('search_vector', 'text')"
        )
        assert dict(cursor.fetchall()) == {"search_vector": "m", "text": "x"}


def test_a_second_search_compiles_no_sql(db, monkeypatch):
    # The SQL is compiled from the querysets once per process (c5site.db.CompiledOnce):
    # compiling it on each request cost more Python than the rest of the search.
    if connection.vendor != "postgresql":  # the fallback is the ORM's queries, built each time
        return
    cited_source(f"About {WORD}.")
    MeetingFactory(summary=f"On {WORD}.")
    kinds = {"meetings": meetings_listed(), "sources": sources_listed()}
    best(kinds, WORD, 20)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self.query.model) or original(self, *a, **k))
    found = best(kinds, f"{WORD} river", 20)
    assert compiled == []
    assert [len(rows) for rows in found.values()] == [0, 0]
    assert [len(rows) for rows in best(kinds, WORD, 20).values()] == [1, 1]
