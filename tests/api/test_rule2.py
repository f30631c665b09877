"""Rule 2: the API reads the published record only. Every endpoint runs without a query on a working
table, and drafts, unapproved edits and retracted records appear nowhere."""

import pytest

from events.models import Meeting
from events.published import publish
from tests.factories import (
    MeetingFactory,
    MeetingTopicFactory,
    OutcomeFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    SourceFactory,
    cite,
)
from tests.published_only import reads_published_only

from .conftest import QUOTES, results

pytestmark = pytest.mark.django_db

LISTS = ["meetings", "people", "countries", "topics", "organizations", "sources", "citations"]
DETAILS = [
    "/api/v1/meetings/c5-1-special-session-afghanistan-astana-2023/",
    "/api/v1/people/antony-blinken/",
    "/api/v1/countries/kz/",
    "/api/v1/topics/afghanistan/",
    "/api/v1/organizations/kazinform/",
    "/api/v1/sources/1/",
    "/api/v1/citations/1/",
]
FILTERED = [
    "/api/v1/meetings/?country=kz,us&person=Antony Blinken&topic=afghanistan&kind=ministerial&series=c5-1"
    "&date_after=2015&date_before=2024&q=Astana&ordering=date",
    "/api/v1/people/?country=us&met=kairat-umarov&q=West&ordering=-sort_name",
    "/api/v1/sources/?publisher=kazinform&published_after=2021&published_before=2022&q=Kazinform",
    "/api/v1/citations/?source=1&meeting=c5-1-special-session-afghanistan-astana-2023&fact=participant&stance=supports&field=role",
    "/api/v1/organizations/?kind=media&country=kz",
    "/api/v1/countries/?is_c5=true",
    "/api/v1/topics/?q=secur",
]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        *(f"/api/v1/{name}/" for name in LISTS),
        *(f"/api/v1/{name}/?format=csv&bom=1" for name in LISTS),
        *DETAILS,
        *FILTERED,
        "/api/v1/meetings/?person=nobody",
        "/api/v1/meetings/no-such-meeting/",
    ],
)
def test_every_endpoint_reads_the_published_record_only(demo, api, url):
    with reads_published_only():
        response = api.get(url)
    assert response.status_code in (200, 400, 404), response.content[:300]


def test_a_retraction_is_answered_from_the_published_record_only(demo, api):
    publish.retract(Meeting.objects.get(slug="c5-1-ministerial-nur-sultan"), reason="Withdrawn.")
    with reads_published_only():
        assert api.get("/api/v1/meetings/c5-1-ministerial-nur-sultan/").status_code == 410


@pytest.fixture
def hidden(db):
    """One published meeting beside records the public must never see, each named with a marker:
    a meeting never published, one retracted, a person never published and one retracted (both
    taking part in the published meeting), and an unapproved edit of the published meeting."""
    source = SourceFactory(title="Visible source")
    visible = MeetingFactory(title="Visible meeting", slug="visible-meeting")
    cite(visible, "kind", quote=QUOTES[1], source=source)
    shown = PersonFactory(name="Shown Person", slug="shown-person")
    cite(ParticipationFactory(meeting=visible, person=shown), "role", source=source)
    cite(MeetingTopicFactory(meeting=visible, topic__name="Visible meeting topic"), quote=QUOTES[2], source=source)
    draft_person = PersonFactory(name="hiddenpersondraft name", slug="hiddenpersondraft")
    cite(PositionFactory(person=draft_person, title="hiddenpersondraft position"), source=source)
    cite(ParticipationFactory(meeting=visible, person=draft_person, role="hiddenpersondraft role"), "role", source=source)
    gone_person = PersonFactory(name="hiddenpersongone name", slug="hiddenpersongone")
    cite(PositionFactory(person=gone_person, title="hiddenpersongone position"), source=source)
    cite(ParticipationFactory(meeting=visible, person=gone_person, role="hiddenpersongone role"), "role", source=source)
    meetings = {}
    for marker in ("hiddenmeetingdraft", "hiddenmeetinggone"):
        own = SourceFactory(title=f"{marker} source")
        meeting = MeetingFactory(title=f"{marker} title", slug=marker, summary=f"{marker} summary")
        cite(meeting, "kind", quote=QUOTES[1], source=own)
        cite(ParticipationFactory(meeting=meeting, person=shown, role=f"{marker} role"), "role", source=own)
        cite(MeetingTopicFactory(meeting=meeting, topic__name=f"{marker} topic"), quote=QUOTES[2], source=own)
        cite(OutcomeFactory(meeting=meeting, description=f"{marker} outcome"), quote=QUOTES[2], source=own)
        meetings[marker] = meeting
    publish.publish_all(meetings=[visible.pk, meetings["hiddenmeetinggone"].pk], people=[shown.pk, gone_person.pk])
    publish.retract(meetings["hiddenmeetinggone"], reason="Withdrawn.")
    publish.retract(gone_person, reason="Withdrawn.")
    Meeting.objects.filter(pk=visible.pk).update(summary="hiddenunapprovededit")
    return ["hiddenmeetingdraft", "hiddenmeetinggone", "hiddenpersondraft", "hiddenpersongone", "hiddenunapprovededit"]


@pytest.mark.parametrize(
    "url",
    [
        *(f"/api/v1/{name}/?page_size=200" for name in LISTS),
        *(f"/api/v1/{name}/?page_size=200&format=csv" for name in LISTS),
        "/api/v1/meetings/visible-meeting/",
        "/api/v1/people/shown-person/",
    ],
)
def test_hidden_records_and_their_facts_appear_nowhere(hidden, api, url):
    response = api.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for marker in hidden:
        assert marker not in content, f"{marker} leaked through {url}"


def test_the_published_meeting_shows_only_its_public_participant(hidden, api):
    meeting = api.get("/api/v1/meetings/visible-meeting/").json()
    assert [p["person"]["slug"] for p in meeting["participants"]] == ["shown-person"]
    shown = api.get("/api/v1/people/shown-person/").json()
    assert [m["meeting"]["slug"] for m in shown["meetings"]] == ["visible-meeting"]


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/meetings/hiddenmeetingdraft/", 404), ("/api/v1/people/hiddenpersondraft/", 404),
    ("/api/v1/meetings/hiddenmeetinggone/", 410), ("/api/v1/people/hiddenpersongone/", 410),
])  # fmt: skip
def test_a_hidden_record_is_not_found_or_gone_by_its_slug(hidden, api, url, status):
    assert api.get(url).status_code == status


def test_filters_refuse_hidden_records_as_unknown(hidden, api):
    for query in ("meetings/?person=hiddenpersondraft", "meetings/?person=hiddenpersongone", "people/?met=hiddenpersondraft"):
        assert api.get(f"/api/v1/{query}").status_code == 400
    assert [t["name"] for t in results(api.get("/api/v1/topics/"))] == ["Visible meeting topic"]
    assert [s["title"] for s in results(api.get("/api/v1/sources/"))] == ["Visible source"]
