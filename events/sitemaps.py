"""sitemap.xml: every public page, and only public ones (rule 2)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from c5site.records import Status
from people.models import Country, Person

from .models import Meeting, Source, Topic


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Meeting.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class SourceSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Source.objects.cited_in_published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, source):
        return source.updated_at


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.filter(meeting_topics__meeting__status=Status.PUBLISHED).distinct().order_by("pk")


class CountrySitemap(Sitemap):
    def items(self):
        return Country.objects.filter(delegations__meeting__status=Status.PUBLISHED).distinct().order_by("pk")


class PageSitemap(Sitemap):
    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return ["events:home", "events:meeting-list", "people:person-list", "events:source-list", "events:correction-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "countries": CountrySitemap,
    "topics": TopicSitemap,
    "sources": SourceSitemap,
}
