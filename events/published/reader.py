"""The one reader: documents of the published record, with the names they refer to, for pages and the API.

A revision's document names other records by id; `Names` loads their public values (a
person's current revision, the approved value of a topic, place, source…) in one query per
kind, for all the documents of a page at once, and `resolve()` returns each document with
those values in place. Pages and the API read nothing else: no query here touches the
working rows, so what the public sees is what was approved (rule 2). The admin's preview
resolves the same way from the working rows (`WorkingNames`). A page that shows a part of each
meeting loads and resolves that part only: a list's items (`listed_meetings`) and an official's
meetings (`attended_meetings`).
"""

from collections import defaultdict

import orjson
from django.contrib.contenttypes.models import ContentType

from c5site.http import paths, reverse_cached
from c5site.partial_dates import Precision, display
from people.models import Person

from ..models import Meeting, Outcome, PublishedMeeting, PublishedPerson, PublishedReference, Revision
from ..models.meetings import place_display
from .by_ids import rows as _rows
from .documents import REFERENCE_MODELS, build_people, build_references, references
from .order import date_of

KIND_LABELS = dict(Meeting.Kind.choices)
FORMAT_LABELS = dict(Meeting.Format.choices)
OUTCOME_LABELS = dict(Outcome.Kind.choices)
PRECISION_LABELS = dict(Precision.choices)


class Gone(Exception):
    """The record was retracted: its retraction revision is `revision`."""

    def __init__(self, revision):
        super().__init__(revision.document.get("notice", ""))
        self.revision = revision


class NotPublic(Exception):
    """No public record (or no such revision of it) at this address."""


# The public page of each kind of record: its view and the keyword its address takes.
_PAGES = {
    "meeting": ("events:meeting-detail", "slug"),
    "person": ("events:person-detail", "slug"),
    "topic": ("events:topic-detail", "slug"),
    "country": ("events:country-detail", "code"),
    "series": ("events:series-detail", "slug"),
    "place": ("events:place-detail", "slug"),
    "source": ("events:source-detail", "pk"),
}


def _url(kind, slug, reverse=reverse_cached):
    """The address of a record's public page (None for a kind without one)."""
    if kind not in _PAGES:
        return None
    view, key = _PAGES[kind]
    return reverse(view, **{key: slug})


class Names:
    """The public values of the records that some documents refer to."""

    def __init__(self):
        self.people = {}
        self.refs = defaultdict(dict)
        self._reverse = paths()  # one Names per request: its links share the request's prefix and URLconf

    def url(self, kind, slug):
        return _url(kind, slug, self._reverse)

    def load(self, documents):
        """Load what `documents` refer to (one query for people, one or two for reference data)."""
        wanted = defaultdict(set)
        for document in documents:
            if document.get("retracted"):
                continue
            for kind, ids in references(document).items():
                wanted[kind] |= ids
        self.load_ids(wanted)
        return self

    def load_ids(self, wanted):
        people = wanted.pop("person", set()) - self.people.keys()
        if people:
            self._load_people(people)
        self._load_refs({kind: ids - self.refs[kind].keys() for kind, ids in wanted.items()})
        # What reference data refers to in turn: a place's or organization's country, a source's publisher.
        nested = defaultdict(set)
        for kind, field, target in (("place", "country", "country"), ("organization", "country", "country"),
                                    ("source", "publisher", "organization")):  # fmt: skip
            for value in self.refs[kind].values():
                if value and value.get(field) and value[field] not in self.refs[target]:
                    nested[target].add(value[field])
        if nested:
            self._load_refs(nested)
        return self

    def _load_people(self, ids):
        for pk, slug, name, aliases, retracted in _rows(PublishedPerson, _PEOPLE, ids):
            self.people[pk] = {"id": pk, "slug": slug, "name": name, "aliases": aliases.splitlines(),
                               "retracted": bool(retracted), "url": self.url("person", slug)}  # fmt: skip
        for pk in ids:
            self.people.setdefault(pk, None)

    def _load_refs(self, wanted):
        wanted = {kind: ids for kind, ids in wanted.items() if ids}
        if not wanted:
            return
        # Every kind's rows with any of the ids, then those asked for: one statement whatever the kinds.
        for kind, pk, body in _rows(PublishedReference, _REFERENCES, wanted.keys(), set().union(*wanted.values())):
            if pk in wanted[kind]:
                self.refs[kind][pk] = self._value(kind, pk, orjson.loads(body))
        for kind, ids in wanted.items():
            for pk in ids:
                self.refs[kind].setdefault(pk, None)

    @staticmethod
    def _value(kind, pk, data):
        value = {**data, "id": pk}
        slug = data["code"].lower() if kind == "country" else pk if kind == "source" else data.get("slug")
        value["url"] = _url(kind, slug) if kind != "organization" else None
        if kind == "source":
            value["article_url"] = data.get("url") or None  # `url` is its page's address
        return value

    def person(self, pk):
        return self.people.get(pk)

    def ref(self, kind, pk):
        if pk is None:
            return None
        return self.refs[kind].get(pk)


