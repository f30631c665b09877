from django.urls import path

from people import views as people_views

from . import feeds, views
from .site import lists, records, search

app_name = "events"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("people/<slug:slug>/", people_views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/<str:code>/", people_views.CountryDetailView.as_view(), name="country-detail"),
    path("series/<slug:slug>/", views.not_yet, name="series-detail"),
    path("places/<slug:slug>/", views.not_yet, name="place-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("corrections/", views.CorrectionListView.as_view(), name="correction-list"),
    path("feeds/meetings/", feeds.MeetingFeed(), name="meeting-feed"),
    path("feeds/corrections/", feeds.CorrectionFeed(), name="correction-feed"),
    *lists.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
]
