"""The public lists read the published record only, page at any depth in a fixed number of queries,
and refuse what they cannot read with a message."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection

from events.models import Meeting
from events.published import lists
from events.published import publish as publishing
from tests.factories import (
    CountryFactory,
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    TopicFactory,
    cite,
    publish,
)
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _meeting(title, slug, day, *, topic=None, person=None, country="KZ", cited=False, **fields):
    meeting = MeetingFactory(title=title, slug=slug, start_date=day, date_precision="day" if day else "unknown",
                             place=PlaceFactory(), place_name_reported="Astana", **fields)  # fmt: skip
    cite(meeting, "date")
    delegation = DelegationFactory(meeting=meeting, country=CountryFactory(code=country))
    if topic is not None:
        discussed = MeetingTopicFactory(meeting=meeting, topic=topic)
        if cited:
            cite(delegation)
            cite(discussed, quote="The parties discussed “security” and trade")
    if person is not None:
        ParticipationFactory(meeting=meeting, person=person, country=CountryFactory(code="US"))
    return meeting


@pytest.fixture
def record(db):
    """Three published meetings (one whose date is known only as "on or before July 28, 2023"), a draft,
    and an edit of a published meeting that nobody approved."""
    security = TopicFactory(name="Security", slug="security")
    blinken = PersonFactory(name="Antony Blinken", sort_name="Blinken, Antony", slug="antony-blinken",
                            aliases=["Antony J. Blinken"], country=CountryFactory(code="US"))  # fmt: skip
    astana = _meeting("Astana ministerial", "astana-ministerial", datetime.date(2023, 7, 27), topic=security, person=blinken)
    older = _meeting("Tashkent call", "tashkent-call", datetime.date(2022, 5, 1), country="UZ", kind=Meeting.Kind.PHONE_CALL)
    vague = _meeting("Vague meeting", "vague-meeting", None, date_not_after=datetime.date(2023, 7, 28), topic=security)
    publish(astana, older, vague)
    draft = _meeting(
        "Zqxdraft meeting",
        "zqxdraft-meeting",
        datetime.date(2024, 1, 1),
        topic=TopicFactory(name="Zqxdraft topic", slug="zqxdraft-topic"),
    )
    Meeting.objects.filter(pk=draft.pk).update(status="draft")
    Meeting.objects.filter(pk=older.pk).update(title="Zqxedited title")  # a working edit, not approved
    return {"astana": astana, "older": older, "vague": vague, "draft": draft, "security": security, "blinken": blinken}


def _titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


LIST_URLS = [
    "/", "/meetings/", "/meetings/?year=2023", "/meetings/?country=kz", "/meetings/?kind=ministerial",
    "/meetings/?topic=security", "/meetings/?person=antony-blinken", "/meetings/?series=c5-1", "/meetings/?place=astana",
    "/meetings/?year=2023&country=kz&topic=security", "/topics/", "/topics/security/", "/countries/", "/countries/kz/",
    "/people/", "/sources/", "/series/c5-1/", "/places/astana/", "/feeds/meetings/", "/feeds/corrections/", "/sitemap.xml",
]  # fmt: skip


@pytest.mark.parametrize("url", LIST_URLS)
def test_every_list_reads_only_the_published_record_and_shows_no_unapproved_edit(client, record, url):
    with reads_published_only():
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    text = response.content.decode()
    assert "Zqx" not in text


def test_the_meetings_list_is_newest_first_and_shows_the_approved_title(client, record):
    response = client.get("/meetings/")
    assert _titles(response) == ["Vague meeting", "Astana ministerial", "Tashkent call"]
    assert "3 meetings on record" in response.content.decode()


def test_a_meeting_only_possibly_in_the_year_is_listed_under_it_marked_uncertain(client, record):
    response = client.get("/meetings/?year=2023")
    html = response.content.decode()
    assert _titles(response) == ["Vague meeting", "Astana ministerial"]
    assert html.count('class="uncertain"') == 1
    assert "2 meetings match these filters" in html


def test_one_match_is_said_in_the_singular(client, record):
    html = client.get("/meetings/?year=2022").content.decode()
    assert "1 meeting matches these filters" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=KZ", ["Vague meeting", "Astana ministerial"]),
        ("kind=phone_call", ["Tashkent call"]),
        ("topic=security&year=2023", ["Vague meeting", "Astana ministerial"]),
        ("person=Antony J. Blinken", ["Astana ministerial"]),
        ("person=antony blinken&country=us", ["Astana ministerial"]),
        ("series=c5-1&place=astana&year=2022", ["Tashkent call"]),
    ],
)
def test_filters_intersect_their_facets(client, record, query, expected):
    assert _titles(client.get(f"/meetings/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "name"),
    [("year=20x3", "year"), ("year=123456", "year"), ("country=zz", "country"), ("kind=picnic", "kind"),
     ("topic=zqxdraft-topic", "topic"), ("person=nobody", "person"), ("series=nope", "series"), ("place=atlantis", "place")],
)  # fmt: skip
def test_an_invalid_filter_is_a_400_naming_the_parameter_and_shows_no_list(client, record, query, name):
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<code>{name}</code>" in html
    assert 'class="meeting-list"' not in html


def test_the_drop_downs_offer_only_values_with_meetings(client, record):
    html = client.get("/meetings/").content.decode()
    assert '<option value="2023">' in html and '<option value="2022">' in html and '<option value="2024">' not in html
    assert '<option value="phone_call">' in html and '<option value="summit">' not in html
    assert '<option value="zqxdraft-topic">' not in html


def test_a_page_past_the_end_or_not_a_page_is_a_404(client, record):
    assert client.get("/meetings/?page=2").status_code == 404
    assert client.get("/meetings/?page=zero").status_code == 404
    assert client.get("/people/?page=0").status_code == 404


def test_topics_list_and_page_show_public_topics_and_their_meetings(client, record):
    html = client.get("/topics/").content.decode()
    assert "Security" in html and "2 meetings" in html and "Zqxdraft" not in html
    response = client.get("/topics/security/")
    assert response.status_code == 200
    assert _titles(response) == ["Vague meeting", "Astana ministerial"]
    assert client.get("/topics/zqxdraft-topic/").status_code == 404
    assert client.get("/topics/nothing/").status_code == 404


def test_a_country_code_in_upper_case_redirects_and_an_unknown_one_is_a_404(client, record):
    response = client.get("/countries/KZ/")
    assert response.status_code == 301 and response["Location"] == "/countries/kz/"
    assert client.get("/countries/zz/").status_code == 404
    html = client.get("/countries/us/").content.decode()
    assert "Antony Blinken" in html
    assert client.get("/countries/").status_code == 200


def test_unknown_series_and_places_are_404(client, record):
    assert client.get("/series/nope/").status_code == 404
    assert client.get("/places/atlantis/").status_code == 404
    html = client.get("/places/astana/").content.decode()
    assert "Kazakhstan" in html and "Astana ministerial" in html


def test_people_and_sources_list_the_published_ones(client, record):
    html = client.get("/people/").content.decode()
    assert "Antony Blinken" in html and "1 meeting" in html
    assert "Article" in client.get("/sources/").content.decode()


def test_an_approved_edit_reaches_the_lists(client, record):
    publishing.publish(Meeting.objects.get(pk=record["older"].pk), note="Title corrected.")
    assert "Zqxedited title" in _titles(client.get("/meetings/"))


def test_the_feeds_list_published_meetings_and_retractions(client, record):
    xml = client.get("/feeds/meetings/").content.decode()
    assert "Astana ministerial" in xml and "Zqx" not in xml
    publishing.retract(record["astana"], reason="No source confirms it.")
    xml = client.get("/feeds/corrections/").content.decode()
    assert "Retracted: Astana ministerial" in xml and "No source confirms it." in xml
    assert "Astana ministerial" not in _titles(client.get("/meetings/"))


def test_a_topic_page_footnotes_that_each_meeting_discussed_it(client, db):
    topic = TopicFactory(name="Security", slug="security")
    publish(_meeting("Astana ministerial", "astana-ministerial", datetime.date(2023, 7, 27), topic=topic, cited=True))
    html = client.get("/topics/security/").content.decode()
    assert "Reported as discussed there" in html and "The parties discussed" in html
    html = client.get("/countries/kz/").content.decode()
    assert "Represented, as reported" in html


def test_the_navigation_names_every_section(client, record):
    html = client.get("/").content.decode()
    for label in ("Meetings", "People", "Countries", "Topics", "Sources", "Corrections", "Search", "Data/API"):
        assert f">{label}</a>" in html


# --- bounded at any depth --------------------------------------------------------------------------------


@pytest.fixture
def many(db):
    """120 published meetings in three countries and two topics, over 2015–2024."""
    topics = [TopicFactory(name="Security", slug="security"), TopicFactory(name="Trade", slug="trade")]
    person = PersonFactory(name="Antony Blinken", slug="antony-blinken", country=CountryFactory(code="US"))
    meetings = []
    for n in range(120):
        meeting = MeetingFactory(start_date=datetime.date(2015 + n % 10, 1 + n % 12, 1), date_precision="day",
                                 place=PlaceFactory(), kind=Meeting.Kind.MINISTERIAL)  # fmt: skip
        DelegationFactory(meeting=meeting, country=CountryFactory(code=("KZ", "UZ", "KG")[n % 3]))
        MeetingTopicFactory(meeting=meeting, topic=topics[n % 2])
        ParticipationFactory(meeting=meeting, person=person, country=CountryFactory(code="US"))
        meetings.append(meeting)
    publishing.publish_all(meetings=[m.pk for m in meetings], people=[person.pk])
    return meetings


PAGED = [
    ("/meetings/", 6), ("/meetings/?country=kz", 2), ("/meetings/?topic=security", 3), ("/meetings/?year=2019", 1),
    ("/meetings/?kind=ministerial", 6), ("/meetings/?person=antony-blinken", 6), ("/meetings/?place=astana", 6),
    ("/meetings/?country=kz&topic=security", 1), ("/meetings/?year=2016&country=uz&kind=ministerial", 1),
    ("/meetings/?series=c5-1&person=antony-blinken", 6), ("/topics/trade/", 3), ("/countries/kz/", 2),
    ("/series/c5-1/", 6), ("/places/astana/", 6), ("/people/", 1), ("/sources/", 1),
]  # fmt: skip


@pytest.mark.parametrize(("url", "last"), PAGED)
def test_every_list_and_filter_runs_a_bounded_number_of_queries_at_the_first_and_last_page(
    client, many, django_assert_max_num_queries, url, last
):
    joiner = "&" if "?" in url else "?"
    client.get(url)  # the values kept per record version
    with django_assert_max_num_queries(12):
        first = client.get(url)
    with django_assert_max_num_queries(12):
        deep = client.get(f"{url}{joiner}page={last}")
    assert first.status_code == deep.status_code == 200
    assert client.get(f"{url}{joiner}page={last + 1}").status_code == 404


def test_the_home_page_and_the_index_lists_run_a_bounded_number_of_queries(client, many, django_assert_max_num_queries):
    for url, most in (("/", 6), ("/topics/", 2), ("/countries/", 2), ("/feeds/meetings/", 5), ("/feeds/corrections/", 5),
                      ("/sitemap.xml", 2 * 7)):  # fmt: skip  # the sitemap: a count and a read per section
        with django_assert_max_num_queries(20):  # the whole-record counts, read once per record version
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_a_count_over_the_cap_is_said_as_more_than(client, many, monkeypatch):
    monkeypatch.setattr(lists, "COUNT_CAP", 50)
    monkeypatch.setattr(lists.Page.__init__, "__kwdefaults__", {"cap": 50, "noun": "meetings"})
    html = client.get("/meetings/?page=2").content.decode()
    assert "More than 50 meetings on record" in html


@pytest.mark.postgres
def test_a_one_facet_list_reads_the_facet_index(many):
    ids = lists.meeting_ids([f"country:{many[0].delegations.get().country_id}"])
    sql, params = ids[40:61].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "meetingfacet_order_idx" in plan, plan
    assert "Sort" not in plan, plan
