"""Query filters of the meeting, source, topic and citation endpoints (django-filter).

Partial dates filter as ranges: `date_after=2023` means "on or after 1 January 2023"
and `date_before=2023` "on or before 31 December 2023"; a meeting matches only if its
whole date range lies inside, so a meeting of unknown date matches no date filter,
and one known only to be "on or before April 28, 2021" matches `date_before=2021-05`.
"""

import datetime

import django_filters as filters
from django.db.models import Q

from c5site.api.filters import (
    CountryCodeFilter,
    IdFilter,
    OrderingFilter,
    PartialDateFilter,
    SlugFilter,
    TextFilter,
)
from c5site.records import Status

from . import search
from .models import Citation, Delegation, Meeting, MeetingTopic, Participation, Source, Topic

def text_search(fields):
    def apply(queryset, name, value):
        return search.search(queryset, fields, value)

    return apply


class MeetingFilter(filters.FilterSet):
    country = CountryCodeFilter(
        method="filter_country", help_text="ISO 3166-1 alpha-2 code (any case): meetings where the country took part."
    )
    person = SlugFilter(method="filter_person", help_text="A person's slug: meetings the person took part in.")
    topic = SlugFilter(method="filter_topic", help_text="A topic's slug: meetings that discussed it.")
    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices, help_text="The kind of meeting.")
    series = SlugFilter(field_name="series__slug", help_text="A series' slug (c5-1).")
    date_after = PartialDateFilter(
        method="filter_date_after",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD: meetings wholly on or after the start of that period. "
        "Meetings of unknown date never match.",
    )
    date_before = PartialDateFilter(
        method="filter_date_before",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD: meetings wholly on or before the end of that period "
        "(an unknown date bounded by `date_not_after` matches when the bound does).",
    )
    q = TextFilter(method=text_search(search.MEETING_FIELDS), help_text="Words to search in title, summary and place.")
    ordering = OrderingFilter(
        fields={"date_lo": "date", "title": "title", "slug": "slug", "kind": "kind", "ordinal": "ordinal", "published_at": "published"},
        help_text="Sort by date, title, slug, kind, ordinal or published (publication time); `-` for descending; "
        "comma-separated for several. Default: newest first, unknown dates last.",
    )

    class Meta:
        model = Meeting
        fields = ["country", "person", "topic", "kind", "series", "date_after", "date_before", "q", "ordering"]

    def filter_country(self, queryset, name, value):
        code = value.upper()
        return queryset.filter(
            Q(pk__in=Delegation.objects.filter(country__code=code).values("meeting"))
            | Q(pk__in=Participation.objects.filter(country__code=code, person__status=Status.PUBLISHED).values("meeting"))
        )

    def filter_person(self, queryset, name, value):
        return queryset.filter(
            pk__in=Participation.objects.filter(person__slug=value, person__status=Status.PUBLISHED).values("meeting")
        )

    def filter_topic(self, queryset, name, value):
        return queryset.filter(pk__in=MeetingTopic.objects.filter(topic__slug=value).values("meeting"))

    def filter_date_after(self, queryset, name, value):
        return queryset.in_range(after=value[0])

    def filter_date_before(self, queryset, name, value):
        return queryset.in_range(before=value[1])


def _published_by(last):
    """Sources whose whole publication period ends on or before `last`."""
    nxt = last + datetime.timedelta(days=1)
    return (
        Q(published_precision="day", published_on__lt=nxt)
        | Q(published_precision="month", published_on__lt=nxt.replace(day=1))
        | Q(published_precision="year", published_on__lt=nxt.replace(month=1, day=1))
    )


class SourceFilter(filters.FilterSet):
    publisher = SlugFilter(field_name="publisher__slug", help_text="The publisher's slug.")
    published_after = PartialDateFilter(
        method="filter_published_after", help_text="YYYY, YYYY-MM or YYYY-MM-DD: published on or after; unknown dates never match."
    )
    published_before = PartialDateFilter(
        method="filter_published_before", help_text="YYYY, YYYY-MM or YYYY-MM-DD: published on or before; unknown dates never match."
    )
    q = TextFilter(method=text_search(search.SOURCE_FIELDS), help_text="Words to search in title and text.")
    ordering = OrderingFilter(fields={"published_on": "published", "title": "title", "id": "id"}, help_text="published, title or id; `-` for descending.")

    class Meta:
        model = Source
        fields = ["publisher", "published_after", "published_before", "q", "ordering"]

    def filter_published_after(self, queryset, name, value):
        return queryset.filter(published_on__gte=value[0]).exclude(published_precision="unknown")

    def filter_published_before(self, queryset, name, value):
        return queryset.filter(_published_by(value[1]))


class TopicFilter(filters.FilterSet):
    q = TextFilter(field_name="name", lookup_expr="icontains", help_text="Part of the topic's name.")

    class Meta:
        model = Topic
        fields = ["q"]


TARGET_LOOKUPS = {
    "meeting": "meeting",
    "participation": "participation",
    "delegation": "delegation",
    "meeting_topic": "meeting_topic",
    "outcome": "outcome",
    "position": "position",
}


class CitationFilter(filters.FilterSet):
    source = IdFilter(field_name="source_id", help_text="The source's id.")
    stance = filters.ChoiceFilter(choices=Citation.Stance.choices)
    field = TextFilter(help_text='The field cited: "date", "place", "role"…')
    target_type = filters.ChoiceFilter(
        choices=[(name, name) for name in TARGET_LOOKUPS], method="filter_target_type", help_text="The kind of fact cited."
    )
    meeting = SlugFilter(method="filter_meeting", help_text="A meeting's slug: citations of the meeting and of its parts.")
    person = SlugFilter(method="filter_person", help_text="A person's slug: citations of their positions and participations.")

    class Meta:
        model = Citation
        fields = ["source", "stance", "field", "target_type", "meeting", "person"]

    def filter_target_type(self, queryset, name, value):
        from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

        from .serializers import TARGET_TYPES  # noqa: PLC0415

        model = next(model for model, label in TARGET_TYPES.items() if label == value)
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))

    def filter_meeting(self, queryset, name, value):
        return queryset.filter(
            Q(meeting__slug=value)
            | Q(participation__meeting__slug=value)
            | Q(delegation__meeting__slug=value)
            | Q(meeting_topic__meeting__slug=value)
            | Q(outcome__meeting__slug=value)
        ).distinct()

    def filter_person(self, queryset, name, value):
        return queryset.filter(Q(position__person__slug=value) | Q(participation__person__slug=value)).distinct()


__all__ = ["CitationFilter", "MeetingFilter", "SourceFilter", "TopicFilter"]
