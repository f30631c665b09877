"""DESIGN.md's "API representation (contract)", field by field, on the demo corpus."""

import pytest

from events.models import PublishedCitation

from .conftest import results, slugs

pytestmark = pytest.mark.django_db

SESSION = "c5-1-special-session-afghanistan-astana-2023"
SOURCE_KEYS = {"id", "title", "publisher", "published_on", "url"}
CITATION_KEYS = {"source", "quote", "field", "stance", "rank", "before", "after"}
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


def get(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_root_links_every_endpoint_the_bulk_data_the_schema_and_the_docs(demo, api):
    links = get(api, "/api/v1/")
    for name in ("meetings", "people", "countries", "topics", "sources", "citations", "organizations"):
        assert links[name] == f"http://testserver/api/v1/{name}/"
    assert links["data"] == "http://testserver/data/"
    assert links["schema"].endswith("/api/schema/") and links["docs"].endswith("/api/docs/")
    assert links["popolo"].endswith("/api/v1/popolo/")


def test_the_meeting_list_is_paginated_and_carries_every_contract_field(demo, api):
    body = get(api, "/api/v1/meetings/")
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 8 and body["next"] is None and body["previous"] is None
    for meeting in body["results"]:
        assert MEETING_KEYS <= meeting.keys()
        for citation in all_citations(meeting):
            assert_citation(citation)


def test_a_meeting_of_known_days_and_place_shows_each_fact_with_its_citations_in_context(demo, api):
    meeting = get(api, f"/api/v1/meetings/{SESSION}/")
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

    assert {t["slug"] for t in meeting["topics"]} >= {"afghanistan", "security", "human-rights"}
    afghanistan = next(t for t in meeting["topics"] if t["slug"] == "afghanistan")
    assert afghanistan["name"] == "Afghanistan"
    assert afghanistan["citations"][0]["quote"] == "the issue of stabilizing the situation in Afghanistan"
    assert {c["code"] for c in meeting["countries"]} == {"KZ", "KG", "TJ", "TM", "UZ", "US"}

    [outcome] = meeting["outcomes"]
    assert outcome["kind"] == "initiative" and outcome["amount"] is None and outcome["currency"] is None

    date = [c for c in meeting["citations"] if c["field"] == "date"]
    assert {c["source"]["publisher"] for c in date} == {"UrduPoint News", None}
    urdupoint = next(c for c in date if c["source"]["publisher"])
    assert urdupoint["source"]["published_on"] == "2023-07-28" and urdupoint["source"]["url"] is None
    assert urdupoint["source"]["page_url"].startswith("http://testserver/sources/")
    assert urdupoint["quote"] in urdupoint["before"] + urdupoint["quote"] + urdupoint["after"]
    assert meeting["disputed_fields"] == []
    for citation in all_citations(meeting):
        assert_citation(citation)


def test_an_unknown_date_is_null_with_unknown_precision_and_a_former_place_name_is_kept(demo, api):
    meeting = get(api, "/api/v1/meetings/c5-1-ministerial-nur-sultan/")
    assert (meeting["start_date"], meeting["end_date"], meeting["date_precision"]) == (None, None, "unknown")
    assert meeting["date_not_after"] is None and meeting["date_display"] == "date not reported"
    assert meeting["place"] == {"name": "Astana", "name_as_reported": "Nur-Sultan", "country": "KZ"}


def test_a_bounded_unknown_date_gives_its_bound_and_a_call_has_no_place_or_series(demo, api):
    meeting = get(api, "/api/v1/meetings/tileuberdi-blinken-phone-call-2021/")
    assert (meeting["start_date"], meeting["date_precision"], meeting["date_not_after"]) == (None, "unknown", "2021-04-28")
    assert meeting["date_display"] == "on or before April 28, 2021"
    assert meeting["place"] is None and meeting["series"] is None


def test_an_amount_is_an_exact_decimal_string_with_its_currency(demo, api):
    [funding] = get(api, "/api/v1/meetings/c5-1-ministerial-astana-blinken/")["outcomes"]
    assert (funding["kind"], funding["amount"], funding["currency"]) == ("funding", "25000000.00", "USD")


def test_a_contradicted_fact_is_disputed_and_lists_every_citation_with_its_stance_and_rank(demo, api):
    meeting = get(api, f"/api/v1/meetings/{SESSION}/")
    umarov = next(p for p in meeting["participants"] if p["person"]["slug"] == "kairat-umarov")
    assert umarov["disputed"] is True
    assert sorted(c["stance"] for c in umarov["citations"]) == ["contradicts", "supports"]
    contradicting = next(c for c in umarov["citations"] if c["stance"] == "contradicts")
    assert contradicting["quote"] == "First Deputy Foreign Minister of Kazakhstan Kairat Umarov"
    assert contradicting["rank"] in {"preferred", "normal", "deprecated"}

    person = get(api, "/api/v1/people/kairat-umarov/")
    [position] = person["positions"]
    assert position["title"] == "First Deputy Minister of Foreign Affairs" and position["disputed"] is True


def test_people_carry_their_positions_and_a_person_their_meetings(demo, api):
    assert len(results(api.get("/api/v1/people/"))) == 12
    blinken = get(api, "/api/v1/people/antony-blinken/")
    assert blinken["name"] == "Antony Blinken" and blinken["sort_name"] == "Blinken, Antony"
    assert blinken["aliases"] == ["Antony J. Blinken"] and blinken["country"] == "US"
    assert blinken["url"] == "http://testserver/people/antony-blinken/"
    [position] = blinken["positions"]
    assert position["title"] == "Secretary of State"
    assert position["organization"] == {"slug": "us-department-of-state", "name": "U.S. Department of State"}
    for citation in position["citations"]:
        assert_citation(citation)
    attended = {m["meeting"]["slug"]: m for m in blinken["meetings"]}
    assert set(attended) == {"c5-1-ministerial-astana-blinken", "tileuberdi-blinken-phone-call-2021"}
    assert blinken["meeting_count"] == 2
    assert blinken["meetings_url"] == "http://testserver/api/v1/meetings/?person=antony-blinken"
    call = attended["tileuberdi-blinken-phone-call-2021"]
    assert call["role"] == "U.S. Secretary of State" and call["country"] == "US"
    assert call["meeting"]["date_display"] == "on or before April 28, 2021"
    assert_citation(call["citations"][0])


def test_countries_topics_and_organizations_are_those_the_record_shows(demo, api):
    countries = {c["code"]: c for c in results(api.get("/api/v1/countries/"))}
    assert set(countries) == {"KZ", "KG", "TJ", "TM", "UZ", "US"}
    assert countries["KZ"]["url"] == "http://testserver/countries/kz/" and countries["KZ"]["is_c5"] is True
    assert get(api, "/api/v1/countries/kz/")["name"] == get(api, "/api/v1/countries/KZ/")["name"] == "Kazakhstan"

    topics = {t["slug"]: t for t in results(api.get("/api/v1/topics/"))}
    assert topics["covid-19"]["name"] == "COVID-19" and topics["covid-19"]["meeting_count"] == 1
    assert topics["afghanistan"]["url"] == "http://testserver/topics/afghanistan/"

    organizations = {o["slug"]: o for o in results(api.get("/api/v1/organizations/"))}
    assert organizations["mfa-kazakhstan"]["kind"] == "ministry" and organizations["mfa-kazakhstan"]["country"] == "KZ"
    assert organizations["kazinform"]["kind"] == "media"


def test_sources_list_the_facts_they_support_but_never_their_text(demo, api):
    sources = results(api.get("/api/v1/sources/"))
    assert len(sources) == 5 and all("text" not in source for source in sources)
    kazinform = next(s for s in sources if s["publisher"] == "Kazinform")
    assert kazinform["published_on"] == "2021-04-28" and kazinform["published_precision"] == "day"
    detail = get(api, f"/api/v1/sources/{kazinform['id']}/")
    assert detail["citation_count"] == len(detail["citations"]) > 0
    facts = {(c["record"]["slug"], c["fact"], c["field"]) for c in detail["citations"]}
    assert ("c5-1-high-level-meeting-2021-04-23", "meeting", "ordinal") in facts
    assert ("tileuberdi-blinken-phone-call-2021", "participant", "role") in facts
    assert ("antony-blinken", "position", "") in facts
    assert sum(s["citation_count"] for s in sources) == PublishedCitation.objects.count() == 148


def test_the_citations_endpoint_lists_every_citation_with_its_fact_context_and_selectors(demo, api):
    body = get(api, "/api/v1/citations/?page_size=200")
    assert body["count"] == 148
    first = body["results"][0]
    assert_citation(first)
    assert {"exact", "prefix", "suffix", "start", "end", "fact", "label", "record"} <= first.keys()
    assert first["end"] > first["start"]
    contradicting = [c for c in body["results"] if c["stance"] == "contradicts"]
    assert contradicting and all("Kairat Umarov" in c["label"] for c in contradicting)
    assert get(api, f"/api/v1/citations/{first['id']}/") == first


def test_the_meeting_list_is_in_the_sites_documented_order(demo, api):
    order = slugs(api.get("/api/v1/meetings/"))
    assert order[0] == SESSION
    assert order.index("c5-1-ministerial-samarkand-2015") < order.index("c5-1-ministerial-nur-sultan")
    # Known only as "on or before" a day: sorted at that day, between the dated meetings.
    assert order.index("west-umarov-meeting-2023") < order.index("c5-1-ministerial-samarkand-2015")
    assert set(order[-2:]) == {"c5-1-ministerial-nur-sultan", "c5-1-ministerial-astana-blinken"}
    assert slugs(api.get("/api/v1/meetings/?ordering=-date")) == order
    assert slugs(api.get("/api/v1/meetings/?ordering=date")) == order[::-1]
