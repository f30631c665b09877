from django.urls import path

from people import views as people_views

from . import feeds, views
from .site import lists, records, search

app_name = "events"

urlpatterns = [
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
