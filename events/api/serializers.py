"""How the API represents the published record (DESIGN.md's "API representation").

Every serializer reads a resolved document of `events.published.reader` (a dict): the
public values of what it refers to are already in place, so representing a page runs no
query. Absolute URLs are made from `context["origin"]` ("https://host", or events.api.kept's
placeholder), else from the request (`context["request"]`).
"""

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from c5site.http import reverse_cached

from .records import is_public_person

PRECISIONS = ["day", "month", "year", "unknown"]
STANCES = ["supports", "contradicts"]
RANKS = ["preferred", "normal", "deprecated"]


def _absolute(serializer, path):
    if path is None:
        return None
    origin = serializer.context.get("origin")
    if origin is not None:  # the request's scheme and host, found once for the page (views.origin)
        return origin + path
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _api_url(serializer, name, **kwargs):
    return _absolute(serializer, reverse_cached(f"api:{name}", **kwargs))


def _iso(day):
    return day.isoformat() if day is not None else None


def _code(country):
    return country["code"] if country else None


def disputed(citations):
    return any(citation["stance"] == "contradicts" for citation in citations)


class SourceRefSerializer(serializers.Serializer):
    """The article a citation quotes: enough to find and judge it, never its full text."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    publisher = serializers.SerializerMethodField(help_text="The outlet's name; null where the article does not say.")
    published_on = serializers.CharField(
        allow_null=True, help_text="YYYY-MM-DD: the first day of the publication date's period (see published_precision)."
    )
    published_precision = serializers.ChoiceField(choices=PRECISIONS)
    url = serializers.SerializerMethodField(help_text="The article's address; null where unknown.")
    page_url = serializers.SerializerMethodField(help_text="The source's page on this site.")

    def to_representation(self, source):
        # Built directly: a page of meetings nests hundreds of sources, and DRF's per-field
        # machinery was half the page's time. The declared fields give the schema
        # (tests/api/test_schema.py checks that the keys agree).
        return {
            "id": source["id"],
            "title": source["title"],
            "publisher": source["publisher"]["name"] if source.get("publisher") else None,
            "published_on": source["published_on"],
            "published_precision": source["published_precision"],
            "url": source.get("article_url"),
            "page_url": _absolute(self, source["page_url"]),
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_publisher(self, source):
        return source["publisher"]["name"] if source.get("publisher") else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, source):
        return source.get("article_url")

    @extend_schema_field(serializers.URLField())
    def get_page_url(self, source):
        return _absolute(self, source["page_url"])


class CitationSerializer(serializers.Serializer):
    """C: one passage of one source that supports (or contradicts) a fact, with the text around it."""

    id = serializers.IntegerField()
    source = SourceRefSerializer()
    quote = serializers.CharField(help_text="The words of the source the fact rests on.")
    field = serializers.CharField(
        help_text='The field of the fact this passage bears on ("date", "place", "role"…); "" for the fact as a whole.'
    )
    stance = serializers.ChoiceField(choices=STANCES)
    rank = serializers.ChoiceField(
        choices=RANKS, help_text="As Wikidata ranks statements: which of competing reports the record prefers."
    )
    rank_reason = serializers.CharField(help_text="The editors' reason for the rank; may be empty.")
    value = serializers.CharField(
        help_text='What a contradicting report gives instead ("Deputy Foreign Minister"); may be empty.'
    )
    note = serializers.CharField(help_text="For readers: how the passage bears on the fact; may be empty.")
    before = serializers.CharField(help_text="The passage before the quote, to a sentence boundary.")
    after = serializers.CharField(help_text="The passage after the quote.")

    KEYS = ("id", "quote", "field", "stance", "rank", "rank_reason", "value", "note", "before", "after")

    @cached_property
    def _source(self):
        # One for every citation this serializer represents: a serializer's fields are deep-copied
        # each time one is made, and a page of meetings has hundreds of citations.
        return SourceRefSerializer(context=self.context)

    def to_representation(self, citation):
        # Built directly, as SourceRefSerializer is: hundreds a page.
        source = self._source.to_representation(citation["source"])
        return {"id": citation["id"], "source": source, **{key: citation[key] for key in self.KEYS[1:]}}


def cited(serializer_class):
    """`serializer_class` with the fact's `citations` and whether any of them contradicts it (`disputed`)."""

    class Cited(serializer_class):
        disputed = serializers.SerializerMethodField(help_text="True where a citation contradicts the fact.")
        citations = CitationSerializer(many=True)

        def get_disputed(self, item) -> bool:
            return disputed(item["citations"])

    Cited.__name__ = serializer_class.__name__
    Cited.__qualname__ = serializer_class.__qualname__
    Cited.__doc__ = serializer_class.__doc__
    return Cited


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


