"""The editors' admin is registered by events/editing/admin.py (and the desk's gazetteer by
events/editing/gazetteer.py); admin autodiscovery imports them from here."""

from .editing import admin, gazetteer  # noqa: F401
