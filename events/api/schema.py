"""drf-spectacular's AutoSchema for a public, read-only API: no operation lists security requirements,
so the docs show no Authorize button and no padlocks (AutoSchema adds an "optional" `{}` requirement
to every AllowAny view)."""

from drf_spectacular.openapi import AutoSchema


class PublicAutoSchema(AutoSchema):
    def get_auth(self):
        return []
