"""Middleware of the public site: the read-only API's CORS headers, and the site's own 404 page."""

from corsheaders.conf import conf
from corsheaders.middleware import CorsMiddleware
from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class PublicCorsMiddleware(CorsMiddleware):
    """django-cors-headers for a public, read-only API: every answer under CORS_URLS_REGEX says
    `Access-Control-Allow-Origin: *`, whether or not the request named an Origin, and no answer
    varies on the Origin. Then one cached copy of a response serves every site (the response cache
    and any shared cache need no entry per Origin), and a copy stored from a request without an
    Origin still carries the header a browser needs. Preflights are answered as the package does."""

    def add_response_headers(self, request, response):
        enabled = getattr(request, "_cors_enabled", None)
        if enabled is None:
            enabled = self.is_enabled(request)
        if not enabled:
            return response
        response["Access-Control-Allow-Origin"] = "*"
        if conf.CORS_EXPOSE_HEADERS:
            response["Access-Control-Expose-Headers"] = ", ".join(conf.CORS_EXPOSE_HEADERS)
        if request.method == "OPTIONS" and "origin" in request.headers:
            response["Access-Control-Allow-Headers"] = ", ".join(conf.CORS_ALLOW_HEADERS)
            response["Access-Control-Allow-Methods"] = ", ".join(conf.CORS_ALLOW_METHODS)
            if conf.CORS_PREFLIGHT_MAX_AGE:
                response["Access-Control-Max-Age"] = str(conf.CORS_PREFLIGHT_MAX_AGE)
        return response


class SiteNotFoundMiddleware:
    """With DEBUG on (`make run`), answer a missing page with the site's own 404 page, as production
    does, rather than Django's technical page: readers trying the demo see what readers will see.
    The admin keeps Django's page for its developers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404) and not request.path.startswith("/admin/"):
            return page_not_found(request, exception)
        return None
