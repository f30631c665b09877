"""Counts kept per state of the record, for the old site pages that still read the working rows.

The API reads the published record (events/api/) and no longer uses this.
"""

import threading
import time
from collections import OrderedDict

# ------------------------------------------------------------ large lists

KEPT_SECONDS = 60  # the longest a worker keeps a list's ids or count, whatever the record's state
COUNTS_KEPT = 256  # a number under a key of a few filter values each: well under a megabyte
_counts = OrderedDict()  # per worker: (the list's key, record state) → (when, count), least recently used first
_counts_lock = threading.Lock()  # a threaded server (runserver, gthread) counts in several requests at once


def record_state(request):
    """What identifies the record's current state, read once per request: the time of its last
    change (from the database, so every worker sees every other's writes; the bulk paths that
    write no history raise the record version, whose time is in it too)."""
    from .caching import last_modified_of  # noqa: PLC0415

    return (last_modified_of(request),)


def kept_count(count, state, key):
    """`count()`, the number of rows of the list named `key` (the endpoint and its filter
    parameters): called once per state of the record, then kept in the worker. A write to the record changes `state`, so a count is never
    served for data it did not count; KEPT_SECONDS bounds what a write without history could leave behind, and
    the least recently used of more than COUNTS_KEPT counts is dropped (a count under a
    state gone by is never asked for again)."""
    if state[0] is None:
        return count()
    key = (key, state)
    now = time.monotonic()
    with _counts_lock:
        hit = _counts.get(key)
        if hit is not None and now - hit[0] < KEPT_SECONDS:
            _counts.move_to_end(key)
            return hit[1]
    rows = count()
    with _counts_lock:
        _counts[key] = (now, rows)
        _counts.move_to_end(key)
        while len(_counts) > COUNTS_KEPT:
            _counts.popitem(last=False)
    return rows
