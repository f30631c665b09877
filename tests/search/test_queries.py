"""What each query finds on the demo corpus: the search page's meetings, people and sources, the same on
SQLite and PostgreSQL (run the file on both), and the API's filters find the same records.

Sources are named by their seed article (events/demo/articles/NNN_…): 000 UrduPoint (the special
session, Tokayev), 001 the undated report (West, Umarov), 002 the Nur-Sultan meeting (Hale, Samarkand),
003 Blinken in Astana (Samarqand), 004 Kazinform (NUR-SULTAN, Tileuberdi, Blinken, Tokayev).
"""

import re

import pytest

from events.models import PublishedMeeting, PublishedPerson, PublishedReference
from events.published import search
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db

SPECIAL = "c5-1-special-session-afghanistan-astana-2023"
WEST = "west-umarov-meeting-2023"
NUR_SULTAN = "c5-1-ministerial-nur-sultan"
ASTANA = "c5-1-ministerial-astana-blinken"
SAMARKAND = "c5-1-ministerial-samarkand-2015"
TENTH = "c5-1-high-level-meeting-2021-04-23"
CALL = "tileuberdi-blinken-phone-call-2021"
ROUNDTABLE = "leaders-summit-on-climate-roundtable-2021"
IN_ASTANA = {SPECIAL, ASTANA, NUR_SULTAN}  # Astana, called Nur-Sultan 2019–2022
ALL_MEETINGS = {SPECIAL, WEST, NUR_SULTAN, ASTANA, SAMARKAND, TENTH, CALL, ROUNDTABLE}
ALL_SOURCES = {"000", "001", "002", "003", "004"}

# (query, meetings, people, sources): exactly what the search page lists of each kind.
FINDS = [
    # The queries of issue #20: quoted, OR, Cyrillic, another spelling, a meeting by its participant.
    ('"Nur-Sultan"', IN_ASTANA, set(), {"002", "004"}),
    ("Blinken OR Hale", {ASTANA, CALL, NUR_SULTAN}, {"antony-blinken", "david-hale"}, {"002", "003", "004"}),
    ("Астана", IN_ASTANA, set(), {"000", "001", "003"}),
    ("Блинкен", {ASTANA, CALL}, {"antony-blinken"}, {"003", "004"}),
    ("Токаев", set(), set(), {"000", "004"}),
    ("Samarqand", {SAMARKAND}, set(), {"002", "003"}),
    ("Hale", {NUR_SULTAN}, {"david-hale"}, {"002"}),
    ("Astana -Blinken", {SPECIAL, NUR_SULTAN}, set(), {"000", "001"}),
    # A place by every name it has had, in every spelling and script.
    ("Nur-Sultan", IN_ASTANA, set(), {"002", "004"}),
    ("Нур-Султан", IN_ASTANA, set(), {"002", "004"}),
    ("Nursultan", IN_ASTANA, set(), {"002", "004"}),
    ("Astana", IN_ASTANA, set(), {"000", "001", "003"}),
    ("Samarkand", {SAMARKAND}, set(), {"002", "003"}),
    ("Самарканд", {SAMARKAND}, set(), {"002", "003"}),
    ("Самарқанд", {SAMARKAND}, set(), {"002", "003"}),
    ("Almaty", {SPECIAL}, set(), {"000", "001"}),
    ("Алматы", {SPECIAL}, set(), {"000", "001"}),
    # A name in Latin and Cyrillic and their transliterations, in any case.
    ("Tokayev", set(), set(), {"000", "004"}),
    ("Toqaev", set(), set(), {"000", "004"}),
    ("Tokaev", set(), set(), {"000", "004"}),
    ("Тоқаев", set(), set(), {"000", "004"}),
    ("Blinken", {ASTANA, CALL}, {"antony-blinken"}, {"003", "004"}),
    ("blinken", {ASTANA, CALL}, {"antony-blinken"}, {"003", "004"}),
    ("BLINKEN", {ASTANA, CALL}, {"antony-blinken"}, {"003", "004"}),
    ("Umarov", {SPECIAL, WEST}, {"kairat-umarov"}, {"000", "001"}),
    ("Умаров", {SPECIAL, WEST}, {"kairat-umarov"}, {"000", "001"}),
    ("West", {SPECIAL, WEST}, {"thomas-west"}, {"000", "001"}),
    ("Уэст", {SPECIAL, WEST}, {"thomas-west"}, {"000", "001"}),
    ("Kaliev", {SPECIAL}, {"talgat-kaliyev"}, {"000", "001"}),
    ("Mukhriddin", {NUR_SULTAN}, {"sirojiddin-muhriddin"}, {"002"}),  # an alias; the article writes Muhriddin
    ("Мухриддин", {NUR_SULTAN}, {"sirojiddin-muhriddin"}, {"002"}),
    ("Kamilov OR Komilov", {NUR_SULTAN}, {"abdulaziz-kamilov"}, {"002"}),
    ("Türkmenistan", IN_ASTANA | {SAMARKAND}, {"rashid-meredov"}, {"000", "001", "002", "003"}),
    ("Oʻzbekiston", IN_ASTANA | {SAMARKAND}, {"abdulaziz-kamilov"}, {"000", "001", "002", "003"}),
    (
        "Қазақстан",
        ALL_MEETINGS,
        {"beibut-atamkulov", "kairat-umarov", "magzum-mirzagaliyev", "mukhtar-tileuberdi", "talgat-kaliyev"},
        ALL_SOURCES,
    ),  # fmt: skip
    # Phrases: the words in that order; a word with punctuation inside is one.
    ('"joint statement"', {NUR_SULTAN}, set(), {"002"}),
    ('"statement joint"', set(), set(), set()),
    ('"Deputy Foreign Minister"', {SPECIAL, WEST}, set(), {"000", "001"}),
    ('"Antony J. Blinken"', {ASTANA, CALL}, {"antony-blinken"}, {"003"}),
    ('"C5+1" Samarkand', {SAMARKAND}, set(), {"002", "003"}),
    ("COVID-19", {TENTH}, set(), {"004"}),
    # Every word must match; OR; a word left out, a phrase left out.
    ("Blinken Hale", set(), set(), set()),
    ("Tileuberdi OR Mirzagaliyev", {TENTH, CALL, ROUNDTABLE}, {"mukhtar-tileuberdi", "magzum-mirzagaliyev"}, {"004"}),
    ("security -Afghanistan", {SAMARKAND}, set(), set()),
    ('"Astana" -"Nur-Sultan"', set(), set(), {"000", "001", "003"}),
    ("humanitarian Afghanistan -Astana", {WEST}, set(), {"004"}),
    # Topics, outcomes and dates of meetings; words as written, not stemmed.
    ("climate", {TENTH, ASTANA, SAMARKAND, CALL, ROUNDTABLE}, set(), {"004"}),
    ("2015", {SAMARKAND}, set(), ALL_SOURCES),
    ("Afghan", {WEST}, set(), {"000"}),
    ("Blinkens", set(), set(), set()),
    ("Tashkent", set(), set(), set()),
]

