"""URLs of the read-only API (/api/v1/…, /api/schema/, /api/docs/), namespaced `api`.

Anything else under /api/ answers a JSON 404 (the catch-all at the end).
"""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found
from .views import (
    APIRootView,
    CitationViewSet,
    CountryViewSet,
    MeetingViewSet,
    OrganizationViewSet,
    PersonViewSet,
    PopoloView,
    SourceViewSet,
    TopicViewSet,
)

app_name = "api"

# The one inline <style> Swagger UI writes (drf-spectacular-sidecar's build); allowed by its hash on the docs only.
# tests/browser/test_api_docs.py fails when an update of the sidecar changes it.
SWAGGER_UI_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meetings")
router.register("people", PersonViewSet, basename="people")
router.register("countries", CountryViewSet, basename="countries")
router.register("topics", TopicViewSet, basename="topics")
router.register("organizations", OrganizationViewSet, basename="organizations")
router.register("sources", SourceViewSet, basename="sources")
router.register("citations", CitationViewSet, basename="citations")

urlpatterns = [
    path("v1/", APIRootView.as_view(), name="root"),
    path("v1/popolo/", PopoloView.as_view(), name="popolo"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_update({"style-src": [SWAGGER_UI_STYLE]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    re_path(r"^[\s\S]*$", not_found, name="not-found"),  # [\s\S]: a path with a newline is an API path too
]
