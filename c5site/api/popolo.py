"""The whole published record as one Popolo JSON document (http://www.popoloproject.com/).

Popolo is the interchange format civic-data tools read: `persons`, `organizations`,
`memberships` (the positions people held), `areas` (countries) and `events` (meetings)
with their `attendees`. Every item carries `sources` — {url, note} from its citations,
the note quoting the passage — so no fact travels without its evidence. Dates use the
ISO 8601 reduced forms Popolo allows: "2015", "2015-11", "2015-11-01".
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from c5site.partial_dates import Precision

from .caching import ConditionalGetMixin
from .errors import ErrorSerializer
from .serializers import citations_of, is_disputed
from .views import JSONErrorsMixin


def popolo_date(day, precision):
    if day is None or precision == Precision.UNKNOWN:
        return None
    if precision == Precision.YEAR:
        return f"{day:%Y}"
    if precision == Precision.MONTH:
        return f"{day:%Y-%m}"
    return day.isoformat()


def _sources(request, citations):
    sources = []
    for citation in citations:
        source = citation.source
        url = source.url or request.build_absolute_uri(f"/sources/{source.pk}/")
        note = f"{source.title}: “{citation.quote}”"
        if citation.field:
            note = f"[{citation.field}] {note}"
        if citation.stance == "contradicts":
            note = f"[contradicts] {note}"
        sources.append({"url": url, "note": note})
    return sources


def area_id(country):
    return f"country/{country.code.lower()}" if country else None


def build_popolo(request):
    """The Popolo document of everything published, in a fixed number of queries."""
    from events.models import Citation, Meeting  # noqa: PLC0415
    from people.models import Country, Organization, Person, Position  # noqa: PLC0415

    cited = Citation.objects.select_related("source").defer("source__text").order_by("pk")
    people = list(
        Person.objects.published()
        .select_related("country")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.select_related("organization", "country").prefetch_related(Prefetch("citations", queryset=cited)),
            )
        )
        .order_by("sort_name", "pk")
    )
    meetings = list(Meeting.objects.for_api().order_by("date_lo", "pk"))
    document = {
        "meta": {
            "description": "The published record of C5+1 diplomacy; every item lists the sources it is cited from.",
            "api": request.build_absolute_uri("/api/v1/"),
        },
        "areas": [
            {"id": area_id(country), "name": country.name, "identifiers": [{"scheme": "iso_3166_1_alpha_2", "identifier": country.code}], "classification": "country"}
            for country in Country.objects.order_by("name")
        ],
        "organizations": [
            {
                "id": f"organization/{org.slug}",
                "name": org.name,
                "classification": org.kind,
                "area_id": area_id(org.country),
                "parent_id": f"organization/{org.parent.slug}" if org.parent else None,
                "links": [{"url": org.url}] if org.url else [],
            }
            for org in Organization.objects.select_related("country", "parent").order_by("name")
        ],
        "persons": [],
        "memberships": [],
        "events": [],
    }
    for person in people:
        item = {
            "id": f"person/{person.slug}",
            "name": person.name,
            "sort_name": person.sort_name,
            "other_names": [{"name": alias} for alias in person.aliases],
            "identifiers": [{"scheme": "wikidata", "identifier": person.wikidata_id}] if person.wikidata_id else [],
            "links": [{"url": request.build_absolute_uri(f"/people/{person.slug}/"), "note": "c5site page"}],
            "sources": [],
        }
        if person.summary:
            item["summary"] = person.summary
        document["persons"].append(item)
        for position in person.positions.all():
            citations = list(position.citations.all())
            item["sources"] += _sources(request, citations)
            document["memberships"].append(
                {
                    "id": f"membership/{position.pk}",
                    "person_id": item["id"],
                    "organization_id": f"organization/{position.organization.slug}" if position.organization else None,
                    "area_id": area_id(position.country),
                    "role": position.title,
                    "label": position.title,
                    "start_date": popolo_date(position.start_date, position.start_precision),
                    "end_date": popolo_date(position.end_date, position.end_precision),
                    "disputed": is_disputed(citations),
                    "sources": _sources(request, citations),
                }
            )
    for meeting in meetings:
        end = meeting.end_date or (meeting.start_date if meeting.date_precision == Precision.DAY else None)
        document["events"].append(
            {
                "id": f"event/{meeting.slug}",
                "name": meeting.title,
                "description": meeting.summary,
                "classification": meeting.kind,
                "start_date": popolo_date(meeting.start_date, meeting.date_precision),
                "end_date": popolo_date(end, meeting.date_precision),
                "location": meeting.place.name if meeting.place else (meeting.place_name_reported or None),
                "area_id": area_id(meeting.place.country) if meeting.place else None,
                "attendees": [
                    {
                        "person_id": f"person/{p.person.slug}",
                        "role": p.role,
                        "on_behalf_of_id": area_id(p.country),
                        "disputed": is_disputed(citations_of(p)),
                        "sources": _sources(request, citations_of(p)),
                    }
                    for p in meeting.api_participations
                ],
                "links": [{"url": request.build_absolute_uri(f"/meetings/{meeting.slug}/"), "note": "c5site page"}],
                "sources": _sources(request, citations_of(meeting)),
            }
        )
    return document


class PopoloView(ConditionalGetMixin, JSONErrorsMixin, APIView):
    """GET the whole published record as Popolo JSON: persons, organizations, memberships, areas, events."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        summary="The whole published record as Popolo JSON",
        description=__doc__,
        responses={
            (200, "application/json"): OpenApiResponse(
                {
                    "type": "object",
                    "required": ["areas", "organizations", "persons", "memberships", "events"],
                    "properties": {
                        "meta": {"type": "object"},
                        "areas": {"type": "array", "items": {"type": "object"}},
                        "organizations": {"type": "array", "items": {"type": "object"}},
                        "persons": {"type": "array", "items": {"type": "object", "required": ["id", "name", "sources"]}},
                        "memberships": {"type": "array", "items": {"type": "object", "required": ["id", "person_id", "sources"]}},
                        "events": {"type": "array", "items": {"type": "object", "required": ["id", "name", "attendees", "sources"]}},
                    },
                },
                description="A Popolo document.",
            ),
            (429, "application/json"): OpenApiResponse(ErrorSerializer),
        },
    )
    def get(self, request, format=None):
        return Response(build_popolo(request))
