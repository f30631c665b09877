"""Every filter and ordering of the API, partial-date edge cases included."""

import pytest

from .conftest import results, slugs

pytestmark = pytest.mark.django_db

SESSION = "c5-1-special-session-afghanistan-astana-2023"  # July 27–28, 2023
WEST_UMAROV = "west-umarov-meeting-2023"  # unknown, on or before July 28, 2023
CALL = "tileuberdi-blinken-phone-call-2021"  # unknown, on or before April 28, 2021
SAMARKAND = "c5-1-ministerial-samarkand-2015"  # November 1, 2015
HIGH_LEVEL = "c5-1-high-level-meeting-2021-04-23"
ROUNDTABLE = "leaders-summit-on-climate-roundtable-2021"  # April 23, 2021; a Kazakh participant, no delegations
NUR_SULTAN = "c5-1-ministerial-nur-sultan"  # unknown, unbounded
BLINKEN = "c5-1-ministerial-astana-blinken"  # unknown, unbounded


def meetings(api, query):
    return set(slugs(api.get(f"/api/v1/meetings/?{query}")))


def test_a_year_covers_the_whole_year_both_ways(demo, api):
    assert meetings(api, "date_after=2023") == {SESSION}
    assert SESSION in meetings(api, "date_before=2023")
    assert meetings(api, "date_after=2023&date_before=2023") == {SESSION}


def test_a_meeting_matches_only_if_its_whole_range_lies_inside(demo, api):
    assert SESSION in meetings(api, "date_after=2023-07")
    assert SESSION in meetings(api, "date_after=2023-07-27")
    assert SESSION not in meetings(api, "date_after=2023-07-28")
    assert SESSION not in meetings(api, "date_before=2023-07-27")
    assert SESSION in meetings(api, "date_before=2023-07-28")
    assert meetings(api, "date_after=2023-08") == set()


def test_unknown_dates_match_no_date_filter(demo, api):
    for query in ("date_after=1900", "date_before=2100", "date_after=1900&date_before=2100"):
        found = meetings(api, query)
        assert NUR_SULTAN not in found and BLINKEN not in found
    assert WEST_UMAROV not in meetings(api, "date_after=1900")
    assert CALL not in meetings(api, "date_after=2021")


def test_an_on_or_before_date_matches_date_before_only_once_its_bound_is_inside(demo, api):
    assert CALL in meetings(api, "date_before=2021-04-28")
    assert CALL in meetings(api, "date_before=2021-05")
    assert CALL not in meetings(api, "date_before=2021-04-27")
    assert WEST_UMAROV in meetings(api, "date_before=2023")
    assert meetings(api, "date_before=2021-04-27") == {SAMARKAND, HIGH_LEVEL, ROUNDTABLE}
    assert meetings(api, "date_before=2021-04-22") == {SAMARKAND}
    assert meetings(api, "date_after=2021-04&date_before=2021-04") == {HIGH_LEVEL, ROUNDTABLE}


def test_country_matches_delegations_and_participants_in_any_case(demo, api):
    kazakh = meetings(api, "country=kz")
    assert kazakh == meetings(api, "country=KZ")
    assert ROUNDTABLE in kazakh  # only through its participant
    assert SAMARKAND in kazakh  # only through its delegation
    assert meetings(api, "country=fr") == set()


def test_person_topic_kind_and_series_filters(demo, api):
    assert meetings(api, "person=antony-blinken") == {BLINKEN, CALL}
    assert meetings(api, "person=nobody") == set()
    assert meetings(api, "topic=covid-19") == {HIGH_LEVEL}
    assert meetings(api, "kind=phone_call") == {CALL}
    assert meetings(api, "series=c5-1") == {SESSION, NUR_SULTAN, BLINKEN, SAMARKAND, HIGH_LEVEL}
    assert meetings(api, "series=c5-1&topic=covid-19&country=kz&date_after=2021") == {HIGH_LEVEL}


def test_text_search_finds_meetings_by_their_words(demo, api):
    assert meetings(api, "q=Samarkand") == {SAMARKAND}
    assert meetings(api, "q=Antarctica") == set()
    assert len(meetings(api, "q=")) == 8  # an empty query is no filter


def test_ordering_by_whitelisted_fields_both_ways(demo, api):
    titles = [m["title"] for m in results(api.get("/api/v1/meetings/?ordering=title"))]
    assert titles == sorted(titles)
    assert [m["title"] for m in results(api.get("/api/v1/meetings/?ordering=-title"))] == titles[::-1]
    oldest_first = slugs(api.get("/api/v1/meetings/?ordering=date"))
    assert oldest_first[:2] == [SAMARKAND, HIGH_LEVEL] or oldest_first[:2] == [SAMARKAND, ROUNDTABLE]
    assert oldest_first[3] == SESSION and set(oldest_first[4:]) == {NUR_SULTAN, BLINKEN, CALL, WEST_UMAROV}
    newest_first = slugs(api.get("/api/v1/meetings/?ordering=-date"))
    assert newest_first[0] == SESSION and set(newest_first[4:]) == {NUR_SULTAN, BLINKEN, CALL, WEST_UMAROV}
    people = [p["slug"] for p in results(api.get("/api/v1/people/?ordering=-name"))]
    assert people[0] == "thomas-west"


def test_people_filters(demo, api):
    def people(query):
        return set(slugs(api.get(f"/api/v1/people/?{query}")))

    assert people("country=us") == {"thomas-west", "david-hale", "antony-blinken"}
    assert people("q=Mukhriddin") == {"sirojiddin-muhriddin"}
    assert people("met=antony-blinken") == {"mukhtar-tileuberdi"}
    assert people("met=kairat-umarov") == {"thomas-west", "talgat-kaliyev"}
    assert people("met=nobody") == set()


def test_source_filters(demo, api):
    def sources(query):
        return {s["publisher"] for s in results(api.get(f"/api/v1/sources/?{query}"))}

    assert sources("publisher=kazinform") == {"Kazinform"}
    assert sources("published_after=2023") == {"UrduPoint News"}
    assert sources("published_before=2021-04") == {"Kazinform"}
    assert sources("published_before=2021-04-27") == set()
    assert sources("published_after=2021&published_before=2023-07-28") == {"Kazinform", "UrduPoint News"}
    assert len(results(api.get("/api/v1/sources/?published_after=1900"))) == 2  # unknown dates never match
    assert sources("q=Kazinform") == {"Kazinform"}


def test_citation_filters(demo, api):
    contradicting = results(api.get("/api/v1/citations/?stance=contradicts"))
    assert len(contradicting) == 3 and {c["stance"] for c in contradicting} == {"contradicts"}
    positions = results(api.get("/api/v1/citations/?target_type=position&person=kairat-umarov"))
    assert len(positions) == 2
    of_call = results(api.get(f"/api/v1/citations/?meeting={CALL}&page_size=200"))
    assert {c["target"]["meeting"] for c in of_call} == {CALL}
    assert {c["target"]["type"] for c in of_call} >= {"meeting", "participation", "meeting_topic", "outcome"}
    dates = results(api.get("/api/v1/citations/?field=date&page_size=200"))
    assert dates and {c["field"] for c in dates} == {"date"}


def test_organizations_and_countries_filters(demo, api):
    assert {o["slug"] for o in results(api.get("/api/v1/organizations/?kind=media"))} == {"kazinform", "urdupoint-news"}
    assert {o["slug"] for o in results(api.get("/api/v1/organizations/?country=us"))} == {"us-department-of-state"}
    assert {c["code"] for c in results(api.get("/api/v1/countries/?is_c5=false"))} == {"US"}
