"""The evidence: articles (sources) and the citations that tie each fact to a passage."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from c5site.partial_dates import PartialDate, Precision
from c5site.records import Status, Versioned
from c5site.text import closest_passage, content_hash, find_quote
from people.models import Organization

MAX_QUOTE_CHARS = 1000


class SourceQuerySet(models.QuerySet):
    def cited_in_published(self):
        """Sources behind at least one public fact; the public sees only these (rule 2).

        Tested source by source: a correlated EXISTS over the source's citations, each a few
        index lookups. The set of every public fact's source, built once and matched (IN), was
        the plan before; at 100k meetings and 1M citations its lists no longer fit in memory,
        PostgreSQL scanned one of them again for each row, and the count of cited sources
        took 1.7 s (the source list: past 15 s). Now 0.3 s for all 50,000, and a page of the
        source list reads only its own."""
        return self.filter(models.Exists(Citation.objects.public().filter(source=models.OuterRef("pk"))))


class Source(Versioned):
    """A news article (or other document) that facts in the record are cited from."""

    title = models.CharField(max_length=500, help_text="The headline, or the opening words where there is none.")
    publisher = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # an outlet with articles on record stays
        related_name="sources",
        limit_choices_to={"kind": Organization.Kind.MEDIA},
    )
    url = models.URLField(max_length=1000, blank=True, help_text="Leave empty where the article's address is unknown.")
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)
    language = models.CharField(max_length=16, default="en", help_text="BCP 47 language tag: en, ru, kk, uz, uz-Cyrl.")
    text = models.TextField(help_text="The full text as published; citations are checked against it.")
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    attribution = models.CharField(
        max_length=500,
        blank=True,
        help_text='Who the article attributes its information to, where it says so: "the Kazakh Foreign Ministry".',
    )
    imported_from = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["content_hash"])
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(published_precision="unknown") & Q(published_on__isnull=True))
                | (~Q(published_precision="unknown") & Q(published_on__isnull=False)),
                name="source_published_matches_precision",
                violation_error_message="A publication date needs a precision, and an unknown one no date.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:source-detail", kwargs={"pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_text = instance.__dict__.get("text")
        return instance

    @property
    def published(self):
        return PartialDate(self.published_on, self.published_precision)

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.text)
        text_changed = self.pk is not None and getattr(self, "_loaded_text", self.text) != self.text
        with transaction.atomic():
            super().save(*args, **kwargs)
            if text_changed:
                self.recheck_citations()
        self._loaded_text = self.text

    def recheck_citations(self):
        """Locate every citation's quote in the current text; mark those no longer found.

        Returns the number of citations that are broken after the check.
        """
        broken = 0
        for citation in self.citations.all():
            citation.source = self
            citation.locate()
            broken += not citation.is_valid
            Citation.objects.filter(pk=citation.pk).update(
                start=citation.start, end=citation.end, prefix=citation.prefix, suffix=citation.suffix
            )
        return broken


class CitationQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(start__isnull=False)

    def broken(self):
        return self.filter(start__isnull=True)

    def supporting(self):
        return self.filter(stance=Citation.Stance.SUPPORTS)

    def public(self):
        """Citations of facts the public may see: of published meetings, their children, and
        published people's positions (rule 2).

        A condition on each citation's own fact (a correlated EXISTS: one index lookup per
        citation), not IN lists of every public fact: OR-ed together, such lists were scanned
        again for each citation once they outgrew work_mem (the home page's count of public
        citations ran for more than 10 minutes at 1M citations). count_public() counts all of
        them the other way round."""
        fact = models.OuterRef("object_id")
        condition = Q()
        for content_type, rows in _public_facts():
            condition |= Q(Q(content_type=content_type), models.Exists(rows.filter(pk=fact)))
        return self.filter(condition)

    def count_public(self):
        """public().count(), kind of fact by kind (public_ids()): PostgreSQL hashes each kind's
        public facts once (1M citations: 0.34 s, where the EXISTS of public() looks up each
        citation's fact one by one: 1.6 s)."""
        return self.public_ids().count()

    def public_ids(self):
        """The ids of public(), in order: each kind's citations joined to its public facts, as
        count_public() counts them, in one UNION ALL (1.1M ids: 1.0 s, where public()'s EXISTS
        takes 2.1 s). What the API's citation list pages through."""
        kinds = [
            self.filter(content_type=content_type, object_id__in=rows.values("pk")).order_by().values_list("pk", flat=True)
            for content_type, rows in _public_facts()
        ]
        return kinds[0].union(*kinds[1:], all=True).order_by("pk")


def _public_facts():
    """[(content type, the public rows of that kind)] for every kind of fact a citation may
    bear on: rule 2 for citations, written once for public() and count_public()."""
    from people.models import Person, Position  # noqa: PLC0415

    from .meetings import Delegation, Meeting, MeetingTopic, Outcome, Participation  # noqa: PLC0415

    types = ContentType.objects.get_for_models(Meeting, Participation, Delegation, MeetingTopic, Outcome, Position)
    published = {"meeting__status": Status.PUBLISHED}
    return [
        (types[Meeting], Meeting.objects.published()),
        (types[Participation], Participation.objects.public()),
        (types[Delegation], Delegation.objects.filter(**published)),
        (types[MeetingTopic], MeetingTopic.objects.filter(**published)),
        (types[Outcome], Outcome.objects.filter(**published)),
        (types[Position], Position.objects.filter(person__in=Person.objects.published())),
    ]


class Citation(models.Model):
    """One fact (a row, or one field of it) supported — or contradicted — by a passage of one source.

    The quote, its context and its offsets are the W3C Web Annotation quote and
    position selectors: the quote can be found again after the text is corrected.
    """

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        CONTRADICTS = "contradicts", _("contradicts")

    class Rank(models.TextChoices):
        """As Wikidata ranks statements: which of competing reports the record prefers."""

        PREFERRED = "preferred", _("preferred")
        NORMAL = "normal", _("normal")
        DEPRECATED = "deprecated", _("deprecated")

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",  # a cited source is evidence
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=40,
        blank=True,
        help_text='The field this passage supports ("date", "place", "role"…); empty for the fact as a whole.',
    )
    quote = models.TextField(help_text="The exact words of the source (white space, curly quotes and dashes may differ).")
    prefix = models.CharField(max_length=64, blank=True, editable=False)
    suffix = models.CharField(max_length=64, blank=True, editable=False)
    start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    note = models.CharField(max_length=500, blank=True, help_text="For readers: how this passage bears on the fact.")
    reported_value = models.CharField(
        max_length=300,
        blank=True,
        help_text="The value this passage gives where it differs from the fact's (a contradicting report): "
        "“Deputy Foreign Minister”.",
    )
    rank = models.CharField(
        max_length=10,
        choices=Rank.choices,
        default=Rank.NORMAL,
        help_text="Preferred: the record's choice among competing reports (give the reason); deprecated: known wrong.",
    )
    rank_reason = models.CharField(
        max_length=300, blank=True, help_text="Why this report is preferred or deprecated, for readers."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["source_id", "start", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="citation_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank="normal") | ~Q(rank_reason=""),
                name="citation_rank_has_reason",
                violation_error_message="Say why this report is preferred or deprecated.",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "source", "quote"],
                name="citation_unique_fact_source_quote",
                violation_error_message="This passage of this source is already cited for this fact.",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True) | Q(end__gt=models.F("start")),
                name="citation_offsets_ordered",
                violation_error_message="A citation's end offset must follow its start.",
            ),
        ]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"“{quote}” — {self.source_id and self.source}"

    @property
    def is_valid(self):
        return self.start is not None

    def locate(self):
        """Find the quote in the source text and store its offsets and context (None if absent)."""
        match = find_quote(self.source.text, self.quote, hint=self.start)
        if match is None:
            self.start = self.end = None
            return None
        self.start, self.end, self.prefix, self.suffix = match.start, match.end, match.prefix, match.suffix
        return match

    def clean(self):
        super().clean()
        if len(self.quote) > MAX_QUOTE_CHARS:
            raise ValidationError({"quote": f"Quote at most {MAX_QUOTE_CHARS} characters: cite the passage, not the article."})
        if self.source_id and self.quote.strip() and self.locate() is None:
            hint = closest_passage(self.source.text, self.quote)
            message = "This quote does not occur in the source."
            if hint:
                message += f" Closest passage: “{hint}”"
            raise ValidationError({"quote": message})

    def save(self, *args, **kwargs):
        self.locate()
        super().save(*args, **kwargs)
