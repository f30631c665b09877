"""The public pages answer with the demo corpus, show its facts footnoted, and refuse bad input cleanly."""

import json
import re

import pytest
from django.urls import reverse

from events.models import Meeting, Source
from tests.factories import publish
from tests.site.conftest import public_urls

pytestmark = pytest.mark.django_db

SESSION = "/meetings/c5-1-special-session-afghanistan-astana-2023/"


def jsonld(response):
    match = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    return json.loads(match.group(1))


def test_every_page_of_the_url_table_answers_200_with_the_demo_corpus(client, demo):
    urls = public_urls()
    assert len(urls) > 40
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_model_url_names_resolve_to_the_public_addresses(demo):
    source = Source.objects.cited_in_published().first()
    assert reverse("events:meeting-detail", kwargs={"slug": "x"}) == "/meetings/x/"
    assert reverse("events:topic-detail", kwargs={"slug": "x"}) == "/topics/x/"
    assert reverse("events:source-detail", kwargs={"pk": source.pk}) == f"/sources/{source.pk}/"
    assert reverse("events:person-detail", kwargs={"slug": "x"}) == "/people/x/"
    assert reverse("events:country-detail", kwargs={"code": "kz"}) == "/countries/kz/"
    assert reverse("events:meeting-list") == "/meetings/"
    assert reverse("events:search") == "/search/"
    assert reverse("events:meeting-feed") == "/feeds/meetings/"


def test_home_shows_counts_latest_meetings_search_box_and_timeline(client, demo):
    html = client.get("/").content.decode()
    assert "<strong>8</strong> meetings" in html
    assert "<strong>12</strong> officials" in html
    assert 'action="/search/"' in html
    assert "C5+1 special session on Afghanistan, Astana" in html
    assert '<svg viewBox="0 0 720 220" role="img" aria-labelledby="timeline-title timeline-desc"' in html
    assert '<title id="timeline-title">' in html and '<desc id="timeline-desc">' in html


def test_meeting_page_footnotes_every_fact_with_publisher_date_title_and_quote(client, demo):
    html = client.get(SESSION).content.decode()
    assert "July 27–28, 2023" in html
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert "UrduPoint News, July 28, 2023" in html
    assert "<mark>met in the Kazakh capital of Astana for a C5+1 special session on Afghanistan</mark>" in html
    # Each fact's marker leads to a note, and each note leads back.
    markers = set(re.findall(r'href="#(fn-\d+)"', html))
    notes = set(re.findall(r'<li id="(fn-\d+)"', html))
    assert markers == notes and len(notes) > 10
    for backref in re.findall(r'href="#(ref-\d+-\d+)"', html):
        assert f'id="{backref}"' in html


def test_a_contradicted_role_says_so_and_shows_both_sources(client, demo):
    html = client.get("/people/kairat-umarov/").content.decode()
    assert "Sources disagree" in html
    assert "This source contradicts the fact it is attached to" in html
    assert "<mark>First Deputy Foreign Minister of Kazakhstan Kairat Umarov</mark>" in html
    assert "<mark>Kazakh Deputy Foreign Minister, Kairat Umarov</mark>" in html
    assert "without “First”" in html


def test_dates_and_places_show_at_their_precision_and_under_both_names(client, demo):
    assert "Nur-Sultan (now Astana)" in client.get("/meetings/c5-1-ministerial-nur-sultan/").content.decode()
    assert "date not reported" in client.get("/meetings/c5-1-ministerial-nur-sultan/").content.decode()
    assert "on or before April 28, 2021" in client.get("/meetings/tileuberdi-blinken-phone-call-2021/").content.decode()


def test_person_page_lists_positions_meetings_and_who_they_met(client, demo):
    html = client.get("/people/antony-blinken/").content.decode()
    assert "Secretary of State" in html
    assert "Phone call between Mukhtar Tileuberdi and Antony Blinken" in html
    assert 'href="/people/mukhtar-tileuberdi/"' in html


def test_country_page_lists_its_meetings_officials_and_timeline(client, demo):
    html = client.get("/countries/tm/").content.decode()
    assert "Rashid Meredov" in html
    assert "C5+1 ministerial meeting, Nur-Sultan" in html
    assert "timeline-svg" in html


def test_an_upper_case_country_code_redirects_to_the_lower_case_address(client, demo):
    response = client.get("/countries/KZ/")
    assert response.status_code == 301 and response["Location"] == "/countries/kz/"
    assert client.get("/countries/zz/").status_code == 404


