"""How the API represents people, their positions, countries and organizations.

Citations use the shared shapes of `c5site.api.serializers`; nothing here imports
`events` (dependencies run one way, events → people).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from c5site.api.serializers import (
    PRECISIONS,
    BlankAsNullCharField,
    CitedSerializer,
    absolute,
    citation_json,
    public_url,
    source_ref_json,
)
from c5site.links import url_maker

from .models import Country, Organization, Person


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class PositionSerializer(CitedSerializer):
    """A title the person held, for a country or in an organization, over a span of partial dates."""

    title = serializers.CharField(read_only=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    country = serializers.CharField(source="country.code", read_only=True, allow_null=True, default=None)
    start_date = serializers.DateField(read_only=True, allow_null=True, help_text="First day of the period of start_precision.")
    start_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    end_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)


class AttendanceMeetingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    date_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    date_not_after = serializers.DateField(read_only=True, allow_null=True)
    date_display = serializers.CharField(source="date", read_only=True)


class AttendanceSerializer(CitedSerializer):
    """A published meeting the person took part in, in the role the source gave then."""

    meeting = AttendanceMeetingSerializer(read_only=True)
    role = serializers.CharField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True, allow_null=True, default=None)


class PersonSerializer(serializers.ModelSerializer):
    """A published official, under every spelling, with the positions sources give them."""

    country = serializers.CharField(source="country.code", read_only=True, allow_null=True, default=None)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="Other spellings found in sources.")
    wikidata_id = BlankAsNullCharField()
    positions = PositionSerializer(source="positions.all", many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["slug", "name", "sort_name", "aliases", "country", "wikidata_id", "summary", "positions", "url", "api_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, person):
        return public_url(self.context.get("request"), "people:person-detail", {"slug": person.slug}, f"/people/{person.slug}/")

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, person):
        return absolute(self.context.get("request"), f"/api/v1/people/{person.slug}/")


# ------------------------------------------------------------ the list, built directly

# What person_rows() reads of each person, position and citation (`.values()` columns).
PERSON_COLUMNS = ("id", "slug", "name", "sort_name", "aliases", "country__code", "wikidata_id", "summary")
POSITION_COLUMNS = (
    "id", "person_id", "title", "organization_id", "organization__slug", "organization__name", "country__code",
    "start_date", "start_precision", "end_date", "end_precision",
)  # fmt: skip
CITATION_COLUMNS = (
    "id", "object_id", "quote", "field", "stance", "note", "source_id", "source__title", "source__publisher__name",
    "source__published_on", "source__published_precision", "source__url",
)  # fmt: skip


def _date(value):
    return value.isoformat() if value is not None else None


def person_rows(people, request, positions, citations):
    """PersonSerializer's representation of `people` (dicts of PERSON_COLUMNS), built directly.

    `positions` are dicts of POSITION_COLUMNS in Position's order, `citations` dicts of
    CITATION_COLUMNS of those positions, by id. Same keys, order and values as the
    serializer (tests/api/test_people_rows.py compares the two): a page of 50 people
    nests hundreds of positions and citations, and DRF's per-field machinery and the
    prefetch of generic relations were most of its time.
    """
    cited = {}
    for c in citations:
        ref = source_ref_json(
            c["source_id"], c["source__title"], c["source__publisher__name"], c["source__published_on"],
            c["source__published_precision"], c["source__url"],
        )  # fmt: skip
        cited.setdefault(c["object_id"], []).append(
            (c["stance"], citation_json(c["id"], c["quote"], c["field"], c["stance"], c["note"], ref))
        )
    held = {}
    for p in positions:
        evidence = cited.get(p["id"], ())
        held.setdefault(p["person_id"], []).append({
            "title": str(p["title"]),
            "organization": (
                {"slug": str(p["organization__slug"]), "name": str(p["organization__name"])}
                if p["organization_id"] is not None else None
            ),
            "country": p["country__code"],
            "start_date": _date(p["start_date"]),
            "start_precision": p["start_precision"],
            "end_date": _date(p["end_date"]),
            "end_precision": p["end_precision"],
            "citations": [data for _, data in evidence],
            "disputed": any(stance == "contradicts" for stance, _ in evidence),
        })  # fmt: skip
    page_url = url_maker("people:person-detail", request=request)
    api_url = url_maker("api:people-detail", request=request)
    return [
        {
            "slug": str(person["slug"]),
            "name": str(person["name"]),
            "sort_name": str(person["sort_name"]),
            "aliases": [str(alias) for alias in person["aliases"]],
            "country": person["country__code"],
            "wikidata_id": person["wikidata_id"] or None,
            "summary": str(person["summary"]),
            "positions": held.get(person["id"], []),
            "url": page_url(person["slug"]),
            "api_url": api_url(person["slug"]),
        }
        for person in people
    ]


class PersonDetailSerializer(PersonSerializer):
    """A person with the published meetings they took part in."""

    meetings = AttendanceSerializer(source="public_participations", many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "meetings"]


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The public page.")
    meetings_url = serializers.SerializerMethodField(help_text="Its meetings in the API.")

    class Meta:
        model = Country
        fields = ["code", "name", "is_c5", "url", "meetings_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, country):
        code = country.code.lower()
        return public_url(self.context.get("request"), "people:country-detail", {"code": code}, f"/countries/{code}/")

    @extend_schema_field(OpenApiTypes.URI)
    def get_meetings_url(self, country):
        return absolute(self.context.get("request"), f"/api/v1/meetings/?country={country.code.lower()}")


class OrganizationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, read_only=True)
    country = serializers.CharField(source="country.code", read_only=True, allow_null=True, default=None)
    parent = serializers.CharField(source="parent.slug", read_only=True, allow_null=True, default=None)
    url = BlankAsNullCharField(help_text="The organization's own website, where known.")

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "country", "parent", "url"]
