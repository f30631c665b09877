"""drf-spectacular for a public, read-only API.

`PublicAutoSchema`: no operation lists security requirements, so the docs show no Authorize button
and no padlocks (AutoSchema adds an "optional" `{}` requirement to every AllowAny view).

`SchemaGenerator`: the served schema is made once per process for each version, language and URLconf,
not for every request of /api/schema/: it depends on the code alone (every endpoint is shown to
everyone: SERVE_PUBLIC), and making it is costly. A changed setting (tests) forgets it;
`manage.py spectacular` (no request) always makes it afresh.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_urlconf
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator as SpectacularGenerator
from drf_spectacular.openapi import AutoSchema

_made = {}


class PublicAutoSchema(AutoSchema):
    def get_auth(self):
        return []


class SchemaGenerator(SpectacularGenerator):
    def get_schema(self, request=None, public=False):
        if request is None:
            return super().get_schema(request, public)
        key = (self.api_version, public, translation.get_language(), self.urlconf or get_urlconf())
        if key not in _made:
            _made[key] = super().get_schema(request, public)
        return _made[key]


@receiver(setting_changed)
def _forget_schemas(**kwargs):
    _made.clear()
