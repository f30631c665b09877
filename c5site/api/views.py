"""The base of every API viewset, the API root, and the schema helpers they share."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .caching import ConditionalGetMixin
from .errors import ErrorSerializer
from .renderers import CSVRenderer, FastJSONRenderer

ERROR = OpenApiResponse(ErrorSerializer, description="An error: `detail` says what went wrong.")
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv`: one row per record of the page, citations counted (the count and next page come as "
    "X-Total-Count and Link headers). Default JSON.",
)


def list_responses(serializer):
    """The documented answers of a list endpoint: the page as JSON or CSV, and each error."""
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV: a header row, then one row per record."),
        (400, "application/json"): OpenApiResponse(ErrorSerializer, description="A malformed query parameter, named in `errors`."),
        (404, "application/json"): OpenApiResponse(ErrorSerializer, description="A page past the end."),
        (406, "application/json"): ERROR,
        (429, "application/json"): OpenApiResponse(ErrorSerializer, description="Rate limit: see the Retry-After header."),
    }


def detail_responses(serializer):
    return {
        (200, "application/json"): serializer,
        (404, "application/json"): OpenApiResponse(ErrorSerializer, description="No published record has this identifier."),
        (406, "application/json"): ERROR,
        (429, "application/json"): OpenApiResponse(ErrorSerializer, description="Rate limit: see the Retry-After header."),
    }


class JSONErrorsMixin:
    """Errors are always JSON (unless a person asked for the browsable API), whatever format was asked for."""

    def initial(self, request, *args, **kwargs):
        # A refused method is refused first (405), before the format or the page is looked at.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            if not isinstance(getattr(request, "accepted_renderer", None), BrowsableAPIRenderer):
                request.accepted_renderer = JSONRenderer()
                request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class PublicViewSet(ConditionalGetMixin, JSONErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint over published records: JSON, the browsable API, and CSV for lists.

    Subclasses set `csv_columns` ([(header, function of one serialized record)]) and a
    `record_name` used in the 404 message ("published meeting").
    """

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    csv_columns = ()
    record_name = "published record"

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            renderers = [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        return renderers

    def filter_params(self):
        """The request's filter parameters, ((name, (values…)), …) sorted by name: what the
        filter set reads of the query, so also a name for the list it selects."""
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return ()
        params = self.request.query_params
        return tuple((name, tuple(params.getlist(name))) for name in sorted(set(params).intersection(filterset_class.base_filters)))

    def filter_queryset(self, queryset):
        # django-filter deep-copies every filter of the set on each request (~2 ms for the
        # meetings'); with none of them in the query there is nothing to filter or validate.
        if getattr(self, "filterset_class", None) is not None and not self.filter_params():
            return queryset
        return super().filter_queryset(queryset)

    def get_object(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        queryset = self.get_queryset()
        value = self.kwargs[lookup]
        obj = queryset.filter(**{self.lookup_field: self.normalise_lookup(value)}).first()
        if obj is None:
            field = "id" if self.lookup_field == "pk" else self.lookup_field
            raise NotFound(f"No {self.record_name} with {field} {value!r}.")
        self.check_object_permissions(self.request, obj)
        return obj

    def normalise_lookup(self, value):
        return value


class APIRootView(ConditionalGetMixin, JSONErrorsMixin, APIView):
    """The read-only API of the C5+1 record: every endpoint, the schema and the docs."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    endpoints = ["meetings", "people", "countries", "topics", "organizations", "sources", "citations"]

    @extend_schema(
        responses={
            (200, "application/json"): OpenApiResponse(
                {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
                description="The endpoints, by name.",
            ),
            (429, "application/json"): ERROR,
        }
    )
    def get(self, request, format=None):
        links = {name: reverse(f"api:{name}-list", request=request) for name in self.endpoints}
        links["popolo"] = reverse("api:popolo", request=request)
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)
