"""A friendly 503 while the database is unreachable, and recovery without a restart.

When PostgreSQL is down, any request that touches the database raises
OperationalError (cannot connect: fails within DB_CONNECT_TIMEOUT seconds) or
InterfaceError (a kept-open connection that died), and a public query that runs past its
statement timeout (c5site/db_timeouts.py) is cancelled with an OperationalError. Without this middleware those
become 500s, which tell readers the site is broken and tell monitors nothing
useful. With it, pages answer a standalone 503 page and /api/… a JSON 503, both
with Retry-After, and the error is logged once per request.

Recovery needs nothing: Django closes a connection that raised at the end of the
request, and CONN_HEALTH_CHECKS makes the next request open a fresh one, so the
first request after the database returns is served normally.

The exception can come from the view (caught in process_exception) or from a
middleware below this one, such as the session middleware saving a session on the
way out. Django turns an exception inside the middleware chain into a 500
response before it reaches the middleware above, so those are recognised through
the got_request_exception signal, which fires while the exception is being
handled, and the 500 is replaced on its way out here.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger("c5site.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
MARK = "_c5site_database_error"


def retry_after():
    return str(getattr(settings, "OUTAGE_RETRY_AFTER", 30))


def is_api(request):
    return request.path.startswith("/api/")


def outage_response(request):
    """The 503 for this request: JSON under /api/, else the standalone HTML page."""
    # A write that failed was rolled back (or never reached the database): say so plainly.
    not_saved = request.method not in ("GET", "HEAD", "OPTIONS")
    if is_api(request):
        response = JsonResponse({"detail": "The record's database is unavailable. Please retry in a little while."}, status=503)
    else:
        # Rendered without the request: no context processor runs, so nothing can reach
        # the database (the template extends nothing for the same reason).
        context = {"retry_after": retry_after(), "not_saved": not_saved}
        response = HttpResponse(render_to_string("errors/503.html", context), status=503)
    response["Retry-After"] = retry_after()
    response["Cache-Control"] = "no-store"
    return response


def _log(request, error):
    logger.error(
        "Database unavailable, answered 503 for %s %s: %s",
        request.method,
        request.path,
        str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
    )


def _mark_database_error(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, MARK, error)


got_request_exception.connect(_mark_database_error, dispatch_uid="c5site-outage-mark")


class DatabaseOutageMiddleware:
    """Answer 503 (HTML or JSON, with Retry-After) for a request the database failed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, MARK, None)
        if error is not None:
            _log(request, error)
            return outage_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log(request, exception)
            return outage_response(request)
        return None
