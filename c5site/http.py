"""HTTP helpers shared by the site and the API."""

from django.middleware.http import ConditionalGetMiddleware


class SuccessConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's ETag/304 handling, for successful responses only.

    An error (400, 404, 503) must not carry an ETag: a client or shared cache would
    revalidate it and keep serving the error after the record has changed.
    """

    def needs_etag(self, response):
        return response.status_code == 200 and super().needs_etag(response)
