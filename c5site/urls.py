"""Root URLs: the public site, the editors' admin and the read-only API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("c5site.api_urls")),
    path("", include("events.urls")),
    path("", include("people.urls")),
]
