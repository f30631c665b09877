from django.apps import AppConfig

from .published import search_index


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Meetings and evidence"

    def ready(self):
        # bulk connects the bulk data's rebuild to publications.
        from .api import bulk, kept  # noqa: F401, PLC0415
        from .published import keys, publish  # noqa: PLC0415
        from .site import kept_items  # noqa: PLC0415

        # Purges a shared cache in front (Varnish, a CDN) of what each publication changed.
        publish.record_changed.connect(keys.purge_after_publication, dispatch_uid="c5site-surrogate-purge")

        # Rewrites, in the publishing transaction, the kept representations of the meetings it changed.
        publish.meetings_changed.connect(kept.refresh, dispatch_uid="c5site-kept-representations")
        # …and the list items the site keeps beside them.
        publish.meetings_changed.connect(kept_items.refresh, dispatch_uid="c5site-kept-list-items")

        search_index.connect(self)  # puts back the SQLite search triggers a rebuilt table lost
