"""Remnants of the old API that the old site pages (events/views.py, people/views.py, events/meeting_page.py,
events/person_page.py, events/documents.py) still import; the API itself is events/api/. Delete with them."""
