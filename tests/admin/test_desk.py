"""The desk: an article read into a whole draft, saved cited in one transaction, or into additions to a
meeting the record already has."""

import datetime

import pytest
from django.urls import reverse

from c5site.records import Status
from events import workflow
from events.editing.desk import propose
from events.models import Citation, Meeting, Participation, Source
from events.published import reader
from people.models import Person
from tests.admin.conftest import make_user

pytestmark = pytest.mark.django_db

# Written for these tests: what was reported of the first C5+1 presidential summit.
SUMMIT = """Biden hosts first C5+1 summit with Central Asian leaders in New York

President Joe Biden met the presidents of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan in New York on Tuesday for the first C5+1 presidential summit, on the sidelines of the United Nations General Assembly.

Kazakhstan's President Kassym-Jomart Tokayev, Kyrgyzstan's President Sadyr Japarov, Tajikistan's President Emomali Rahmon, Turkmenistan's President Serdar Berdimuhamedov and Uzbekistan's President Shavkat Mirziyoyev took part in the summit with U.S. President Joe Biden.

The leaders discussed regional security, trade and climate change.

The leaders adopted a joint statement at the end of the summit.

The C5+1 format was founded in 2015 in Samarkand, where the foreign ministers of the six countries first met."""

PRESIDENTS = {
    "Joe Biden",
    "Kassym-Jomart Tokayev",
    "Sadyr Japarov",
    "Emomali Rahmon",
    "Serdar Berdimuhamedov",
    "Shavkat Mirziyoyev",
}


def summit_source():
    return Source.objects.create(
        title="Biden hosts first C5+1 summit", text=SUMMIT, published_on=datetime.date(2023, 9, 20), published_precision="day"
    )


def desk_url(source):
    return reverse("admin:events_source_desk", args=[source.pk])


def post_data(response):
    """What a browser sends for the desk page as rendered: every proposal as proposed."""
    data = {}
    forms = [response.context["meeting_form"]]
    for formset in response.context["formsets"].values():
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def test_the_summit_article_is_read_into_a_whole_draft_with_each_passage_located():
    source = summit_source()
    reading, match = propose(source)
    assert match is None
    facts = reading.facts
    assert facts["kind"].value == "summit"
    assert facts["format"].value == "in_person"
    assert str(facts["date"].value) == "September 19, 2023"  # "on Tuesday", counted from the 20th
    assert facts["place"].value[1] == "New York"
    people = {p.name: p for p in reading.participants if p.accepted}
    assert set(people) == PRESIDENTS
    assert people["Sadyr Japarov"].country == "KG" and "President" in people["Sadyr Japarov"].role
    assert {t.value for t in reading.topics} == {"Security", "Economy and trade", "Environment and climate"}
    assert [o.value for o in reading.outcomes] == ["joint_statement"]
    # Every passage is found in the article, as a citation will look for it.
    for fact in [*facts.values(), *reading.participants, *reading.topics, *reading.outcomes]:
        assert Citation(source=source, quote=fact.passage.quote).locate() is not None
    # The founding in Samarkand is another event: not this meeting's place or date.
    [founding] = [e for e in reading.other_events if "Samarkand" in e.passage.quote]
    assert founding.label == "the founding of the format" and not founding.is_meeting


