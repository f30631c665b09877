"""Footnotes: every fact on a page points to the passage of the source it comes from.

`{% cite item %}` / `{% cite item "field" %}` registers the citations of one fact of a resolved
document (`item["citations"]`, a list of citation dicts from events.published.reader, filtered
by `field` when given) with the page's collector and prints its markers
(partials/cite.html). The page ends with `{% include "partials/footnotes.html" %}`, which lists
the notes grouped by source: because the template is rendered top to bottom, the collector is
complete when it is reached. Markup lives in the templates; this module only numbers notes.
"""

from dataclasses import dataclass, field

from django import template
from django.template.loader import get_template

register = template.Library()

STANCE_CONTRADICTS = "contradicts"


@dataclass
class Note:
    """One numbered footnote: a citation's passage, shared by every fact that cites it."""

    number: int
    citation: dict
    backrefs: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"fn-{self.number}"

    @property
    def contradicts(self):
        return self.citation.get("stance") == STANCE_CONTRADICTS

    @property
    def source(self):
        return self.citation.get("source") or {}


@dataclass
class Marker:
    """One mention of a note beside a fact: its note and the id the note links back to."""

    note: Note
    ref: str


class Footnotes:
    """The numbered notes of one page, in order of first mention."""

    def __init__(self):
        self._notes = {}

    def add(self, citations):
        """Number `citations` (reusing the number of one already cited) and return their markers."""
        added = []
        for citation in citations:
            key = citation.get("id") or (citation["source"].get("id"), citation.get("quote"), citation.get("stance"))
            note = self._notes.get(key)
            if note is None:
                note = self._notes[key] = Note(number=len(self._notes) + 1, citation=citation)
            ref = f"ref-{note.number}-{len(note.backrefs) + 1}"
            note.backrefs.append(ref)
            added.append(Marker(note, ref))
        return added

    def __iter__(self):
        return iter(self._notes.values())

    def __len__(self):
        return len(self._notes)

    def __bool__(self):
        return bool(self._notes)

    def by_source(self):
        """[{"source", "notes"}]: one group per source in order of its first note, its notes in order."""
        groups = {}
        for note in self._notes.values():
            source = note.source
            group = groups.setdefault(source.get("id"), {"source": source, "notes": []})
            group["notes"].append(note)
        return list(groups.values())


def collector(context):
    """The page's Footnotes, created on first use so that any template can cite."""
    notes = context.get("footnotes")
    if notes is None:
        notes = Footnotes()
        context.dicts[0]["footnotes"] = notes
    return notes


def citations_of(item, field_name=None):
    """The citations of a resolved fact (of one of its fields when `field_name` is given)."""
    citations = (item.get("citations") if isinstance(item, dict) else None) or []
    if field_name is not None:
        citations = [c for c in citations if c.get("field") == field_name]
    return citations


@register.simple_tag(takes_context=True)
def cite(context, item, field_name=None):
    """Footnote markers for a fact: `{% cite meeting "date" %}`, `{% cite participant %}`.

    Where a source contradicts the fact, the markers say so and name what that source gives."""
    citations = citations_of(item, field_name)
    if not citations:
        return ""
    markers = collector(context).add(citations)
    contradictions = [m.note for m in markers if m.note.contradicts]
    return get_template("partials/cite.html").render({"markers": markers, "contradictions": contradictions})
