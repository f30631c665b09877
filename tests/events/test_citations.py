"""Rule 1: a citation is valid only where its quote occurs in its source's text."""

import pytest
from django.core.exceptions import ValidationError

from events.models import Citation, Meeting
from tests.factories import MeetingFactory, SourceFactory, cite

pytestmark = pytest.mark.django_db


def test_saving_a_citation_stores_the_offsets_of_the_quote():
    source = SourceFactory()
    citation = cite(MeetingFactory(), "kind", quote="Thomas  West\nattended", source=source)
    assert citation.is_valid
    assert source.text[citation.start : citation.end] == "Thomas West attended"


def test_typographic_quotes_and_dashes_in_the_source_match_plain_ones():
    source = SourceFactory()
    citation = cite(MeetingFactory(), "kind", quote='discussed "security" and trade - and "climate"', source=source)
    assert citation.is_valid
    assert source.text[citation.start : citation.end] == "discussed “security” and trade – and «climate»"


def test_clean_refuses_a_quote_not_in_the_source_and_shows_the_closest_passage():
    source = SourceFactory()
    citation = Citation(
        content_object=MeetingFactory(), field="kind", source=source, quote="Special Representative for Afghanistan Tom West"
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    message = str(error.value)
    assert "does not occur" in message and "Special Representative for Afghanistan" in message
    assert not Citation.objects.exists()


def test_clean_refuses_a_quote_of_the_wrong_case():
    citation = Citation(content_object=MeetingFactory(), field="kind", source=SourceFactory(), quote="thomas west")
    with pytest.raises(ValidationError, match="does not occur"):
        citation.full_clean()


def test_editing_the_source_rechecks_its_citations_and_marks_the_broken_ones():
    from tests.factories import PlaceFactory  # noqa: PLC0415

    source = SourceFactory()
    meeting = MeetingFactory(place=PlaceFactory())
    kept = cite(meeting, "kind", quote="Thomas West attended", source=source)
    lost = cite(meeting, "place", quote="in the Kazakh capital of Astana", source=source)
    source.text = "A correction first.\n\n" + source.text.replace("Kazakh capital of Astana", "capital")
    source.save()
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.is_valid and source.text[kept.start : kept.end] == "Thomas West attended"
    assert not lost.is_valid
    assert "meeting place — broken citation" in " ".join(meeting.uncited_facts())


def test_a_fact_with_only_a_contradicting_citation_is_uncited():
    meeting = MeetingFactory()
    cite(meeting, "kind", stance=Citation.Stance.CONTRADICTS)
    assert "meeting kind — no citation" in meeting.uncited_facts()


def test_uncited_facts_names_each_missing_fact():
    from tests.factories import ParticipationFactory, PersonFactory  # noqa: PLC0415

    meeting = MeetingFactory(summary="Something happened.")
    ParticipationFactory(meeting=meeting, person=PersonFactory(name="Thomas West"))
    cite(meeting, "kind")
    problems = meeting.uncited_facts()
    assert "meeting summary — no citation" in problems
    assert "participation: Thomas West — no citation" in problems
    assert "meeting kind — no citation" not in problems
    assert not any("meeting place" in p for p in problems)  # no place stated, nothing to cite
    assert Meeting.objects.get(pk=meeting.pk).status == "published"  # asking changes nothing
