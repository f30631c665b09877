"""Atom feeds: published meetings, and the corrections and retractions readers are told of."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from c5site.partial_dates import display

from .models import Meeting
from .views import corrections_entries

FEED_LENGTH = 50


def _aware(moment):
    if moment is None:
        return None
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time())
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = "C5+1 record: meetings"
    subtitle = "Newly published meetings of C5+1 diplomacy, every fact cited to its source."

    def link(self):
        return reverse("events:meeting-list")

    def items(self):
        return Meeting.objects.for_list_page().prefetch_related("place__names").order_by("-published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, meeting):
        return meeting.title

    def item_description(self, meeting):
        place = meeting.place_display
        facts = f"{display(meeting.date)}" + (f", {place}" if place else "")
        return f"{facts}. {meeting.summary}"

    def item_pubdate(self, meeting):
        return meeting.published_at or meeting.created_at

    def item_updateddate(self, meeting):
        return meeting.updated_at

    def item_categories(self, meeting):
        return [topic.name for topic in meeting.topics.all()]


class CorrectionFeed(Feed):
    feed_type = Atom1Feed
    title = "C5+1 record: corrections and retractions"
    subtitle = "Every correction and retraction of published facts: what changed, when and why."

    def link(self):
        return reverse("events:correction-list")

    def items(self):
        return corrections_entries(limit=FEED_LENGTH)

    def item_title(self, entry):
        return entry["what"]

    def item_description(self, entry):
        text = entry["note"]
        citation = entry["citation"]
        if citation is not None:
            text += f" Source: {citation.source.title} — “{citation.quote}”"
        return text

    def item_link(self, entry):
        return reverse("events:correction-list") + "#" + entry["anchor"]

    def item_guid(self, entry):
        return self.item_link(entry)

    def item_pubdate(self, entry):
        return _aware(entry["at"])
