"""Conditional GET for published data: ETag, Last-Modified, 304, Cache-Control.

The ETag is a hash of the body as sent, so it changes exactly when the answer does.
Last-Modified is the time of the latest change to anything the API shows, taken from
the history tables (every save and delete of a record or its children leaves a row
there) and the workflow log (publication and retraction); one query answers it.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from c5site.db import prepared_cursor

from .errors import error_body

logger = logging.getLogger("c5site.api")


def _history_tables():
    from django.apps import apps  # noqa: PLC0415

    tables = []
    for label in (
        "events.HistoricalMeeting",
        "events.HistoricalParticipation",
        "events.HistoricalDelegation",
        "events.HistoricalMeetingTopic",
        "events.HistoricalOutcome",
        "events.HistoricalSource",
        "events.HistoricalCitation",
        "people.HistoricalPerson",
        "people.HistoricalPosition",
    ):
        tables.append((apps.get_model(label)._meta.db_table, "history_date"))
    tables.append((apps.get_model("events.Transition")._meta.db_table, "at"))
    return tables


def data_last_modified():
    """The time of the latest change to the record (None on an empty database)."""
    quote = connection.ops.quote_name
    parts = " UNION ALL ".join(f"SELECT MAX({quote(column)}) AS t FROM {quote(table)}" for table, column in _history_tables())
    with prepared_cursor() as cursor:  # planning this union cost 20 times its execution
        cursor.execute(f"SELECT MAX(t) FROM ({parts}) AS changes")  # noqa: S608 (table names from the models)
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite returns text from a union of columns, in UTC without an offset
        value = parse_datetime(value).replace(tzinfo=datetime.timezone.utc)
    return value


def last_modified_of(request):
    """data_last_modified(), read once per request (pagination and the headers both need it)."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "_c5site_last_modified"):
        request._c5site_last_modified = data_last_modified()
    return request._c5site_last_modified


def cache_control():
    return f"public, max-age={getattr(settings, 'API_CACHE_MAX_AGE', 60)}"


class ConditionalGetMixin:
    """For a view: on a 200 answer to GET/HEAD, set ETag, Last-Modified and Cache-Control,
    and answer 304 when the client's copy is current."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            if response.status_code >= 400:
                response["Cache-Control"] = "no-cache"
            return response
        patch_vary_headers(response, ["Accept"])
        response.render()
        response["ETag"] = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]
        try:
            last_modified = last_modified_of(request)
        except DatabaseError:
            # The answer is already made; without the time it is still right, only less cacheable.
            logger.exception("Could not read the time of the last change")
            last_modified = None
        if last_modified is not None:
            response["Last-Modified"] = http_date(int(last_modified.timestamp()))
        if response.get("Content-Type", "").startswith("text/html"):
            # The browsable API shows who is logged in: no shared caches.
            response["Cache-Control"] = "private, no-cache"
        else:
            response["Cache-Control"] = cache_control()
        conditional = get_conditional_response(
            request._request if hasattr(request, "_request") else request,
            etag=response["ETag"],
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )
        if conditional.status_code == 412:
            return JsonResponse(error_body(412, "Precondition failed: the data has changed."), status=412)
        return conditional
