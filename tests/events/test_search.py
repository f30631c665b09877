import pytest

from events.models import Meeting, Source
from events.search import (
    MEETING_FIELDS,
    PERSON_FIELDS,
    SOURCE_FIELDS,
    clean_query,
    render_snippet,
    search,
    with_snippet,
)
from people.models import Person

pytestmark = pytest.mark.django_db


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


def test_snippets_are_escaped_and_marked(demo):
    meeting = with_snippet(
        search(Meeting.objects.published(), MEETING_FIELDS, "Afghanistan"), "summary", "Afghanistan"
    ).first()
    html = render_snippet(meeting.snippet, "Afghanistan")
    assert "<mark>Afghanistan</mark>" in html
    assert render_snippet("<script>alert(1)</script> Astana", "Astana").startswith("&lt;script&gt;")
