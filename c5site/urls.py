"""Root URLs: the public site, the editors' admin and the read-only API."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from events.sitemaps import SITEMAPS

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("c5site.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("", include("events.urls")),
    path("", include("people.urls")),
]
