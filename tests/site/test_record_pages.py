"""The record pages (events/site/records.py) show what a second editor approved, and nothing else.

A meeting, a person, a source and the corrections are read from the published record: an edit of
the working rows shows only once approved, an older revision stays readable at `?revision=N`, a
retraction answers 410 with its notice, and every page runs a bounded number of queries.
"""

import re

import pytest
from django.urls import reverse

from c5site.records import Status
from events import workflow
from events.models import Citation, PublishedCitation, Revision
from tests.factories import (
    SAMPLE_TEXT,
    DelegationFactory,
    MeetingFactory,
    MeetingTopicFactory,
    ParticipationFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    cite,
    publish,
)
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(db):
    return UserFactory(username="editor", role="editor"), UserFactory(username="editor2", role="editor")


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(
        status=Status.DRAFT, title="C5+1 special session on Afghanistan", slug="special-session", kind="special_session",
        start_date="2023-07-27", end_date="2023-07-28", date_precision="day", summary="They met on Afghanistan.",
    )  # fmt: skip
    source = SourceFactory(title="The ministry's report")
    cite(meeting, "kind", "C5+1 special session on Afghanistan", source=source)
    cite(meeting, "date", "July 27-28", source=source)
    cite(meeting, "summary", "special session on Afghanistan", source=source)
    participation = ParticipationFactory(meeting=meeting, person=PersonFactory(name="Thomas West", slug="thomas-west"),
                                         role="Special Representative for Afghanistan")  # fmt: skip
    cite(participation, "role", source=source)
    cite(participation, "role", "Thomas West attended the meeting", source=SourceFactory(title="A second report"))
    cite(DelegationFactory(meeting=meeting), quote="Central Asian countries", source=source)
    cite(MeetingTopicFactory(meeting=meeting, topic=TopicFactory(name="Security", slug="security")), quote="“security”",
         source=source)  # fmt: skip
    return meeting


def page(client, url):
    """The public page at `url`, asserting that it read the published record only."""
    with reads_published_only():
        return client.get(url)


def text(response):
    return response.content.decode()


def test_a_published_meeting_page_shows_its_facts_footnoted_to_the_passages_of_their_sources(client, meeting):
    publish(meeting)
    response = page(client, "/meetings/special-session/")
    html = text(response)
    assert response.status_code == 200
    for fact in ("Special session", "July 27–28, 2023", "Special Representative for Afghanistan", "Thomas West",
                 "Kazakhstan", "Security", "They met on Afghanistan."):  # fmt: skip
        assert fact in html
    role = Citation.objects.get(quote="Thomas West attended the meeting")
    # Each fact links to a numbered note; the note gives the quote in its context and the passage's anchor.
    numbers = re.findall(r'<a href="#fn-(\d+)" id="ref-\1-1"', html)
    assert numbers and all(f'id="fn-{n}"' in html for n in numbers)
    assert f'href="/sources/{role.source_id}/#citation-{role.pk}"' in html
    assert '<mark>Thomas West attended the meeting</mark><span class="context"> on behalf of the US.</span>' in html
    # One heading per source, its passages under it.
    assert html.count('class="footnote-source"') == 2
    assert response["Last-Modified"]
    assert '"@type": "Event"' in html and '"roleName": "Special Representative for Afghanistan"' in html


def test_a_contradicting_citation_is_marked_and_named_with_what_its_source_gives(client, meeting):
    participation = meeting.participations.get()
    cite(participation, "role", "Special Representative for Afghanistan Thomas West", stance="contradicts",
         reported_value="Special Envoy", source=SourceFactory(title="A dissenting report"))  # fmt: skip
    publish(meeting)
    html = text(page(client, "/meetings/special-session/"))
    assert 'class="fn fn-contra"' in html
    assert "Sources disagree: A dissenting report gives “Special Envoy”" in html


