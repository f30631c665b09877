"""
WSGI config for c5site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c5site.settings")

application = get_wsgi_application()

from c5site.gc_freeze import freeze_when_settled  # noqa: E402 — after Django is set up

freeze_when_settled()
