"""URLs of the read-only API (/api/v1/…, /api/schema/, /api/docs/)."""

urlpatterns = []
