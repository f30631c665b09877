"""The API's JSON of each meeting, kept with the record: a materialised view, not a cache.

A stored document is rebuilt in the same transaction as every write that changes what it
shows (events/documents.py, connected to the models' signals), so it is never older than
the rows it was made from; it is never written by a read. A meeting without a document
(a bulk load not yet followed by `manage.py build_documents`, or a change too wide to
rebuild at once) is served by building its JSON on the fly: slower, never wrong.
"""

from django.db import models

from .meetings import Meeting


class MeetingDocument(models.Model):
    # Derived from the record: not exported, not in history, not a change to the record.
    DERIVED = True

    meeting = models.OneToOneField(Meeting, primary_key=True, on_delete=models.CASCADE, related_name="document")
    body = models.TextField(help_text="The meeting's API JSON up to, not including, its URLs and closing brace.")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "meeting document"

    def __str__(self):
        return f"API document of meeting {self.meeting_id}"
