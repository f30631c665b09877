"""How the API represents meetings, their children, sources and citations (DESIGN.md's contract).

Serializers read only what the viewsets' querysets have loaded (`Meeting.objects.for_api()`
and the prefetches in `events/api.py`), so a page costs a fixed number of queries.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from c5site.api.serializers import (
    PRECISIONS,
    BlankAsNullCharField,
    CitedSerializer,
    SourceRefSerializer,
    absolute,
    citations_field,
    citations_of,
    disputed_fields,
    public_url,
)
from people.models import Position

from .models import Citation, Delegation, Meeting, MeetingTopic, Outcome, Participation, Source, Topic

# ---------------------------------------------------------------- meetings


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class ParticipantSerializer(CitedSerializer):
    """A person took part, in the role the source gives for that time, representing a country."""

    person = PersonRefSerializer(read_only=True)
    role = serializers.CharField(read_only=True, help_text="As the source gives it, at the time of the meeting.")
    country = serializers.CharField(
        source="country.code", read_only=True, allow_null=True, default=None, help_text="ISO 3166-1 alpha-2 code of the country represented."
    )

    class Meta:
        fields = ["person", "role", "country", "citations", "disputed"]


class DelegationSerializer(CitedSerializer):
    """A country was represented at the meeting (whether or not a source names its envoys)."""

    code = serializers.CharField(source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField(source="country.name", read_only=True)


class MeetingTopicSerializer(CitedSerializer):
    slug = serializers.SlugField(source="topic.slug", read_only=True)
    name = serializers.CharField(source="topic.name", read_only=True)


class OutcomeSerializer(CitedSerializer):
    kind = serializers.ChoiceField(choices=Outcome.Kind.choices, read_only=True)
    description = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        coerce_to_string=True,
        read_only=True,
        allow_null=True,
        help_text='A decimal number as a string, to keep it exact ("25000000.00"); null where none is stated.',
    )
    currency = BlankAsNullCharField(help_text="ISO 4217 code (USD); null where no amount is stated.")


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The place's name today: Astana, not Nur-Sultan.")
    name_as_reported = serializers.CharField(help_text="As the source gives it: Nur-Sultan, Samarqand.")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")


class MeetingSerializer(serializers.ModelSerializer):
    """A published meeting, every fact with its citations.

    Dates are partial: `start_date`/`end_date` hold the first day of the period known
    to `date_precision` ("2015-11-01" with "month" means November 2015); an unknown date
    has both null, and `date_not_after` where a source bounds it ("on or before").
    """

    series = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True, help_text="The series' slug (c5-1); null for a meeting outside any series.")
    series_name = serializers.CharField(source="series.name", read_only=True, allow_null=True, default=None)
    start_date = serializers.DateField(read_only=True, allow_null=True, help_text="YYYY-MM-DD: the first day of the period known; null if unknown.")
    end_date = serializers.DateField(read_only=True, allow_null=True, help_text="YYYY-MM-DD: the last day, for meetings over several days.")
    date_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    date_not_after = serializers.DateField(
        read_only=True, allow_null=True, help_text="For an unknown date a source bounds: the meeting was on or before this day."
    )
    date_display = serializers.CharField(source="date", read_only=True, help_text='"July 27–28, 2023", "November 2015", "date not reported".')
    place = serializers.SerializerMethodField()
    participants = ParticipantSerializer(source="api_participations", many=True, read_only=True)
    countries = DelegationSerializer(source="api_delegations", many=True, read_only=True)
    topics = MeetingTopicSerializer(source="api_meeting_topics", many=True, read_only=True)
    outcomes = OutcomeSerializer(source="api_outcomes", many=True, read_only=True)
    citations = citations_field(help_text="Citations of the meeting's own fields, each with its `field`.")
    disputed_fields = serializers.SerializerMethodField(help_text="The meeting's own fields that some citation contradicts.")
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "slug", "title", "kind", "format", "series", "series_name", "ordinal",
            "start_date", "end_date", "date_precision", "date_not_after", "date_display",
            "place", "summary", "participants", "countries", "topics", "outcomes",
            "citations", "disputed_fields", "url", "api_url",
        ]  # fmt: skip

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_place(self, meeting):
        if meeting.place is None:
            return None
        return {
            "name": meeting.place.name,
            "name_as_reported": meeting.place_name_reported or meeting.place.name,
            "country": meeting.place.country.code,
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disputed_fields(self, meeting):
        return disputed_fields(citations_of(meeting))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, meeting):
        return public_url(self.context.get("request"), "events:meeting-detail", {"slug": meeting.slug}, f"/meetings/{meeting.slug}/")

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, meeting):
        return absolute(self.context.get("request"), f"/api/v1/meetings/{meeting.slug}/")


class MeetingRefSerializer(serializers.Serializer):
    """A meeting named from elsewhere (a person's meetings): enough to find it."""

    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True, allow_null=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    date_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    date_not_after = serializers.DateField(read_only=True, allow_null=True)
    date_display = serializers.CharField(source="date", read_only=True)


# ---------------------------------------------------------------- reference data


class TopicSerializer(serializers.ModelSerializer):
    meeting_count = serializers.IntegerField(read_only=True, help_text="Published meetings that discussed it.")
    url = serializers.SerializerMethodField(help_text="The public page.")
    meetings_url = serializers.SerializerMethodField(help_text="Its meetings in the API.")

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "meeting_count", "url", "meetings_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, topic):
        return public_url(self.context.get("request"), "events:topic-detail", {"slug": topic.slug}, f"/topics/{topic.slug}/")

    @extend_schema_field(OpenApiTypes.URI)
    def get_meetings_url(self, topic):
        return absolute(self.context.get("request"), f"/api/v1/meetings/?topic={topic.slug}")


# ---------------------------------------------------------------- evidence

TARGET_TYPES = {
    Meeting: "meeting",
    Participation: "participation",
    Delegation: "delegation",
    MeetingTopic: "meeting_topic",
    Outcome: "outcome",
    Position: "position",
}


class TargetSerializer(serializers.Serializer):
    """The fact a citation bears on: its kind, its id, and the meeting or person it belongs to."""

    type = serializers.ChoiceField(choices=list(TARGET_TYPES.values()))
    id = serializers.IntegerField()
    meeting = serializers.SlugField(allow_null=True, help_text="Slug of the meeting the fact belongs to, if any.")
    person = serializers.SlugField(allow_null=True, help_text="Slug of the person the fact is about, if any.")
    label = serializers.CharField(help_text='The fact in words: "Thomas West at …", "date of …".')


def describe_target(citation):
    """The target of `citation` as a dict for TargetSerializer (content_object must be prefetched)."""
    record = citation.content_object
    if record is None:
        return None
    kind = TARGET_TYPES.get(type(record), type(record).__name__.lower())
    meeting = person = None
    if isinstance(record, Meeting):
        meeting = record.slug
        label = f"{citation.field or 'the meeting'} of {record.title}"
    elif isinstance(record, Position):
        person = record.person.slug
        label = f"{record.person.name}: {record.title}"
    else:
        meeting = record.meeting.slug
        if isinstance(record, Participation):
            person = record.person.slug
            label = f"{record.person.name} at {record.meeting.title}"
        elif isinstance(record, Delegation):
            label = f"{record.country.name} at {record.meeting.title}"
        elif isinstance(record, MeetingTopic):
            label = f"{record.topic.name} at {record.meeting.title}"
        else:
            label = f"{record.get_kind_display()} of {record.meeting.title}"
    return {"type": kind, "id": record.pk, "meeting": meeting, "person": person, "label": label}


class SupportedFactSerializer(serializers.ModelSerializer):
    """A citation seen from its source: the passage and the fact it bears on."""

    target = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["id", "quote", "field", "stance", "note", "target"]

    @extend_schema_field(TargetSerializer(allow_null=True))
    def get_target(self, citation):
        return describe_target(citation)


class CitationDetailSerializer(serializers.ModelSerializer):
    """A public citation with its W3C Web Annotation selectors (quote, prefix, suffix, offsets)."""

    source = SourceRefSerializer(read_only=True)
    target = serializers.SerializerMethodField()
    start = serializers.IntegerField(read_only=True, allow_null=True, help_text="Offset of the quote in the source text; null if no longer found.")
    end = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Citation
        fields = ["id", "source", "quote", "prefix", "suffix", "start", "end", "field", "stance", "note", "target"]

    @extend_schema_field(TargetSerializer(allow_null=True))
    def get_target(self, citation):
        return describe_target(citation)


class SourceSerializer(serializers.ModelSerializer):
    """An article behind published facts, with the facts it supports: quotes, never the full text."""

    publisher = serializers.CharField(source="publisher.name", read_only=True, allow_null=True, default=None)
    publisher_slug = serializers.CharField(source="publisher.slug", read_only=True, allow_null=True, default=None)
    url = BlankAsNullCharField(help_text="The article's address; null where unknown.")
    published_on = serializers.DateField(read_only=True, allow_null=True, help_text="First day of the period of published_precision.")
    published_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    published_display = serializers.CharField(source="published", read_only=True)
    attribution = serializers.CharField(read_only=True, help_text="Who the article attributes its information to, where it says.")
    citation_count = serializers.SerializerMethodField()
    citations = SupportedFactSerializer(source="public_citations", many=True, read_only=True)
    page_url = serializers.SerializerMethodField(help_text="The public page of the source.")

    class Meta:
        model = Source
        fields = [
            "id", "title", "publisher", "publisher_slug", "url", "published_on", "published_precision",
            "published_display", "language", "attribution", "citation_count", "citations", "page_url",
        ]  # fmt: skip

    @extend_schema_field(serializers.IntegerField())
    def get_citation_count(self, source):
        return len(source.public_citations)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, source):
        return public_url(self.context.get("request"), "events:source-detail", {"pk": source.pk}, f"/sources/{source.pk}/")


__all__ = [
    "CitationDetailSerializer",
    "MeetingRefSerializer",
    "MeetingSerializer",
    "SourceRefSerializer",
    "SourceSerializer",
    "TopicSerializer",
]
