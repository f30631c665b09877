from django.urls import path

from people import views as people_views

from . import feeds, views
from .site import lists, records, search

app_name = "events"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("countries/<str:code>/", people_views.CountryDetailView.as_view(), name="country-detail"),
    path("series/<slug:slug>/", views.not_yet, name="series-detail"),
    path("places/<slug:slug>/", views.not_yet, name="place-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
