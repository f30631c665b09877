"""c5site's WSGI application with the probe URLs added (tests/hardening/probe_urls.py).

Serve with `gunicorn tests.hardening.probe_wsgi:application` from the project root.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")
application = get_wsgi_application()
# Before the first request, so the resolver is built from these URLs.
settings.ROOT_URLCONF = "tests.hardening.probe_urls"
