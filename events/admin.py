"""The editors' admin is registered by events/editing/admin.py; admin autodiscovery imports it from here."""

from .editing import admin  # noqa: F401
