"""A tiny URLconf for the response-cache tests: a page that shows live record data."""

from django.http import HttpResponse
from django.urls import path

from events.models import Meeting


def titles(request):
    return HttpResponse(", ".join(Meeting.objects.published().order_by("pk").values_list("title", flat=True)))


def private(request):
    response = HttpResponse(str(Meeting.objects.count()))
    response["Cache-Control"] = "private"
    return response


urlpatterns = [path("titles/", titles), path("private/", private)]
