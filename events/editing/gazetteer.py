"""The gazetteer in the admin: the officials, cities and topic terms the desk recognises, which editors extend."""

from django.contrib import admin

from ..models import GazetteerEntry


@admin.register(GazetteerEntry)
class GazetteerEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "title", "topic", "country_code", "other_names_column")
    list_filter = ("kind", "country_code")
    search_fields = ("name", "other_names", "title", "topic")
    ordering = ("kind", "name")
    fields = ("kind", "name", "other_names", "country_code", "title", "topic")

    @admin.display(description="Other names")
    def other_names_column(self, obj):
        return ", ".join(obj.other_names)
