"""The read-only API's views: one ReadOnlyModelViewSet per kind of record, over the published index.

Each viewset's `get_queryset()` is the public index of its kind (rule 2 by structure: no
working table is read), filtered by its FilterSet and paged by ids; the page's documents are
then read through `events.published.reader` (`records`). Requests are strict: a parameter the
endpoint does not take is a 400 naming it, a format it does not offer a 406 listing them.
`response_headers()` is the one place responses get their caching headers; ETag and 304 come
from Django's conditional-GET middleware (c5site.http).
"""

from django.conf import settings
from django.db.models import Count
from django.http import Http404
from django.urls import reverse as url_reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..models import MeetingFacet, PublishedCitation, PublishedMeeting, PublishedPerson
from ..published import citation_pages, publish, reader, search
from . import bulk, kept, records
from .errors import ErrorSerializer, GoneSerializer
from .filters import (
    CitationFilter,
    CountryFilter,
    MeetingFilter,
    OrganizationFilter,
    PersonFilter,
    PublishedFilterBackend,
    SourceFilter,
    TopicFilter,
)
from .pagination import RecordPagination, count_key
from .renderers import CSVRenderer, JSONRenderer
from .serializers import (
    CitationDetailSerializer,
    CountrySerializer,
    MeetingSerializer,
    OrganizationSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    RootSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    TopicSerializer,
)
from .throttling import PublicRateThrottle

SLUG = r"[-a-zA-Z0-9_]+"
ID = r"[0-9]{1,15}"
PERSON_MEETINGS = 50  # meetings a person's detail lists; all of them are a filter of the meetings list
SOURCE_CITATIONS = 200


# --- response headers ------------------------------------------------------------------------------------


def origin(request):
    """ "https://host" of the request, once: what the representations' addresses begin with."""
    if not hasattr(request, "_c5site_origin"):
        request._c5site_origin = request.build_absolute_uri("/")[:-1]
    return request._c5site_origin


def record_state(request):
    """(version, time of the last change) of the published record, read once per request."""
    request = getattr(request, "_request", request)
    if not hasattr(request, "_record_state"):
        request._record_state = publish.record_state()
    return request._record_state


def response_headers(request, response):
    """The API's caching headers, set here only: a successful answer may be kept by any cache for
    API_CACHE_MAX_AGE seconds and revalidated (Last-Modified here, ETag from the middleware); an
    error is never kept. (Surrogate keys for a CDN belong here too.)"""
    if response.status_code >= 400:
        response["Cache-Control"] = "no-cache"
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    patch_vary_headers(response, ["Accept"])
    if isinstance(getattr(request, "accepted_renderer", None), BrowsableAPIRenderer):
        response["Cache-Control"] = "private, no-cache"  # the browsable API shows who is logged in
    else:
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    if not response.has_header("Last-Modified") and (changed_at := record_state(request)[1]) is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    return response


def _forget_context(response):
    """After rendering, drop what ties a response to its view. DRF's Response refers to itself and
    to its view through `renderer_context`, and the view to the response: every answer was cyclic
    garbage that only a full collection frees. A page written from kept JSON allocates too few objects
    to run one often, so a worker held every page it answered until one ran. Without the cycle an
    answer is freed as soon as it has been sent."""
    view = (response.renderer_context or {}).get("view")
    if view is not None:
        view.response = None
    response.renderer_context = None


