"""The admin of names and their spellings, which search treats as one (events.models.spellings).

A change applies to public search as soon as it is saved: editors keep these, contributors do
not (events/roles.py).
"""

from django import forms
from django.contrib import admin

from ..models import SpelledName, Spelling
from ..published.search_text import spelling_key


class SpellingFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = spelling_key(form.cleaned_data.get("text", ""))
            if key in seen:
                raise forms.ValidationError(
                    f"“{form.cleaned_data['text']}” and “{seen[key]}” are the same spelling to search: keep one."
                )
            seen[key] = form.cleaned_data.get("text")


class SpellingInline(admin.TabularInline):
    model = Spelling
    formset = SpellingFormSet
    fields = ("text", "script")
    extra = 2


@admin.register(SpelledName)
class SpelledNameAdmin(admin.ModelAdmin):
    list_display = ("label", "spellings_list", "note")
    search_fields = ("label", "spellings__text")
    fields = ("label", "note")
    inlines = [SpellingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("spellings")

    @admin.display(description="spellings")
    def spellings_list(self, obj):
        return ", ".join(spelling.text for spelling in obj.spellings.all())