# (query, what the reader is told): answered 400 with the page and the message.
REFUSED = [
    ("-Blinken", "only leaves things out"),
    ('"Nur-Sultan', "quotation mark is not closed"),
    ("Blinken OR", "OR goes between two words"),
    ("OR Hale", "OR goes between two words"),
    ("Blinken OR -Hale", "cannot be one side of an OR"),
    ('Blinken ""', "no words between a pair of quotation marks"),
    ("?!", "nothing to search for"),
    ("Blinken " * 30, "at most 200 characters"),
    (" ".join(f"w{n}" for n in range(13)), "at most 12 words or phrases"),
]


def article(name):
    """The seed article a source's title comes from."""
    starts = {"Representatives of five": "000", "Media reports say": "001", "Countries of Central Asia": "002",
              "US Secretary of State": "003", "Official representative": "004"}  # fmt: skip
    return next(key for start, key in starts.items() if name.startswith(start))


def listed(html, kind):
    section = re.search(rf'<section aria-labelledby="results-{kind}">(.*?)</section>', html, re.S)
    return re.findall(rf'<h3><a href="/{kind}/([^/]+)/">', section[1]) if section else []


def test_the_table_has_every_query_of_the_issue_and_forty_in_all():
    asked = {query for query, *_ in FINDS} | {query for query, _ in REFUSED}
    assert {'"Nur-Sultan"', "Blinken OR Hale", "Астана", "Блинкен", "Токаев", "Samarqand", "Hale"} <= asked
    assert any(query.startswith("-") or " -" in query for query in asked)
    assert len(FINDS) + len(REFUSED) >= 40


@pytest.mark.parametrize(("query", "meetings", "people", "sources"), FINDS)
def test_the_search_page_finds_what_each_query_must_and_nothing_else(client, demo, query, meetings, people, sources):
    articles = {r.slug: article(r.name) for r in PublishedReference.objects.filter(kind="source")}
    with reads_published_only():
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert set(listed(html, "meetings")) == meetings
    assert set(listed(html, "people")) == people
    assert {articles[pk] for pk in listed(html, "sources")} == sources
    if not (meetings or people or sources):
        assert "Nothing found for “" in html


@pytest.mark.parametrize(("query", "meetings", "people", "sources"), FINDS)
def test_the_api_filters_find_the_same_records(demo, query, meetings, people, sources):
    public_meetings = PublishedMeeting.objects.filter(is_retracted=False)
    public_people = PublishedPerson.objects.filter(is_retracted=False)
    public_sources = PublishedReference.objects.filter(kind="source", uses__gt=0)
    assert set(search.filter_meetings(public_meetings, query).values_list("slug", flat=True)) == meetings
    assert set(search.filter_people(public_people, query).values_list("slug", flat=True)) == people
    assert {article(name) for name in search.filter_sources(public_sources, query).values_list("name", flat=True)} == sources


@pytest.mark.parametrize(("query", "message"), REFUSED)
def test_a_query_that_cannot_be_read_is_a_400_that_says_why(client, demo, query, message):
    with reads_published_only():
        response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html and 'class="results"' not in html
    with pytest.raises(search.SearchError, match=message):
        search.filter_meetings(PublishedMeeting.objects.all(), query)
