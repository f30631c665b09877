"""Every API error is JSON: {"status", "detail"[, "errors"]}, and a retraction is a 410 with its notice.

`errors` appears on 400 answers and names each bad query parameter with what is wrong with
it, so a script's author can fix the request without reading the docs. Messages are built
with f-strings only: no value a client sent ever reaches a %-format string.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..published.reader import Gone

logger = logging.getLogger("events.api")


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated for convenience.")
    detail = serializers.CharField(help_text="What went wrong, in a sentence; names the parameter where one is at fault.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On 400 only: each bad query parameter with its messages.",
    )


class GoneSerializer(serializers.Serializer):
    """The body of a 410: the record was public, and was retracted."""

    status = serializers.IntegerField(help_text="410.")
    detail = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    retracted = serializers.BooleanField(help_text="Always true.")
    notice = serializers.CharField(help_text="The retraction notice readers are shown.")
    reason = serializers.CharField(help_text="The editors' reason, as published with the retraction.")
    retracted_at = serializers.DateTimeField()
    revision = serializers.IntegerField(help_text="The number of the retraction revision.")
    retracts = serializers.IntegerField(help_text="The number of the revision it withdrew.")


def error_body(status_code, detail, errors=None):
    body = {"status": status_code, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def gone_body(error, kind):
    revision = error.revision
    document = revision.document
    return {
        "status": 410,
        "detail": f"This {kind} was retracted on {revision.created_at:%Y-%m-%d}: {document.get('notice', '')}",
        "slug": document.get("slug"),
        "title": document.get("title"),
        "retracted": True,
        "notice": document.get("notice", ""),
        "reason": revision.note,
        "retracted_at": revision.created_at.isoformat(),
        "revision": revision.number,
        "retracts": document.get("retracts"),
    }


def _messages(value):
    if isinstance(value, (list, tuple)):
        return [message for item in value for message in _messages(item)]
    if isinstance(value, dict):
        return [f"{key}: {'; '.join(_messages(inner))}" for key, inner in value.items()]
    return [str(value)]


def api_exception_handler(exc, context):
    """DRF's handler (which sets Retry-After and Allow), with the body reshaped to ErrorSerializer."""
    if isinstance(exc, Gone):
        view = context.get("view")
        return Response(gone_body(exc, getattr(view, "record_name", "record")), status=status.HTTP_410_GONE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, (OperationalError, InterfaceError)):
        raise exc  # the database is unreachable: the outage middleware answers 503 (c5site/outage.py)
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in the API", exc_info=exc)
        return Response(
            error_body(500, "Internal server error. It has been logged."), status=status.HTTP_500_INTERNAL_SERVER_ERROR
        )
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        errors = {name: _messages(value) for name, value in errors.items()}
        noun = "query parameter" if len(errors) == 1 else "query parameters"
        detail = f"Invalid {noun}: " + "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        response.data = error_body(response.status_code, detail, errors)
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        response.data = error_body(response.status_code, " ".join(_messages(detail)))
    return response


def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no endpoint: a JSON 404 (redirected where only the slash is missing)."""
    path = request.path
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found and request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(path + "/" + (f"?{query}" if query else ""))
    response = JsonResponse(error_body(404, f"No API endpoint at {path}. The API root is /api/v1/."), status=404)
    response["Cache-Control"] = "no-cache"
    return response
