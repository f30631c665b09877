"""Rules the database itself refuses to break, whatever code writes the rows."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from c5site.partial_dates import Precision
from events.models import Citation, Meeting, Outcome, Source
from people.models import Country, Person, Position
from tests.factories import (
    MeetingFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
    cite,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_meeting_cannot_end_before_it_starts():
    refused(lambda: MeetingFactory(start_date=D(2023, 7, 28), end_date=D(2023, 7, 27), date_precision=Precision.DAY))
    assert not Meeting.objects.exists()


def test_known_precision_needs_a_date_and_unknown_has_none():
    refused(lambda: MeetingFactory(date_precision=Precision.DAY, start_date=None))
    refused(lambda: MeetingFactory(date_precision=Precision.UNKNOWN, start_date=D(2020, 1, 1)))
    refused(lambda: MeetingFactory(date_precision=Precision.DAY, start_date=D(2020, 1, 1), date_not_after=D(2020, 2, 1)))
    assert not Meeting.objects.exists()


def test_meeting_slugs_are_unique():
    MeetingFactory(slug="same")
    refused(lambda: MeetingFactory(slug="same"))
    assert Meeting.objects.count() == 1


def test_ordinal_is_unique_within_a_series_and_positive():
    MeetingFactory(ordinal=10)
    refused(lambda: MeetingFactory(ordinal=10))
    refused(lambda: MeetingFactory(ordinal=0))
    MeetingFactory(ordinal=10, series=None)  # outside the series, no clash


def test_a_person_takes_part_in_a_meeting_once():
    participation = ParticipationFactory()
    refused(lambda: ParticipationFactory(meeting=participation.meeting, person=participation.person))


def test_an_amount_needs_a_currency():
    refused(lambda: OutcomeFactory(kind=Outcome.Kind.FUNDING, amount=25_000_000, currency=""))
    refused(lambda: OutcomeFactory(kind=Outcome.Kind.FUNDING, amount=None, currency="USD"))
    refused(lambda: OutcomeFactory(kind=Outcome.Kind.FUNDING, amount=5, currency="usd"))
    assert OutcomeFactory(kind=Outcome.Kind.FUNDING, amount=25_000_000, currency="USD").pk


def test_the_same_passage_cites_a_fact_once():
    meeting = MeetingFactory()
    source = SourceFactory()
    cite(meeting, "kind", source=source)
    refused(lambda: cite(meeting, "kind", source=source))
    cite(meeting, "place", source=source)  # another field of the same row may cite it
    assert Citation.objects.count() == 2


def test_two_sources_with_the_same_text_are_refused():
    source = SourceFactory()
    refused(lambda: Source.objects.create(title="Copy", text=source.text.replace(" ", "   ")))


def test_country_code_is_two_capitals():
    refused(lambda: Country.objects.create(code="kz", name="Lower"))


def test_wikidata_id_has_its_form():
    refused(lambda: PersonFactory(wikidata_id="42"))
    assert PersonFactory(wikidata_id="Q42").pk


def test_position_end_after_start_and_dates_match_precision():
    person = PersonFactory()
    refused(
        lambda: Position.objects.create(
            person=person, title="x", start_date=D(2020, 1, 1), start_precision="day", end_date=D(2019, 1, 1), end_precision="day"
        )
    )
    refused(lambda: Position.objects.create(person=person, title="x", start_date=D(2020, 1, 1)))


def test_a_cited_source_cannot_be_deleted():
    meeting = MeetingFactory()
    citation = cite(meeting, "kind")
    with pytest.raises(ProtectedError):
        citation.source.delete()
    assert Source.objects.filter(pk=citation.source_id).exists()


def test_a_person_who_took_part_cannot_be_deleted_from_under_the_meeting():
    participation = ParticipationFactory()
    with pytest.raises(ProtectedError):
        participation.person.delete()
    assert Person.objects.filter(pk=participation.person_id).exists()


def test_meeting_date_range_is_stored_for_filtering():
    meeting = MeetingFactory(start_date=D(2015, 11, 1), date_precision=Precision.MONTH)
    assert (meeting.date_lo, meeting.date_hi) == (D(2015, 11, 1), D(2015, 11, 30))
    bounded = MeetingFactory(date_not_after=D(2021, 4, 28))
    assert (bounded.date_lo, bounded.date_hi) == (None, D(2021, 4, 28))


def test_in_range_compares_ranges_and_leaves_out_unknown_dates():
    year = MeetingFactory(start_date=D(2023, 1, 1), date_precision=Precision.YEAR)
    day = MeetingFactory(start_date=D(2023, 7, 27), end_date=D(2023, 7, 28), date_precision=Precision.DAY)
    unknown = MeetingFactory()
    bounded = MeetingFactory(date_not_after=D(2021, 4, 28))
    after_2023 = set(Meeting.objects.in_range(after=D(2023, 1, 1)))
    assert after_2023 == {year, day}
    assert unknown not in after_2023 and bounded not in after_2023
    assert set(Meeting.objects.in_range(after=D(2023, 7, 1))) == {day}  # 2023 as a whole is not after July
    assert set(Meeting.objects.in_range(before=D(2022, 12, 31))) == {bounded}
