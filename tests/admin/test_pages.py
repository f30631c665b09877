"""The editors' pages: the source page with highlights and suggestions, article upload, the review queue,
and every changelist and change form of the demo corpus within a bounded number of queries."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from c5site.records import Status
from events import workflow
from events.models import Meeting, Source
from tests.factories import MeetingFactory, PersonFactory, SourceFactory, cite

pytestmark = pytest.mark.django_db

# Fixed costs of an admin page (session, user, permissions, counts…) plus the page's own queries; a
# record's change page also builds its document and compares it with its current revision (a fixed
# number of queries per kind of fact). A page whose count grows with the number of rows it lists would
# exceed these on the demo corpus.
MAX_CHANGELIST_QUERIES = 30
MAX_CHANGE_FORM_QUERIES = 100


def admin_models():
    """The record's models in the admin (accounts are the administrators' and not an editor's)."""
    models = [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in ("events", "people")]
    return sorted(models, key=lambda item: item[0]._meta.label)


def test_every_changelist_and_change_form_of_the_demo_renders_for_an_editor_in_bounded_queries(
    demo, client_for, editor, django_assert_max_num_queries
):
    client = client_for(editor)
    checked = 0
    for model, model_admin in admin_models():
        opts = model._meta
        with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
            response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        for pk in model_admin.get_queryset(response.wsgi_request).values_list("pk", flat=True):
            with django_assert_max_num_queries(MAX_CHANGE_FORM_QUERIES):
                response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]))
            assert response.status_code == 200, (opts.label, pk)
            checked += 1
    assert checked > 150  # every meeting, person, source, citation, place… of the corpus


