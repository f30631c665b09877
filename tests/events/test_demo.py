"""The demo corpus states what the seed articles say, every fact cited, and nothing more."""

import datetime
import io

import orjson
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from c5site.records import Status
from events.audit import audit
from events.models import Citation, Meeting, PublishedMeeting, Revision, Source
from events.published import publish
from people.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date


def test_every_published_fact_has_a_valid_citation(demo):
    report = audit()
    assert report.ok, report.uncited + report.broken + report.broken_working
    assert report.checked_facts > 100
    assert all(m.uncited_facts() == [] for m in Meeting.objects.published())
    assert Citation.objects.broken().count() == 0


def test_loading_twice_changes_nothing(demo):
    counts = (Meeting.objects.count(), Person.objects.count(), Source.objects.count(), Citation.objects.count())
    from events.demo.loader import load_demo  # noqa: PLC0415

    load_demo()
    assert counts == (Meeting.objects.count(), Person.objects.count(), Source.objects.count(), Citation.objects.count())


def test_everything_in_the_demo_is_published(demo):
    assert set(Meeting.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert set(Person.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_meetings_without_a_date_in_the_articles_have_none(demo):
    undated = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    assert (undated.start_date, undated.date_precision, undated.date_not_after) == (None, "unknown", None)
    blinken = Meeting.objects.get(slug="c5-1-ministerial-astana-blinken")  # "yesterday", in an undated article
    assert (blinken.start_date, blinken.date_precision) == (None, "unknown")
    assert blinken.date_lo is None and blinken.date_hi is None


def test_dates_the_articles_give(demo):
    session = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    assert (session.start_date, session.end_date, session.date_precision) == (D(2023, 7, 27), D(2023, 7, 28), "day")
    assert str(session.date) == "July 27–28, 2023"
    first = Meeting.objects.get(slug="c5-1-ministerial-samarkand-2015")
    assert (first.start_date, first.ordinal) == (D(2015, 11, 1), 1)
    tenth = Meeting.objects.get(slug="c5-1-high-level-meeting-2021-04-23")
    assert (tenth.start_date, tenth.ordinal, tenth.format) == (D(2021, 4, 23), 10, "virtual")
    call = Meeting.objects.get(slug="tileuberdi-blinken-phone-call-2021")
    assert (call.start_date, call.date_not_after, call.series) == (None, D(2021, 4, 28), None)
    assert str(call.date) == "on or before April 28, 2021"


def test_place_names_as_reported(demo):
    nur_sultan = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    assert nur_sultan.place.name == "Astana"
    assert nur_sultan.place_display == "Nur-Sultan (now Astana)"
    assert Meeting.objects.get(slug="c5-1-ministerial-samarkand-2015").place_display == "Samarkand"


def test_conflicting_titles_are_both_kept(demo):
    umarov = Person.objects.get(slug="kairat-umarov")
    position = umarov.positions.get()
    stances = {(c.source.imported_from[:3], c.stance) for c in position.citations.all()}
    assert stances == {("000", "supports"), ("001", "contradicts")}
    session_role = umarov.participations.get(meeting__slug="c5-1-special-session-afghanistan-astana-2023")
    assert {c.stance for c in session_role.citations.all()} == {"supports", "contradicts"}


def test_copied_sentences_are_cited_from_both_articles(demo):
    session = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    summary_sources = {c.source.imported_from[:3] for c in session.citations.filter(field="summary")}
    assert summary_sources == {"000", "001"}


def test_funding_outcome_has_amount_and_currency(demo):
    outcome = Meeting.objects.get(slug="c5-1-ministerial-astana-blinken").outcomes.get(kind="funding")
    assert (outcome.amount, outcome.currency) == (25_000_000, "USD")


def test_audit_command_passes_on_the_demo_and_fails_on_a_broken_citation(demo):
    out = io.StringIO()
    call_command("audit_citations", stdout=out)
    assert "0 uncited, 0 broken, 0 broken in the working record" in out.getvalue()
    # Text changed behind the model's back (a raw update): the audit re-checks offsets itself.
    source = Source.objects.get(imported_from__startswith="002_")
    Source.objects.filter(pk=source.pk).update(text=source.text.replace("Rashid Meredov", "R. Meredov"))
    out = io.StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("audit_citations", stdout=out)
    assert "meeting c5-1-ministerial-nur-sultan: participant Minister of Foreign Affairs of Turkmenistan" in out.getvalue()
    assert (
        "the published quote is no longer in the source: “the Ministers of Foreign Affairs of Turkmenistan Rashid"
        in out.getvalue()
    )


def test_deleting_a_working_citation_changes_nothing_public_and_is_an_unpublished_change(demo):
    meeting = Meeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    meeting.citations.filter(field="kind").delete()
    assert audit().ok
    removed = [c for c in publish.unpublished_changes(meeting) if c["op"] == "removed"]
    assert [c["fact"][:3] for c in removed] == [["citation", "meeting", "kind"]]


def test_audit_reports_a_published_fact_with_no_citation(demo):
    row = PublishedMeeting.objects.get(slug="c5-1-ministerial-nur-sultan")
    document = row.revision.document
    document["citations"] = [c for c in document["citations"] if c["field"] != "kind"]
    Revision.objects.filter(pk=row.revision_id).update(body=orjson.dumps(document).decode())
    assert audit().uncited == ["meeting c5-1-ministerial-nur-sultan: kind — no supporting citation"]
