"""Restoring a revision: the working rows of a meeting or person written back to what revision N showed.

The inverse of events.published.documents: each fact of the document is matched to its row (a
participant by person, a country, a topic, an outcome or position by id, a citation by its
field, source and quote), updated or recreated, and the rows the document does not have are
deleted. Nothing public changes: the restored state is an unpublished change, reviewed and
approved like any other.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Position

from .. import workflow
from ..models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Revision, Source

_CITATION_FIELDS = {"stance": "stance", "note": "note", "rank": "rank", "rank_reason": "rank_reason",
                    "value": "reported_value"}  # fmt: skip


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


class Restorer:
    """Writes one document's facts back into the working rows, as `by`, noting what could not be restored."""

    def __init__(self, by, number):
        self.by = by
        self.reason = _("Restored revision %d") % number
        self.problems = []
        self.sources = set()

    def save(self, row):
        row._history_user, row._change_reason = self.by, self.reason
        row.save()
        return row

    def delete(self, row):
        row._history_user, row._change_reason = self.by, self.reason
        row.delete()

    def citations(self, fact, wanted):
        """Make `fact`'s citations those of the document (`wanted`, a list of C)."""
        content_type = ContentType.objects.get_for_model(fact)
        existing = {
            (c.field, c.source_id, c.quote): c for c in Citation.objects.filter(content_type=content_type, object_id=fact.pk)
        }
        kept = set()
        for c in wanted:
            key = (c["field"], c["source"], c["quote"])
            if c["source"] not in self.sources:
                self.problems.append(_("a citation of source %d: the source no longer exists") % c["source"])
                continue
            citation = existing.get(key) or Citation(content_type=content_type, object_id=fact.pk, field=c["field"],
                                                     source_id=c["source"], quote=c["quote"], created_by=self.by)  # fmt: skip
            for name, attribute in _CITATION_FIELDS.items():
                setattr(citation, attribute, c.get(name, "") or ("normal" if name == "rank" else ""))
            self.save(citation)
            kept.add(key)
        for key, citation in existing.items():
            if key not in kept:
                self.delete(citation)

    def children(self, model, rows, wanted, identity, values):
        """Rows of `model` (`rows`, a queryset of the record's) made those of `wanted`, matched by `identity`."""
        existing = {identity(row): row for row in rows}
        kept = set()
        for item in wanted:
            key = item["id"] if identity is _by_id else item[identity.field]
            row = existing.get(key)
            if row is None:
                row = model(**values(item))
                if identity is _by_id and not model.objects.filter(pk=key).exists():
                    row.pk = key  # the same outcome or position again, as the revision names it
            else:
                for name, value in values(item).items():
                    setattr(row, name, value)
            self.save(row)
            self.citations(row, item["citations"])
            kept.add(identity(row))
        for key, row in existing.items():
            if key not in kept:
                self.delete(row)


def _by_id(row):
    return row.pk


def _by(field):
    def identity(row):
        return getattr(row, field + "_id")

    identity.field = field
    return identity


@transaction.atomic
def restore(record, number, *, by):
    """Write revision `number` of `record` back into its working rows; returns what could not be restored.

    Refused (WorkflowError) for a retraction, or where `by` may not edit the record."""
    revision = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, number=number
    ).first()
    if revision is None or revision.is_retraction:
        raise workflow.WorkflowError(_("There is no published revision %d of “%s” to restore.") % (number, record))
    current = workflow.lock_for_edit(record, base_version=None, by=by)
    document = revision.document
    restorer = Restorer(by, number)
    restorer.sources = set(Source.objects.filter(pk__in=_sources(document)).values_list("pk", flat=True))
    if isinstance(current, Meeting):
        _meeting(current, document, restorer)
    else:
        _person(current, document, restorer)
    current.version += 1
    current.last_changed_by = by
    restorer.save(current)
    return restorer.problems


def _sources(document):
    found = set()

    def walk(value):
        if isinstance(value, dict):
            if "quote" in value and "source" in value:
                found.add(value["source"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


def _meeting(meeting, document, restorer):
    date = document["date"]
    for name in ("slug", "title", "kind", "format", "ordinal", "place_name_reported", "summary"):
        setattr(meeting, name, document[name])
    meeting.series_id, meeting.place_id = document["series"], document["place"]
    meeting.start_date, meeting.end_date = _day(date["start"]), _day(date["end"])
    meeting.date_precision, meeting.date_not_after = date["precision"], _day(date["not_after"])
    restorer.save(meeting)
    restorer.citations(meeting, document["citations"])
    positions = set(Position.objects.filter(pk__in=[p["position"] for p in document["participants"] if p["position"]])
                    .values_list("pk", flat=True))  # fmt: skip
    restorer.children(
        Participation, meeting.participations.all(), document["participants"], _by("person"),
        lambda p: {"meeting": meeting, "person_id": p["person"], "role": p["role"], "country_id": p["country"],
                   "position_id": p["position"] if p["position"] in positions else None},
    )  # fmt: skip
    restorer.children(Delegation, meeting.delegations.all(), document["countries"], _by("country"),
                      lambda d: {"meeting": meeting, "country_id": d["country"]})  # fmt: skip
    restorer.children(MeetingTopic, meeting.meeting_topics.all(), document["topics"], _by("topic"),
                      lambda t: {"meeting": meeting, "topic_id": t["topic"]})  # fmt: skip
    restorer.children(
        Outcome, meeting.outcomes.all(), document["outcomes"], _by_id,
        lambda o: {"meeting": meeting, "kind": o["kind"], "description": o["description"], "amount": o["amount"],
                   "currency": o["currency"]},
    )  # fmt: skip


def _person(person, document, restorer):
    for name in ("slug", "name", "sort_name", "aliases", "wikidata_id", "summary"):
        setattr(person, name, document[name])
    person.country_id = document["country"]
    restorer.save(person)
    restorer.children(
        Position, person.positions.all(), document["positions"], _by_id,
        lambda p: {"person": person, "title": p["title"], "organization_id": p["organization"], "country_id": p["country"],
                   "start_date": _day(p["start"]["date"]), "start_precision": p["start"]["precision"],
                   "end_date": _day(p["end"]["date"]), "end_precision": p["end"]["precision"]},
    )  # fmt: skip
