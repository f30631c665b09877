"""Every filter: partial dates as ranges, several values as "any of", people by name or alias."""

import pytest

from tests.factories import PersonFactory

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


def test_an_on_or_before_date_matches_date_before_once_its_bound_is_inside(demo, api):
    assert CALL in meetings(api, "date_before=2021-04-28")
    assert CALL not in meetings(api, "date_before=2021-04-27")
    assert meetings(api, "date_before=2021-04-27") == {SAMARKAND, HIGH_LEVEL, ROUNDTABLE}
    assert meetings(api, "date_after=2021-04&date_before=2021-04") == {HIGH_LEVEL, ROUNDTABLE}


def test_country_matches_delegations_and_participants_in_any_case(demo, api):
    kazakh = meetings(api, "country=kz")
    assert kazakh == meetings(api, "country=KZ")
    assert ROUNDTABLE in kazakh  # only through its participant
    assert SAMARKAND in kazakh  # only through its delegation


def test_multi_valued_filters_match_any_of_their_values_comma_separated_or_repeated(demo, api):
    calls_or_summits = meetings(api, "kind=phone_call,special_session")
    assert calls_or_summits == {CALL, SESSION} | meetings(api, "kind=special_session")
    assert meetings(api, "kind=phone_call&kind=special_session") == calls_or_summits
    assert meetings(api, "kind=phone_call, special_session") == calls_or_summits
    both = meetings(api, "person=antony-blinken,thomas-west")
    assert both == meetings(api, "person=antony-blinken") | meetings(api, "person=thomas-west")
    assert meetings(api, "person=antony-blinken&person=thomas-west") == both
    assert meetings(api, "topic=covid-19,afghanistan") == meetings(api, "topic=covid-19") | meetings(api, "topic=afghanistan")
    assert meetings(api, "country=kz,us") == meetings(api, "country=kz") | meetings(api, "country=us")


def test_filters_of_different_parameters_all_apply(demo, api):
    assert meetings(api, "series=c5-1&topic=covid-19&country=kz&date_after=2021") == {HIGH_LEVEL}
    assert meetings(api, "person=antony-blinken&kind=phone_call") == {CALL}


def test_person_is_found_by_slug_exact_name_or_other_spelling_in_any_case(demo, api):
    by_slug = meetings(api, "person=antony-blinken")
    assert by_slug == {BLINKEN, CALL}
    assert meetings(api, "person=Antony Blinken") == by_slug
    assert meetings(api, "person=antony blinken") == by_slug
    assert meetings(api, "person=Antony J. Blinken") == by_slug
    muhriddin = meetings(api, "person=sirojiddin-muhriddin")
    assert muhriddin and meetings(api, "person=Sirojiddin Mukhriddin") == muhriddin


def test_an_alias_matches_as_a_whole_line_only(demo, api):
    response = api.get("/api/v1/meetings/?person=Antony J")
    assert response.status_code == 400 and "Antony J" in response.json()["errors"]["person"][0]


def test_a_name_two_people_share_is_refused_listing_both(demo, api):
    from events.published import publish  # noqa: PLC0415

    namesake = PersonFactory(name="Antony Blinken", sort_name="Blinken, Antony (2)", slug="antony-blinken-2")
    publish.publish_all(people=[namesake.pk])
    response = api.get("/api/v1/meetings/?person=Antony Blinken")
    assert response.status_code == 400
    [message] = response.json()["errors"]["person"]
    assert "antony-blinken (Antony Blinken)" in message and "antony-blinken-2 (Antony Blinken)" in message
    assert meetings(api, "person=antony-blinken-2") == set()  # the slug still says which


def test_text_search_finds_meetings_by_their_words(demo, api):
    assert meetings(api, "q=Samarkand") == {SAMARKAND}
    assert meetings(api, "q=Antarctica") == set()
    assert len(meetings(api, "q=")) == 8  # an empty query is no filter


def test_people_filters(demo, api):
    def people(query):
        return set(slugs(api.get(f"/api/v1/people/?{query}")))

    assert people("country=us") == {"thomas-west", "david-hale", "antony-blinken"}
    assert people("country=us,kg") == people("country=us") | people("country=kg")
    assert people("q=Mukhriddin") == {"sirojiddin-muhriddin"}
    assert people("met=antony-blinken") == {"mukhtar-tileuberdi"}
    assert people("met=Antony J. Blinken") == {"mukhtar-tileuberdi"}
    assert people("met=kairat-umarov") == {"thomas-west", "talgat-kaliyev"}
    ascending = slugs(api.get("/api/v1/people/?ordering=sort_name"))
    assert ascending == slugs(api.get("/api/v1/people/")) and ascending[0] == "chingiz-aidarbekov"
    assert slugs(api.get("/api/v1/people/?ordering=-sort_name")) == ascending[::-1]


def test_source_filters(demo, api):
    def sources(query):
        return {s["publisher"] for s in results(api.get(f"/api/v1/sources/?{query}"))}

    assert sources("publisher=kazinform") == {"Kazinform"}
    assert sources("publisher=kazinform,urdupoint-news") == {"Kazinform", "UrduPoint News"}
    assert sources("published_after=2023") == {"UrduPoint News"}
    assert sources("published_before=2021-04") == {"Kazinform"}
    assert sources("published_before=2021-04-27") == set()
    assert len(results(api.get("/api/v1/sources/?published_after=1900"))) == 2  # unknown dates never match
    assert sources("q=Kazinform") == {"Kazinform"}


def test_citation_filters(demo, api):
    contradicting = results(api.get("/api/v1/citations/?stance=contradicts"))
    assert contradicting and {c["stance"] for c in contradicting} == {"contradicts"}
    positions = results(api.get("/api/v1/citations/?fact=position&person=kairat-umarov"))
    assert len(positions) == 2 and {c["record"]["slug"] for c in positions} == {"kairat-umarov"}
    of_call = results(api.get(f"/api/v1/citations/?meeting={CALL}&page_size=200"))
    assert {c["record"]["slug"] for c in of_call} == {CALL}
    assert {c["fact"] for c in of_call} >= {"meeting", "participant", "topic", "outcome"}
    two = results(api.get(f"/api/v1/citations/?meeting={CALL},{SESSION}&page_size=200"))
    assert {c["record"]["slug"] for c in two} == {CALL, SESSION}
    dates = results(api.get("/api/v1/citations/?field=date&page_size=200"))
    assert dates and {c["field"] for c in dates} == {"date"}


def test_organization_and_country_filters(demo, api):
    assert {o["slug"] for o in results(api.get("/api/v1/organizations/?kind=media"))} == {"kazinform", "urdupoint-news"}
    assert {o["slug"] for o in results(api.get("/api/v1/organizations/?country=us"))} == {"us-department-of-state"}
    assert {c["code"] for c in results(api.get("/api/v1/countries/?is_c5=false"))} == {"US"}
    assert len(results(api.get("/api/v1/countries/?is_c5=true"))) == 5
