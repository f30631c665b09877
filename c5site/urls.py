"""Root URLs: the public site, the editors' admin and the read-only API."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.sitemaps import SITEMAPS, sitemap_or_index

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("events.api.urls")),
    path("data/", include("events.api.downloads")),
    path("sitemap.xml", sitemap_or_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", include("events.urls")),
]