class WorkingNames(Names):
    """Names as they would be once approved: from the working rows (the admin's preview only)."""

    def _load_people(self, ids):
        for pk, document in build_people(ids).items():
            self.people[pk] = {"id": pk, "slug": document["slug"], "name": document["name"],
                               "aliases": document["aliases"], "retracted": False,
                               "url": self.url("person", document["slug"])}  # fmt: skip
        for pk in ids:
            self.people.setdefault(pk, None)

    def _load_refs(self, wanted):
        for kind, ids in wanted.items():
            if kind in REFERENCE_MODELS and ids:
                for pk, document in build_references(kind, ids).items():
                    self.refs[kind][pk] = self._value(kind, pk, document)
            for pk in ids:
                self.refs[kind].setdefault(pk, None)


# --- resolving a document -------------------------------------------------------------------------------


def _source(names, pk):
    source = names.ref("source", pk)
    if source is None:
        return {"id": pk, "title": "", "url": None, "publisher": None, "page_url": names.url("source", pk)}
    publisher = names.ref("organization", source.get("publisher"))
    return {**source, "publisher": publisher, "page_url": source["url"]}  # its page's address, made once in _value


def _citations(names, citations):
    return [{**c, "source": _source(names, c["source"])} for c in citations]


def _country(names, pk):
    return names.ref("country", pk)


def _retracted(kind, document, names, **shown):
    """A retracted record as every resolver returns it: its retraction notice, its address and `shown`
    (what a page of that part expects, empty)."""
    return {**document, "url": names.url(kind, document["slug"]), **shown}


def resolve_meeting(document, names):
    """A meeting's document with the public values of what it refers to, ready for a page or the API."""
    if document.get("retracted"):
        return _retracted("meeting", document, names)
    summary = _summary(document, names)
    citations = _citations(names, document["citations"])
    return {
        **document,
        **summary,
        "format_display": FORMAT_LABELS.get(document["format"], document["format"]),
        "date_range": summary["date"].range(),
        "citations": citations,
        "field_citations": _by_field(citations),
        "participants": [
            {
                **p,
                "person": names.person(p["person"]),
                "country": _country(names, p["country"]),
                "citations": _citations(names, p["citations"]),
            }
            for p in document["participants"]
        ],
        "countries": [
            {**d, "country": _country(names, d["country"]), "citations": _citations(names, d["citations"])}
            for d in document["countries"]
        ],
        "topics": [
            {**t, "topic": names.ref("topic", t["topic"]), "citations": _citations(names, t["citations"])}
            for t in document["topics"]
        ],
        "outcomes": [
            {**o, "kind_display": OUTCOME_LABELS.get(o["kind"], o["kind"]), "citations": _citations(names, o["citations"])}
            for o in document["outcomes"]
        ],
    }


def _place(names, document):
    """A meeting's place as the meeting reports it (None if it gives none)."""
    place = names.ref("place", document["place"])
    if place is None:
        return None
    reported = document["place_name_reported"] or place["name"]
    kinds = {n["name"]: n["kind"] for n in place["names"]}
    kind = "current" if reported == place["name"] else kinds.get(reported)
    return {
        **place,
        "country": _country(names, place["country"]),
        "name_as_reported": reported,
        "display": place_display(reported, place["name"], kind),
    }


def _head(document, names):
    """What every page that shows a meeting names it by: its id, title, address and date."""
    date = date_of(document["date"])
    return {
        "id": document["id"],
        "type": "meeting",
        "slug": document["slug"],
        "title": document["title"],
        "url": names.url("meeting", document["slug"]),
        "date": date,
        "date_display": display(date),
    }