def test_source_page_lists_the_facts_it_supports_with_quotes_but_not_the_full_text(client, demo):
    source = Source.objects.get(imported_from__startswith="004_")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Kazinform" in html
    assert "<mark>in the form of a video conference</mark>" in html
    assert "10th C5+1 high-level meeting (video conference)" in html
    paragraphs = [p for p in source.text.split("\n") if len(p) > 400]
    assert paragraphs and not any(p in html for p in paragraphs)


def test_topic_page_lists_its_meetings_with_the_citation_of_the_link(client, demo):
    html = client.get("/topics/covid-19/").content.decode()
    assert "10th C5+1 high-level meeting (video conference)" in html
    assert "<mark>joint efforts to respond to challenges during the spread of the COVID-19 pandemic</mark>" in html
    assert "Reported as discussed there" in html
    assert "Samarkand" not in html


def test_meeting_page_carries_schema_org_event_with_roles_and_citations(client, demo):
    data = jsonld(client.get(SESSION))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2023-07-27" and data["endDate"] == "2023-07-28"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    west = next(a for a in data["attendee"] if a["attendee"]["name"] == "Thomas West")
    assert west == {
        "@type": "Role",
        "roleName": "Special Representative for Afghanistan",
        "attendee": west["attendee"],
    }
    assert west["attendee"]["url"] == "http://testserver/people/thomas-west/"
    assert {c["headline"][:20] for c in data["citation"]} and len(data["citation"]) == 2


def test_calls_and_video_conferences_are_online_events(client, demo):
    for slug in ("tileuberdi-blinken-phone-call-2021", "c5-1-high-level-meeting-2021-04-23"):
        data = jsonld(client.get(f"/meetings/{slug}/"))
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"]["@type"] == "VirtualLocation"


def test_pages_carry_open_graph_tags_and_a_canonical_address(client, demo):
    html = client.get(SESSION + "?utm=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver{SESSION}">' in html
    assert '<meta property="og:title" content="C5+1 special session on Afghanistan, Astana">' in html
    assert '<meta property="og:type" content="article">' in html


def test_pages_answer_304_to_a_request_with_their_etag(client, demo):
    for url in ("/", "/meetings/", SESSION, "/people/kairat-umarov/", "/sitemap.xml"):
        first = client.get(url)
        assert first.has_header("ETag"), url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""


def test_record_pages_answer_304_when_not_modified_since(client, demo):
    first = client.get(SESSION)
    assert first.has_header("Last-Modified")
    assert client.get(SESSION, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(SESSION, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_an_approved_change_to_the_meeting_changes_its_etag_and_an_unapproved_one_does_not(client, demo):
    etag = client.get(SESSION)["ETag"]
    meeting = Meeting.objects.get(slug=SESSION.split("/")[2])
    Meeting.objects.filter(pk=meeting.pk).update(summary="A new summary.")
    assert client.get(SESSION, HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(meeting, note="The summary is shorter.")
    response = client.get(SESSION, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"A new summary." in response.content


def test_a_page_past_the_end_answers_404_with_a_clear_message(client, demo):
    response = client.get("/meetings/?page=99")
    assert response.status_code == 404
    assert "There is no such page of these meetings: page 99 is past the end." in response.content.decode()
    assert client.get("/meetings/?page=abc").status_code == 404
    assert client.get("/people/?page=0").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "&#x27;abc&#x27; is not a year"),
        ("year=12345", "&#x27;12345&#x27; is not a year"),
        ("country=zz", "No country &#x27;zz&#x27; in the published record"),
        ("kind=party", "No kind of meeting &#x27;party&#x27;"),
        ("topic=no-such-topic", "No topic &#x27;no-such-topic&#x27; in the published record"),
        ("person=nobody", "No person &#x27;nobody&#x27; in the published record"),
        ("topic=%3Cscript%3E", "No topic &#x27;&lt;script&gt;&#x27;"),
    ],
)
def test_a_malformed_filter_answers_400_naming_the_problem(client, demo, query, message):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="meeting-item"' not in html


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_meetings_people_sources_and_countries(client, demo):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/meetings/c5-1-ministerial-nur-sultan/" in xml
    assert "http://testserver/people/kairat-umarov/" in xml
    assert "http://testserver/countries/kz/" in xml
    assert xml.count("/sources/") == Source.objects.cited_in_published().count() + 1  # + the list


def test_meeting_feed_is_atom_with_every_published_meeting(client, demo):
    response = client.get("/feeds/meetings/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == 8
    assert "Nur-Sultan (now Astana)" in xml
