"""Nothing an editor does to the working rows reaches the public until a second editor approves it.

On the demo corpus, each of the edits a newsroom makes (and that once went live at once) is made
through the admin as the editor or contributor would; every public page and API response is then
compared, byte for byte, with what it was before. Only the approval by another editor changes
them, and a changed fact is then listed on /corrections/ with the editor's note.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from events.models import (
    Citation,
    Meeting,
    PublishedCitation,
    PublishedMeeting,
    PublishedPerson,
    PublishedReference,
)
from people.models import Position
from tests.admin.conftest import form_data
from tests.published_only import reads_published_only

pytestmark = pytest.mark.django_db

MEETING = "c5-1-special-session-afghanistan-astana-2023"


def staff(name, role):
    user = User.objects.create_user(username=name, password="correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(demo, settings):
    settings.API_ANON_RATE = ""  # the snapshots read every response several times
    return {name: staff(name, role) for name, role in
            (("contributor", "contributor"), ("editor", "editor"), ("editor2", "editor"))}  # fmt: skip


def public_urls():
    """Every public page and API response of the published record, read from its index."""
    urls = ["/", "/meetings/", "/people/", "/sources/", "/topics/", "/countries/", "/corrections/", "/search/?q=Afghanistan",
            "/feeds/meetings/", "/feeds/corrections/", "/sitemap.xml",
            "/api/v1/meetings/", "/api/v1/people/", "/api/v1/citations/", "/api/v1/sources/", "/api/v1/topics/",
            "/api/v1/countries/", "/api/v1/organizations/", "/api/v1/meetings/?format=csv"]  # fmt: skip
    for slug in PublishedMeeting.objects.values_list("slug", flat=True):
        urls += [f"/meetings/{slug}/", f"/api/v1/meetings/{slug}/"]
    for slug in PublishedPerson.objects.values_list("slug", flat=True):
        urls += [f"/people/{slug}/", f"/api/v1/people/{slug}/"]
    for kind, slug in PublishedReference.objects.filter(uses__gt=0).values_list("kind", "slug"):
        if kind == "source":
            urls += [f"/sources/{slug}/", f"/api/v1/sources/{slug}/"]
        elif kind == "topic":
            urls += [f"/topics/{slug}/"]
        elif kind == "country":
            urls += [f"/countries/{slug}/"]
    for citation_id in PublishedCitation.objects.values_list("citation_id", flat=True):
        urls.append(f"/api/v1/citations/{citation_id}/")
    return urls


def snapshot():
    reader = Client()
    pages = {}
    with reads_published_only():
        for url in public_urls():
            response = reader.get(url)
            assert response.status_code in (200, 410), (url, response.status_code)
            pages[url] = response.content
    return pages


def changed(before, after):
    return sorted(url for url in before.keys() | after.keys() if before.get(url) != after.get(url))


def change(client, url, **values):
    """Post the admin change form at `url` as the browser would, with `values` changed."""
    data = form_data(client.get(url))
    data.update(values)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def admin_url(record, action="change"):
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_{action}", args=[record.pk])


def a_cited_topic_citation():
    meeting = Meeting.objects.get(slug=MEETING)
    return Citation.objects.filter(
        content_type=ContentType.objects.get(app_label="events", model="meetingtopic"),
        object_id__in=meeting.meeting_topics.values("pk"),
    ).first()


EDITS = {
    "a contributor deletes a cited citation": lambda desk: desk["contributor"].post(
        admin_url(a_cited_topic_citation(), "delete"), {"post": "yes"}
    ),
    "a contributor changes a citation's stance": lambda desk: change(
        desk["contributor"],
        admin_url(a_cited_topic_citation()),
        stance="contradicts",
        rank="deprecated",
        rank_reason="Contradicted.",
    ),
    "a contributor renames a position": lambda desk: change(
        desk["contributor"],
        admin_url(Position.objects.filter(person__slug="kairat-umarov").first()),
        title="Deputy Minister of Nothing",
    ),
    "a contributor renames a topic": lambda desk: change(
        desk["contributor"],
        admin_url(Meeting.objects.get(slug=MEETING).topics.first()),
        name="Renamed topic",
    ),
    "a contributor retitles a source and rewrites its text": lambda desk: change(
        desk["contributor"],
        admin_url(a_cited_topic_citation().source),
        title="A different headline",
        text="Nothing of what was quoted is left here.",
    ),
    "an editor changes a participant's role": lambda desk: change_role(desk["editor"], "Ambassador at large"),
}


def change_role(client, role):
    meeting = Meeting.objects.get(slug=MEETING)
    url = admin_url(meeting)
    data = form_data(client.get(url))
    participation = meeting.participations.order_by("pk").first()
    prefix = next(key[: -len("-id")] for key, value in data.items()
                  if key.endswith("-id") and str(value) == str(participation.pk) and "participation" in key)  # fmt: skip
    data[f"{prefix}-role"] = role
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return participation


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_unreviewed_edit_leaves_every_public_response_byte_for_byte_unchanged(desk, edit):
    before = snapshot()
    EDITS[edit](desk)
    assert changed(before, snapshot()) == []


def test_a_role_change_is_public_once_a_second_editor_approves_it_and_is_listed_as_a_correction(desk):
    before = snapshot()
    participation = change_role(desk["editor"], "Ambassador at large")
    meeting = participation.meeting
    review = admin_url(meeting, "review")
    assert (
        desk["editor"].post(review, {"_transition": "submit", "transition_comment": "Role as the article gives it."}).status_code
        == 302
    )
    # The editor who made the change may not approve it, even after a contributor touched the record.
    change(desk["contributor"], admin_url(meeting), title=meeting.title + ".")
    desk["editor"].post(review, {"_transition": "approve", "public_note": "Own approval."})
    assert changed(before, snapshot()) == []

    desk["contributor"].post(review, {"_transition": "submit", "transition_comment": "With a full stop."})
    response = desk["editor2"].post(review, {"_transition": "approve", "public_note": "The role was misread."})
    assert response.status_code == 302
    reader = Client()
    page = reader.get(f"/meetings/{meeting.slug}/").content.decode()
    assert "Ambassador at large" in page
    corrections = reader.get("/corrections/").content.decode()
    assert "The role was misread." in corrections and "Ambassador at large" in corrections
    assert f"/meetings/{meeting.slug}/" in changed(before, snapshot())
