"""A list item and an official's page read only what they show (events.published.reader): the
same values as the meeting resolved whole, without its other participants' people or its other
cited sources."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import MeetingFacet, PublishedMeeting, PublishedReference
from events.published import reader
from people.models import Person

pytestmark = pytest.mark.django_db


def _public_ids():
    return list(PublishedMeeting.objects.filter(is_retracted=False).order_by("-sort_key").values_list("meeting_id", flat=True))


def _loaded(monkeypatch):
    """Every {kind: ids} a Names was asked to load, recorded."""
    asked = []
    load_ids = reader.Names.load_ids

    def record(self, wanted):
        asked.append({kind: set(ids) for kind, ids in wanted.items() if ids})
        return load_ids(self, wanted)

    monkeypatch.setattr(reader.Names, "load_ids", record)
    return asked


def _cited(citations):
    return [(c["quote"], c["source"]["id"], c["source"]["title"], c["source"]["page_url"]) for c in citations]


def test_a_listed_meeting_shows_what_the_whole_one_does(demo):
    ids = _public_ids()
    whole = reader.meetings(ids)
    listed = reader.listed_meetings(ids)
    assert [m["id"] for m in listed] == [m["id"] for m in whole] and len(listed) > 5
    for short, full in zip(listed, whole, strict=True):
        for field in ("slug", "title", "url", "kind_display", "date_display", "place_display", "date"):
            assert short[field] == full[field], field
        assert (short["place"] or {}).get("url") == (full["place"] or {}).get("url")
        assert [t["topic"]["url"] for t in short["topics"]] == [t["topic"]["url"] for t in full["topics"]]
        assert short["fact"] is None


def test_a_listed_meeting_cites_the_fact_of_its_topic_page(demo):
    topic = PublishedReference.objects.get(kind="topic", slug="covid-19")
    ids = list(MeetingFacet.objects.filter(facet=f"topic:{topic.object_id}").values_list("meeting_id", flat=True))
    [full] = reader.meetings(ids)
    [short] = reader.listed_meetings(ids, fact=("topic", topic.object_id))
    [entry] = [t for t in full["topics"] if t["topic"]["id"] == topic.object_id]
    assert short["fact"]["topic"]["name"] == entry["topic"]["name"]
    assert _cited(short["fact"]["citations"]) == _cited(entry["citations"]) != []


def test_a_list_loads_no_participant_and_no_cited_source(client, demo, monkeypatch):
    asked = _loaded(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/meetings/").status_code == 200
    assert asked and all(not ({"person", "source", "organization"} & kinds.keys()) for kinds in asked)
    assert not any("publishedperson" in query["sql"] for query in queries.captured_queries)


def test_an_officials_page_shows_their_roles_as_the_whole_meeting_does(demo, monkeypatch):
    person = Person.objects.get(slug="thomas-west")
    ids = list(MeetingFacet.objects.filter(facet=f"person:{person.pk}").values_list("meeting_id", flat=True))
    whole = reader.meetings(ids)
    asked = _loaded(monkeypatch)
    attended = reader.attended_meetings(ids, person.pk)
    for short, full in zip(attended, whole, strict=True):
        assert (short["title"], short["url"], short["date_display"]) == (full["title"], full["url"], full["date_display"])
        roles = [p for p in full["participants"] if p["person"]["id"] == person.pk]
        assert [(r["role"], _cited(r["citations"])) for r in short["roles"]] == [
            (r["role"], _cited(r["citations"])) for r in roles
        ]
        assert [(p["person"], p["country"]) for p in short["participants"]] == [
            (p["person"], p["country"]) for p in full["participants"]
        ]
    # The sources loaded are those of this official's participations, not the meetings' others.
    own = {c["source"] for m in ids for p in PublishedMeeting.objects.get(meeting_id=m).revision.document["participants"]
           if p["person"] == person.pk for c in p["citations"]}  # fmt: skip
    assert [kinds.get("source", set()) for kinds in asked][:1] == [own] and own


def test_the_api_person_gives_their_roles_without_loading_the_other_participants(client, demo, monkeypatch):
    person = Person.objects.get(slug="thomas-west")
    ids = list(MeetingFacet.objects.filter(facet=f"person:{person.pk}").order_by("-sort_key", "-meeting_id")
               .values_list("meeting_id", flat=True))  # fmt: skip
    expected = [(m["slug"], p["role"], p["country"]["code"]) for m in reader.meetings(ids)
                for p in m["participants"] if p["person"]["id"] == person.pk]  # fmt: skip
    asked = _loaded(monkeypatch)
    data = client.get("/api/v1/people/thomas-west/").json()
    assert [(m["meeting"]["slug"], m["role"], m["country"]) for m in data["meetings"]] == expected != []
    assert set().union(*(kinds.get("person", set()) for kinds in asked)) == {person.pk}


def test_a_country_page_counts_the_meetings_held_there_and_links_each_officials(client, demo):
    kz = PublishedReference.objects.get(kind="country", slug="kz").object_id
    places = {row.object_id for row in PublishedReference.objects.filter(kind="place") if row.data.get("country") == kz}
    held = sum(1 for row in PublishedMeeting.objects.filter(is_retracted=False).select_related("revision")
               if row.revision.document["place"] in places)  # fmt: skip
    html = client.get("/countries/kz/").content.decode()
    assert held and f"; {held} held there." in html
    assert '<a href="/meetings/?country=kz&amp;person=' in html
