"""The people app's admin: countries, organizations, people and their positions.

What belongs to `events` — the workflow, citations, approval of reference data — is added by
events/editing/admin.py, which registers subclasses of these in their place (`people` never
imports `events`).
"""

from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .models import Country, Organization, Person, Position


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "country", "position_count", "participation_count", "updated_at")
    list_filter = ("country",)
    list_select_related = ("country",)
    ordering = ("sort_name", "name")
    search_fields = ("name", "sort_name", "slug", "aliases")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        ("Person", {"fields": ("name", "sort_name", "slug", "aliases", "country", "wikidata_id")}),
        ("About", {"fields": ("summary",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=Count("positions", distinct=True), participation_total=Count("participations", distinct=True)
            )
        )

    @admin.display(description="Positions", ordering="position_total")
    def position_count(self, obj):
        return obj.position_total

    @admin.display(description="Meetings", ordering="participation_total")
    def participation_count(self, obj):
        return obj.participation_total


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_c5")
    list_filter = ("is_c5",)
    search_fields = ("name", "code")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "parent", "source_count")
    list_filter = ("kind", "country")
    list_select_related = ("country", "parent")
    ordering = ("name",)
    search_fields = ("name", "slug")
    autocomplete_fields = ("country", "parent")
    prepopulated_fields = {"slug": ("name",)}
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_total=Count("sources"))

    @admin.display(description="Articles", ordering="source_total")
    def source_count(self, obj):
        return obj.source_total


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    """Positions are edited, and cited, on their person's page; this list is for finding them."""

    list_display = ("person", "title", "organization", "country", "start_date", "end_date")
    list_filter = ("country",)
    list_select_related = ("person", "organization", "country")
    search_fields = ("title", "person__name", "person__aliases")
    autocomplete_fields = ("person", "organization", "country")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The participation row's picker offers the chosen person's positions only (static/c5admin/desk.js).
        if request.GET.get("field_name") == "position" and request.GET.get("person", "").isdigit():
            queryset = queryset.filter(person_id=request.GET["person"])
        return queryset, may_have_duplicates

    def revert_disabled(self, request, obj=None):
        return True
