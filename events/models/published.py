"""The published record: approved revisions, and the index that publishing writes beside them.

The public reads these tables only (events/published/reader.py). They are written by
events/published/publish.py inside the transaction of an approval, a retraction or an
unpublication, which also raises the record's version; nothing else writes them. A
revision's document refers to other records by identity (a person, a topic, a source…);
their public names come from their own current revisions, indexed in PublishedPerson and
PublishedReference.
"""

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class RecordVersion(models.Model):
    """The published record's version: raised once by each transaction that changes it.

    One row. Response caches and anything kept between requests key on it, so they go stale
    exactly when the published record changes, in every process."""

    # State of the published record, not part of it: not exported, not in history.
    DERIVED = True

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="recordversion_single_row")]

    def __str__(self):
        return f"record version {self.version}"


class Revision(models.Model):
    """One approved state of a record, as the public saw it from `created_at` on: immutable.

    A meeting or a person gets one on each approval (a publication) and on retraction (a
    retraction: its notice); reference data (topics, places, sources…) on each approval of
    its public value. The document holds everything the public may see of the record."""

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("publication")
        RETRACTION = "retraction", _("retraction")

    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",  # the public history outlives nothing
    )
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(help_text="1 for the first approval of the record, then 2, 3…")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PUBLICATION)
    body = models.TextField(help_text="The document, as JSON: written once, never changed.")
    changes_body = models.TextField(
        default="[]", help_text="The facts this revision added, changed or removed against the one before, as JSON."
    )
    is_correction = models.BooleanField(
        default=False, help_text="It changed or removed a fact the public had been shown, or retracted the record."
    )
    note = models.TextField(blank=True, help_text="For readers: what changed and why (required for a correction).")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",  # history outlives accounts
    )
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["content_type", "object_id", "-number"]
        indexes = [
            models.Index(fields=["-created_at"], condition=Q(is_correction=True), name="revision_correction_idx"),
            # The corrections feed (corrections and retractions, newest first): read in order, not a
            # scan of every revision.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(is_correction=True) | Q(kind="retraction"),
                name="revision_feed_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"],
                name="revision_unique_number",
                violation_error_message="A record has one revision of each number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="revision_number_positive", violation_error_message="Revisions count from 1."
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}, revision {self.number} ({self.kind})"

    @cached_property
    def document(self):
        return orjson.loads(self.body)

    @cached_property
    def changes(self):
        return orjson.loads(self.changes_body)

    @property
    def is_retraction(self):
        return self.kind == self.Kind.RETRACTION


class PublishedMeeting(models.Model):
    """The index row of a public meeting's current revision: what lists filter, order and search by.

    `meeting_id` is the meeting's identity; no public query joins the working rows."""

    meeting_id = models.PositiveBigIntegerField(primary_key=True)
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="+")  # revisions are permanent
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    format = models.CharField(max_length=10)
    series_id = models.PositiveBigIntegerField(null=True)
    ordinal = models.PositiveSmallIntegerField(null=True)
    place_id = models.PositiveBigIntegerField(null=True)
    date_lo = models.DateField(null=True)
    date_hi = models.DateField(null=True)
    date_precision = models.CharField(max_length=8)
    sort_key = models.BigIntegerField(help_text="The documented order of partial dates (events.published.order).")
    is_retracted = models.BooleanField(default=False)
    first_published_at = models.DateTimeField()
    revised_at = models.DateTimeField()
    search_text = models.TextField(blank=True, help_text="What search matches: title, names, places, topics, outcomes.")

    class Meta:
        ordering = ["-sort_key", "-meeting_id"]
        indexes = [
            # The public meetings in list order: a page at any depth is read from the index alone.
            models.Index(fields=["-sort_key", "-meeting_id"], condition=Q(is_retracted=False), name="pubmeeting_order_idx"),
            # A series' page: its numbered meetings in order, then the others by date, read in that order.
            models.Index(
                fields=["series_id", "ordinal", "sort_key", "meeting_id"],
                condition=Q(is_retracted=False),
                name="pubmeeting_series_idx",
            ),
            # The feed's order, ties (a bulk publication) by newest record: read in order, not sorted.
            models.Index(
                fields=["-first_published_at", "-meeting_id"], condition=Q(is_retracted=False), name="pubmeeting_feed_idx"
            ),
        ]

    def __str__(self):
        return self.title


