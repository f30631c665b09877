"""Read-only API endpoints of the people app: people, countries and organizations.

People start from `Person.objects.published()` (rule 2); countries and organizations
are reference data without a workflow, public as a whole.
"""

from django.apps import apps
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from c5site.api.views import FORMAT_PARAMETER, PublicViewSet, detail_responses, list_responses
from c5site.records import Status

from .filters import CountryFilter, OrganizationFilter, PersonFilter
from .models import Country, Organization, Person, Position
from .serializers import (
    CITATION_COLUMNS,
    PERSON_COLUMNS,
    POSITION_COLUMNS,
    CountrySerializer,
    OrganizationSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    person_rows,
)

SLUG = r"[-a-zA-Z0-9_]+"


def _cited():
    # Looked up by name: the people app does not import events' models.
    return apps.get_model("events", "Citation").objects.select_related("source__publisher").defer("source__text").order_by("pk")


def people_for_api():
    """Published people with their country and positions, each position with its citations: a fixed number of queries."""
    positions = Position.objects.select_related("organization", "country").prefetch_related(Prefetch("citations", queryset=_cited()))
    return (
        Person.objects.published()
        .select_related("country")
        .prefetch_related(Prefetch("positions", queryset=positions))
    )


def people_list_rows(people, request):
    """The JSON of a page of people (dicts of PERSON_COLUMNS): two more queries, whatever its size."""
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    ids = [person["id"] for person in people]
    positions = list(Position.objects.filter(person_id__in=ids).values(*POSITION_COLUMNS)) if ids else []
    position_ids = [position["id"] for position in positions]
    citations = (
        apps.get_model("events", "Citation").objects
        .filter(content_type=ContentType.objects.get_for_model(Position), object_id__in=position_ids)
        .order_by("pk").values(*CITATION_COLUMNS)
        if position_ids else []
    )  # fmt: skip
    return person_rows(people, request, positions, citations)


def attendance():
    """A person's participations in published meetings, with the meeting, country and citations."""
    participation = apps.get_model("events", "Participation")
    return (
        participation.objects.filter(meeting__status=Status.PUBLISHED)
        .select_related("meeting", "country")
        .prefetch_related(Prefetch("citations", queryset=_cited()))
        .order_by("-meeting__date_lo", "meeting__pk")
    )


def _join(items):
    return "; ".join(items)


@extend_schema_view(
    list=extend_schema(
        summary="Published people",
        description="Officials with their positions, each position with its citations (disputed where a source contradicts it).",
        parameters=[FORMAT_PARAMETER],
        responses=list_responses(PersonSerializer),
    ),
    retrieve=extend_schema(
        summary="One published person, with the meetings they took part in",
        responses=detail_responses(PersonDetailSerializer),
    ),
)
class PersonViewSet(PublicViewSet):
    filterset_class = PersonFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    record_name = "published person"
    csv_columns = (
        ("slug", lambda r: r["slug"]),
        ("name", lambda r: r["name"]),
        ("sort_name", lambda r: r["sort_name"]),
        ("aliases", lambda r: _join(r["aliases"])),
        ("country", lambda r: r["country"]),
        ("wikidata_id", lambda r: r["wikidata_id"]),
        ("positions", lambda r: _join(p["title"] for p in r["positions"])),
        ("citations", lambda r: sum(len(p["citations"]) for p in r["positions"])),
        ("disputed", lambda r: any(p["disputed"] for p in r["positions"])),
        ("url", lambda r: r["url"]),
    )

    def get_serializer_class(self):
        return PersonDetailSerializer if self.action == "retrieve" else PersonSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*PERSON_COLUMNS))
        return self.get_paginated_response(people_list_rows(page, request))

    def get_queryset(self):
        if self.action == "list":
            # Only which people, in which order: their JSON is built by people_list_rows().
            return Person.objects.published().order_by("sort_name", "name", "pk")
        queryset = people_for_api().order_by("sort_name", "name", "pk")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(Prefetch("participations", queryset=attendance(), to_attr="public_participations"))
        return queryset


@extend_schema_view(
    list=extend_schema(summary="Countries", parameters=[FORMAT_PARAMETER], responses=list_responses(CountrySerializer)),
    retrieve=extend_schema(summary="One country, by its ISO code (any case)", responses=detail_responses(CountrySerializer)),
)
class CountryViewSet(PublicViewSet):
    queryset = Country.objects.order_by("name", "pk")
    filterset_class = CountryFilter
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    record_name = "country"
    csv_columns = (
        ("code", lambda r: r["code"]),
        ("name", lambda r: r["name"]),
        ("is_c5", lambda r: r["is_c5"]),
        ("url", lambda r: r["url"]),
    )

    serializer_class = CountrySerializer

    def normalise_lookup(self, value):
        return value.upper()


@extend_schema_view(
    list=extend_schema(
        summary="Organizations: ministries, governments, international bodies, publishers",
        parameters=[FORMAT_PARAMETER],
        responses=list_responses(OrganizationSerializer),
    ),
    retrieve=extend_schema(summary="One organization", responses=detail_responses(OrganizationSerializer)),
)
class OrganizationViewSet(PublicViewSet):
    queryset = Organization.objects.select_related("country", "parent").order_by("name", "pk")
    filterset_class = OrganizationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    record_name = "organization"
    csv_columns = (
        ("slug", lambda r: r["slug"]),
        ("name", lambda r: r["name"]),
        ("kind", lambda r: r["kind"]),
        ("country", lambda r: r["country"]),
        ("parent", lambda r: r["parent"]),
        ("url", lambda r: r["url"]),
    )

    serializer_class = OrganizationSerializer
