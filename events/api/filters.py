"""The API's filters: one django-filter FilterSet per endpoint, over the published record's index.

Strict and forgiving: a malformed value, or a well-formed one that names nothing public
(`country=zz`, `person=nobody`), is a 400 naming the parameter and the value; filters that
take several values read them comma-separated and repeated (`country=kz,us&country=tj`),
and match any of them. Meetings are filtered through their facets (`MeetingFacet`: one row
per value a meeting is filtered by, indexed in list order), dates as ranges of the list order's
key, which begins with a meeting's last possible day and ends with its first (an unknown side
never matches). Every message is an f-string:
no value a client sent reaches a %-format string.
"""

import re

import django_filters as filters
from django import forms
from django.db.models import JSONField, Q
from django.db.models.functions import Cast
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiFilterExtension
from rest_framework.exceptions import ValidationError

from c5site import partial_dates
from people.models import Organization

from ..models import Meeting, MeetingFacet, PublishedCitation, PublishedMeeting, PublishedPerson, PublishedReference
from ..models.evidence import Citation
from ..published import lists, search

MAX_VALUES = 20  # values of one multi-valued parameter
MAX_TEXT = 200
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
FACTS = ["meeting", "participant", "country", "topic", "outcome", "position"]


def _shown(values):
    return ", ".join(repr(value) for value in values)


class ManyValuesWidget(forms.TextInput):
    """Reads every occurrence of the parameter (`country=kz&country=us`)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class ManyValuesField(forms.Field):
    """Several values, comma-separated or repeated, each resolved by `resolve(values)` (which raises
    forms.ValidationError naming what it cannot resolve) to what the filter matches."""

    widget = ManyValuesWidget

    def __init__(self, *, resolve, lower=False, **kwargs):
        self.resolve = resolve
        self.lower = lower
        super().__init__(**kwargs)

    def to_python(self, value):
        raw = value if isinstance(value, (list, tuple)) else [value] if value else []
        values = []
        for item in raw:
            for part in str(item).split(","):
                part = part.strip()
                if part and (part.lower() if self.lower else part) not in values:
                    values.append(part.lower() if self.lower else part)
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(f"Give at most {MAX_VALUES} values.")
        for part in values:
            if len(part) > MAX_TEXT or "\x00" in part:
                raise forms.ValidationError(f"{part[:40]!r}… is not a value of this parameter.")
        return values

    def clean(self, value):
        values = self.to_python(value)
        return self.resolve(values) if values else None


class ManyValuesFilter(filters.Filter):
    """A filter taking several values ("any of"); `method` receives what `resolve` made of them."""

    field_class = ManyValuesField


# --- what each value names ------------------------------------------------------------------------------


def _public_refs(kind, slugs):
    return dict(PublishedReference.objects.filter(kind=kind, slug__in=slugs, uses__gt=0).values_list("slug", "object_id"))


def resolve_countries(codes):
    """[country id] of these ISO codes (lower case); unknown codes are refused with the known ones."""
    found = _public_refs("country", codes)
    unknown = [code for code in codes if code not in found]
    if unknown:
        known = PublishedReference.objects.filter(kind="country", uses__gt=0).order_by("slug").values_list("slug", flat=True)
        raise forms.ValidationError(
            f"No country {_shown(unknown)} in the published record; use an ISO 3166-1 code among: {', '.join(known)}."
        )
    return [found[code] for code in codes]


def _reference_resolver(kind, noun):
    def resolve(slugs):
        found = _public_refs(kind, slugs)
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise forms.ValidationError(f"No {noun} {_shown(unknown)} in the published record (give its slug).")
        return [found[slug] for slug in slugs]

    return resolve


resolve_topics = _reference_resolver("topic", "topic")
resolve_series = _reference_resolver("series", "series")
resolve_publishers = _reference_resolver("organization", "organization")


def _alias_match(value):
    return (
        Q(aliases__iexact=value)
        | Q(aliases__istartswith=f"{value}\n")
        | Q(aliases__iendswith=f"\n{value}")
        | Q(aliases__icontains=f"\n{value}\n")
    )


def resolve_people(values):
    """[person id] of these slugs, exact names or aliases (any case); an unknown or ambiguous one is refused."""
    public = PublishedPerson.objects.filter(is_retracted=False)
    by_slug = dict(public.filter(slug__in=values).values_list("slug", "person_id"))
    ids, unknown = [], []
    for value in values:
        if value in by_slug:
            ids.append(by_slug[value])
            continue
        matches = list(
            public.filter(Q(name__iexact=value) | _alias_match(value))
            .order_by("sort_name")
            .values_list("person_id", "slug", "name")[:10]
        )
        if not matches:
            unknown.append(value)
        elif len(matches) > 1:
            candidates = "; ".join(f"{slug} ({name})" for _, slug, name in matches)
            raise forms.ValidationError(f"{value!r} names several people; give one of their slugs: {candidates}.")
        else:
            ids.append(matches[0][0])
    if unknown:
        raise forms.ValidationError(
            f"No person {_shown(unknown)} in the published record (give a slug, a name or another spelling)."
        )
    return ids


def _choice_resolver(choices, noun):
    allowed = [value for value, _ in choices]

    def resolve(values):
        unknown = [value for value in values if value not in allowed]
        if unknown:
            raise forms.ValidationError(f"No {noun} {_shown(unknown)}; use one of: {', '.join(allowed)}.")
        return values

    return resolve


resolve_kinds = _choice_resolver(Meeting.Kind.choices, "kind of meeting")
resolve_organization_kinds = _choice_resolver(Organization.Kind.choices, "kind of organization")
resolve_stances = _choice_resolver(Citation.Stance.choices, "stance")
resolve_facts = _choice_resolver([(fact, fact) for fact in FACTS], "kind of fact")


def resolve_ids(values):
    ids = []
    for value in values:
        if not value.isascii() or not value.isdigit() or not 0 < int(value) < 2**53:
            raise forms.ValidationError(f"{value!r} is not an id: use a whole number from 1.")
        ids.append(int(value))
    return ids


def resolve_sources(values):
    ids = resolve_ids(values)
    found = set(_public_refs("source", [str(pk) for pk in ids]).values())
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise forms.ValidationError(f"No source {_shown(unknown)} in the published record (give its id).")
    return ids


def resolve_meetings(slugs):
    found = dict(PublishedMeeting.objects.filter(slug__in=slugs, is_retracted=False).values_list("slug", "meeting_id"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise forms.ValidationError(f"No meeting {_shown(unknown)} in the published record (give its slug).")
    return [found[slug] for slug in slugs]


# --- single values --------------------------------------------------------------------------------------


class PartialDateField(forms.CharField):
    """ "2023", "2023-07" or "2023-07-28", cleaned to the (first day, last day) it covers."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if not re.match(PARTIAL_DATE, value):
            raise forms.ValidationError(
                f"{value[:40]!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (2023, 2023-07, 2023-07-28)."
            )
        try:
            return partial_dates.parse(value)
        except partial_dates.PartialDateError as error:
            raise forms.ValidationError(str(error)) from None


