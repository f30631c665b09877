from django.urls import path

from people import views as people_views

from . import feeds, views
from .site import lists, records, search

app_name = "events"

urlpatterns = [
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("people/<slug:slug>/", people_views.PersonDetailView.as_view(), name="person-detail"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("corrections/", views.CorrectionListView.as_view(), name="correction-list"),
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