def _summary(document, names):
    """What a list and a meeting's own page both show of it: its head, kind, place (in words) and series."""
    place = _place(names, document)
    return {
        **_head(document, names),
        "kind": document["kind"],
        "kind_display": KIND_LABELS.get(document["kind"], document["kind"]),
        "place": place,
        "place_display": place["display"] if place else document["place_name_reported"],
        "series": names.ref("series", document["series"]),
    }


def _fact_entries(document, fact):
    """The entries of a meeting for `fact` ("topic" or "country", id): the topic's or the country's."""
    kind, pk = fact
    return [e for e in (document["topics"] if kind == "topic" else document["countries"]) if e[kind] == pk]


def _listed_references(document, fact):
    """{kind: {id, …}} of what a list item of this meeting shows (see `listed_meetings`)."""
    refs = defaultdict(set)
    if document.get("retracted"):
        return refs
    for kind in ("place", "series"):
        if document[kind]:
            refs[kind].add(document[kind])
    refs["topic"] = {t["topic"] for t in document["topics"]}
    if fact is not None:
        refs[fact[0]].add(fact[1])
        refs["source"] = {c["source"] for e in _fact_entries(document, fact) for c in e["citations"]}
    return refs


def _fact_entry(document, names, fact):
    """The entry of `fact` (("topic" or "country", id)) in a meeting, its citations resolved; None if none."""
    if fact is None or not (found := _fact_entries(document, fact)):
        return None
    kind, pk = fact
    return {**found[0], kind: names.ref(kind, pk), "citations": _citations(names, found[0]["citations"])}


def resolve_listed(document, names, fact=None):
    """A meeting as a list shows it: its title, date, place, kind, series and topics, and with `fact`
    (("topic" or "country", id)) that entry of the meeting, its citations resolved, as "fact" (None
    when the meeting has no such entry). The participants, outcomes and other citations are left out."""
    if document.get("retracted"):
        return _retracted("meeting", document, names, fact=None)
    return {
        **_summary(document, names),
        "topics": [{**t, "topic": names.ref("topic", t["topic"])} for t in document["topics"]],
        "fact": _fact_entry(document, names, fact),
    }


def resolve_attended(document, names, person_id, *, others=True):
    """A meeting as an official's page shows it: its title and date, its participants (each person and
    country; `others` False: this official only), and that official's participations, their citations
    resolved, as "roles". The place, topics, outcomes and the other citations are left out."""
    if document.get("retracted"):
        return _retracted("meeting", document, names, participants=[], roles=[])
    participants, roles = [], []
    for p in document["participants"]:
        if not others and p["person"] != person_id:
            continue
        participant = {key: value for key, value in p.items() if key != "citations"}
        participant.update(person=names.person(p["person"]), country=_country(names, p["country"]))
        if p["person"] == person_id:
            participant["citations"] = _citations(names, p["citations"])
            roles.append(participant)
        participants.append(participant)
    return {**_head(document, names), "participants": participants, "roles": roles}


def _by_field(citations):
    grouped = defaultdict(list)
    for citation in citations:
        grouped[citation["field"]].append(citation)
    return dict(grouped)


def resolve_person(document, names):
    """A person's document with the public values of what it refers to."""
    if document.get("retracted"):
        return _retracted("person", document, names)
    positions = []
    for position in document["positions"]:
        start = date_of({"start": position["start"]["date"], "end": None, "precision": position["start"]["precision"],
                         "not_after": None})  # fmt: skip
        end = date_of({"start": position["end"]["date"], "end": None, "precision": position["end"]["precision"],
                       "not_after": None})  # fmt: skip
        positions.append(
            {
                **position,
                "organization": names.ref("organization", position["organization"]),
                "country": _country(names, position["country"]),
                "start": start,
                "end": end,
                "citations": _citations(names, position["citations"]),
            }
        )
    return {
        **document,
        "url": names.url("person", document["slug"]),
        "country": _country(names, document["country"]),
        "positions": positions,
    }


def resolve(document, names):
    if document["type"] == "meeting":
        return resolve_meeting(document, names)
    if document["type"] == "person":
        return resolve_person(document, names)
    return Names._value(document["type"], document["id"], document)


