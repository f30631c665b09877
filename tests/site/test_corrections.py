"""Corrections and retractions are public, dated, linkable, and in an Atom feed."""

import pytest
from django.contrib.contenttypes.models import ContentType

from events.models import Citation, Correction, Meeting, Participation
from tests.site.conftest import SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(unpublished):
    meeting = Meeting.objects.get(slug="c5-1-special-session-afghanistan-astana-2023")
    participation = Participation.objects.get(meeting=meeting, person__slug="kairat-umarov")
    citation = participation.citations.filter(stance=Citation.Stance.SUPPORTS).first()
    return Correction.objects.create(
        content_type=ContentType.objects.get_for_model(Participation),
        object_id=participation.pk,
        note="His role was first given as Ambassador; it is Deputy Foreign Minister.",
        citation=citation,
    )


def test_the_corrections_page_lists_corrections_and_retractions_with_stable_anchors(client, corrected, unpublished):
    text = client.get("/corrections/").content.decode()
    assert f'id="correction-{corrected.pk}"' in text
    assert "His role was first given as Ambassador" in text
    assert "Kairat Umarov at C5+1 special session on Afghanistan, Astana" in text
    assert f"“{corrected.citation.quote}”" in text
    assert corrected.created_at.strftime("%B %-d, %Y") in text
    assert "Retracted: Retracted meeting" in text and "No source confirms this meeting took place." in text
    assert "Misidentified official." in text
    # Neither a correction of a draft nor an editor's internal comment is public.
    assert SECRET not in text


def test_the_corrected_record_shows_the_correction_with_its_date(client, corrected):
    text = client.get("/meetings/c5-1-special-session-afghanistan-astana-2023/").content.decode()
    assert "His role was first given as Ambassador" in text
    assert f'datetime="{corrected.created_at.isoformat()}"' in text
    assert f'href="/corrections/#correction-{corrected.pk}"' in text


def test_the_corrections_feed_links_each_entry_to_its_anchor(client, corrected, unpublished):
    response = client.get("/feeds/corrections/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert f"http://testserver/corrections/#correction-{corrected.pk}" in xml
    assert "Retracted: Retracted meeting" in xml
    assert xml.count("<entry>") == 3
    assert SECRET not in xml
