from django.urls import path

from . import feeds
from .site import lists, records, search

app_name = "events"

urlpatterns = [
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