class MeetingFacet(models.Model):
    """One value a public meeting can be filtered by ("country:12", "topic:3", "year:2023"…), in list order.

    Written by publishing beside PublishedMeeting; the index (facet, order) lets a filtered
    list read its page in order and stop, at any depth."""

    meeting = models.ForeignKey(PublishedMeeting, on_delete=models.CASCADE, related_name="facets")  # part of the index row
    facet = models.CharField(max_length=40)
    sort_key = models.BigIntegerField()
    possibly = models.BooleanField(
        default=False, help_text="For a year: the meeting's date range only may fall in it (an imprecise or bounded date)."
    )

    class Meta:
        indexes = [models.Index(fields=["facet", "-sort_key", "-meeting"], name="meetingfacet_order_idx")]
        constraints = [models.UniqueConstraint(fields=["meeting", "facet"], name="meetingfacet_unique")]

    def __str__(self):
        return f"{self.facet} → meeting {self.meeting_id}"


class FacetCount(models.Model):
    """How many public meetings have a facet; facet "" is all. Where a page shows the facet's timeline (all
    meetings, a country's), by certain year (0: not certain) and kind; elsewhere year 0 and kind "".

    Kept by publishing as it writes and drops `MeetingFacet` rows, so a timeline, the values a
    filter offers and the choice of the rarest facet of a list read a few rows, never every
    meeting (issue #18)."""

    facet = models.CharField(max_length=40)
    year = models.SmallIntegerField()
    kind = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "year", "kind"], name="facetcount_unique")]

    def __str__(self):
        return f"{self.facet or 'all'} {self.year or '?'} {self.kind}: {self.n}"


class PublishedPerson(models.Model):
    """The index row of a public person's current revision."""

    person_id = models.PositiveBigIntegerField(primary_key=True)
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="+")  # revisions are permanent
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=200)
    aliases = models.TextField(blank=True, help_text="Other names, one a line: meetings are found by them too.")
    country_id = models.PositiveBigIntegerField(null=True)
    is_retracted = models.BooleanField(default=False)
    first_published_at = models.DateTimeField()
    revised_at = models.DateTimeField()
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["sort_name", "person_id"]
        indexes = [models.Index(fields=["sort_name", "person_id"], name="pubperson_order_idx")]

    def __str__(self):
        return self.name


