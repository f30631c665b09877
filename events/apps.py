from django.apps import AppConfig

from .published import search_index


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Meetings and evidence"

    def ready(self):
        from c5site import signals  # noqa: PLC0415 — models must be loaded first

        from .api import bulk  # noqa: F401, PLC0415 — connects the bulk data's rebuild to publications

        signals.connect()
        search_index.connect(self)  # puts back the SQLite search triggers a rebuilt table lost
