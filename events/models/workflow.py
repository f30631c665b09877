"""The editorial log: every status change of a record (corrections are revisions: events.models.published)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from c5site.records import Status


class Transition(models.Model):
    """A record moved from one workflow status to another: who, when, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",  # the log outlives accounts
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="transition_record_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="transition_changes_status",
                violation_error_message="A transition changes the status.",
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.from_status} → {self.to_status}"
