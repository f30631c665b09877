"""Facts of a document, and what changed between two documents of one record.

A change is an addition, a change or a removal of one fact (a field of the record, a
participant, a topic, an outcome, a position, a citation…). Changing or removing a fact the
public was shown is a correction; adding one is an update. The passage around a quote and its
offsets follow the source's text and are not facts of their own: a source whose text moved a
quote is re-published without a correction.
"""

# Fields of a citation that belong to its passage's place in the text, not to what it says.
_PLACEMENT = {"prefix", "suffix", "before", "after", "start", "end", "exact"}

# The record's own fields that are facts, by type of document (the rest are lists, below).
_FIELDS = {
    "meeting": ("title", "kind", "format", "series", "ordinal", "date", "place", "place_name_reported", "summary"),
    "person": ("name", "country", "wikidata_id", "summary"),
}
# Lists of facts: (key in the document, name of the fact, the item's identity).
_LISTS = {
    "meeting": (
        ("participants", "participant", "person"),
        ("countries", "country", "country"),
        ("topics", "topic", "topic"),
        ("outcomes", "outcome", "id"),
    ),
    "person": (("positions", "position", "id"),),
}


def facts(document):
    """{fact key: value} of a document: each fact, and each citation, once.

    Keys are tuples such as ("title",), ("participant", 12), ("citation", "participant", 12, "role", 3,
    "the quote"); a citation's value names the fact it cites (its "of")."""
    if document is None or document.get("retracted"):
        return {}
    kind = document["type"]
    found = {}

    def cite(citations, of):
        # A citation is the same one while it cites the same passage for the same fact (a restored one is).
        for citation in citations:
            value = {k: v for k, v in citation.items() if k not in _PLACEMENT and k != "id"}
            key = ("citation", *of, citation["field"], citation["source"], citation["quote"])
            found[key] = {**value, "of": list(of)}

    if kind not in _FIELDS:  # reference data: each field is a fact
        for name, value in document.items():
            if name not in ("schema", "type", "id") and not _absent(value):
                found[(name,)] = value
        return found
    for name in _FIELDS[kind]:
        if not _absent(document[name]):
            found[(name,)] = document[name]
    if kind == "person":
        for alias in document["aliases"]:
            found["alias", alias] = True
    if kind == "meeting":
        cite(document["citations"], ("meeting",))
    for key, fact, identity in _LISTS[kind]:
        for item in document[key]:
            ident = ("fact", fact, item[identity])
            found[ident[1:]] = {k: v for k, v in item.items() if k not in ("citations", "id")} or True
            cite(item["citations"], ident[1:])
    return found


def _absent(value):
    """A value that states nothing: giving it later is an addition, not a change."""
    if isinstance(value, dict) and "precision" in value and "not_after" in value:
        return value["precision"] == "unknown" and not value["not_after"]
    return value is None or value == "" or value == []


def diff(before, after):
    """The changes from document `before` (None: nothing was public) to `after`, as a list of
    {"op": "added" | "changed" | "removed", "fact": [...], "before": …, "after": …}."""
    old, new = facts(before), facts(after)
    changes = []
    for key in sorted(old.keys() | new.keys(), key=_order):
        if key not in old:
            changes.append({"op": "added", "fact": list(key), "before": None, "after": new[key]})
        elif key not in new:
            changes.append({"op": "removed", "fact": list(key), "before": old[key], "after": None})
        elif old[key] != new[key]:
            changes.append({"op": "changed", "fact": list(key), "before": old[key], "after": new[key]})
    return changes


def is_correction(changes):
    """A change or removal of a fact the public was shown (not an addition) corrects the record."""
    return any(change["op"] != "added" for change in changes)


def _order(key):
    # The record's own fields first, then its lists, then the citations, each in a stable order.
    rank = 0 if len(key) == 1 else 2 if key[0] == "citation" else 1
    return rank, key[0], str(key[1:])
