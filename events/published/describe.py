"""Changes between two revisions, in words: for the record's history, the corrections page and the review.

`describe(changes, names)` turns the machine form of events.published.diff ({op, fact, before,
after}) into lines a reader or an editor can read ("Role of Kairat Umarov: ‘Deputy Foreign
Minister’ → ‘First Deputy Foreign Minister’"), with the names the documents refer to resolved by
a `Names` (events.published.reader).
"""

from dataclasses import dataclass

from c5site.partial_dates import display

from .order import date_of
from .reader import FORMAT_LABELS, KIND_LABELS, OUTCOME_LABELS

OPS = {"added": "Added", "changed": "Changed", "removed": "Removed"}
FIELD_LABELS = {
    "title": "Title",
    "kind": "Kind",
    "format": "Format",
    "series": "Series",
    "ordinal": "Number in the series",
    "date": "Date",
    "place": "Place",
    "place_name_reported": "Place as reported",
    "summary": "Summary",
    "name": "Name",
    "country": "Country",
    "wikidata_id": "Wikidata id",
    "description": "Description",
    "slug": "Address",
    "publisher": "Publisher",
    "url": "Address of the article",
    "published_on": "Publication date",
    "published_precision": "Precision of the publication date",
    "language": "Language",
    "attribution": "Attribution",
    "code": "Code",
    "is_c5": "One of the C5",
    "names": "Other names",
    "parent": "Part of",
    "aliases": "Other names",
}


@dataclass
class Line:
    """One change, in words: `what` changed, its value `before` and `after`, and the quotes involved."""

    op: str
    what: str
    before: str = ""
    after: str = ""
    citation_before: dict | None = None
    citation_after: dict | None = None

    @property
    def op_label(self):
        return OPS[self.op]


def references(changes):
    """{kind: ids} the changes name, to load their names at once (Names.load_ids)."""
    wanted = {}

    def add(kind, pk):
        if pk is not None:
            wanted.setdefault(kind, set()).add(pk)

    for change in changes:
        fact = change["fact"]
        if fact[0] in ("participant", "country", "topic") and len(fact) > 1:
            add({"participant": "person"}.get(fact[0], fact[0]), fact[1])
        for value in (change["before"], change["after"]):
            if not isinstance(value, dict):
                if fact[0] in ("place", "series", "country", "publisher") and len(fact) == 1 and value is not None:
                    add({"publisher": "organization"}.get(fact[0], fact[0]), value)
                continue
            if "source" in value:
                add("source", value["source"])
            if value.get("country"):
                add("country", value["country"])
            if value.get("organization"):
                add("organization", value["organization"])
            of = value.get("of") or []
            if len(of) > 1 and of[0] in ("participant", "country", "topic"):
                add({"participant": "person"}.get(of[0], of[0]), of[1])
    return wanted


def describe(changes, names):
    """[Line] for `changes` (a list from events.published.diff.diff), names resolved by `names`."""
    names.load_ids(references(changes))
    return [_line(change, names) for change in changes]


def _name(names, kind, pk):
    if kind == "person":
        value = names.person(pk)
    else:
        value = names.ref(kind, pk)
    if value is None:
        return f"#{pk}"
    return value.get("name") or value.get("title") or f"#{pk}"


def _fact_label(fact, names):
    kind = fact[0]
    if len(fact) == 1:
        return FIELD_LABELS.get(kind, kind.replace("_", " ").capitalize())
    if kind == "participant":
        return f"Participant {_name(names, 'person', fact[1])}"
    if kind == "country":
        return f"Country represented: {_name(names, 'country', fact[1])}"
    if kind == "topic":
        return f"Topic {_name(names, 'topic', fact[1])}"
    if kind == "outcome":
        return "Outcome"
    if kind == "position":
        return "Position"
    if kind == "alias":
        return f"Other name “{fact[1]}”"
    if kind == "meeting":
        return "The meeting"
    return kind.capitalize()


def _value(fact, value, names):
    """A fact's value in words."""
    if value is None or value is True:
        return ""
    kind = fact[0]
    if len(fact) == 1:
        if kind == "date":
            return display(date_of(value))
        if kind == "kind":
            return str(KIND_LABELS.get(value, value))
        if kind == "format":
            return str(FORMAT_LABELS.get(value, value))
        if kind in ("place", "series", "country"):
            return _name(names, kind, value)
        if kind == "publisher":
            return _name(names, "organization", value)
        if kind == "names":
            return ", ".join(n["name"] for n in value)
        return str(value)
    if kind == "participant":
        country = _name(names, "country", value["country"]) if value.get("country") else ""
        return value["role"] + (f" ({country})" if country else "")
    if kind == "outcome":
        text = f"{OUTCOME_LABELS.get(value['kind'], value['kind'])}: {value['description']}"
        if value.get("amount"):
            text += f" ({value['amount']} {value['currency']})"
        return text
    if kind == "position":
        return value["title"]
    return ""


def _citation(value, names):
    if not value:
        return None
    source = names.ref("source", value["source"]) or {}
    return {**value, "source_title": source.get("title", f"source #{value['source']}"), "source_id": value["source"]}


def _line(change, names):
    fact, op = change["fact"], change["op"]
    if fact[0] == "citation":
        value = change["after"] or change["before"]
        of = _fact_label(value["of"], names) if value.get("of") else ""
        what = f"Citation of {of[0].lower() + of[1:] if of else 'the record'}" + (
            f" ({value['field']})" if value.get("field") else ""
        )
        return Line(op, what, citation_before=_citation(change["before"], names),
                    citation_after=_citation(change["after"], names))  # fmt: skip
    what = _fact_label(fact, names)
    if "reference" in change:
        kind, pk = change["reference"]
        what = f"{kind.capitalize()} “{_name(names, kind, pk)}”: {what[0].lower()}{what[1:]}"
    return Line(op, what, _value(fact, change["before"], names), _value(fact, change["after"], names))
