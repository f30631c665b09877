"""What search matches for each public record, written into the index by publishing.

A meeting matches its title, summary, kind, place (every name it has had), series, the names
and aliases of its participants and their roles, its countries, topics and outcomes; a person
their names, aliases, country and positions; a source its title, publisher, attribution and
text. Texts are built from resolved documents (events.published.reader), so a name is the one
the public sees.
"""

from c5site.text import transliterations


def _join(parts):
    seen = []
    for part in parts:
        part = " ".join(str(part or "").split())
        if part and part not in seen:
            seen.append(part)
    text = " \n".join(seen)
    extra = [form for form in transliterations(text) if form not in seen]
    return " \n".join([text, *extra]) if extra else text


def for_meeting(meeting):
    """`meeting`: a resolved meeting document (reader.resolve_meeting)."""
    parts = [meeting["title"], meeting["kind_display"], meeting["summary"], meeting["place_name_reported"]]
    place = meeting["place"]
    if place:
        parts += [place["name"], *(n["name"] for n in place["names"])]
        if place["country"]:
            parts.append(place["country"]["name"])
    if meeting["series"]:
        parts.append(meeting["series"]["name"])
    for p in meeting["participants"]:
        if p["person"]:
            parts += [p["person"]["name"], *p["person"].get("aliases", [])]
        parts.append(p["role"])
        if p["country"]:
            parts.append(p["country"]["name"])
    parts += [d["country"]["name"] for d in meeting["countries"] if d["country"]]
    parts += [t["topic"]["name"] for t in meeting["topics"] if t["topic"]]
    parts += [o["description"] for o in meeting["outcomes"]]
    return _join(parts)


def for_person(person):
    """`person`: a resolved person document (reader.resolve_person)."""
    parts = [person["name"], *person["aliases"]]
    if person["country"]:
        parts.append(person["country"]["name"])
    for position in person["positions"]:
        parts.append(position["title"])
        if position["organization"]:
            parts.append(position["organization"]["name"])
    return _join(parts)


def for_reference(kind, document, text=""):
    """A piece of reference data; `text`: a source's full text (searched, never shown whole)."""
    if kind == "source":
        return _join([document["title"], document["attribution"], text])
    if kind == "place":
        return _join([document["name"], *(n["name"] for n in document["names"])])
    if kind == "country":
        return _join([document["name"], document["code"]])
    return _join([document["name"], document.get("description", "")])