def test_an_edit_of_the_working_rows_shows_only_once_a_second_editor_approves_it(client, meeting, editors):
    publish(meeting)
    participation = meeting.participations.get()
    participation.role = "Special Envoy for Afghanistan"
    participation.save()
    removed = Citation.objects.get(quote="Thomas West attended the meeting")
    removed.delete()
    topic = meeting.meeting_topics.get().topic
    topic.name = "Regional security"
    topic.save()

    html = text(page(client, "/meetings/special-session/"))
    assert "Special Representative for Afghanistan" in html and "Special Envoy" not in html
    assert "<mark>Thomas West attended the meeting</mark>" in html
    assert ">Security<" in html and "Regional security" not in html

    editor, editor2 = editors
    meeting.refresh_from_db()
    workflow.submit(record=meeting, by=editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.approve(record=meeting, by=editor, note="The role as the ministry gave it.")  # four eyes
    workflow.approve(record=meeting, by=editor2, note="The role as the ministry gave it.")

    html = text(page(client, "/meetings/special-session/"))
    assert "Special Envoy for Afghanistan" in html
    assert "<mark>Thomas West attended the meeting</mark>" not in html
    assert "Regional security" in html
    assert "You are reading revision" not in html
    # The history lists both revisions; the corrections section says what changed.
    assert 'href="?revision=1"' in html and 'href="?revision=2"' in html
    corrections = html[html.index('id="corrections-heading"') :]
    assert "The role as the ministry gave it." in corrections
    assert "Special Representative for Afghanistan" in corrections and "Special Envoy for Afghanistan" in corrections

    old = page(client, "/meetings/special-session/?revision=1")
    html = text(old)
    assert old.status_code == 200
    assert "Special Representative for Afghanistan" in html and "Special Envoy for Afghanistan" not in html.split(
        'id="corrections-heading"')[0]  # fmt: skip
    assert "You are reading revision 1 of 2, approved" in html
    assert 'href="/meetings/special-session/">read the current one' in html


def test_a_retracted_meeting_answers_410_with_its_notice_and_never_its_facts(client, meeting, editors):
    publish(meeting)
    workflow.retract(record=meeting, by=editors[0], reason="The report described another meeting.")
    for url in ("/meetings/special-session/", "/meetings/special-session/?revision=1"):
        response = page(client, url)
        html = text(response)
        assert response.status_code == 410
        assert "The report described another meeting." in html and "This record was retracted" in html
        assert "Retracted on" in html
        assert "They met on Afghanistan." not in html and "Thomas West" not in html


@pytest.mark.parametrize("url", [
    "/meetings/no-such-meeting/", "/meetings/special-session/?revision=3", "/meetings/special-session/?revision=0",
    "/meetings/special-session/?revision=abc", "/meetings/special-session/?revision=-1", "/people/nobody/",
    "/people/thomas-west/?revision=9", "/people/thomas-west/?page=x", "/sources/999999/",
    "/corrections/?page=2", "/corrections/?page=0",
])  # fmt: skip
def test_an_unknown_record_revision_or_page_answers_404(client, meeting, url):
    publish(meeting)
    assert page(client, url).status_code == 404


def test_a_draft_meeting_has_no_public_page(client, meeting):
    assert page(client, "/meetings/special-session/").status_code == 404


def test_an_officials_page_lists_their_meetings_newest_first_a_page_at_a_time_in_bounded_queries(
    client, django_assert_max_num_queries
):
    person = PersonFactory(name="Busy Official", slug="busy-official", status=Status.DRAFT)
    source = SourceFactory()
    meetings = []
    for n in range(60):
        meeting = MeetingFactory(status=Status.DRAFT, title=f"Meeting {n:02d}", slug=f"meeting-{n:02d}",
                                 start_date=f"2020-01-{1 + n % 28:02d}" if n < 28 else f"2021-02-{1 + n % 28:02d}",
                                 date_precision="day")  # fmt: skip
        cite(meeting, "kind", source=source)
        participation = ParticipationFactory(meeting=meeting, person=person, role=f"Role {n:02d}")
        cite(participation, "role", source=source)
        DelegationFactory(meeting=meeting)
        meetings.append(meeting)
    publish(*meetings)

    pages = []
    for number in (1, 2, 3):
        with django_assert_max_num_queries(14):
            response = page(client, f"/people/busy-official/?page={number}")
        assert response.status_code == 200
        pages.append(re.findall(r'<a href="/meetings/(meeting-\d\d)/">', text(response)))
    assert [len(p) for p in pages] == [25, 25, 10]
    listed = [slug for p in pages for slug in p]
    assert len(set(listed)) == 60
    assert listed[0] == "meeting-55" and listed[-1] == "meeting-00"  # 2021-02-28 first, 2020-01-01 last
    html = text(page(client, "/people/busy-official/?page=1"))
    assert "Meetings 1–25 of 60, newest first." in html and 'href="?page=2#meetings"' in html
    assert "Role 55" in html
    assert page(client, "/people/busy-official/?page=4").status_code == 404


def test_an_officials_page_shows_positions_history_and_410_once_retracted(client, meeting, editors):
    publish(meeting)
    response = page(client, "/people/thomas-west/")
    html = text(response)
    assert response.status_code == 200
    assert "Thomas West" in html and "C5+1 special session on Afghanistan" in html
    assert 'href="?revision=1"' in html
    person = meeting.participations.get().person
    workflow.retract(record=person, by=editors[0], reason="Not the same official.")
    response = page(client, "/people/thomas-west/")
    assert response.status_code == 410 and "Not the same official." in text(response)


def test_a_sources_page_anchors_each_cited_passage_in_order_and_pages_past_fifty(client, meeting):
    source = Citation.objects.get(quote="July 27-28").source
    for n in range(55):  # distinct passages of the article's first sentence
        cite(meeting, "date", SAMPLE_TEXT[n : n + 30].strip(), source=source)
    publish(meeting)
    ids = list(PublishedCitation.objects.filter(source_id=source.pk).order_by("start", "citation_id")
               .values_list("citation_id", flat=True))  # fmt: skip
    assert len(ids) > 55
    first = page(client, f"/sources/{source.pk}/")
    html = text(first)
    assert first.status_code == 200 and "The ministry&#x27;s report" in html
    anchors = [int(pk) for pk in re.findall(r'id="citation-(\d+)"', html)]
    assert anchors == ids[:50]
    assert 'href="/meetings/special-session/"' in html
    assert "<mark>Representatives of five Centra</mark>" in html
    second = text(page(client, f"/sources/{source.pk}/?page=2"))
    assert [int(pk) for pk in re.findall(r'id="citation-(\d+)"', second)] == ids[50:]
    assert page(client, f"/sources/{source.pk}/?page=3").status_code == 404


def test_a_source_no_public_record_cites_has_no_page(client, meeting):
    unused = SourceFactory()
    publish(meeting)
    assert page(client, f"/sources/{unused.pk}/").status_code == 404


def test_the_corrections_page_lists_a_correction_with_its_note_and_what_changed(client, meeting, editors):
    publish(meeting)
    participation = meeting.participations.get()
    participation.role = "Special Envoy for Afghanistan"
    participation.save()
    meeting.refresh_from_db()
    workflow.submit(record=meeting, by=editors[0])
    workflow.approve(record=meeting, by=editors[1], note="The ministry corrected his title.")
    revision = Revision.objects.get(object_id=meeting.pk, number=2, content_type__model="meeting")
    assert revision.is_correction

    response = page(client, "/corrections/")
    html = text(response)
    assert response.status_code == 200
    entry = html[html.index(f'id="revision-{revision.pk}"') :]
    assert "The ministry corrected his title." in entry
    assert 'href="/meetings/special-session/"' in entry
    assert "Special Representative for Afghanistan" in entry and "Special Envoy for Afghanistan" in entry


def test_the_preview_renders_the_working_state_through_the_public_pages_builder(client, meeting, editors):
    publish(meeting)
    participation = meeting.participations.get()
    participation.role = "Special Envoy for Afghanistan"
    participation.save()
    client.force_login(editors[0])
    response = client.get(reverse("admin:events_meeting_preview", args=[meeting.pk]))
    html = text(response)
    assert response.status_code == 200
    assert "Preview — not public" in html
    assert reverse("admin:events_meeting_review", args=[meeting.pk]) in html
    assert "Special Envoy for Afghanistan" in html
    assert 'id="fn-1"' in html and "History" in html
    assert "no-cache" in response["Cache-Control"]
    # …while the public page still shows the approved role.
    assert "Special Envoy" not in text(page(client, "/meetings/special-session/"))


def test_the_preview_of_an_official_renders_the_working_state_with_the_banner(client, meeting, editors):
    publish(meeting)
    person = meeting.participations.get().person
    person.name = "Thomas J. West"
    person.save()
    client.force_login(editors[0])
    response = client.get(reverse("admin:people_person_preview", args=[person.pk]))
    html = text(response)
    assert response.status_code == 200
    assert "Preview — not public" in html and "Thomas J. West" in html
    assert 'href="/meetings/special-session/"' in html  # the meetings attended, as published
    assert "Thomas J. West" not in text(page(client, "/people/thomas-west/"))


def test_a_records_history_page_lists_its_revisions_each_linking_to_the_page_as_it_was(client, demo):
    from events.models import PublishedMeeting, PublishedPerson  # noqa: PLC0415

    meeting = PublishedMeeting.objects.first()
    person = PublishedPerson.objects.first()
    for url, record in ((f"/meetings/{meeting.slug}/history/", f"/meetings/{meeting.slug}/"),
                        (f"/people/{person.slug}/history/", f"/people/{person.slug}/")):  # fmt: skip
        page = client.get(url)
        assert page.status_code == 200
        assert f'href="{record}?revision=1"' in page.content.decode()
        assert client.get(f"{record}?revision=1").status_code == 200
    assert client.get("/meetings/no-such-meeting/history/").status_code == 404
