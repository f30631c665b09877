"""Footnotes: every fact on a page points to the passage of the source it comes from.

A view puts a `Footnotes` collector in the context; the `{% cite %}` tag registers
the citations of one fact and prints its markers; the page ends with
`{% include "partials/footnotes.html" %}`, which lists them in order. Because the
template is rendered top to bottom, the list is complete when it is reached.
"""

from dataclasses import dataclass, field

from django import template
from django.utils.safestring import mark_safe

from c5site.links import url_maker
from c5site.markup import html, html_join

from ..models import Meeting
from .site import partial_date, safe_url

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


def markers(added, disputed):
    """The HTML of a fact's footnote markers, and of its dispute where a source contradicts it.

    Built here rather than by a template per fact: a busy official's page cites hundreds of
    facts, and an included template each cost most of the page's time."""
    sups = html_join(
        "",
        '<sup class="fn{}"><a href="#{}" id="{}" title="{}{}">[{}]</a></sup>',
        (
            (
                " fn-contra" if note.citation.stance == "contradicts" else "",
                note.anchor,
                ref,
                note.citation.source.title,
                " (contradicts)" if note.citation.stance == "contradicts" else "",
                note.number,
            )
            for note, ref in added
        ),
    )
    out = html('<span class="refs">{}</span>', sups)
    if disputed:
        sides = html_join(
            "",
            ": {} (note {})",
            (
                (note.citation.note or "a source contradicts this", note.number)
                for note, _ in added
                if note.citation.stance == "contradicts"
            ),
        )
        out += html('<span class="disputed">Sources disagree{}</span>', sides)
    return out


@register.simple_tag(takes_context=True)
def cite(context, record, field_name=None):
    """Footnote markers for a fact: `{% cite meeting "date" %}`, `{% cite participation %}`.

    Where a source contradicts the fact, the markers say so, and the footnote shows both sides.
    """
    citations = citations_of(record, field_name)
    if not citations:
        return ""
    added = collector(context).add(citations)
    return markers(added, any(c.stance == "contradicts" for c in citations))


@register.simple_tag(takes_context=True)
def attended_rows(context, participations):
    """The rows of an official's "Meetings attended" table, each role footnoted:
    `{% attended_rows participations %}` (events.person_page's plain participations).

    Written here rather than by a template loop, as the official's other lists are."""
    return html_join(
        "",
        '<tr>\n        <td class="nowrap" data-label="Date">{}</td>\n'
        '        <th scope="row"><a href="{}">{}</a></th>\n'
        '        <td data-label="Role at the time">{}{}</td>\n      </tr>',
        ((partial_date(p.meeting), p.meeting.url, p.meeting.title, p.role, cite(context, p)) for p in participations),
    )


_MEETING_ITEM = (
    '<li class="meeting-item">\n'
    '  <h3><a href="{}">{}</a></h3>\n'
    '  <p class="meta"><span class="date">{}</span>{}<span class="sep" aria-hidden="true"> · </span>'
    '<span class="kind">{}</span></p>\n'
    "  {}\n"
    "  {}\n"
    "</li>\n"
)


@register.simple_tag(takes_context=True)
def meeting_items(context, meetings, cited=None, label=""):
    """The `<li class="meeting-item">` of each meeting of a list: its title, date, place, kind and
    topics (`{% meeting_items meetings %}`), and with `cited`, a line `label` footnoted with the
    first record of each meeting's prefetched `cited` list:
    `{% meeting_items meetings cited="topic_links" label="Reported as discussed there" %}`.

    `meetings` come with place, place names and topics prefetched (Meeting.objects.for_list_page()).
    Built here rather than by a template included per meeting: on the 100k corpus the include
    rendered the 20 meetings of /meetings/ in 4.6 ms, of the page's 15.5 ms of CPU (12 ms now);
    this tag, in 0.5 ms (a topic's 20 meetings, footnoted: 5.5 ms by the include, 1 ms here)."""
    meeting_url = url_maker("events:meeting-detail", "slug")
    topic_url = url_maker("events:topic-detail", "slug")
    # What get_kind_display() gives, translated once a list: get_kind_display() hashes every
    # lazy label of the choices at each call, 1.2 of the 1.7 ms this tag took for 20 meetings.
    kinds = {value: str(name) for value, name in Meeting.Kind.choices}

    def parts(meeting):
        place = meeting.place_display
        topics = meeting.topics.all()
        records = getattr(meeting, cited) if cited else None
        return (
            meeting_url(meeting.slug),
            meeting.title,
            partial_date(meeting),
            html('<span class="sep" aria-hidden="true"> · </span><span>{}</span>', place) if place else "",
            kinds.get(meeting.kind, meeting.kind),
            html(
                '<ul class="tags" aria-label="Topics">{}</ul>',
                html_join("", '<li><a href="{}">{}</a></li>', ((topic_url(t.slug), t.name) for t in topics)),
            )
            if topics
            else "",
            html('<p class="cited-line">{}{}</p>', label, cite(context, records[0])) if records else "",
        )

    return html_join("", _MEETING_ITEM, (parts(meeting) for meeting in meetings))


def note_item(note, source_url):
    """One numbered note of the page's "Sources" list: the quote, its source, the links back."""
    citation = note.citation
    source = citation.source
    contra = citation.stance == "contradicts"
    url = safe_url(source.url)
    backrefs = note.backrefs
    return html(
        '<li id="{}"{}>{}<blockquote class="quote">“{}”</blockquote>'
        '<p class="source-line"><a href="{}">{}</a> — {}, {}{}.</p>{}<p class="backrefs">{}</p></li>\n',
        note.anchor,
        mark_safe(' class="contra"') if contra else "",
        mark_safe('<p class="stance"><strong>This source contradicts the fact it is attached to.</strong></p>')
        if contra
        else "",
        citation.quote,
        source_url(source.pk),
        source.title,
        source.publisher.name if source.publisher else "publisher not stated",
        partial_date(source.published) if source.published_on else "publication date not stated",
        html(', <a href="{}" rel="nofollow noopener external">original article</a>', url)
        if url
        else ", original address unknown",
        html('<p class="note">{}</p>', citation.note) if citation.note else "",
        html_join(
            "",
            '<a href="#{}" aria-label="Back to text, mention {} of note {}">↩{}</a> ',
            ((ref, n, note.number, n if len(backrefs) > 1 else "") for n, ref in enumerate(backrefs, 1)),
        ),
    )


@register.simple_tag
def footnote_items(footnotes):
    """The `<li>` of every note of the page, in order: `{% footnote_items footnotes %}`.

    Built here rather than by a template loop: a page with many facts has many notes."""
    source_url = url_maker("events:source-detail", "pk")
    return mark_safe("".join(note_item(note, source_url) for note in footnotes))  # noqa: S308 — escaped by html() above


@register.simple_tag
def disputed(record, field_name=None):
    """True when some source contradicts this fact."""
    return any(c.stance == "contradicts" for c in citations_of(record, field_name))
