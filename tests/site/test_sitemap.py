"""The sitemap, from the published index: one file of every public page while the record fits the protocol's 50,000 URLs,
beyond that an index of section pages that together list the same pages; only public ones (rule 2)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from events import sitemaps
from events.models import PublishedMeeting, PublishedPerson, PublishedReference, Topic
from tests.factories import SourceFactory, publish

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = ["/", "/meetings/", "/people/", "/countries/", "/topics/", "/sources/", "/corrections/"]


def parse(response, root):
    """The (address, lastmod) of each entry of a sitemap file whose root element is `root`."""
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    assert tree.tag == f"{{{NS['sm']}}}{root}"
    entry = "url" if root == "urlset" else "sitemap"
    return [
        (e.findtext("sm:loc", namespaces=NS), e.findtext("sm:lastmod", namespaces=NS)) for e in tree.iterfind(f"sm:{entry}", NS)
    ]


def day(moment):
    return timezone.localtime(moment).date().isoformat()


def public_pages():
    """Every public page with its lastmod: the published meetings and people (dated by their last
    revision) and the reference data a current revision shows."""
    pages = {(SERVER + path, None) for path in PAGES}
    pages |= {(SERVER + reverse("events:meeting-detail", kwargs={"slug": slug}), day(at))
              for slug, at in PublishedMeeting.objects.filter(is_retracted=False).values_list("slug", "revised_at")}  # fmt: skip
    pages |= {(SERVER + reverse("events:person-detail", kwargs={"slug": slug}), day(at))
              for slug, at in PublishedPerson.objects.filter(is_retracted=False).values_list("slug", "revised_at")}  # fmt: skip
    views = {"source": ("events:source-detail", "pk"), "topic": ("events:topic-detail", "slug"),
             "country": ("events:country-detail", "code"), "series": ("events:series-detail", "slug"),
             "place": ("events:place-detail", "slug")}  # fmt: skip
    for kind, slug in PublishedReference.objects.filter(uses__gt=0, kind__in=views).values_list("kind", "slug"):
        name, kwarg = views[kind]
        pages.add((SERVER + reverse(name, kwargs={kwarg: slug}), None))
    return pages


@pytest.fixture
def record(unpublished):
    """The demo corpus with unpublished records, and a source no fact cites."""
    return {**unpublished, "uncited_source": SourceFactory(title="Uncited article")}


def hidden_addresses(record):
    """The pages of the draft, in-review and retracted records, and of sources no public fact cites."""
    hidden = [
        record[key]
        for key in (
            "draft-meeting",
            "in_review-meeting",
            "retracted_meeting",
            "draft-person",
            "in_review-person",
            "retracted_person",
            "hidden_participant",
            "uncited_source",
        )
    ]
    topics = Topic.objects.filter(slug__in=["topic-101-draft", "topic-103-in_review", "topic-200-retracted"])
    assert len(topics) == 3
    hidden += list(topics)
    return {SERVER + r.get_absolute_url() for r in hidden}


@pytest.fixture
def small_files(monkeypatch):
    """Limits small enough for the demo corpus to need an index of several pages per section."""
    monkeypatch.setattr(sitemaps, "MAX_URLS_PER_FILE", 10)
    monkeypatch.setattr(sitemaps, "URLS_PER_PAGE", 3)


def test_a_small_record_is_one_urlset_of_every_public_page_with_its_lastmod(client, record):
    entries = parse(client.get("/sitemap.xml"), "urlset")
    assert len(entries) == len(set(entries))
    assert set(entries) == public_pages()
    assert not {loc for loc, _ in entries} & hidden_addresses(record)
    assert len(entries) <= sitemaps.MAX_URLS_PER_FILE


def test_a_record_over_the_file_limit_gets_an_index_of_section_pages_listing_every_public_page(client, record, small_files):
    index = parse(client.get("/sitemap.xml"), "sitemapindex")
    addresses = [loc for loc, _ in index]
    assert f"{SERVER}/sitemap-meetings.xml" in addresses and f"{SERVER}/sitemap-meetings.xml?p=2" in addresses
    entries = []
    for address in addresses:
        page = parse(client.get(address.removeprefix(SERVER)), "urlset")
        assert 0 < len(page) <= 3, address
        entries += page
    assert len(entries) == len(set(entries))
    assert set(entries) == public_pages()
    assert not {loc for loc, _ in entries} & hidden_addresses(record)


def test_the_index_dates_each_section_by_its_latest_change(client, record, small_files):
    index = dict(parse(client.get("/sitemap.xml"), "sitemapindex"))
    latest = PublishedMeeting.objects.filter(is_retracted=False).latest("revised_at").revised_at
    assert datetime.datetime.fromisoformat(index[f"{SERVER}/sitemap-meetings.xml"]) == latest
    assert index[f"{SERVER}/sitemap-topics.xml"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-meetings.xml?p=99",
        "/sitemap-meetings.xml?p=0",
        "/sitemap-meetings.xml?p=abc",
        "/sitemap-drafts.xml",
        "/sitemap.xml?p=2",
    ],
)
def test_a_sitemap_page_past_the_end_or_of_no_section_answers_404(client, demo, url):
    assert client.get(url).status_code == 404


# Each section counts its rows (and finds its latest change with them), then reads one page of them.
@pytest.mark.parametrize("count", [3, 30])
def test_the_one_file_sitemap_runs_a_bounded_number_of_queries(client, many_meetings, django_assert_max_num_queries, count):
    publish(*many_meetings(count))
    with django_assert_max_num_queries(2 * 7):
        entries = parse(client.get("/sitemap.xml"), "urlset")
    assert len(entries) > count * 3


@pytest.mark.parametrize("count", [3, 30])
def test_the_index_runs_a_bounded_number_of_queries(client, many_meetings, django_assert_max_num_queries, small_files, count):
    publish(*many_meetings(count))
    with django_assert_max_num_queries(7):
        index = parse(client.get("/sitemap.xml"), "sitemapindex")
    assert len(index) > count


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("section", ["meetings", "people", "sources", "topics", "countries", "places", "pages"])
def test_a_section_page_runs_a_bounded_number_of_queries(
    client, many_meetings, django_assert_max_num_queries, small_files, section, count
):
    publish(*many_meetings(count))
    with django_assert_max_num_queries(5):  # the record's state, the sections' totals kept for it (3), the page
        parse(client.get(f"/sitemap-{section}.xml?p=1"), "urlset")
    with django_assert_max_num_queries(2):  # the record's state, the page
        entries = parse(client.get(f"/sitemap-{section}.xml?p=1"), "urlset")
    assert 0 < len(entries) <= 3


@pytest.mark.parametrize("zone", ["UTC", "Asia/Almaty", "America/New_York"])
def test_a_lastmod_is_the_day_django_s_date_filter_gives(settings, zone):
    from django.template import Context, Template  # noqa: PLC0415

    settings.TIME_ZONE = zone
    moments = [datetime.datetime(2024, 5, 1, hour, 30, tzinfo=datetime.UTC) for hour in (0, 12, 23)]
    moments += [datetime.date(2024, 5, 1), datetime.datetime(2024, 5, 1, 23, 59)]
    for moment in moments:
        context = Context({"m": moment})
        assert Template("{% load site %}{{ m|day }}").render(context) == Template('{{ m|date:"Y-m-d" }}').render(context)
