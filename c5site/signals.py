"""Every write to the record invalidates the public response cache (c5site/cache.py)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import bump_record_version

RECORD_APPS = ("events", "people")


def connect():
    for app_label in RECORD_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical") or getattr(model, "DERIVED", False):
                continue  # written alongside the record row, which already invalidates
            uid = f"c5site-cache-{model._meta.label_lower}"
            post_save.connect(bump_record_version, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(bump_record_version, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(bump_record_version, dispatch_uid="c5site-cache-m2m")
