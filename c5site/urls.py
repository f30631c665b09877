"""Root URLs: the public site, the editors' admin and the read-only API."""

from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("events.api.urls")),
    path("data/", include("events.api.downloads")),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", include("events.urls")),
]
