"""Read-only API endpoints of the events app: meetings, topics, sources and citations.

Every viewset starts from the published record (rule 2) in its one `get_queryset()`.
"""

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Count, F, Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from c5site.api.pagination import KeptCountPagination, OrderedIdsPagination
from c5site.api.renderers import FastJSONRenderer
from c5site.api.views import FORMAT_PARAMETER, PublicViewSet, detail_responses, list_responses
from c5site.records import Status
from people.models import Position

from .. import documents
from ..api_rows import meeting_rows
from ..filters import CitationFilter, MeetingFilter, SourceFilter, TopicFilter
from ..models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Source, Topic
from ..serializers import CitationDetailSerializer, MeetingSerializer, SourceSerializer, TopicSerializer

SLUG = r"[-a-zA-Z0-9_]+"
ID = r"[0-9]{1,15}"


def _join(items):
    return "; ".join(items)


def _count_citations(record):
    """Citations of a serialized meeting and of all its parts."""
    total = len(record["citations"])
    for part in ("participants", "countries", "topics", "outcomes"):
        total += sum(len(item["citations"]) for item in record[part])
    return total


def _any_disputed(record):
    return bool(record["disputed_fields"]) or any(
        item["disputed"] for part in ("participants", "countries", "topics", "outcomes") for item in record[part]
    )


def target_prefetch():
    """Load the fact each citation bears on, with what its description needs: one query per kind of fact."""
    return GenericPrefetch(
        "content_object",
        [
            Meeting.objects.all(),
            Participation.objects.select_related("meeting", "person"),
            Delegation.objects.select_related("meeting", "country"),
            MeetingTopic.objects.select_related("meeting", "topic"),
            Outcome.objects.select_related("meeting"),
            Position.objects.select_related("person"),
        ],
    )


@extend_schema_view(
    list=extend_schema(
        summary="Published meetings",
        description="Each meeting with its participants, countries, topics and outcomes, every fact with its citations. "
        "Newest first; meetings of unknown date last.",
        parameters=[FORMAT_PARAMETER],
        responses=list_responses(MeetingSerializer),
    ),
    retrieve=extend_schema(summary="One published meeting", responses=detail_responses(MeetingSerializer)),
)
class MeetingViewSet(PublicViewSet):
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    pagination_class = OrderedIdsPagination
    lookup_field = "slug"
    lookup_value_regex = SLUG
    record_name = "published meeting"
    csv_columns = (
        ("slug", lambda r: r["slug"]),
        ("title", lambda r: r["title"]),
        ("kind", lambda r: r["kind"]),
        ("format", lambda r: r["format"]),
        ("series", lambda r: r["series"]),
        ("ordinal", lambda r: r["ordinal"]),
        ("start_date", lambda r: r["start_date"]),
        ("end_date", lambda r: r["end_date"]),
        ("date_precision", lambda r: r["date_precision"]),
        ("date_not_after", lambda r: r["date_not_after"]),
        ("date_display", lambda r: r["date_display"]),
        ("place", lambda r: r["place"] and r["place"]["name"]),
        ("place_as_reported", lambda r: r["place"] and r["place"]["name_as_reported"]),
        ("place_country", lambda r: r["place"] and r["place"]["country"]),
        ("countries", lambda r: _join(c["code"] for c in r["countries"])),
        ("participants", lambda r: _join(f"{p['person']['name']} ({p['role']}, {p['country'] or '?'})" for p in r["participants"])),
        ("topics", lambda r: _join(t["slug"] for t in r["topics"])),
        ("outcomes", lambda r: len(r["outcomes"])),
        ("citations", _count_citations),
        ("disputed", _any_disputed),
        ("summary", lambda r: r["summary"]),
        ("url", lambda r: r["url"]),
    )

    def get_queryset(self):
        # Only which meetings, in which order: their JSON is built by meeting_rows().
        return Meeting.objects.published().order_by(F("date_lo").desc(nulls_last=True), "-pk")

    def list(self, request, *args, **kwargs):
        # The list's SQL is made from its filter parameters alone: they name it in the kept lists.
        ids = self.paginator.page_ids(
            lambda: self.filter_queryset(self.get_queryset()), request, key=(type(self).__name__, self.filter_params())
        )
        return self.get_paginated_response(self.meetings_json(ids, request))

    def retrieve(self, request, *args, **kwargs):
        rows = self.meetings_json([self.get_object().pk], request)
        if not rows:  # retracted between the two reads
            raise NotFound(f"No {self.record_name} with slug {kwargs['slug']!r}.")
        return Response(rows[0])

    def meetings_json(self, ids, request):
        """JSON from the stored documents, passed through as is; other formats (CSV, the
        browsable API) read the meetings as dicts."""
        if type(request.accepted_renderer) is FastJSONRenderer:
            return documents.page(ids, request)
        return meeting_rows(ids, request)


