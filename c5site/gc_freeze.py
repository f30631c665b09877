"""A worker's long-lived objects kept out of the garbage collector's full collections.

A worker holds some 140,000 objects that live as long as it does: the modules, the URL resolver,
the compiled templates, the serializers' fields. Each full collection of Python's cyclic garbage
collector walks them all, tens of milliseconds spent in whichever request triggers it, while the
requests queued behind it wait. `gc.freeze()` moves the objects alive at that moment to a permanent
generation that collections skip (reference counting still frees them): once when the WSGI
application is loaded (c5site/wsgi.py), and once more after the worker's first requests have built
the caches Django fills lazily. Garbage is collected before each freeze, so none is kept for good.
"""

import gc

from django.core.signals import request_finished

SETTLED_AFTER = 100  # requests after which a worker's lazily built caches are in place


def freeze():
    """Collect what is garbage now, then keep every object still alive out of later collections."""
    gc.collect()
    gc.freeze()


def freeze_when_settled(requests=SETTLED_AFTER):
    """Freeze now, and once more after `requests` requests of this process have finished."""
    freeze()
    remaining = requests

    def count(**kwargs):
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            request_finished.disconnect(count)
            freeze()

    request_finished.connect(count, weak=False)
    return count
