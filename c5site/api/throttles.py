"""The anonymous rate limit, configurable with API_ANON_RATE ("1000/hour" by default)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class PublicAnonRateThrottle(AnonRateThrottle):
    """AnonRateThrottle whose rate is read from settings.API_ANON_RATE on each request.

    DRF reads its rates once, at import; reading them per request lets a deployment
    (and each test) set the rate without reloading modules. An empty rate turns it off.
    """

    scope = "anon"

    def get_rate(self):
        return getattr(settings, "API_ANON_RATE", None) or None

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