@cited
class ParticipantSerializer(serializers.Serializer):
    """A person took part, in the role the source gives for that time, representing a country."""

    person = PersonRefSerializer()
    role = serializers.CharField(help_text="As the source gives it, at the time of the meeting.")
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code of the country represented.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, item):
        return _code(item["country"])


@cited
class DelegationSerializer(serializers.Serializer):
    """A country was represented at the meeting (whether or not a source names its envoys)."""

    code = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField(source="country.name")


@cited
class MeetingTopicSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="topic.slug")
    name = serializers.CharField(source="topic.name")


@cited
class OutcomeSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="joint_statement, funding, initiative, agreement or other.")
    description = serializers.CharField()
    amount = serializers.CharField(
        allow_null=True, help_text='A decimal number as a string, to keep it exact ("25000000.00"); null where none is stated.'
    )
    currency = serializers.SerializerMethodField(help_text="ISO 4217 code (USD); null where no amount is stated.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_currency(self, item):
        return item["currency"] or None


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The place's name today: Astana, not Nur-Sultan.")
    name_as_reported = serializers.CharField(help_text="As the source gives it: Nur-Sultan, Samarqand.")
    country = serializers.CharField(allow_null=True, help_text="ISO 3166-1 alpha-2 code.")


class MeetingSerializer(serializers.Serializer):
    """A published meeting, every fact with its citations.

    Dates are partial: `start_date`/`end_date` hold the first day of the period known to
    `date_precision` ("2015-11-01" with "month" means November 2015); an unknown date has
    both null, and `date_not_after` where a source bounds it ("on or before")."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    kind = serializers.CharField()
    format = serializers.CharField()
    series = serializers.SerializerMethodField(help_text="The series' slug (c5-1); null for a meeting outside any series.")
    series_name = serializers.SerializerMethodField()
    ordinal = serializers.IntegerField(
        allow_null=True, help_text='Its number in the series where a source gives one ("the 10th").'
    )
    start_date = serializers.SerializerMethodField(help_text="YYYY-MM-DD: the first day of the period known; null if unknown.")
    end_date = serializers.SerializerMethodField(
        help_text="YYYY-MM-DD: the start of the last day's period, for meetings over several days."
    )
    date_precision = serializers.SerializerMethodField()
    date_not_after = serializers.SerializerMethodField(help_text="For an unknown date a source bounds: on or before this day.")
    date_display = serializers.CharField(help_text='"July 27–28, 2023", "November 2015", "date not reported".')
    place = serializers.SerializerMethodField()
    summary = serializers.CharField()
    participants = serializers.SerializerMethodField()
    countries = DelegationSerializer(many=True)
    topics = MeetingTopicSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    citations = CitationSerializer(many=True, help_text="Citations of the meeting's own fields, each with its `field`.")
    disputed_fields = serializers.SerializerMethodField(help_text="The meeting's own fields some citation contradicts.")
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_series(self, meeting):
        return meeting["series"]["slug"] if meeting["series"] else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_series_name(self, meeting):
        return meeting["series"]["name"] if meeting["series"] else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_start_date(self, meeting):
        return _iso(meeting["date"].start)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_end_date(self, meeting):
        return _iso(meeting["date"].end)

    @extend_schema_field(serializers.ChoiceField(choices=PRECISIONS))
    def get_date_precision(self, meeting):
        return meeting["date"].precision

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_date_not_after(self, meeting):
        return _iso(meeting["date"].not_after)

    @extend_schema_field(PlaceSerializer(allow_null=True))
    def get_place(self, meeting):
        place = meeting["place"]
        if place is None:
            return None
        return {"name": place["name"], "name_as_reported": place["name_as_reported"], "country": _code(place["country"])}

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, meeting):
        # A participant whose person is not public (never published, or retracted) is left out.
        shown = [p for p in meeting["participants"] if is_public_person(p["person"])]
        return self._participants.to_representation(shown)

    @cached_property
    def _participants(self):
        return ParticipantSerializer(many=True, context=self.context)  # one for the whole page (see _source)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_disputed_fields(self, meeting):
        return sorted({c["field"] for c in meeting["citations"] if c["stance"] == "contradicts"})

    @extend_schema_field(serializers.URLField())
    def get_url(self, meeting):
        return _absolute(self, meeting["url"])

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, meeting):
        return _api_url(self, "meetings-detail", slug=meeting["slug"])


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


@cited
class PositionSerializer(serializers.Serializer):
    """A title the person held, from/to as partial dates."""

    title = serializers.CharField()
    organization = OrganizationRefSerializer(allow_null=True)
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code.")
    start_date = serializers.SerializerMethodField()
    start_precision = serializers.SerializerMethodField()
    end_date = serializers.SerializerMethodField()
    end_precision = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, position):
        return _code(position["country"])

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_start_date(self, position):
        return _iso(position["start"].start)

    @extend_schema_field(serializers.ChoiceField(choices=PRECISIONS))
    def get_start_precision(self, position):
        return position["start"].precision

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_end_date(self, position):
        return _iso(position["end"].start)

    @extend_schema_field(serializers.ChoiceField(choices=PRECISIONS))
    def get_end_precision(self, position):
        return position["end"].precision


class PersonSerializer(serializers.Serializer):
    """A published person (an official), with the positions sources say they held."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    sort_name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField(), help_text="Other spellings of the name.")
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code.")
    wikidata_id = serializers.SerializerMethodField(help_text="The Wikidata item (Q…), where known.")
    summary = serializers.CharField()
    positions = PositionSerializer(many=True)
    url = serializers.SerializerMethodField(help_text="The public page.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, person):
        return _code(person["country"])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_wikidata_id(self, person):
        return person["wikidata_id"] or None

    @extend_schema_field(serializers.URLField())
    def get_url(self, person):
        return _absolute(self, person["url"])

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, person):
        return _api_url(self, "people-detail", slug=person["slug"])


class MeetingRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    date_display = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, meeting):
        return _absolute(self, meeting["url"])

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, meeting):
        return _api_url(self, "meetings-detail", slug=meeting["slug"])


