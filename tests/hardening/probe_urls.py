"""The site's URLs plus two that certainly read the database, for the outage test and the soak.

Until the public pages and the API are merged, the site itself has few URLs that query
the database on every request; these two do (a page and an /api/ endpoint), through
the same middleware as every other URL.
"""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from c5site.urls import urlpatterns as site_urlpatterns
from events.models import Meeting


def page_probe(request):
    return HttpResponse(f"<p>{Meeting.objects.published().count()} published meetings</p>")


def api_probe(request):
    return JsonResponse({"published_meetings": Meeting.objects.published().count()})


urlpatterns = [
    path("api/_probe/", api_probe),
    path("_probe/", page_probe),
    *site_urlpatterns,
]
