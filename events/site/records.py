"""Public pages (being moved onto the published record)."""

urlpatterns = []
