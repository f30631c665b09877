"""The defects issue #19 found on the editors' path, each fixed and kept fixed."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from c5site.text import normalize
from events.models import Citation, Meeting
from tests.admin.conftest import form_data, make_user
from tests.factories import CountryFactory, PersonFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_save_and_continue_after_a_prefilled_start_never_adds_the_prefilled_row_twice(client):
    client.force_login(make_user("contributor", "contributor"))
    source = SourceFactory(published_on=datetime.date(2023, 7, 28), published_precision="day")
    west = PersonFactory(name="Thomas West", country=CountryFactory(code="US"))
    quote = "Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US."
    params = {
        "cite_source": source.pk,
        "cite_quote": quote,
        "cite_kind": "person",
        "participant": west.pk,
        "participant_role": "Special Representative for Afghanistan",
    }
    add_url = reverse("admin:events_meeting_add") + "?" + urlencode(params)
    page = client.get(add_url)
    data = form_data(page)
    data.update(title="C5+1 special session", slug="c5-1-special-session", kind="special_session", _continue="1")
    response = client.post(add_url, data)
    assert response.status_code == 302
    assert "?" not in response["Location"]  # the prefill does not follow the editor to the saved meeting
    meeting = Meeting.objects.get()
    for _ in range(2):  # "Save and continue editing", twice, as an editor does
        page = client.get(response["Location"])
        response = client.post(response["Location"], {**form_data(page), "_continue": "1"})
        assert response.status_code == 302, page.context and page.context["adminform"].form.errors
    assert meeting.participations.count() == 1
    assert Citation.objects.filter(participation__meeting=meeting, source=source, quote=quote).count() == 1


def test_a_quote_not_found_gets_a_hint_of_whole_words_from_the_passage_it_belongs_to():
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    source = SourceFactory()
    citation = Citation(source=source, quote="Thomas West attended the summit on behalf of Kazakhstan")
    with pytest.raises(ValidationError) as refusal:
        citation.clean()
    hint = refusal.value.message_dict["quote"][0].split("Closest passage: “", 1)[1]
    assert "Thomas West attended the meeting" in hint
    first_word = hint.lstrip("…").split(" ", 1)[0]
    assert f" {first_word} " in f" {normalize(source.text)} "  # a whole word, not the tail of one


def test_a_quote_typed_inside_quotation_marks_is_stored_without_them(client, cited_meeting):
    client.force_login(make_user("contributor", "contributor"))
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    data = form_data(client.get(url))
    source = Citation.objects.filter(meeting=cited_meeting).first().source
    prefix = "events-citation-content_type-object_id"
    row = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"{prefix}-{row}-field": "place",
            f"{prefix}-{row}-source": source.pk,
            f"{prefix}-{row}-quote": "“met in the Kazakh capital of Astana”",
            f"{prefix}-{row}-stance": "supports",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Citation.objects.filter(meeting=cited_meeting, field="place").get().quote == "met in the Kazakh capital of Astana"


def test_after_a_refused_stale_save_the_heading_shows_the_saved_title(client, cited_meeting):
    first, second = make_user("editor", "editor"), make_user("editor2", "editor")
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    client.force_login(first)
    stale = form_data(client.get(url))
    client.force_login(second)
    client.post(url, {**form_data(client.get(url)), "title": "Saved by the second editor", "_continue": "1"})
    client.force_login(first)
    response = client.post(url, {**stale, "title": "Never saved", "_continue": "1"})
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    heading = response.content.decode().split("<h2>", 1)[1].split("</h2>", 1)[0]
    assert "Saved by the second editor" in heading and "Never saved" not in heading


def test_recently_published_lists_what_is_public_not_a_retracted_meeting(client, cited_meeting):
    from events import workflow  # noqa: PLC0415

    editor, editor2 = make_user("editor", "editor"), make_user("editor2", "editor")
    workflow.submit(record=cited_meeting, by=make_user("contributor", "contributor"))
    workflow.approve(record=cited_meeting, by=editor)
    client.force_login(editor2)
    queue = client.get(reverse("admin:index")).content.decode().split('id="queue-recently-published"', 1)[1]
    assert cited_meeting.title in queue
    workflow.retract(record=cited_meeting, by=editor2, reason="The report was withdrawn.")
    queue = client.get(reverse("admin:index")).content.decode().split('id="queue-recently-published"', 1)[1]
    assert cited_meeting.title not in queue.split("</section>", 1)[0]


def test_the_meeting_forms_rows_cite_the_article_the_editor_opened_unless_told_otherwise(client, cited_meeting):
    client.force_login(make_user("contributor", "contributor"))
    article = SourceFactory()
    client.get(reverse("admin:events_source_change", args=[article.pk]))
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    page = client.get(url)
    data = form_data(page)
    prefix = next(f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model.__name__ == "MeetingTopic")
    row = int(data[f"{prefix}-TOTAL_FORMS"]) - 1
    assert data[f"{prefix}-{row}-cite_source"] == article.pk  # no source to pick
    topic = TopicFactory(name="Security")
    data.update({f"{prefix}-{row}-topic": topic.pk, f"{prefix}-{row}-cite_quote": "The parties discussed “security”"})
    response = client.post(url, data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    assert Citation.objects.get(meeting_topic__topic=topic).source == article


def test_countries_represented_follow_from_the_participants(client, cited_meeting):
    client.force_login(make_user("contributor", "contributor"))
    participation = cited_meeting.participations.get()
    participation.country = CountryFactory(code="US")
    participation.save()
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    response = client.post(url, {**form_data(client.get(url)), "title": "C5+1 special session, Astana"})
    assert response.status_code == 302
    [delegation] = cited_meeting.delegations.all()
    assert delegation.country.code == "US"
    assert [c.quote for c in delegation.citations.all()] == [c.quote for c in participation.citations.all()]


def test_the_position_picker_offers_the_chosen_persons_positions_and_refuses_anothers(client, cited_meeting):
    from people.models import Position  # noqa: PLC0415

    client.force_login(make_user("contributor", "contributor"))
    participation = cited_meeting.participations.select_related("person").get()
    own = Position.objects.create(person=participation.person, title="Special Representative for Afghanistan")
    other = Position.objects.create(person=PersonFactory(name="David Hale"), title="Deputy Under Secretary of State")
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "events",
            "model_name": "participation",
            "field_name": "position",
            "person": participation.person_id,
            "term": "",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(own.pk)]
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    data = form_data(client.get(url))
    key = next(k for k in data if k.endswith("-person") and "participation" in k).replace("-person", "-position")
    response = client.post(url, {**data, key: other.pk})
    assert response.status_code == 200
    assert "is a position of David Hale" in response.content.decode()
    participation.refresh_from_db()
    assert participation.position is None


def test_a_date_typed_as_the_article_gives_it_fills_the_date_fields(client, cited_meeting):
    client.force_login(make_user("contributor", "contributor"))
    url = reverse("admin:events_meeting_change", args=[cited_meeting.pk])
    response = client.post(url, {**form_data(client.get(url)), "date_text": "July 27–28, 2023"})
    assert response.status_code == 302
    cited_meeting.refresh_from_db()
    assert str(cited_meeting.date) == "July 27–28, 2023" and cited_meeting.date_precision == "day"
    response = client.post(url, {**form_data(client.get(url)), "date_text": "in the summer, probably"})
    assert "not a date I can read" in response.content.decode()
    cited_meeting.refresh_from_db()
    assert str(cited_meeting.date) == "July 27–28, 2023"