@cited
class AttendanceSerializer(serializers.Serializer):
    """A meeting the person took part in, with the role the source gives for that time."""

    meeting = MeetingRefSerializer()
    role = serializers.CharField()
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code of the country represented.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, item):
        return _code(item["country"])


class PersonDetailSerializer(PersonSerializer):
    meeting_count = serializers.IntegerField(help_text="How many published meetings they took part in.")
    meetings = AttendanceSerializer(
        many=True, help_text="The newest of those meetings (at most 50): all of them are at `meetings_url`."
    )
    meetings_url = serializers.URLField(help_text="The meetings list filtered by this person.")


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField()
    is_c5 = serializers.BooleanField(help_text="One of the five Central Asian states.")
    url = serializers.SerializerMethodField(help_text="The public page.")
    meetings_url = serializers.SerializerMethodField(help_text="The meetings this country took part in.")

    @extend_schema_field(serializers.URLField())
    def get_url(self, country):
        return _absolute(self, country["url"])

    @extend_schema_field(serializers.URLField())
    def get_meetings_url(self, country):
        return reverse("api:meetings-list", request=self.context.get("request")) + f"?country={country['code'].lower()}"


class TopicSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    meeting_count = serializers.IntegerField(source="uses", help_text="Published meetings that discussed it.")
    url = serializers.SerializerMethodField(help_text="The public page.")
    meetings_url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField())
    def get_url(self, topic):
        return _absolute(self, topic["url"])

    @extend_schema_field(serializers.URLField())
    def get_meetings_url(self, topic):
        return reverse("api:meetings-list", request=self.context.get("request")) + f"?topic={topic['slug']}"


class OrganizationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="government, ministry, international, media or other.")
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2 code.")
    parent = serializers.SerializerMethodField(help_text="The parent organization's slug.")
    url = serializers.URLField(allow_null=True, help_text="The organization's own site.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_country(self, organization):
        return _code(organization["country"])

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_parent(self, organization):
        return organization["parent"]["slug"] if organization["parent"] else None


class SourceSerializer(SourceRefSerializer):
    """An article behind published facts; never its full text."""

    language = serializers.CharField()
    attribution = serializers.CharField(
        help_text='Whom the article attributes its information to ("the Kazakh Foreign Ministry").'
    )
    citation_count = serializers.IntegerField(help_text="Citations of it that current revisions show.")
    api_url = serializers.SerializerMethodField()

    def to_representation(self, source):
        return serializers.Serializer.to_representation(self, source)  # every declared field, not only the reference's

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, source):
        return _api_url(self, "sources-detail", pk=source["id"])


class RecordRefSerializer(serializers.Serializer):
    """The meeting or person whose document shows the citation."""

    type = serializers.ChoiceField(choices=["meeting", "person"])
    slug = serializers.SlugField()
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_title(self, record) -> str:
        return record.get("title") or record.get("name")

    @extend_schema_field(serializers.URLField())
    def get_url(self, record):
        return _absolute(self, record["url"])

    @extend_schema_field(serializers.URLField())
    def get_api_url(self, record):
        name = "meetings-detail" if record["type"] == "meeting" else "people-detail"
        return _api_url(self, name, slug=record["slug"])


def fact_label(citation):
    """What a citation is cited for, in words: "participant: Antony Blinken (Secretary of State, US)"."""
    fact, subject, record = citation["fact"], citation["subject"], citation["record"]
    field = f" — {citation['field']}" if citation["field"] else ""
    if fact == "meeting":
        return f"meeting{field}"
    if fact == "participant":
        person = subject["person"]["name"] if subject["person"] else "?"
        country = f", {subject['country']['code']}" if subject["country"] else ""
        return f"participant: {person} ({subject['role']}{country}){field}"
    if fact == "country":
        return f"country: {subject['country']['name'] if subject['country'] else '?'}{field}"
    if fact == "topic":
        return f"topic: {subject['topic']['name'] if subject['topic'] else '?'}{field}"
    if fact == "outcome":
        return f"outcome: {subject['kind']}: {subject['description']}{field}"
    return f"position: {subject['title']} ({record['name']}){field}"


class CitationDetailSerializer(CitationSerializer):
    """A citation as the current revision of its meeting or person shows it, with the fact it bears on
    and its W3C Web Annotation selectors (`exact`, `prefix`, `suffix`; `start`/`end` in the source's text)."""

    fact = serializers.ChoiceField(choices=["meeting", "participant", "country", "topic", "outcome", "position"])
    label = serializers.SerializerMethodField(
        help_text='The fact in words: "participant: Antony Blinken (Secretary of State, US) — role".'
    )
    record = RecordRefSerializer()
    exact = serializers.CharField(help_text="The quote exactly as it stands in the source's text.")
    prefix = serializers.CharField()
    suffix = serializers.CharField()
    start = serializers.IntegerField(help_text="Character offset of `exact` in the source's text.")
    end = serializers.IntegerField()

    def get_label(self, citation) -> str:
        return fact_label(citation)

    @cached_property
    def _record(self):
        return RecordRefSerializer(context=self.context)  # one for the page (see CitationSerializer._source)

    def to_representation(self, citation):
        return {
            **super().to_representation(citation),
            "fact": citation["fact"],
            "label": fact_label(citation),
            "record": self._record.to_representation(citation["record"]),
            **{key: citation[key] for key in ("exact", "prefix", "suffix", "start", "end")},
        }


class SourceDetailSerializer(SourceSerializer):
    citations = CitationDetailSerializer(
        many=True, help_text="The citations of it (at most 200, in the order of the text); all at `citations_url`."
    )
    citations_url = serializers.URLField()


class RootSerializer(serializers.Serializer):
    """Every endpoint by name."""

    meetings = serializers.URLField()
    people = serializers.URLField()
    countries = serializers.URLField()
    topics = serializers.URLField()
    organizations = serializers.URLField()
    sources = serializers.URLField()
    citations = serializers.URLField()
    popolo = serializers.URLField(help_text="The whole published record as Popolo JSON (prebuilt, streamed).")
    data = serializers.URLField(help_text="Bulk downloads: CSV (ZIP), JSON and SQLite, rebuilt on every publication.")
    schema = serializers.URLField()
    docs = serializers.URLField()
