"""Surrogate keys: the names a shared cache (Varnish, a CDN) files public responses under, so that a
publication purges exactly what it changed (c5site/surrogate.py sends the headers and the purges).

A key names one published record, `<kind>-<id>` (`meeting-12`, `person-3`, `topic-7`, `source-40`,
`country-2`, `organization-5`, `place-9`, `series-1`), or a class of responses:

- `list`: every response that did not name its records — lists, the home page, search, feeds, the
  sitemap, the API. Every publication purges it: a list shows any record that may enter, leave or
  move in it, and naming all the records of a long list would not bound the header.
- `all`: every cacheable response; purged by bulk loads and restores (`raise_version()`).

A record page (a meeting, a person) names the record and every record it shows, nested ones too (a
cited source's publisher, a place's country): `shown()` walks what its template is given. A person's
page also carries `person-<id>-meetings`: the list of meetings it shows may gain one.

A publication purges `changed()`: the record's key (every page that shows it), `list`, and for a
meeting the `person-<id>-meetings` of the people its old and new documents name (a person page it
joins or leaves). The records a meeting refers to are not purged with it: their own pages are lists,
and the pages that show them do not change. Every other page is a list.
"""

from c5site import surrogate

from .documents import REFERENCE_MODELS

LIST = surrogate.LIST
ALL = surrogate.ALL
KINDS = ("meeting", "person", *REFERENCE_MODELS)
_KINDS = frozenset(KINDS)


def key(kind, pk):
    return f"{kind}-{pk}"


def meetings_of(kind, pk):
    """The key of the list of meetings on a record's page (a person's, for now)."""
    return f"{kind}-{pk}-meetings"


def changed(kind, pk, *documents):
    """The keys to purge when the record (`kind`, `pk`) changes from one of `documents` (its previous
    and new documents, either None) to the other."""
    found = {key(kind, pk), LIST}
    for document in documents:
        if document and not document.get("retracted") and document.get("type") == "meeting":
            found |= {meetings_of("person", p["person"]) for p in document["participants"]}
    return found


def shown(value, found=None):
    """The keys of every published record in `value`: a resolved document (events.published.reader) or
    a page's context holding some. A record is a dict with a known `type` and an `id`; a person as the
    reader resolves a participant (no `type`) sits under a `person` key. Walked without recursion, each
    dict or list once (a person's page holds dozens of meetings, sharing their countries and topics)."""
    found = set() if found is None else found
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            kind = item.get("type")
            if kind in _KINDS and isinstance(item.get("id"), int):
                found.add(key(kind, item["id"]))
            person = item.get("person")
            if isinstance(person, dict) and isinstance(person.get("id"), int):
                found.add(key("person", person["id"]))
            children = item.values()
        else:
            children = item
        stack.extend(child for child in children if isinstance(child, (dict, list, tuple)))
    return found


def purge_after_publication(sender, keys=frozenset((ALL,)), **kwargs):
    """Receiver of publish.record_changed (connected in events.apps): purge what changed from the shared
    caches of SURROGATE_PURGE_URLS, if any (bounded, never raises: c5site.surrogate.purge), now and
    once more when any request that read the old record has been answered."""
    surrogate.purge(keys)
    surrogate.purge_later(keys)
