from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds
from .site import lists, records, search
from .sitemaps import SITEMAPS, sitemap_or_index

app_name = "events"

urlpatterns = [
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    path("sitemap.xml", sitemap_or_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