class AcyclicResponses:
    """Views whose responses are freed once sent (`_forget_context`)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            response.add_post_render_callback(_forget_context)
        return response


# --- strict requests ------------------------------------------------------------------------------------


class StrictContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, answering 406 with the formats offered where `format` names none of them
    (DRF answers a bare 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (Http404, NotAcceptable):
            formats = ", ".join(renderer.format for renderer in renderers)
            asked = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
            what = f"format {asked[:40]!r}" if asked else "the media types in the Accept header"
            raise NotAcceptable(f"This endpoint does not offer {what}; it offers: {formats}.") from None


# --- schema pieces --------------------------------------------------------------------------------------

ERROR = OpenApiResponse(ErrorSerializer, description="An error: `detail` says what went wrong.")
FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "csv"],
    description="`json` (the default) or `csv`: one row per record of this page (UTF-8, RFC 4180; the total and the "
    "next page come as `X-Total-Count` and `Link` headers; for whole tables in a spreadsheet, download them from "
    "/data/). A browser gets the browsable API. Anything else answers 406.",
)  # fmt: skip
BOM = OpenApiParameter(
    "bom", OpenApiTypes.STR, enum=["0", "1"],
    description="With `format=csv`: `1` starts the file with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.",
)  # fmt: skip
DETAIL_FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json"], description="`json`, the default (a browser gets the browsable API)."
)
COMMON = {
    (406, "application/json"): OpenApiResponse(ErrorSerializer, description="A format this endpoint does not offer."),
    (429, "application/json"): OpenApiResponse(ErrorSerializer, description="Rate limit: see the Retry-After header."),
}


def list_schema(serializer, summary, description=""):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[FORMAT, BOM],
        responses={
            (200, "application/json"): serializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV: a header row, then one row per record."),
            (400, "application/json"): OpenApiResponse(ErrorSerializer, description="An unknown parameter, or a malformed or unknown value, named in `errors`."),
            (404, "application/json"): OpenApiResponse(ErrorSerializer, description="A page past the end."),
            **COMMON,
        },
    )  # fmt: skip


def detail_schema(serializer, summary, gone=False):
    responses = {
        (200, "application/json"): serializer,
        (400, "application/json"): OpenApiResponse(ErrorSerializer, description="A parameter this endpoint does not take."),
        (404, "application/json"): OpenApiResponse(ErrorSerializer, description="No public record has this identifier."),
        **COMMON,
    }
    if gone:
        responses[(410, "application/json")] = OpenApiResponse(
            GoneSerializer, description="The record was retracted: the notice, date and reason."
        )
    return extend_schema(summary=summary, parameters=[DETAIL_FORMAT], responses=responses)


# --- the viewsets ---------------------------------------------------------------------------------------


class PublishedViewSet(AcyclicResponses, viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint over one kind of public record: JSON, the browsable API, and CSV for lists.

    Subclasses give `get_queryset()` (the public index rows, in list order), `id_field` (the
    record's identity in them), `read(ids)` (their resolved documents, in that order), the
    serializers, and `csv_row()` (one record's JSON as a flat row)."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    content_negotiation_class = StrictContentNegotiation
    filter_backends = [PublishedFilterBackend]
    pagination_class = RecordPagination
    throttle_classes = [PublicRateThrottle]
    authentication_classes = []  # public and read-only: nobody signs in
    id_field = "object_id"
    record_name = "record"
    detail_serializer_class = None
    csv_header = ()

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            renderers = [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        return renderers

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def initial(self, request, *args, **kwargs):
        # A refused method is refused first (405), before the format or the parameters are looked at.
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.check_parameters(request)

    def allowed_parameters(self):
        if self.action == "list":
            return [*self.filterset_class.base_filters, *RecordPagination.parameters, "format", "bom"]
        return ["format"]

    def check_parameters(self, request):
        allowed = self.allowed_parameters()
        unknown = [name for name in request.query_params if name not in allowed]
        if unknown:
            listed = ", ".join(allowed)
            raise ValidationError(
                {name[:40]: [f"This endpoint takes no parameter {name[:40]!r}; it takes: {listed}."] for name in unknown}
            )
        if request.query_params.get("bom", "0") not in ("0", "1"):
            raise ValidationError({"bom": ["Use bom=1 (a byte-order mark before the CSV) or bom=0."]})

    def count_is_bounded(self):
        """Whether the list is a text search, whose matches are counted up to pagination.SEARCH_COUNT_CAP."""
        text = self.request.query_params.get("q")
        if not text or "q" not in self.filterset_class.base_filters:
            return False
        try:
            return not search.parse(text).is_empty
        except search.SearchError:
            return False

    def count_key(self):
        params = [(name, tuple(self.request.query_params.getlist(name))) for name in self.filterset_class.base_filters
                  if name in self.request.query_params and name != "ordering"]  # fmt: skip
        return count_key(self.basename, record_state(self.request)[0], params)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON whatever was asked for (a person in a browser keeps the browsable API).
            if not isinstance(getattr(request, "accepted_renderer", None), BrowsableAPIRenderer):
                request.accepted_renderer = JSONRenderer()
                request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        return response_headers(request, response)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["origin"] = origin(self.request)
        return context

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["header"] = self.csv_header
        context["filename"] = f"{self.basename}.csv"
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        ids = self.paginate_queryset(self.listed_ids(queryset))
        data = self.represent(ids)
        if isinstance(request.accepted_renderer, CSVRenderer):
            data = [self.csv_row(item) for item in data]
        return self.get_paginated_response(data)

    def listed_ids(self, queryset):
        """The ids of the filtered rows, in list order: what the paginator counts and slices."""
        return queryset.values_list(self.id_field, flat=True)

    def represent(self, ids):
        """The representations of the records with these ids, in this order."""
        return self.get_serializer(self.read(ids), many=True).data

    def read(self, ids):
        raise NotImplementedError

    def csv_row(self, item):
        return item

    def not_found(self, value):
        field = "id" if self.lookup_field == "pk" else self.lookup_field
        return NotFound(f"No {self.record_name} with {field} {value!r}.")


@extend_schema_view(
    list=list_schema(
        MeetingSerializer,
        "Published meetings",
        "Each meeting with its participants, countries, topics and outcomes, every fact with its citations. "
        "Newest first (the site's order: by the last day a meeting may have taken place), meetings of unknown "
        "date last.",
    ),
    retrieve=detail_schema(MeetingSerializer, "One published meeting", gone=True),
)
class MeetingViewSet(PublishedViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    id_field = "meeting_id"
    record_name = "published meeting"
    csv_header = (
        "slug", "title", "kind", "format", "series", "ordinal", "start_date", "end_date", "date_precision",
        "date_not_after", "date_display", "place", "place_as_reported", "place_country", "summary", "participants",
        "countries", "topics", "outcomes", "citations", "disputed", "url", "api_url",
    )  # fmt: skip

    def get_queryset(self):
        return PublishedMeeting.objects.filter(is_retracted=False).order_by("-sort_key", "-meeting_id")

    def represent(self, ids):  # kept by publishing (events.api.kept)
        return kept.meetings(ids, origin(self.request), raw=JSONRenderer.writes_through(self.request))

    def read(self, ids):
        return records.meetings(ids)

    def retrieve(self, request, slug=None, **kwargs):
        public = PublishedMeeting.objects.filter(slug=slug, is_retracted=False).values_list("meeting_id", flat=True)
        if found := kept.meetings(public[:1], origin(request), raw=JSONRenderer.writes_through(request)):
            return Response(found[0])
        try:  # not public, or retracted (410 with its notice)
            meeting = records.meeting(slug)
        except reader.NotPublic:
            raise self.not_found(slug) from None
        return Response(self.get_serializer(meeting).data)

    def csv_row(self, m):
        place = m["place"] or {}
        parts = ("participants", "countries", "topics", "outcomes")
        citations = len(m["citations"]) + sum(len(item["citations"]) for part in parts for item in m[part])
        return {
            **{key: m[key] for key in self.csv_header if key in m and key not in ("place", *parts, "citations")},
            "place": place.get("name"),
            "place_as_reported": place.get("name_as_reported"),
            "place_country": place.get("country"),
            **{part: len(m[part]) for part in parts},
            "citations": citations,
            "disputed": bool(m["disputed_fields"]) or any(item["disputed"] for part in parts for item in m[part]),
        }


@extend_schema_view(
    list=list_schema(PersonSerializer, "Published people", "Officials with the positions sources say they held, each cited."),
    retrieve=detail_schema(PersonDetailSerializer, "One published person, with the meetings they took part in", gone=True),
)
class PersonViewSet(PublishedViewSet):
    serializer_class = PersonSerializer
    detail_serializer_class = PersonDetailSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    id_field = "person_id"
    record_name = "published person"
    csv_header = (
        "slug",
        "name",
        "sort_name",
        "aliases",
        "country",
        "wikidata_id",
        "positions",
        "citations",
        "disputed",
        "url",
        "api_url",
    )

    def get_queryset(self):
        return PublishedPerson.objects.filter(is_retracted=False).order_by("sort_name", "person_id")

    def read(self, ids):
        return records.people(ids)

    def retrieve(self, request, slug=None, **kwargs):
        try:
            person = records.person(slug)
        except reader.NotPublic:
            raise self.not_found(slug) from None
        facet = MeetingFacet.objects.filter(facet=f"person:{person['id']}")
        ids = list(facet.order_by("-sort_key", "-meeting_id").values_list("meeting_id", flat=True)[:PERSON_MEETINGS])
        attended = [
            {**role, "meeting": meeting}
            for meeting in reader.attended_meetings(ids, person["id"], others=False)
            for role in meeting["roles"]
        ]
        meetings_url = reverse("api:meetings-list", request=request) + f"?person={person['slug']}"
        detail = {**person, "meetings": attended, "meeting_count": facet.count(), "meetings_url": meetings_url}
        return Response(self.get_serializer(detail).data)

    def csv_row(self, p):
        return {
            **{key: p[key] for key in self.csv_header if key in p},
            "aliases": "\n".join(p["aliases"]),
            "positions": len(p["positions"]),
            "citations": sum(len(position["citations"]) for position in p["positions"]),
            "disputed": any(position["disputed"] for position in p["positions"]),
        }


class ReferenceViewSet(PublishedViewSet):
    """Reference data shown by the published record: public while a current revision uses it."""

    kind = None
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self):
        return records.reference_rows(self.kind)

    def read(self, ids):
        return records.references(self.kind, ids)

    def lookup_slug(self, value):
        return value

    def retrieve(self, request, **kwargs):
        value = kwargs[self.lookup_field]
        pk = self.get_queryset().filter(slug=self.lookup_slug(value)).values_list("object_id", flat=True).first()
        found = self.read([pk]) if pk is not None else []
        if not found:
            raise self.not_found(value)
        return Response(self.get_serializer(found[0]).data)


@extend_schema_view(
    list=list_schema(CountrySerializer, "Countries in the published record"),
    retrieve=detail_schema(CountrySerializer, "One country, by its ISO code (any case)"),
)
class CountryViewSet(ReferenceViewSet):
    kind = "country"
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    record_name = "country"
    csv_header = ("code", "name", "is_c5", "url", "meetings_url")

    def lookup_slug(self, value):
        return value.lower()


@extend_schema_view(
    list=list_schema(TopicSerializer, "Topics of published meetings"),
    retrieve=detail_schema(TopicSerializer, "One topic"),
)
class TopicViewSet(ReferenceViewSet):
    kind = "topic"
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    record_name = "published topic"
    csv_header = ("slug", "name", "description", "meeting_count", "url", "meetings_url")

    def read(self, ids):
        uses = dict(self.get_queryset().filter(object_id__in=ids).values_list("object_id", "uses"))
        return [{**topic, "uses": uses.get(topic["id"], 0)} for topic in super().read(ids)]


@extend_schema_view(
    list=list_schema(OrganizationSerializer, "Organizations: ministries, governments, international bodies, publishers"),
    retrieve=detail_schema(OrganizationSerializer, "One organization"),
)
class OrganizationViewSet(ReferenceViewSet):
    kind = "organization"
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    record_name = "organization"
    csv_header = ("slug", "name", "kind", "country", "parent", "url")


@extend_schema_view(
    list=list_schema(
        SourceSerializer,
        "Sources behind published facts",
        "Each article that a published fact cites, newest first; never its full text. Its citations: the detail, "
        "or /api/v1/citations/?source=<id>.",
    ),  # fmt: skip
    retrieve=detail_schema(SourceDetailSerializer, "One source, with the facts it supports"),
)
class SourceViewSet(ReferenceViewSet):
    kind = "source"
    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = SourceFilter
    lookup_field = "pk"
    lookup_value_regex = ID
    record_name = "published source"
    csv_header = ("id", "title", "publisher", "url", "published_on", "published_precision", "language", "attribution",
                  "citation_count", "page_url", "api_url")  # fmt: skip

    def read(self, ids):
        counts = dict(
            PublishedCitation.objects.filter(source_id__in=ids).values("source_id").annotate(n=Count("citation_id"))
            .values_list("source_id", "n")
        )  # fmt: skip
        return [{**source, "citation_count": counts.get(source["id"], 0)} for source in super().read(ids)]

    def retrieve(self, request, pk=None, **kwargs):
        found = self.read([int(pk)]) if self.get_queryset().filter(slug=str(int(pk))).exists() else []
        if not found:
            raise self.not_found(pk)
        ids = list(
            PublishedCitation.objects.filter(source_id=int(pk)).order_by("start", "citation_id")
            .values_list("citation_id", flat=True)[:SOURCE_CITATIONS]
        )  # fmt: skip
        citations_url = reverse("api:citations-list", request=request) + f"?source={int(pk)}"
        detail = {**found[0], "citations": records.citations(ids), "citations_url": citations_url}
        return Response(self.get_serializer(detail).data)


@extend_schema_view(
    list=list_schema(
        CitationDetailSerializer,
        "Citations the published record shows",
        "Every citation of a current revision: the passage and the text around it, its stance and rank, its W3C "
        "selectors, and the fact it bears on.",
    ),  # fmt: skip
    retrieve=detail_schema(CitationDetailSerializer, "One citation"),
)
class CitationViewSet(PublishedViewSet):
    serializer_class = CitationDetailSerializer
    filterset_class = CitationFilter
    lookup_field = "pk"
    lookup_value_regex = ID
    id_field = "citation_id"
    record_name = "published citation"
    filtered_by = None  # set by filter_queryset
    csv_header = ("id", "fact", "label", "field", "quote", "before", "after", "stance", "rank", "rank_reason", "value",
                  "note", "record_type", "record_slug", "source_id", "source_title", "source_publisher",
                  "source_published_on", "source_url", "start", "end")  # fmt: skip

    def get_queryset(self):
        return PublishedCitation.objects.order_by("citation_id")

    def filter_queryset(self, queryset):
        """Filtered as every list is (PublishedFilterBackend, the only backend here), keeping the filter
        set's validated values in `self.filtered_by` ({name: value} of those given) for `listed_ids`."""
        filterset = PublishedFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            return super().filter_queryset(queryset)  # the backend's 400, naming what is wrong
        cleaned = filterset.form.cleaned_data
        self.filtered_by = {name: value for name, value in cleaned.items() if value not in (None, "", [])}
        return filterset.qs

    def paged_by_buckets(self):
        """Whether the list is filtered by nothing but fact, field and stance: the filters that leave
        most citations, and that `CitationBucket` counts (the others leave a few: read plainly)."""
        return self.filtered_by is not None and set(self.filtered_by) <= set(citation_pages.FILTERS)

    def listed_ids(self, queryset):
        if not self.paged_by_buckets():
            return super().listed_ids(queryset)
        given = self.filtered_by
        return citation_pages.CitationPages(
            queryset, facts=given.get("fact"), field=given.get("field"), stances=given.get("stance"),
            state=record_state(self.request),
        )  # fmt: skip

    def count_key(self):
        # Paged by buckets, the count is their sum, kept with them: no count of its own to keep.
        return None if self.paged_by_buckets() else super().count_key()

    def read(self, ids):
        return records.citations(ids)

    def retrieve(self, request, pk=None, **kwargs):
        found = records.citations([int(pk)])
        if not found:
            raise self.not_found(pk)
        return Response(self.get_serializer(found[0]).data)

    def csv_row(self, c):
        source = c["source"]
        return {
            **{key: c[key] for key in self.csv_header if key in c},
            "record_type": c["record"]["type"],
            "record_slug": c["record"]["slug"],
            "source_id": source["id"],
            "source_title": source["title"],
            "source_publisher": source["publisher"],
            "source_published_on": source["published_on"],
            "source_url": source["url"],
        }


