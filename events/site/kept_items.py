"""Kept list items: each public meeting as a list shows it (partials/meeting_items.html), rendered
when publishing changes what it shows, as the API's representations are (events.api.kept), so that a
page of twenty meetings is twenty rows of HTML read rather than twenty documents read, their
places and topics looked up and each item rendered.

The same meetings are rewritten, by the same signal, in the same transaction as the API's rows; a
change shown by too many meetings drops their items and leaves them to `manage.py
keep_representations`. An item is kept without its cited line and closing tag: a topic's or a
country's page adds the line citing that entry of the meeting (its footnote numbers are the page's).
It is not used where a meeting's date may only fall in the year asked for. A meeting without a
current item (none, or one rendered by other code: another `SHAPE`) is rendered on the fly, so a
list says the same with items kept or without.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..api import kept
from ..models import KeptListItem
from ..published import by_ids, reader

TEMPLATE = "partials/meeting_items.html"
ROOT = Path(__file__).resolve().parent.parent.parent
# What an item is made by: its template, the reader that resolves what it shows, partial dates'
# words, the models' labels, the URLs of its links, and this module.
SHAPE_FILES = ("templates/" + TEMPLATE, "events/published/reader.py", "events/published/order.py",
               "events/models/meetings.py", "events/urls.py", "c5site/urls.py", "c5site/partial_dates.py",
               "events/site/kept_items.py")  # fmt: skip


SHAPE = kept.shape_of(ROOT / name for name in SHAPE_FILES)
_KEPT = f"SELECT meeting_id, html FROM {KeptListItem._meta.db_table} WHERE meeting_id IN %s AND shape = %s"


def items(ids):
    """{id: HTML} of the kept items of these meetings that are current (one query)."""
    return {pk: mark_safe(html) for pk, html in by_ids.rows(KeptListItem, _KEPT, ids, SHAPE)}  # noqa: S308 — rendered here


def render(meeting):
    """The item of a meeting resolved for a list (reader.listed_meetings), shown plainly."""
    item = {"kept": None, "meeting": meeting, "possibly": False, "fact": None}
    return render_to_string(TEMPLATE, {"items": [item], "bare": True})


def write(ids):
    """(Re)write the items of these meetings: the public ones rendered, the others dropped."""
    kept.rewrite(KeptListItem, ids, lambda public: [
        KeptListItem(meeting_id=meeting["id"], shape=SHAPE, html=render(meeting))
        for meeting in reader.listed_meetings(public)
    ])  # fmt: skip


def refresh(sender=None, meeting_ids=(), **kwargs):
    """Receiver of publish.meetings_changed (connected in events.apps), inside the publishing transaction."""
    kept.refresh_rows(KeptListItem, meeting_ids, write, "listed")


def keep_all(*, batch=kept.BATCH, progress=None):
    """Write the item of every public meeting that has none of the current shape; returns how many."""
    return kept.keep_missing(KeptListItem, SHAPE, write, batch=batch, progress=progress)
