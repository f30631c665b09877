"""The representation of DESIGN.md's "API representation (contract)", field by field, on the demo corpus."""

import pytest

from events.models import Citation

from .conftest import results, slugs

pytestmark = pytest.mark.django_db

SESSION = "c5-1-special-session-afghanistan-astana-2023"
SOURCE_KEYS = {"id", "title", "publisher", "published_on", "url"}
CITATION_KEYS = {"source", "quote", "field", "stance"}
MEETING_KEYS = {
    "slug", "title", "kind", "format", "series", "start_date", "end_date", "date_precision",
    "place", "participants", "topics", "outcomes", "citations", "url",
}  # fmt: skip


def assert_citation(citation):
    assert CITATION_KEYS <= citation.keys()
    assert SOURCE_KEYS <= citation["source"].keys()
    assert citation["stance"] in {"supports", "contradicts"}
    assert citation["quote"].strip()
    assert "text" not in citation["source"]


def all_citations(meeting):
    yield from meeting["citations"]
    for part in ("participants", "countries", "topics", "outcomes"):
        for item in meeting[part]:
            yield from item["citations"]


def get_meeting(api, slug):
    response = api.get(f"/api/v1/meetings/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_root_links_every_endpoint_the_schema_and_the_docs(demo, api):
    links = api.get("/api/v1/").json()
    for name in ("meetings", "people", "countries", "topics", "sources", "citations", "organizations"):
        assert links[name] == f"http://testserver/api/v1/{name}/"
    assert links["schema"].endswith("/api/schema/") and links["docs"].endswith("/api/docs/")
    assert links["popolo"].endswith("/api/v1/popolo/")


def test_the_meeting_list_is_paginated_and_carries_every_contract_field(demo, api):
    body = api.get("/api/v1/meetings/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 8 and body["next"] is None and body["previous"] is None
    for meeting in body["results"]:
        assert MEETING_KEYS <= meeting.keys()
        for citation in all_citations(meeting):
            assert_citation(citation)


def test_a_meeting_of_known_days_and_place_shows_each_fact_with_its_citations(demo, api):
    meeting = get_meeting(api, SESSION)
    assert meeting["title"] == "C5+1 special session on Afghanistan, Astana"
    assert (meeting["kind"], meeting["format"], meeting["series"]) == ("special_session", "in_person", "c5-1")
    assert (meeting["start_date"], meeting["end_date"], meeting["date_precision"]) == ("2023-07-27", "2023-07-28", "day")
    assert meeting["date_display"] == "July 27–28, 2023"
    assert meeting["place"] == {"name": "Astana", "name_as_reported": "Astana", "country": "KZ"}
    assert meeting["url"] == f"http://testserver/meetings/{SESSION}/"

    west = next(p for p in meeting["participants"] if p["person"]["slug"] == "thomas-west")
    assert west["person"] == {"slug": "thomas-west", "name": "Thomas West"}
    assert (west["role"], west["country"], west["disputed"]) == ("Special Representative for Afghanistan", "US", False)
    assert len(west["citations"]) == 2 and {c["field"] for c in west["citations"]} == {"role"}
    for citation in west["citations"]:
        assert_citation(citation)

    assert {t["slug"] for t in meeting["topics"]} >= {"afghanistan", "security", "human-rights"}
    afghanistan = next(t for t in meeting["topics"] if t["slug"] == "afghanistan")
    assert afghanistan["name"] == "Afghanistan"
    assert afghanistan["citations"][0]["quote"] == "the issue of stabilizing the situation in Afghanistan"
    assert {c["code"] for c in meeting["countries"]} == {"KZ", "KG", "TJ", "TM", "UZ", "US"}

    [outcome] = meeting["outcomes"]
    assert outcome["kind"] == "initiative" and outcome["amount"] is None and outcome["currency"] is None
    assert len(outcome["citations"]) == 2

    fields = {c["field"] for c in meeting["citations"]}
    assert fields == {"date", "place", "kind", "format", "summary"}
    date = [c for c in meeting["citations"] if c["field"] == "date"]
    assert {c["source"]["publisher"] for c in date} == {"UrduPoint News", None}
    urdupoint = next(c["source"] for c in date if c["source"]["publisher"])
    assert urdupoint["published_on"] == "2023-07-28" and urdupoint["url"] is None
    assert meeting["disputed_fields"] == []


def test_an_unknown_date_is_null_with_unknown_precision_and_a_former_place_name_is_kept(demo, api):
    meeting = get_meeting(api, "c5-1-ministerial-nur-sultan")
    assert (meeting["start_date"], meeting["end_date"], meeting["date_precision"]) == (None, None, "unknown")
    assert meeting["date_not_after"] is None and meeting["date_display"] == "date not reported"
    assert meeting["place"] == {"name": "Astana", "name_as_reported": "Nur-Sultan", "country": "KZ"}
    [statement] = meeting["outcomes"]
    assert statement["kind"] == "joint_statement"


def test_a_bounded_unknown_date_gives_its_bound_and_a_call_has_no_place_or_series(demo, api):
    meeting = get_meeting(api, "tileuberdi-blinken-phone-call-2021")
    assert (meeting["start_date"], meeting["date_precision"], meeting["date_not_after"]) == (None, "unknown", "2021-04-28")
    assert meeting["date_display"] == "on or before April 28, 2021"
    assert meeting["place"] is None and meeting["series"] is None
    assert (meeting["kind"], meeting["format"]) == ("phone_call", "phone")


def test_an_amount_is_an_exact_decimal_string_with_its_currency(demo, api):
    [funding] = get_meeting(api, "c5-1-ministerial-astana-blinken")["outcomes"]
    assert (funding["kind"], funding["amount"], funding["currency"]) == ("funding", "25000000.00", "USD")


def test_a_contradicted_fact_is_disputed_and_lists_every_citation_with_its_stance(demo, api):
    meeting = get_meeting(api, SESSION)
    umarov = next(p for p in meeting["participants"] if p["person"]["slug"] == "kairat-umarov")
    assert umarov["disputed"] is True
    assert sorted(c["stance"] for c in umarov["citations"]) == ["contradicts", "supports"]
    contradicting = next(c for c in umarov["citations"] if c["stance"] == "contradicts")
    assert contradicting["quote"] == "First Deputy Foreign Minister of Kazakhstan Kairat Umarov"
    assert "First Deputy" in contradicting["note"]

    person = api.get("/api/v1/people/kairat-umarov/").json()
    [position] = person["positions"]
    assert position["title"] == "First Deputy Minister of Foreign Affairs" and position["disputed"] is True
    assert sorted(c["stance"] for c in position["citations"]) == ["contradicts", "supports"]
    assert not any(p["disputed"] for p in api.get("/api/v1/people/antony-blinken/").json()["positions"])


def test_people_carry_their_positions_and_a_person_their_meetings(demo, api):
    people = results(api.get("/api/v1/people/"))
    assert len(people) == 12
    blinken = api.get("/api/v1/people/antony-blinken/").json()
    assert blinken["name"] == "Antony Blinken" and blinken["sort_name"] == "Blinken, Antony"
    assert blinken["aliases"] == ["Antony J. Blinken"] and blinken["country"] == "US"
    assert blinken["url"] == "http://testserver/people/antony-blinken/"
    [position] = blinken["positions"]
    assert position["title"] == "Secretary of State"
    assert position["organization"] == {"slug": "us-department-of-state", "name": "U.S. Department of State"}
    assert len(position["citations"]) == 2
    for citation in position["citations"]:
        assert_citation(citation)
    attended = {m["meeting"]["slug"]: m for m in blinken["meetings"]}
    assert set(attended) == {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}
    call = attended["tileuberdi-blinken-phone-call-2021"]
    assert call["role"] == "U.S. Secretary of State" and call["country"] == "US"
    assert call["meeting"]["date_display"] == "on or before April 28, 2021"
    assert_citation(call["citations"][0])


def test_countries_topics_and_organizations_are_listed_with_their_links(demo, api):
    countries = {c["code"]: c for c in results(api.get("/api/v1/countries/"))}
    assert set(countries) == {"KZ", "KG", "TJ", "TM", "UZ", "US"}
    assert countries["KZ"]["url"] == "http://testserver/countries/kz/" and countries["KZ"]["is_c5"] is True
    assert countries["US"]["is_c5"] is False
    assert api.get("/api/v1/countries/kz/").json()["name"] == "Kazakhstan"
    assert api.get("/api/v1/countries/KZ/").json()["name"] == "Kazakhstan"

    topics = {t["slug"]: t for t in results(api.get("/api/v1/topics/"))}
    assert topics["covid-19"]["name"] == "COVID-19" and topics["covid-19"]["meeting_count"] == 1
    assert topics["afghanistan"]["url"] == "http://testserver/topics/afghanistan/"
    assert api.get("/api/v1/topics/energy/").json()["meeting_count"] == 1

    organizations = {o["slug"]: o for o in results(api.get("/api/v1/organizations/"))}
    assert organizations["mfa-kazakhstan"]["kind"] == "ministry" and organizations["mfa-kazakhstan"]["country"] == "KZ"
    assert organizations["kazinform"]["kind"] == "media"
    assert api.get("/api/v1/organizations/us-department-of-state/").json()["country"] == "US"


def test_sources_list_the_facts_they_support_but_never_their_text(demo, api):
    response = api.get("/api/v1/sources/")
    sources = results(response)
    assert len(sources) == 5
    assert all("text" not in source for source in sources)
    assert "Special Representative for Afghanistan Thomas West attended the meeting on behalf" in response.content.decode()
    kazinform = next(s for s in sources if s["publisher"] == "Kazinform")
    assert kazinform["published_on"] == "2021-04-28" and kazinform["published_precision"] == "day"
    detail = api.get(f"/api/v1/sources/{kazinform['id']}/").json()
    assert detail["citation_count"] == len(detail["citations"]) > 0
    targets = {(c["target"]["type"], c["target"]["meeting"] or c["target"]["person"], c["field"]) for c in detail["citations"]}
    assert ("meeting", "c5-1-high-level-meeting-2021-04-23", "ordinal") in targets
    assert ("participation", "tileuberdi-blinken-phone-call-2021", "role") in targets
    assert ("position", "antony-blinken", "") in targets
    assert detail["page_url"] == f"http://testserver/sources/{kazinform['id']}/"
    total = sum(s["citation_count"] for s in sources)
    assert total == Citation.objects.public().count() == 148


def test_the_citations_endpoint_lists_every_public_citation_with_selectors_and_target(demo, api):
    body = api.get("/api/v1/citations/?page_size=200").json()
    assert body["count"] == Citation.objects.public().count() == 148
    first = body["results"][0]
    assert_citation(first)
    assert {"prefix", "suffix", "start", "end", "target"} <= first.keys()
    assert first["end"] > first["start"]
    contradicting = [c for c in body["results"] if c["stance"] == "contradicts"]
    assert {c["target"]["person"] for c in contradicting} == {"kairat-umarov"}
    one = api.get(f"/api/v1/citations/{first['id']}/").json()
    assert one == first


def test_the_meeting_list_is_newest_first_with_unknown_dates_last(demo, api):
    order = slugs(api.get("/api/v1/meetings/"))
    assert order[0] == SESSION
    assert order.index("c5-1-ministerial-samarkand-2015") < order.index("c5-1-ministerial-nur-sultan")
    assert set(order[-4:]) == {
        "c5-1-ministerial-nur-sultan", "c5-1-ministerial-astana-blinken",
        "tileuberdi-blinken-phone-call-2021", "west-umarov-meeting-2023",
    }  # fmt: skip
