"""Reading pages of the published record for the API: resolved documents in the order of their ids.

`events.published.reader` gives meetings (`reader.meetings`) and one meeting or person; the
lists of people, reference data and citations are read here the same way, from the index
rows and the revisions' documents, with the names they refer to loaded once per page.
"""

from collections import defaultdict

import orjson

from ..models import PublishedCitation, PublishedPerson, PublishedReference, Revision
from ..published import reader
from ..published.documents import references as refers_to


class APINames(reader.Names):
    """The reader's names, keeping a source's own address (its article) as `article_url`: the
    reader's value of a source has its page's address under `url`."""

    @staticmethod
    def _value(kind, pk, data):
        value = reader.Names._value(kind, pk, data)
        if kind == "source":
            value["article_url"] = data.get("url") or None
        return value


def meetings(ids):
    return reader.meetings(ids, names=APINames())


def meeting(slug):
    """The resolved current document of a public meeting (raises reader.NotPublic or reader.Gone)."""
    _, shown, _ = reader.meeting(slug)
    return reader.resolve_meeting(shown.document, APINames().load([shown.document]))


def person(slug):
    _, shown, _ = reader.person(slug)
    return reader.resolve_person(shown.document, APINames().load([shown.document]))


def people(ids):
    """The resolved documents of these public people, in this order (two queries, then the names)."""
    rows = dict(PublishedPerson.objects.filter(person_id__in=list(ids)).values_list("person_id", "revision__body"))
    documents = [orjson.loads(rows[pk]) for pk in ids if pk in rows]
    names = APINames().load(documents)
    return [reader.resolve_person(document, names) for document in documents if not document.get("retracted")]


def references(kind, ids):
    """The public values of reference data of one kind (with what they refer to), in this order."""
    names = APINames().load_ids({kind: set(ids)})
    values = [names.ref(kind, pk) for pk in ids]
    for value in values:
        if value is None:
            continue
        if kind == "source":
            value["page_url"] = value["url"]  # the reader's value of a source has its page's address as `url`
        for field, target in (("country", "country"), ("publisher", "organization"), ("parent", "organization")):
            if field in value and kind != "country":
                value[field] = names.ref(target, value[field])
    return [value for value in values if value is not None]


def citations(ids):
    """The citations with these ids as the current revisions show them, in this order: each the
    citation of its document (quote, context, stance, rank, resolved source) with `fact`, `record`
    (the meeting or person it belongs to) and `subject` (the participant, topic… it bears on)."""
    rows = {
        row[0]: row
        for row in PublishedCitation.objects.filter(citation_id__in=list(ids)).values_list(
            "citation_id", "revision_id", "source_id"
        )
    }
    bodies = dict(Revision.objects.filter(pk__in={row[1] for row in rows.values()}).values_list("pk", "body"))
    documents = {pk: orjson.loads(body) for pk, body in bodies.items()}
    # What the page shows: the subjects' names (people, countries, topics…) and its own citations'
    # sources; not the sources of the records' other citations, ten times as many.
    wanted = defaultdict(set)
    for document in documents.values():
        for kind, refs in refers_to(document).items():
            if kind != "source":
                wanted[kind] |= refs
    wanted["source"] = {row[2] for row in rows.values()}
    names = APINames().load_ids(wanted)
    found = {}
    for document in documents.values():
        resolved = reader.resolve(document, names)
        for citation, fact, subject in cited_facts(resolved):
            if fact == "participant" and not is_public_person(subject["person"]):
                continue  # as the meeting shows no participant whose person is not public
            found[citation["id"]] = {**citation, "fact": fact, "subject": subject, "record": resolved}
    return [found[pk] for pk in ids if pk in found]


def is_public_person(person):
    """A resolved person reference that the public may see: published, and not retracted."""
    return bool(person) and not person.get("retracted")


def cited_facts(resolved):
    """(citation, fact, the item it is cited for) of every citation a resolved document shows."""
    if resolved["type"] == "meeting":
        for citation in resolved["citations"]:
            yield citation, "meeting", None
        for key, fact in (("participants", "participant"), ("countries", "country"), ("topics", "topic"),
                          ("outcomes", "outcome")):  # fmt: skip
            for item in resolved[key]:
                for citation in item["citations"]:
                    yield citation, fact, item
    else:
        for position in resolved["positions"]:
            for citation in position["citations"]:
                yield citation, "position", position


def reference_rows(kind):
    """The public reference data of one kind, in list order."""
    return PublishedReference.objects.filter(kind=kind, uses__gt=0).order_by("sort_key", "object_id")
