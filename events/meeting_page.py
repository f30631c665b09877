"""A meeting page's facts, read from the meeting's document: the JSON the API serves.

The document holds every fact the page shows (participants of published people, countries,
topics, outcomes and each fact's citations with its source), is stored on PostgreSQL and kept
in step with the record by events/documents.py, and is built from the rows elsewhere. Reading
it costs one query where the page's model instances took seven, most of a page's time in the
ORM (issue #6). This module turns it into what the template and the footnote tags read:
plain objects with the attributes of the models they stand for (`citation.source.title`,
`record.citations.all()`), and the links of this site.
"""

import datetime
from types import SimpleNamespace

import orjson

from c5site.links import url_maker
from c5site.partial_dates import PartialDate
from people.models import Country

from .api_rows import build_rows
from .models import Meeting, Outcome, PlaceName
from .models.meetings import place_display


class Cited(list):
    """A fact's citations, read as the footnote tags read a model's: `record.citations.all()`."""

    def all(self):
        return self


def _day(value):
    """A date from a document's ISO text (or a date already, as a database row gives it)."""
    if isinstance(value, datetime.date) or not value:
        return value or None
    return datetime.date.fromisoformat(value)


class DocumentReader:
    """Turns one document's JSON into page objects, each source made once and shared."""

    def __init__(self):
        self.sources = {}
        self.country_names = None
        self.country_url = url_maker("events:country-detail", "code")

    def source(self, data):
        source = self.sources.get(data["id"])
        if source is None:
            published_on = _day(data["published_on"])
            source = self.sources[data["id"]] = SimpleNamespace(
                pk=data["id"],
                title=data["title"],
                url=data["url"] or "",
                publisher=SimpleNamespace(name=data["publisher"]) if data["publisher"] is not None else None,
                published_on=published_on,
                published_precision=data["published_precision"],
                published=PartialDate(published_on, data["published_precision"]),
            )
        return source

    def citations(self, rows):
        return Cited(
            SimpleNamespace(
                pk=row["id"], source_id=row["source"]["id"], source=self.source(row["source"]), quote=row["quote"],
                field=row["field"], stance=row["stance"], note=row["note"],
            )
            for row in rows
        )  # fmt: skip

    def country(self, code):
        """{code, name, url} of a country the document names by its code."""
        if code is None:
            return None
        if self.country_names is None:
            self.country_names = dict(Country.objects.values_list("code", "name"))
        return SimpleNamespace(code=code, name=self.country_names[code], url=self.country_url(code.lower()))


def read(document, place_id, place_name_reported):
    """The page's objects from a meeting's document (dict): (meeting, participations,
    delegations, meeting_topics, outcomes). The meeting's place (`place_id`), whose other names
    tell "Nur-Sultan (now Astana)", is read only where the reported name differs (one query);
    a meeting with no place on file shows the name reported (`place_name_reported`)."""
    reader = DocumentReader()
    person_url = url_maker("people:person-detail", "slug")
    topic_url = url_maker("events:topic-detail", "slug")
    place = document["place"]
    start, end = _day(document["start_date"]), _day(document["end_date"])
    place_country = reader.country(place["country"]) if place else None
    if place and place["name_as_reported"] != place["name"]:
        kind = PlaceName.objects.filter(place_id=place_id, name=place["name_as_reported"]).values_list("kind", flat=True).first()
    else:
        kind = "current"
    meeting = SimpleNamespace(
        slug=document["slug"],
        title=document["title"],
        kind=document["kind"],
        kind_display=Meeting.Kind(document["kind"]).label,
        format=document["format"],
        format_display=Meeting.Format(document["format"]).label,
        series_name=document["series_name"],
        ordinal=document["ordinal"],
        start_date=start,
        end_date=end,
        date_precision=document["date_precision"],
        date=PartialDate(start, document["date_precision"], end, _day(document["date_not_after"])),
        place_name=place["name"] if place else None,
        place_country=place_country,
        place_display=place_display(place["name_as_reported"], place["name"], kind) if place else place_name_reported,
        summary=document["summary"],
        citations=reader.citations(document["citations"]),
    )
    participations = [
        SimpleNamespace(
            person=SimpleNamespace(name=row["person"]["name"], url=person_url(row["person"]["slug"])),
            role=row["role"],
            country=reader.country(row["country"]),
            citations=reader.citations(row["citations"]),
        )
        for row in document["participants"]
    ]
    delegations = [
        SimpleNamespace(country=reader.country(row["code"]), citations=reader.citations(row["citations"]))
        for row in document["countries"]
    ]
    meeting_topics = [
        SimpleNamespace(
            topic=SimpleNamespace(name=row["name"], url=topic_url(row["slug"])), citations=reader.citations(row["citations"])
        )
        for row in document["topics"]
    ]
    outcomes = [
        SimpleNamespace(
            kind_display=Outcome.Kind(row["kind"]).label, description=row["description"], amount=row["amount"],
            currency=row["currency"] or "", citations=reader.citations(row["citations"]),
        )
        for row in document["outcomes"]
    ]  # fmt: skip
    return meeting, participations, delegations, meeting_topics, outcomes


def document_of(meeting_id, stored_body):
    """The meeting's document as a dict: the stored one (`stored_body`, read with the meeting's
    row), or built now where none is stored (SQLite, or dropped by a write not yet rebuilt).
    Built whatever its status, as stored ones are: the caller has read the row as published,
    and a retraction committed since then must not make this fail."""
    if stored_body is not None:
        return orjson.loads(stored_body + "}")
    return dict(build_rows([meeting_id], published_only=False, urls=False))[meeting_id]
