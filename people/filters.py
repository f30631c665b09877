"""Query filters of the people, country and organization endpoints (django-filter)."""

import django_filters as filters
from django.apps import apps

from c5site.api.filters import CountryCodeFilter, OrderingFilter, SlugFilter, TextFilter

from .models import Country, Organization, Person


def _participation():
    # Looked up by name: the people app does not import events' models.
    return apps.get_model("events", "Participation")


class PersonFilter(filters.FilterSet):
    country = CountryCodeFilter(method="filter_country", help_text="ISO 3166-1 alpha-2 code (any case): the person's country.")
    q = TextFilter(method="filter_q", help_text="Words to search in the name and its other spellings.")
    met = SlugFilter(
        method="filter_met", help_text="A person's slug: the people who took part in a published meeting with them."
    )
    ordering = OrderingFilter(fields={"sort_name": "sort_name", "name": "name", "slug": "slug"}, help_text="sort_name (default), name or slug; `-` for descending.")

    class Meta:
        model = Person
        fields = ["country", "q", "met", "ordering"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__code=value.upper())

    def filter_q(self, queryset, name, value):
        from events import search  # noqa: PLC0415

        return search.search(queryset, search.PERSON_FIELDS, value)

    def filter_met(self, queryset, name, value):
        participation = _participation()
        their_meetings = participation.objects.public().filter(person__slug=value).values("meeting")
        return queryset.filter(
            pk__in=participation.objects.public().filter(meeting__in=their_meetings).values("person")
        ).exclude(slug=value)


class CountryFilter(filters.FilterSet):
    is_c5 = filters.BooleanFilter(help_text="true: the five Central Asian states.")

    class Meta:
        model = Country
        fields = ["is_c5"]


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Organization.Kind.choices)
    country = CountryCodeFilter(method="filter_country", help_text="ISO 3166-1 alpha-2 code (any case).")

    class Meta:
        model = Organization
        fields = ["kind", "country"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__code=value.upper())


__all__ = ["CountryFilter", "OrganizationFilter", "PersonFilter"]