# --- the root and the whole record ----------------------------------------------------------------------


class PublicAPIView(AcyclicResponses, APIView):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    content_negotiation_class = StrictContentNegotiation
    throttle_classes = [PublicRateThrottle]
    authentication_classes = []
    parameters = ("format",)

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        unknown = [name for name in request.query_params if name not in self.parameters]
        if unknown:
            listed = ", ".join(self.parameters) or "none"
            raise ValidationError(
                {name[:40]: [f"This endpoint takes no parameter {name[:40]!r}; it takes: {listed}."] for name in unknown}
            )

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return response_headers(request, super().finalize_response(request, response, *args, **kwargs))


class APIRootView(PublicAPIView):
    """The read-only API of the C5+1 record: every endpoint, the bulk downloads, the schema and the docs."""

    @extend_schema(
        parameters=[DETAIL_FORMAT],
        responses={(200, "application/json"): RootSerializer, (400, "application/json"): ERROR, **COMMON},
    )
    def get(self, request, format=None):
        names = ["meetings", "people", "countries", "topics", "organizations", "sources", "citations"]
        links = {name: reverse(f"api:{name}-list", request=request) for name in names}
        links["popolo"] = reverse("api:popolo", request=request)
        links["data"] = request.build_absolute_uri(url_reverse("data"))
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)


class PopoloView(PublicAPIView):
    """The whole published record as one Popolo JSON document, with every citation and its context.

    Served from the bulk file built after each publication (streamed, never built in the
    request); the same file as /data/. While the first build runs, a 503 says so."""

    parameters = ()

    @extend_schema(
        summary="The whole published record as Popolo JSON (prebuilt, streamed)",
        description=__doc__ + "\n\n" + bulk.JSON_DESCRIPTION,
        responses={
            (200, "application/json"): OpenApiResponse(
                {"type": "object", "required": ["areas", "organizations", "persons", "memberships", "events", "citations"]},
                description="A Popolo document: areas, organizations, persons, memberships, events, and citations.",
            ),
            (400, "application/json"): ERROR,
            (503, "application/json"): OpenApiResponse(ErrorSerializer, description="Not built yet: see Retry-After."),
            **COMMON,
        },
    )  # fmt: skip
    def get(self, request, format=None):
        return bulk.serve(request, bulk.JSON_FILE, content_type="application/json")
