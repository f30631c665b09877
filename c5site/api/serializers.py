"""Shapes every cited fact shares: a citation C, its source, and whether the fact is disputed.

Plain serializers over attributes, so that `people` can use them without importing
`events` (dependencies run one way, events → people).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

STANCES = ["supports", "contradicts"]
PRECISIONS = ["day", "month", "year", "unknown"]


class BlankAsNullCharField(serializers.CharField):
    """An empty string in the database ("not known") is null in the API."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class SourceRefSerializer(serializers.Serializer):
    """The article a citation quotes: enough to find and judge it, never its full text."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    publisher = serializers.CharField(
        source="publisher.name", read_only=True, allow_null=True, default=None, help_text="The outlet's name; null where the article does not say."
    )
    published_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="First day of the publication date's period (see published_precision); null where unknown.",
    )
    published_precision = serializers.ChoiceField(choices=PRECISIONS, read_only=True)
    url = BlankAsNullCharField(help_text="The article's address; null where unknown.")


class CitationSerializer(serializers.Serializer):
    """C: one passage of one source that supports (or contradicts) a fact."""

    id = serializers.IntegerField(read_only=True)
    source = SourceRefSerializer(read_only=True)
    quote = serializers.CharField(read_only=True, help_text="The exact words of the source.")
    field = serializers.CharField(
        read_only=True, help_text='The field of the fact this passage bears on ("date", "place", "role"…); "" for the fact as a whole.'
    )
    stance = serializers.ChoiceField(choices=STANCES, read_only=True)
    note = serializers.CharField(read_only=True, help_text="For readers: how the passage bears on the fact; may be empty.")


def is_disputed(citations):
    return any(citation.stance == "contradicts" for citation in citations)


def citations_of(record):
    """The record's citations: the list a for_api() queryset loaded, else its prefetched relation."""
    loaded = getattr(record, "api_citations", None)
    return loaded if loaded is not None else record.citations.all()


def source_ref_json(source_id, title, publisher, published_on, precision, url):
    """SourceRefSerializer's representation, built directly (see citation_json)."""
    return {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "published_on": published_on.isoformat() if published_on is not None else None,
        "published_precision": precision,
        "url": url or None,
    }


def citation_json(citation_id, quote, field, stance, note, source_ref):
    """CitationSerializer's representation, built directly from column values and the source's
    source_ref_json(): a page of 50 meetings nests hundreds of citations, and DRF's per-field
    machinery was most of its time. Same keys, order and values (tests/api/test_large_lists.py
    compares the two)."""
    return {"id": citation_id, "source": source_ref, "quote": quote, "field": field, "stance": stance, "note": note}


def citation_data(citation):
    """citation_json() of a Citation instance (its source and publisher loaded)."""
    source = citation.source
    publisher = source.publisher
    ref = source_ref_json(
        source.id, source.title, publisher.name if publisher is not None else None, source.published_on,
        source.published_precision, source.url,
    )  # fmt: skip
    return citation_json(citation.id, citation.quote, citation.field, citation.stance, citation.note, ref)


class CitationListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        return citations_of(instance)

    def to_representation(self, data):
        if type(self.child) is CitationSerializer:
            return [citation_data(citation) for citation in data]
        return super().to_representation(data)


def citations_field(**kwargs):
    return CitationListSerializer(child=CitationSerializer(), read_only=True, **kwargs)


class CitedSerializer(serializers.Serializer):
    """A fact with its citations: `disputed` is true where any source contradicts it."""

    citations = citations_field()
    disputed = serializers.SerializerMethodField(
        help_text="True where at least one citation contradicts the fact: read every citation's stance."
    )

    def get_fields(self):
        # The fact's own fields first, then its evidence, as DESIGN.md writes the shapes.
        fields = super().get_fields()
        for name in ("citations", "disputed"):
            fields[name] = fields.pop(name)
        return fields

    @extend_schema_field(serializers.BooleanField())
    def get_disputed(self, obj):
        return is_disputed(citations_of(obj))


def disputed_fields(citations):
    """The fields of a record that some citation contradicts, sorted."""
    return sorted({citation.field for citation in citations if citation.stance == "contradicts"})


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def public_url(request, name, kwargs, fallback):
    """The public page's absolute URL: by its URL name where the site defines it, else by the contract's path."""
    from django.urls import NoReverseMatch, reverse  # noqa: PLC0415

    try:
        path = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        path = fallback
    return absolute(request, path)
