"""Footnotes: every fact on a page points to the passage of the source it comes from.

A view puts a `Footnotes` collector in the context; the `{% cite %}` tag registers
the citations of one fact and prints its markers; the page ends with
`{% include "partials/footnotes.html" %}`, which lists them in order. Because the
template is rendered top to bottom, the list is complete when it is reached.
"""

from dataclasses import dataclass, field

from django import template
from django.template.loader import render_to_string

register = template.Library()


@dataclass
class Note:
    """One numbered footnote: a citation's passage, shared by every fact that cites it."""

    number: int
    citation: object
    backrefs: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"fn-{self.number}"


class Footnotes:
    """The numbered notes of one page, in order of first mention."""

    def __init__(self):
        self._notes = {}

    def add(self, citations):
        """Number `citations` (reusing the number of one already cited) and return their notes."""
        added = []
        for citation in citations:
            key = (citation.source_id, citation.quote, citation.stance, citation.note)
            note = self._notes.get(key)
            if note is None:
                note = self._notes[key] = Note(number=len(self._notes) + 1, citation=citation)
            ref = f"ref-{note.number}-{len(note.backrefs) + 1}"
            note.backrefs.append(ref)
            added.append((note, ref))
        return added

    def __iter__(self):
        return iter(sorted(self._notes.values(), key=lambda n: n.number))

    def __len__(self):
        return len(self._notes)


def collector(context):
    """The page's Footnotes, created on first use so that any template can cite."""
    notes = context.get("footnotes")
    if notes is None:
        notes = Footnotes()
        context.dicts[0]["footnotes"] = notes
    return notes


def citations_of(record, field_name=None):
    """The prefetched citations of `record` (of one of its fields when `field_name` is given)."""
    citations = list(record.citations.all())
    if field_name is not None:
        citations = [c for c in citations if c.field == field_name]
    return citations


@register.simple_tag(takes_context=True)
def cite(context, record, field_name=None):
    """Footnote markers for a fact: `{% cite meeting "date" %}`, `{% cite participation %}`.

    Where a source contradicts the fact, the markers say so, and the footnote shows both sides.
    """
    citations = citations_of(record, field_name)
    if not citations:
        return ""
    added = collector(context).add(citations)
    disputed = any(c.stance == "contradicts" for c in citations)
    return render_to_string("partials/cite.html", {"refs": added, "disputed": disputed})


@register.simple_tag
def disputed(record, field_name=None):
    """True when some source contradicts this fact."""
    return any(c.stance == "contradicts" for c in citations_of(record, field_name))