def test_one_save_creates_the_draft_with_every_fact_cited_and_new_people_with_it(client):
    contributor = make_user("contributor", "contributor")
    client.force_login(contributor)
    source = summit_source()
    page = client.get(desk_url(source))
    assert page.status_code == 200
    data = post_data(page)
    data["_submit"] = "1"
    response = client.post(desk_url(source), data)
    assert response.status_code == 302, response.context and response.context["meeting_form"].errors
    meeting = Meeting.objects.get()
    assert meeting.status == Status.IN_REVIEW
    assert str(meeting.date) == "September 19, 2023" and meeting.place.name == "New York"
    assert meeting.uncited_facts() == []
    assert {p.person.name for p in meeting.participations.select_related("person")} == PRESIDENTS
    assert meeting.delegations.count() == 6  # the participants' countries, cited by their passages
    people = Person.objects.filter(name__in=PRESIDENTS)
    assert {p.status for p in people} == {Status.IN_REVIEW}  # submitted with the meeting
    assert all(p.uncited_facts() == [] for p in people)
    # One approval publishes the meeting and its new people; every fact is footnoted in the published record.
    editor = make_user("editor", "editor")
    workflow.approve(record=meeting, by=editor)
    document, _, _ = reader.meeting(meeting.slug)
    assert len(document["participants"]) == 6
    assert all(part["citations"] for part in document["participants"])
    assert all(t["citations"] for t in document["topics"]) and len(document["topics"]) == 3
    assert all(o["citations"] for o in document["outcomes"])
    assert {c["field"] for c in document["citations"]} >= {"kind", "date", "place", "format"}


def test_a_passage_not_in_the_article_refuses_the_whole_save_and_changes_nothing(client):
    client.force_login(make_user("contributor", "contributor"))
    source = summit_source()
    data = post_data(client.get(desk_url(source)))
    data["participants-2-quote"] = "Words this article never printed."
    response = client.post(desk_url(source), data)
    assert response.status_code == 200
    assert "does not occur in the source" in response.content.decode()
    assert not Meeting.objects.exists() and not Person.objects.exists() and not Citation.objects.exists()


def test_an_unreadable_date_is_refused_with_examples_and_changes_nothing(client):
    client.force_login(make_user("contributor", "contributor"))
    source = summit_source()
    data = post_data(client.get(desk_url(source)))
    data["date"] = "sometime soon"
    response = client.post(desk_url(source), data)
    assert "is not a date I can read" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_desk_shows_the_date_read_back_with_its_precision(client):
    client.force_login(make_user("contributor", "contributor"))
    page = client.get(desk_url(summit_source()))
    text = page.content.decode()
    assert "read as <strong>September 19, 2023</strong> · precision: day" in text
    check = client.get(reverse("admin:events_desk_date_check"), {"text": "July 2023"})
    assert check.json() == {"display": "July 2023", "precision": "month", "note": ""}
    assert client.get(reverse("admin:events_desk_date_check"), {"text": "no date"}).status_code == 400


# Written for this test: a second report of the demo's special session, dated, naming the same people.
SECOND_REPORT = """Central Asian envoys and U.S. representative discuss Afghanistan in Astana

Special Representative for Afghanistan Thomas West and Ambassador-at-Large of the Kazakh Foreign Ministry Talgat Kaliyev took part in the C5+1 special session on Afghanistan held in Astana on July 27-28.

The participants discussed humanitarian assistance to Afghanistan and regional security."""


def test_a_second_article_about_a_known_meeting_proposes_additions_with_its_date_not_a_new_meeting(client, demo):
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    meetings_before = Meeting.objects.count()
    editor = make_user("editor", "editor")
    client.force_login(editor)
    source = Source.objects.create(
        title="Envoys discuss Afghanistan", text=SECOND_REPORT, published_on=datetime.date(2023, 7, 29), published_precision="day"
    )
    page = client.get(desk_url(source))
    assert page.context["match"].meeting == meeting
    text = page.content.decode()
    assert "The record already has this meeting" in text
    assert page.context["meeting_form"]["date"].value() == "July 27–28, 2023"
    data = post_data(page)
    response = client.post(desk_url(source), data)
    assert response.status_code == 302
    assert Meeting.objects.count() == meetings_before  # never a duplicate
    meeting.refresh_from_db()
    cited_here = Citation.objects.filter(source=source)
    assert cited_here.filter(field="date", meeting=meeting).exists()  # a second source for its date
    assert cited_here.filter(participation__meeting=meeting).count() == 2  # for West and Kaliyev
    assert Participation.objects.filter(meeting=meeting).count() == 3  # nobody added twice
    assert meeting.last_changed_by == editor  # an edit of the working record, for review like any other
