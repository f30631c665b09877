"""Hostile text from a source or an editor is shown escaped: on pages, in feeds and in JSON-LD."""

import json
import re

import pytest

from events.models import Meeting
from tests.factories import PersonFactory, SourceFactory, cite, publish
from tests.site.conftest import full_meeting

pytestmark = pytest.mark.django_db

PAYLOAD = '</script><script>alert("x")</script>'


@pytest.fixture
def hostile(db):
    source = SourceFactory(
        title=f"Headline {PAYLOAD}",
        url="javascript:alert(1)",
        text=f"The article says {PAYLOAD} in a quote. Special Representative for Afghanistan Thomas West",
    )
    person = PersonFactory(name=f"Name {PAYLOAD}", slug="hostile-person", aliases=[PAYLOAD])
    meeting = full_meeting(1, person=person, source=source, title=f"Title {PAYLOAD}", summary=f"Summary {PAYLOAD} & more")
    cite(meeting, "summary", quote=f"says {PAYLOAD} in a quote", source=source, note=f"Note {PAYLOAD}")
    return publish(meeting)  # the public reads the published record


def scripts(html):
    return re.findall(r"<script[^>]*>", html)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/meetings/",
        "/meetings/meeting-number-1-published/",
        "/people/",
        "/people/hostile-person/",
        "/countries/kz/",
        "/topics/topic-1-published/",
        "/sources/",
        "/search/?q=Title",
        "/corrections/",
    ],
)
def test_hostile_text_is_escaped_on_pages(client, hostile, url):
    html = client.get(url).content.decode()
    assert "alert(" in html or url in ("/countries/kz/", "/corrections/", "/search/?q=Title")  # the text is shown…
    assert '<script>alert("x")' not in html  # …but never as markup
    assert all(tag == '<script type="application/ld+json">' for tag in scripts(html))


def test_source_page_escapes_the_title_and_drops_a_javascript_link(client, hostile):
    source = hostile.citations.first().source
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Headline &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "javascript:" not in html.replace("javascript:alert(1)</a>", "")
    assert 'href="javascript:' not in html


def test_json_ld_cannot_be_broken_out_of_and_still_reads_back_the_title(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["name"] == f"Title {PAYLOAD}"
    assert any(a["attendee"]["name"] == f"Name {PAYLOAD}" for a in data["attendee"])


def test_hostile_text_is_escaped_in_the_feed(client, hostile):
    xml = client.get("/feeds/meetings/").content.decode()
    assert "<script>" not in xml
    assert "Title &lt;/script&gt;&lt;script&gt;alert(" in xml


def test_hostile_search_query_is_echoed_escaped(client, hostile):
    html = client.get("/search/", {"q": PAYLOAD}).content.decode()
    assert '<script>alert("x")' not in html
    assert Meeting.objects.count() == 1