@extend_schema_view(
    list=extend_schema(summary="Topics", parameters=[FORMAT_PARAMETER], responses=list_responses(TopicSerializer)),
    retrieve=extend_schema(summary="One topic", responses=detail_responses(TopicSerializer)),
)
class TopicViewSet(PublicViewSet):
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    pagination_class = KeptCountPagination  # counting means grouping every topic's meetings: half the request
    lookup_field = "slug"
    lookup_value_regex = SLUG
    record_name = "published topic"
    csv_columns = (
        ("slug", lambda r: r["slug"]),
        ("name", lambda r: r["name"]),
        ("meeting_count", lambda r: r["meeting_count"]),
        ("url", lambda r: r["url"]),
    )

    def get_queryset(self):
        published = Q(meeting_topics__meeting__status=Status.PUBLISHED)
        # Only topics of published meetings: a topic made for a draft could tell of the draft (rule 2).
        return (
            Topic.objects.annotate(meeting_count=Count("meeting_topics", filter=published))
            .filter(meeting_count__gt=0)
            .order_by("name", "pk")
        )


def public_citations():
    """Public citations with their source and the fact each bears on (rule 2: `Citation.objects.public()`)."""
    return Citation.objects.public().select_related("source__publisher").prefetch_related(target_prefetch())


@extend_schema_view(
    list=extend_schema(
        summary="Sources behind published facts",
        description="Each article with the public facts it supports (quotes and what each bears on), never its full text.",
        parameters=[FORMAT_PARAMETER],
        responses=list_responses(SourceSerializer),
    ),
    retrieve=extend_schema(summary="One source", responses=detail_responses(SourceSerializer)),
)
class SourceViewSet(PublicViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    pagination_class = KeptCountPagination
    lookup_value_regex = ID
    record_name = "published source"
    csv_columns = (
        ("id", lambda r: r["id"]),
        ("title", lambda r: r["title"]),
        ("publisher", lambda r: r["publisher"]),
        ("url", lambda r: r["url"]),
        ("published_on", lambda r: r["published_on"]),
        ("published_precision", lambda r: r["published_precision"]),
        ("language", lambda r: r["language"]),
        ("attribution", lambda r: r["attribution"]),
        ("citations", lambda r: r["citation_count"]),
        ("contradicting_citations", lambda r: sum(c["stance"] == "contradicts" for c in r["citations"])),
        ("page_url", lambda r: r["page_url"]),
    )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation (also run by `check`) must not query the database.
            return Source.objects.none()
        return (
            Source.objects.cited_in_published()
            .select_related("publisher")
            .defer("text")
            .prefetch_related(Prefetch("citations", queryset=public_citations().order_by("pk"), to_attr="public_citations"))
            .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
        )

    def normalise_lookup(self, value):
        return int(value)


@extend_schema_view(
    list=extend_schema(
        summary="Public citations",
        description="Every citation of a published fact: the passage, its W3C selectors, its stance, and the fact it bears on.",
        parameters=[FORMAT_PARAMETER],
        responses=list_responses(CitationDetailSerializer),
    ),
    retrieve=extend_schema(summary="One citation", responses=detail_responses(CitationDetailSerializer)),
)
class CitationViewSet(PublicViewSet):
    serializer_class = CitationDetailSerializer
    filterset_class = CitationFilter
    # At 1.1M public citations a page was read with OFFSET behind the rule-2 test of every row
    # before it (page 10,000: 1.4 s) and page 1 with every public fact hashed first (0.15 s).
    # The list's ids are now kept as the meetings' are: the whole list's read kind of fact by
    # kind (public_ids(), 1.5 s once per state of the record), a filtered list's through the
    # filters.
    pagination_class = OrderedIdsPagination
    lookup_value_regex = ID
    record_name = "published citation"
    csv_columns = (
        ("id", lambda r: r["id"]),
        ("source_id", lambda r: r["source"]["id"]),
        ("source_title", lambda r: r["source"]["title"]),
        ("quote", lambda r: r["quote"]),
        ("field", lambda r: r["field"]),
        ("stance", lambda r: r["stance"]),
        ("target_type", lambda r: r["target"] and r["target"]["type"]),
        ("target_id", lambda r: r["target"] and r["target"]["id"]),
        ("meeting", lambda r: r["target"] and r["target"]["meeting"]),
        ("person", lambda r: r["target"] and r["target"]["person"]),
        ("note", lambda r: r["note"]),
    )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation (also run by `check`) must not query the database.
            return Citation.objects.none()
        return public_citations().defer("source__text").order_by("pk")

    def list(self, request, *args, **kwargs):
        params = self.filter_params()

        def ordered():
            if params:
                return self.filter_queryset(self.get_queryset()).prefetch_related(None)
            return Citation.objects.public_ids()

        ids = self.paginator.page_ids(ordered, request, key=(type(self).__name__, params))
        # Re-read through the public list: a citation whose fact left it since is never shown.
        rows = {row.pk: row for row in self.get_queryset().filter(pk__in=ids)} if ids else {}
        return self.get_paginated_response(self.get_serializer([rows[pk] for pk in ids if pk in rows], many=True).data)

    def normalise_lookup(self, value):
        return int(value)
