"""What every record under editorial workflow shares: its status and who last changed it.

Meeting (events) and Person (people) both carry the workflow; the fields live here
so that neither app has to import the other.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    RETRACTED = "retracted", _("retracted")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Records the public may see: published ones only (rule 2)."""
        return self.filter(status=Status.PUBLISHED)

    def visible(self):
        """Published and retracted records: a retracted page stays up with its notice."""
        return self.filter(status__in=[Status.PUBLISHED, Status.RETRACTED])


class Versioned(models.Model):
    """Abstract: a row two editors may both open; the second save is refused (rule 4, no lost updates)."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised on every save; a save based on an older version is refused (no lost updates).",
    )
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,  # the record outlives an editor's account
        related_name="+",
    )

    class Meta:
        abstract = True


class WorkflowRecord(Versioned):
    """Abstract: a record that moves draft → in review → published (→ retracted)."""

    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        db_index=True,
        help_text="Changed only by the workflow actions (submit, approve, request changes, retract).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    public_notice = models.TextField(
        blank=True,
        editable=False,
        help_text="Shown to readers in place of a retracted record: why it was retracted.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED
