"""The /data/ page and its files: the bulk data of the published record (events.api.bulk)."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from . import bulk


@require_safe
def data_page(request):
    """The bulk downloads with their size, date and SHA-256, and the data dictionary."""
    done = bulk.manifest()
    files = []
    if done:
        done = {**done, "built_at": datetime.datetime.fromisoformat(done["built_at"])}
        for name, (label, media_type) in bulk.FILES.items():
            info = done["files"].get(name)
            if info:
                files.append({"name": name, "label": label, "media_type": media_type, **info})
    context = {"manifest": done, "files": files, "tables": bulk.TABLES, "views": bulk.VIEWS, "section": "data"}
    return render(request, "events/data.html", context)


@require_safe
def data_file(request, name):
    if name not in bulk.FILES:
        raise Http404("No such bulk file.")
    return bulk.serve(request, name)


urlpatterns = [
    path("", data_page, name="data"),
    path("<str:name>", data_file, name="data-file"),
]