# --- the reader's queries by ids ------------------------------------------------------------------------
# The queries nearly every page runs, written once (events.published.by_ids).

_DOCUMENTS = (f"SELECT m.meeting_id, r.body FROM {PublishedMeeting._meta.db_table} m "
              f"JOIN {Revision._meta.db_table} r ON r.id = m.revision_id WHERE m.meeting_id IN %s")  # fmt: skip
_PEOPLE = f"SELECT person_id, slug, name, aliases, is_retracted FROM {PublishedPerson._meta.db_table} WHERE person_id IN %s"
_REFERENCES = f"SELECT kind, object_id, body FROM {PublishedReference._meta.db_table} WHERE kind IN %s AND object_id IN %s"


# --- reading the published record -------------------------------------------------------------------------


def _revision_of(model, record_id, number):
    revision = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=record_id, number=number
    ).first()
    if revision is None:
        raise NotPublic(f"There is no revision {number} of this record.")
    return revision


def _documents(ids):
    """The documents of the current revisions of these public meetings, in this order (one query)."""
    ids = list(ids)
    rows = dict(_rows(PublishedMeeting, _DOCUMENTS, ids))
    return [orjson.loads(rows[pk]) for pk in ids if pk in rows]


def meetings(ids, names=None):
    """The resolved documents of the current revisions of these public meetings, in this order
    (two queries for the documents, then the names)."""
    documents = _documents(ids)
    names = (names or Names()).load(documents)
    return [resolve_meeting(document, names) for document in documents]


def listed_meetings(ids, *, fact=None):
    """These public meetings, in this order, as a list shows them (`resolve_listed`): the documents
    (one query), then only the names a list item shows (one or two queries), so that a page of
    twenty meetings loads none of their participants and cited sources."""
    documents = _documents(ids)
    wanted = defaultdict(set)
    for document in documents:
        for kind, found in _listed_references(document, fact).items():
            wanted[kind] |= found
    names = Names().load_ids(wanted)
    return [resolve_listed(document, names, fact) for document in documents]


def fact_entries(ids, fact):
    """{id: the entry of `fact` in each of these public meetings, its citations resolved (None: it has
    none)}: what a topic's or a country's page adds to a meeting's kept item. The documents (one
    query), then only the topic or country and the sources those entries cite."""
    documents = [document for document in _documents(ids) if not document.get("retracted")]
    wanted = {fact[0]: {fact[1]}, "source": set()}
    for document in documents:
        wanted["source"] |= {c["source"] for e in _fact_entries(document, fact) for c in e["citations"]}
    names = Names().load_ids(wanted)
    return {document["id"]: _fact_entry(document, names, fact) for document in documents}


def attended_meetings(ids, person_id, *, others=True):
    """These public meetings, in this order, as an official's page shows them (`resolve_attended`):
    the documents, then the people and countries of their participants (`others` False: of this
    official's participations only) and the sources of this official's participations."""
    documents = _documents(ids)
    wanted = defaultdict(set)
    for document in documents:
        for p in [] if document.get("retracted") else document["participants"]:
            if not others and p["person"] != person_id:
                continue
            wanted["person"].add(p["person"])
            if p["country"]:
                wanted["country"].add(p["country"])
            if p["person"] == person_id:
                wanted["source"] |= {c["source"] for c in p["citations"]}
    names = Names().load_ids(wanted)
    return [resolve_attended(document, names, person_id, others=others) for document in documents]


def meeting(slug, *, revision=None):
    """(resolved document, its revision, the current revision) of the public meeting at `slug`;
    `revision`: that number, as it was. Raises NotPublic, or Gone when the current one is a retraction."""
    return _record(PublishedMeeting, Meeting, slug, revision, resolve_meeting)


def person(slug, *, revision=None):
    return _record(PublishedPerson, Person, slug, revision, resolve_person)


def _record(index, model, slug, number, resolver):
    row = index.objects.filter(slug=slug).select_related("revision").first()
    if row is None:
        raise NotPublic("No public record at this address.")
    current = row.revision
    shown = current
    if number is not None and number != current.number:
        if not 1 <= number <= current.number:
            raise NotPublic(f"There is no revision {number} of this record.")
        shown = _revision_of(model, current.object_id, number)
    if shown.is_retraction:
        raise Gone(shown)
    document = shown.document
    return resolver(document, Names().load([document])), shown, current