class PartialDateFilter(filters.Filter):
    field_class = PartialDateField


class TextField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "") if isinstance(value, str) else value  # PostgreSQL refuses NUL


class TextFilter(filters.CharFilter):
    field_class = TextField


class OrderingField(forms.ChoiceField):
    def validate(self, value):
        if value and value not in dict(self.choices):
            raise forms.ValidationError(f"{value[:40]!r} is not an ordering; use one of: {', '.join(dict(self.choices))}.")


class OrderingFilter(filters.Filter):
    """`ordering=<name>` or `-<name>` among `orders` ({name: (field, …)} ascending); applied by the view."""

    field_class = OrderingField

    def __init__(self, *, orders, **kwargs):
        self.orders = orders
        choices = [(name, name) for key in orders for name in (key, f"-{key}")]
        super().__init__(choices=choices, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        fields = self.orders[value.lstrip("-")]
        if value.startswith("-"):
            fields = tuple(field[1:] if field.startswith("-") else f"-{field}" for field in fields)
        return queryset.order_by(*fields)


class StrictBooleanField(forms.Field):
    """true or false (also 1 or 0); anything else is a 400, not "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.VALUES:
            raise forms.ValidationError(f"{str(value)[:40]!r} is not true or false.")
        return self.VALUES[str(value).lower()]


class BooleanFilter(filters.Filter):
    field_class = StrictBooleanField


def many_values(resolve, *, lower=False, example, description, method):
    filter_ = ManyValuesFilter(resolve=resolve, lower=lower, method=method, help_text=description)
    filter_.example = example
    return filter_


def example(filter_, value):
    """Give `filter_` the example the schema shows for it."""
    filter_.example = value
    return filter_


# --- the filter sets ------------------------------------------------------------------------------------

ANY_OF = " Several values, comma-separated or repeated, match any of them."


def _with_facets(prefix):
    def method(self, queryset, name, ids):
        facets = [f"{prefix}:{value}" for value in ids]
        return queryset.filter(meeting_id__in=MeetingFacet.objects.filter(facet__in=facets).values("meeting_id"))

    return method


class MeetingFilter(filters.FilterSet):
    country = many_values(
        resolve_countries, lower=True, example="kz,us", method="filter_country",
        description="ISO 3166-1 alpha-2 code, any case: meetings where that country took part (a delegation or a "
        "participant representing it)." + ANY_OF,
    )  # fmt: skip
    person = many_values(
        resolve_people, example="antony-blinken", method="filter_person",
        description="A person's slug, exact name or other spelling (\"Antony Blinken\", \"Antony J. Blinken\"): "
        "meetings they took part in. A name several people share is refused, listing their slugs." + ANY_OF,
    )  # fmt: skip
    topic = many_values(resolve_topics, example="afghanistan", method="filter_topic",
                        description="A topic's slug: meetings that discussed it." + ANY_OF)  # fmt: skip
    kind = many_values(
        resolve_kinds, example="ministerial,summit", method="filter_kind",
        description="The kind of meeting: " + ", ".join(value for value, _ in Meeting.Kind.choices) + "." + ANY_OF,
    )  # fmt: skip
    series = many_values(resolve_series, example="c5-1", method="filter_series",
                         description="A series' slug: meetings of that series (c5-1)." + ANY_OF)  # fmt: skip
    date_after = example(
        PartialDateFilter(
            method="filter_date_after",
            help_text="YYYY, YYYY-MM or YYYY-MM-DD, compared as ranges: meetings whose every possible day is on or after "
            "the first day of that period (`2023`: from January 1, 2023). A meeting of unknown date never matches.",
        ),
        "2023",
    )
    date_before = example(
        PartialDateFilter(
            method="filter_date_before",
            help_text="YYYY, YYYY-MM or YYYY-MM-DD, compared as ranges: meetings whose every possible day is on or before "
            'the last day of that period (`2021-04`: until April 30, 2021). A date known only as "on or before" a day '
            "matches once that day is inside; a wholly unknown date never matches.",
        ),
        "2021-04",
    )
    q = example(TextFilter(method="filter_q", help_text="Words to search in the meetings' titles, places, people, topics and outcomes."), "Samarkand")  # fmt: skip
    ordering = example(
        OrderingFilter(
            orders={"date": ("sort_key", "meeting_id")},
            help_text="`-date` (the default): newest first by the last day a meeting may have taken place, then the first, "
            "meetings of unknown date last, as the site lists them. `date`: the exact reverse (unknown dates first).",
        ),
        "-date",
    )

    class Meta:
        model = PublishedMeeting
        fields = ["country", "person", "topic", "kind", "series", "date_after", "date_before", "q", "ordering"]

    filter_country = _with_facets("country")
    filter_person = _with_facets("person")
    filter_topic = _with_facets("topic")
    filter_kind = _with_facets("kind")
    filter_series = _with_facets("series")
    FACETS = {"country": "country", "person": "person", "topic": "topic", "kind": "kind", "series": "series"}

    def filter_queryset(self, queryset):
        """Facets of one value each and nothing else (`?country=kz`, `?country=kz&kind=summit`, the
        common cases): the rarest facet's own rows, which its index keeps in list order, narrowed to
        the meetings that have the others (lists.meeting_ids), so a page at any depth is read in
        order and stops. Anything else: the meetings, narrowed by each filter."""
        given = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "", [])}
        ordering = given.pop("ordering", None)
        facets = {name: values for name, values in given.items() if name in self.FACETS}
        dates = {name: value for name, value in given.items() if name in ("date_after", "date_before")}
        if facets and len(facets) + len(dates) == len(given) and all(len(values) == 1 for values in facets.values()):
            rows = lists.meeting_ids([f"{self.FACETS[name]}:{values[0]}" for name, values in facets.items()])
            rows = self.dated(rows, **dates)
            return self.filters["ordering"].filter(rows, ordering)
        return super().filter_queryset(queryset)

    @staticmethod
    def dated(rows, date_after=None, date_before=None):
        """`rows` narrowed by the date filters, through their sort key (meetings and facet rows alike)."""
        if date_after:
            rows = lists.first_day_on_or_after(rows, date_after[0])
        if date_before:
            rows = lists.last_day_on_or_before(rows, date_before[1])
        return rows

    def filter_date_after(self, queryset, name, value):
        return self.dated(queryset, date_after=value)

    def filter_date_before(self, queryset, name, value):
        return self.dated(queryset, date_before=value)

    def filter_q(self, queryset, name, value):
        return _search(search.filter_meetings, queryset, value)


def _search(function, queryset, text):
    """The search's refusal is found while filtering, after the form was validated: raised as the API's
    400 naming `q` (Django's ValidationError would be a 500 there, and %-formats its message)."""
    try:
        return function(queryset, text)
    except search.SearchError as error:
        raise ValidationError({"q": [str(error)]}) from None


class PersonFilter(filters.FilterSet):
    country = many_values(resolve_countries, lower=True, example="us", method="filter_country",
                          description="ISO 3166-1 alpha-2 code, any case: the person's country." + ANY_OF)  # fmt: skip
    met = many_values(
        resolve_people, example="antony-blinken", method="filter_met",
        description="A person's slug, exact name or other spelling: the people who took part in a published meeting "
        "with them." + ANY_OF,
    )  # fmt: skip
    q = example(TextFilter(method="filter_q", help_text="Words to search in the name and its other spellings."), "Mukhriddin")
    ordering = example(OrderingFilter(orders={"sort_name": ("sort_name", "person_id")},
                              help_text="`sort_name` (the default, family name first) or `-sort_name`."), "sort_name")  # fmt: skip

    class Meta:
        model = PublishedPerson
        fields = ["country", "met", "q", "ordering"]

    def filter_country(self, queryset, name, ids):
        return queryset.filter(country_id__in=ids)

    def filter_met(self, queryset, name, ids):
        their_meetings = MeetingFacet.objects.filter(facet__in=[f"person:{pk}" for pk in ids]).values("meeting_id")
        facets = (
            MeetingFacet.objects.filter(meeting_id__in=their_meetings, facet__startswith="person:")
            .values_list("facet", flat=True)
            .distinct()
        )
        met = {int(facet.split(":", 1)[1]) for facet in facets} - set(ids)
        return queryset.filter(person_id__in=met)

    def filter_q(self, queryset, name, value):
        return _search(search.filter_people, queryset, value)


def _data():
    return Cast("body", JSONField())


class CountryFilter(filters.FilterSet):
    is_c5 = example(BooleanFilter(method="filter_is_c5", help_text="true: the five Central Asian states; false: the others."), "true")  # fmt: skip

    class Meta:
        model = PublishedReference
        fields = ["is_c5"]

    def filter_is_c5(self, queryset, name, value):
        return queryset.alias(data=_data()).filter(data__is_c5=value)


class TopicFilter(filters.FilterSet):
    q = example(TextFilter(field_name="name", lookup_expr="icontains", help_text="Part of the topic's name."), "security")

    class Meta:
        model = PublishedReference
        fields = ["q"]


class OrganizationFilter(filters.FilterSet):
    kind = many_values(
        resolve_organization_kinds, example="media", method="filter_kind",
        description="The kind of organization: " + ", ".join(v for v, _ in Organization.Kind.choices) + "." + ANY_OF,
    )  # fmt: skip
    country = many_values(resolve_countries, lower=True, example="kz", method="filter_country",
                          description="ISO 3166-1 alpha-2 code, any case: the organization's country." + ANY_OF)  # fmt: skip

    class Meta:
        model = PublishedReference
        fields = ["kind", "country"]

    def filter_kind(self, queryset, name, kinds):
        return queryset.alias(data=_data()).filter(data__kind__in=kinds)

    def filter_country(self, queryset, name, ids):
        return queryset.alias(data=_data()).filter(data__country__in=ids)


class SourceFilter(filters.FilterSet):
    publisher = many_values(resolve_publishers, example="kazinform", method="filter_publisher",
                            description="The publisher's slug (see /api/v1/organizations/?kind=media)." + ANY_OF)  # fmt: skip
    published_after = example(PartialDateFilter(
        method="filter_published_after",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD: sources published on or after the first day of that period; "
        "an unknown publication date never matches.",
    ), "2023")  # fmt: skip
    published_before = example(PartialDateFilter(
        method="filter_published_before",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD: sources whose whole publication period (a day, a month or a year) "
        "ends on or before the last day of that period; an unknown publication date never matches.",
    ), "2021-04")  # fmt: skip
    q = example(TextFilter(method="filter_q", help_text="Words to search in the title and text."), "Kazinform")

    class Meta:
        model = PublishedReference
        fields = ["publisher", "published_after", "published_before", "q"]

    def filter_publisher(self, queryset, name, ids):
        return queryset.filter(publisher_id__in=ids)

    # A source's sort_key starts with 99999999 minus its first day as YYYYMMDD (99999999: unknown),
    # so each date condition is also a range of the index that gives the list's order: a page is read
    # from there, not found by reading every source.
    def filter_published_after(self, queryset, name, value):
        first = int(value[0].strftime("%Y%m%d"))
        return queryset.filter(sort_key__lt=f"{99999999 - first + 1:08d}", date_lo__gte=value[0])

    def filter_published_before(self, queryset, name, value):
        last = int(value[1].strftime("%Y%m%d"))
        return queryset.filter(sort_key__gte=f"{99999999 - last:08d}", sort_key__lt="99999999", date_hi__lte=value[1])

    def filter_q(self, queryset, name, value):
        return _search(search.filter_sources, queryset, value)


class CitationFilter(filters.FilterSet):
    source = many_values(resolve_sources, example="3", method="filter_source", description="A source's id." + ANY_OF)
    meeting = many_values(
        resolve_meetings, example="c5-1-ministerial-samarkand-2015", method="filter_meeting",
        description="A meeting's slug: the citations of the meeting and of its parts (participants, countries, "
        "topics, outcomes)." + ANY_OF,
    )  # fmt: skip
    person = many_values(
        resolve_people, example="antony-blinken", method="filter_person",
        description="A person's slug, exact name or other spelling: the citations of their positions (their "
        "participations' citations are under `meeting`)." + ANY_OF,
    )  # fmt: skip
    fact = many_values(resolve_facts, example="participant", method="filter_fact",
                       description="The kind of fact cited: " + ", ".join(FACTS) + "." + ANY_OF)  # fmt: skip
    field = example(TextFilter(help_text='The field of the fact cited ("date", "place", "role"…; empty for the fact as a whole).'), "date")  # fmt: skip
    stance = many_values(resolve_stances, example="contradicts", method="filter_stance",
                         description="supports or contradicts." + ANY_OF)  # fmt: skip

    class Meta:
        model = PublishedCitation
        fields = ["source", "meeting", "person", "fact", "field", "stance"]

    def filter_source(self, queryset, name, ids):
        return queryset.filter(source_id__in=ids)

    def filter_meeting(self, queryset, name, ids):
        return queryset.filter(record_kind="meeting", record_id__in=ids)

    def filter_person(self, queryset, name, ids):
        return queryset.filter(record_kind="person", record_id__in=ids)

    def filter_fact(self, queryset, name, facts):
        return queryset.filter(fact__in=facts)

    def filter_stance(self, queryset, name, stances):
        return queryset.filter(stance__in=stances)


# --- the backend and the schema ------------------------------------------------------------------------


class PublishedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing invalid filters with their messages as Django formats them:
    django-filter's own translation %-formats every message, which a value quoted in one (`%s`)
    breaks. The schema's parameters come from the filter sets (FilterParameters)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
        return filterset.qs


def filter_parameters(filterset_class):
    """The OpenAPI parameters of a filter set: each filter with its semantics and an example."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        if isinstance(filter_, ManyValuesFilter):
            schema, style = {"type": "array", "items": {"type": "string"}}, {"style": "form", "explode": True}
        elif isinstance(filter_, PartialDateFilter):
            schema, style = {"type": "string", "pattern": PARTIAL_DATE}, {}
        elif isinstance(filter_, OrderingFilter):
            schema, style = {"type": "string", "enum": [value for value, _ in filter_.extra["choices"]]}, {}
        elif filter_.field_class is StrictBooleanField:
            schema, style = {"type": "boolean"}, {}
        else:
            schema, style = {"type": "string", "maxLength": 200}, {}
        example = getattr(filter_, "example", None)
        if schema["type"] == "array" and example is not None:
            example = example.split(",")
        elif schema["type"] == "boolean" and example is not None:
            example = example == "true"
        parameter = {"name": name, "in": "query", "required": False, "description": str(filter_.extra.get("help_text", "")),
                     "schema": schema, **style}  # fmt: skip
        if example is not None:
            parameter["example"] = example
        parameters.append(parameter)
    return parameters


class FilterParameters(OpenApiFilterExtension):
    target_class = PublishedFilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        return filter_parameters(filterset_class) if filterset_class else []
