"""The anonymous rate limit of the API (its own module: DRF's settings import it while loading views)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """AnonRateThrottle with its rate read from settings.API_ANON_RATE on each request (empty: no limit),
    so a deployment and each test set it without reloading modules."""

    def allow_request(self, request, view):
        self.rate = getattr(settings, "API_ANON_RATE", None) or None
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