class PublishedReference(models.Model):
    """The approved public value of a piece of reference data: a country, organization, place, series,
    topic or source. Public only while a current revision uses it (`uses` > 0)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        ORGANIZATION = "organization", _("organization")
        PLACE = "place", _("place")
        SERIES = "series", _("series")
        TOPIC = "topic", _("topic")
        SOURCE = "source", _("source")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="+")  # revisions are permanent
    slug = models.CharField(max_length=200, help_text="How a URL names it: a slug, a lower-case country code, an id.")
    name = models.CharField(max_length=500)
    sort_key = models.CharField(max_length=500, help_text="The order of its public list.")
    body = models.TextField(help_text="The approved value, as JSON (the revision's document).")
    uses = models.PositiveIntegerField(default=0, help_text="Current revisions that show it (and public sources it publishes).")
    search_text = models.TextField(blank=True)
    # A source's publication period and publisher, as columns for the API's filters (None elsewhere).
    date_lo = models.DateField(null=True)
    date_hi = models.DateField(null=True)
    publisher_id = models.PositiveBigIntegerField(null=True)

    class Meta:
        ordering = ["kind", "sort_key", "object_id"]
        indexes = [
            models.Index(fields=["kind", "slug"], name="pubref_slug_idx"),
            models.Index(fields=["kind", "sort_key", "object_id"], condition=Q(uses__gt=0), name="pubref_public_idx"),
            # The public sources in list order, with what the API filters them by: counts and pages
            # of a filtered list are read from the index alone (PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["sort_key", "object_id"],
                include=["date_lo", "date_hi", "publisher_id"],
                condition=Q(kind="source", uses__gt=0),
                name="pubref_source_idx",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="pubref_unique_object")]

    def __str__(self):
        return f"{self.kind}: {self.name}"

    @cached_property
    def data(self):
        return orjson.loads(self.body)


class PublishedCitation(models.Model):
    """A citation that the current revision of a meeting or person shows: the index of the source pages
    and of the citations API (the citation itself is read from the revision)."""

    citation_id = models.PositiveBigIntegerField(primary_key=True)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")  # revisions are permanent
    record_kind = models.CharField(max_length=8)  # "meeting" or "person"
    record_id = models.PositiveBigIntegerField()
    source_id = models.PositiveBigIntegerField()
    fact = models.CharField(max_length=12, help_text="meeting, participant, country, topic, outcome or position.")
    field = models.CharField(max_length=40, blank=True)
    stance = models.CharField(max_length=12)
    start = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["citation_id"]
        indexes = [
            models.Index(fields=["source_id", "start", "citation_id"], name="pubcitation_source_idx"),
            models.Index(fields=["record_kind", "record_id"], name="pubcitation_record_idx"),
            # The API's citations of one kind of fact, in list order, with their stance (counts from the index).
            models.Index(fields=["fact", "citation_id"], include=["stance"], name="pubcitation_fact_idx"),
            models.Index(fields=["field", "citation_id"], name="pubcitation_field_idx"),
            # The citations that contradict what they are cited for, in list order: few, and what a
            # researcher looks for (`?stance=contradicts` walked every citation to find them).
            models.Index(fields=["fact", "citation_id"], condition=Q(stance="contradicts"), name="pubcitation_contradicts_idx"),
        ]

    def __str__(self):
        return f"citation {self.citation_id} of {self.record_kind} {self.record_id}"


# Citation ids per `CitationBucket`: a page reads at most this many index entries before its own,
# while the buckets of a filter stay a few hundred rows at a million citations.
WIDTH = 4096


class CitationBucket(models.Model):
    """How many published citations of one fact, field and stance have ids in one run of WIDTH ids
    (`bucket`: citation_id // WIDTH).

    Kept by publishing as it writes and drops `PublishedCitation` rows, so the citations API's count
    of a filter by fact, field and stance is the sum of a few rows, and a page at any depth starts
    reading at its bucket's first id, never at OFFSET into every citation before it."""

    fact = models.CharField(max_length=12)
    field = models.CharField(max_length=40, blank=True)
    stance = models.CharField(max_length=12)
    bucket = models.BigIntegerField()  # ids are 64-bit
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fact", "field", "stance", "bucket"], name="citationbucket_unique")]

    def __str__(self):
        return f"{self.fact} {self.field} {self.stance} ids {self.bucket * WIDTH}…: {self.n}"


class KeptRepresentation(models.Model):
    """A public meeting's API representation, written when publishing changes what it shows
    (events.api.kept): a list of fifty meetings reads fifty of these instead of resolving and
    representing five hundred citations. `shape` names the code that wrote it; a row of another
    shape, or none, is represented on the fly, so a stale row is never served."""

    DERIVED = True  # made from the record by code: not exported (import_record makes them again)

    meeting_id = models.PositiveBigIntegerField(primary_key=True)
    shape = models.CharField(max_length=16)
    body = models.TextField(help_text="JSON; the site's address in it is a placeholder, filled per request.")

    def __str__(self):
        return f"representation of meeting {self.meeting_id}"


class KeptListItem(models.Model):
    """A public meeting as a list shows it, rendered when publishing changes what it shows
    (events.site.kept_items): a list page of twenty meetings reads twenty of these instead of their
    documents, places and topics. `shape` names the code that rendered it; a row of another shape,
    or none, is rendered on the fly."""

    DERIVED = True  # made from the record by code: not exported (import_record makes them again)

    meeting_id = models.PositiveBigIntegerField(primary_key=True)
    shape = models.CharField(max_length=16)
    html = models.TextField()

    def __str__(self):
        return f"list item of meeting {self.meeting_id}"