def test_add_forms_and_the_index_render_for_a_contributor(demo, client_for, contributor):
    client = client_for(contributor)
    for name in ("events_meeting_add", "events_source_add", "people_person_add", "events_source_import", "index"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200, name


def test_the_source_page_highlights_cited_passages_and_suggests_facts(demo, client_for, editor):
    source = Source.objects.get(imported_from__startswith="000_")
    response = client_for(editor).get(reverse("admin:events_source_change", args=[source.pk]))
    page = response.content.decode()
    assert page.count('<mark class="c5-cited"') >= 10
    assert "Special Representative for Afghanistan" in page
    labels = {(row["s"].kind, row["s"].label) for row in response.context["suggestion_rows"]}
    assert {("person", "Thomas West"), ("place", "Astana"), ("country", "Kazakhstan"), ("date", "July 28, 2023")} <= labels
    # "on Friday", in an article of Friday July 28, 2023, is that day; it is grouped with "28th July, 2023".
    date = next(row for row in response.context["suggestion_rows"] if row["s"].label == "July 28, 2023")
    assert {"28th July, 2023", "on Friday"} <= set(date["texts"]) | {date["s"].text}


def test_a_suggestion_starts_a_meeting_prefilled_with_the_fact_and_its_passage(demo, client_for, contributor):
    source = Source.objects.get(imported_from__startswith="000_")
    client = client_for(contributor)
    rows = client.get(reverse("admin:events_source_change", args=[source.pk])).context["suggestion_rows"]
    person = next(row for row in rows if row["s"].kind == "person" and row["s"].label == "Thomas West")
    url = urlparse(person["url"])
    assert url.path == reverse("admin:events_meeting_add")
    response = client.get(person["url"])
    participants = next(f for f in response.context["inline_admin_formsets"] if f.formset.model.__name__ == "Participation")
    initial = participants.formset.forms[0].initial
    assert initial["person"] == person["s"].target.pk
    assert initial["role"] == "Special Representative for Afghanistan"
    assert initial["cite_source"] == str(source.pk)
    assert "Thomas West attended the meeting on behalf of the US." in initial["cite_quote"]

    date = next(row for row in rows if row["s"].kind == "date" and row["s"].label == "July 28, 2023")
    response = client.get(date["url"])
    assert response.context["adminform"].form.initial["start_date"] == "2023-07-28"
    citations = next(f for f in response.context["inline_admin_formsets"] if f.formset.model.__name__ == "Citation")
    assert citations.formset.forms[0].initial["field"] == "date"
    assert parse_qs(urlparse(date["url"]).query)["cite_source"] == [str(source.pk)]


def test_a_suggestion_can_add_to_an_existing_draft(demo, client_for, contributor):
    draft = MeetingFactory(status=Status.DRAFT, title="Draft session")
    source = Source.objects.get(imported_from__startswith="000_")
    client = client_for(contributor)
    response = client.get(reverse("admin:events_source_change", args=[source.pk]), {"meeting": draft.pk})
    row = next(row for row in response.context["suggestion_rows"] if row["s"].kind == "country")
    assert urlparse(row["url"]).path == reverse("admin:events_meeting_change", args=[draft.pk])
    response = client.get(row["url"])
    delegations = next(f for f in response.context["inline_admin_formsets"] if f.formset.model.__name__ == "Delegation")
    assert delegations.formset.forms[-1].initial["country"] == str(row["s"].target.pk)


def test_uploading_articles_imports_them_and_refuses_bad_files_with_the_reason(client_for, contributor):
    client = client_for(contributor)
    good = SimpleUploadedFile("briefing.txt", b"date 2023-07-28\nEnvoys met\n\nThe envoys met in Astana on Friday.")
    binary = SimpleUploadedFile("scan.txt", b"\x00\x01\x02 not text")
    latin1 = SimpleUploadedFile("old.txt", "Caf\xe9 meeting".encode("latin-1"))
    response = client.post(reverse("admin:events_source_import"), {"files": [good, binary, latin1]}, follow=True)
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    source = Source.objects.get()
    assert (source.title, source.published_on, source.imported_from) == ("Envoys met", datetime.date(2023, 7, 28), "briefing.txt")
    assert ("success", f"Imported briefing.txt as source {source.pk}: Envoys met") in messages
    assert ("error", "Refused scan.txt: binary file (contains NUL bytes), not an article") in messages
    assert any(level == "error" and text.startswith("Refused old.txt: not UTF-8 text") for level, text in messages)

    again = SimpleUploadedFile("copy.txt", b"date 2023-07-28\nEnvoys met\n\nThe envoys met in Astana on Friday.")
    response = client.post(reverse("admin:events_source_import"), {"files": [again]}, follow=True)
    assert any("duplicate" in str(m) for m in response.context["messages"])
    assert Source.objects.count() == 1


def test_the_review_queue_shows_each_editor_their_work(client_for, contributor, editor, editor2):
    waiting = MeetingFactory(status=Status.DRAFT, title="Waiting for review", last_changed_by=contributor)
    cite(waiting, "kind", "C5+1 special session on Afghanistan")
    workflow.submit(record=waiting, by=contributor)
    edited = MeetingFactory(status=Status.IN_REVIEW, title="Edited by the editor", last_changed_by=editor)
    edited._history_user = editor  # as the admin saves it: kept in the history with its author
    edited.save()
    draft = MeetingFactory(status=Status.DRAFT, title="A contributor's draft", last_changed_by=contributor)
    sent_back = MeetingFactory(status=Status.DRAFT, title="Sent back", last_changed_by=contributor)
    workflow.submit(record=sent_back, by=contributor)
    workflow.request_changes(record=sent_back, by=editor, comment="Cite the date, please.")
    published = MeetingFactory(status=Status.DRAFT, title="Now public", last_changed_by=contributor)
    cite(published, "kind", "C5+1 special session on Afghanistan")
    workflow.submit(record=published, by=contributor)
    workflow.approve(record=published, by=editor2)
    PersonFactory(status=Status.IN_REVIEW, name="A person to review", last_changed_by=contributor)

    queue = client_for(editor).get(reverse("admin:index")).context
    page = client_for(editor).get(reverse("admin:index")).content.decode()
    assert "Awaiting my review" in page and "Waiting for review" in page

    from events.editing.views import review_queue  # noqa: PLC0415

    mine = review_queue(editor)
    assert [i.record.title if i.kind == "meeting" else i.record.name for i in mine.awaiting_review] == [
        "Waiting for review",
        "A person to review",
    ]
    assert [i.record.title for i in mine.waiting_for_others] == ["Edited by the editor"]
    assert [i.record.title for i in mine.recently_published] == ["Now public"]

    theirs = review_queue(contributor)
    assert theirs.awaiting_review == [] and not theirs.can_review
    assert [i.record.title for i in theirs.drafts] == [draft.title]
    assert [(i.record.title, i.comment, i.by) for i in theirs.changes_requested] == [
        ("Sent back", "Cite the date, please.", editor)
    ]
    assert dict((s, n) for s, _, n in theirs.counts["meetings"]) == {"draft": 2, "in_review": 2, "published": 1, "retracted": 0}
    assert queue is not None


def test_the_changelist_filter_counts_records_per_state(client_for, editor):
    MeetingFactory.create_batch(2, status=Status.DRAFT)
    MeetingFactory(status=Status.PUBLISHED)
    page = client_for(editor).get(reverse("admin:events_meeting_changelist")).content.decode()
    assert "draft (2)" in page and "published (1)" in page


def test_the_meeting_list_is_searchable_and_filterable(demo, client_for, editor):
    client = client_for(editor)
    response = client.get(reverse("admin:events_meeting_changelist"), {"q": "Samarkand"})
    assert [m.slug for m in response.context["cl"].result_list] == ["c5-1-ministerial-samarkand-2015"]
    response = client.get(reverse("admin:events_meeting_changelist"), {"status__exact": "draft"})
    assert list(response.context["cl"].result_list) == []
    assert Meeting.objects.count() == response.context["cl"].full_result_count


def test_autocomplete_finds_sources_and_people_for_the_citing_fields(demo, client_for, contributor):
    client = client_for(contributor)
    url = reverse("admin:autocomplete")
    found = client.get(url, {"term": "Astana", "app_label": "events", "model_name": "citation", "field_name": "source"})
    assert found.status_code == 200 and found.json()["results"]
    found = client.get(url, {"term": "West", "app_label": "events", "model_name": "participation", "field_name": "person"})
    assert [r["text"] for r in found.json()["results"]] == ["Thomas West"]


def test_the_source_page_of_an_uncited_source_offers_deletion(client_for, editor):
    source = SourceFactory()
    page = client_for(editor).get(reverse("admin:events_source_change", args=[source.pk])).content.decode()
    assert 'class="deletelink"' in page and "cannot be deleted" not in page
