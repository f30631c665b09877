"""Atom feeds of the published record: newly published meetings, and the corrections and
retractions readers are told of (revisions marked as corrections). Read from the published
record only (rule 2), in a fixed number of queries."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from people.models import Person

from .models import Meeting, PublishedMeeting, PublishedPerson, RecordVersion, Revision
from .published import reader

FEED_LENGTH = 50


class RecordFeed(Feed):
    """A feed whose <updated> is its newest entry's date or, with no entry, the time the published
    record last changed (Django's default is the time of the request): an unchanged record is
    served the same bytes, which caches and the tests comparing responses rely on."""

    feed_type = Atom1Feed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if not feed.items:
            changed = RecordVersion.objects.values_list("changed_at", flat=True).first()
            when = changed or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
            feed.latest_post_date = lambda: when
        return feed


class MeetingFeed(RecordFeed):
    title = "C5+1 record: meetings"
    subtitle = "Newly published meetings of C5+1 diplomacy, every fact cited to its source."

    def link(self):
        return reverse("events:meeting-list")

    def items(self):
        rows = list(
            PublishedMeeting.objects.filter(is_retracted=False)
            .order_by("-first_published_at", "-meeting_id")
            .values_list("meeting_id", "first_published_at", "revised_at")[:FEED_LENGTH]
        )
        times = {pk: (first, revised) for pk, first, revised in rows}
        return [
            {**meeting, "published_at": times[meeting["id"]][0], "revised_at": times[meeting["id"]][1]}
            for meeting in reader.meetings([pk for pk, _, _ in rows])
        ]

    def item_title(self, meeting):
        return meeting["title"]

    def item_link(self, meeting):
        return meeting["url"]

    def item_description(self, meeting):
        place = meeting["place_display"]
        facts = meeting["date_display"] + (f", {place}" if place else "")
        return f"{facts}. {meeting['summary']}"

    def item_pubdate(self, meeting):
        return meeting["published_at"]

    def item_updateddate(self, meeting):
        return meeting["revised_at"]

    def item_categories(self, meeting):
        return [t["topic"]["name"] for t in meeting["topics"] if t["topic"]]


class CorrectionFeed(RecordFeed):
    title = "C5+1 record: corrections and retractions"
    subtitle = "Every correction and retraction of published facts: what changed, when and why."

    def link(self):
        return reverse("events:correction-list")

    def items(self):
        revisions = list(
            Revision.objects.filter(Q(is_correction=True) | Q(kind=Revision.Kind.RETRACTION))
            .order_by("-created_at", "-pk")
            .only("content_type_id", "object_id", "number", "kind", "body", "note", "created_at")[:FEED_LENGTH]
        )
        # Only records still public (published or retracted): one query per kind of record.
        types = ContentType.objects.get_for_models(Meeting, Person)
        meetings = {r.object_id for r in revisions if r.content_type_id == types[Meeting].pk}
        people = {r.object_id for r in revisions if r.content_type_id == types[Person].pk}
        public = {
            types[Meeting].pk: set(PublishedMeeting.objects.filter(meeting_id__in=meetings).values_list("meeting_id", flat=True)) if meetings else set(),
            types[Person].pk: set(PublishedPerson.objects.filter(person_id__in=people).values_list("person_id", flat=True)) if people else set(),
        }  # fmt: skip
        entries = []
        for revision in revisions:
            shown = public.get(revision.content_type_id)
            if shown is not None and revision.object_id not in shown:
                continue
            document = revision.document
            kind = document.get("type", "record")
            name = document.get("title") or document.get("name") or f"{kind} {revision.object_id}"
            slug = document.get("code", "").lower() if kind == "country" else document.get("slug")
            url = (
                reader._url(kind, slug) if slug and kind in ("meeting", "person", "topic", "series", "place", "country") else None
            )
            entries.append({
                "what": f"{'Retracted' if revision.is_retraction else 'Corrected'}: {name}",
                "note": revision.note or document.get("notice", ""),
                "at": revision.created_at,
                "record_url": url,
                "url": f"{reverse('events:correction-list')}#revision-{revision.pk}",
            })  # fmt: skip
        return entries

    def item_title(self, entry):
        return entry["what"]

    def item_description(self, entry):
        return entry["note"]

    def item_link(self, entry):
        return entry["url"]

    def item_guid(self, entry):
        return entry["url"]

    def item_pubdate(self, entry):
        return entry["at"]
