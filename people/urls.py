from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country-detail"),
]
