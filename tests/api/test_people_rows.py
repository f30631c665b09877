"""The people list is built from `.values()` rows (people/serializers.py person_rows); its
bytes are the same as those of PersonSerializer over the prefetched people it replaced."""

import io

import pytest
from django.core.management import call_command
from rest_framework import mixins
from rest_framework.test import APIRequestFactory

from people.api import PersonViewSet, people_for_api
from people.models import Person, Position

pytestmark = pytest.mark.django_db

QUERIES = [
    "page_size=200",
    "page_size=7&page=2",
    "page_size=50&ordering=-name",
    "page_size=50&country=kz",
    "page_size=200&format=csv",
]


class SerializerPersonViewSet(PersonViewSet):
    """The list as it was served before: DRF's ListModelMixin over PersonSerializer."""

    list = mixins.ListModelMixin.list

    def get_queryset(self):
        return people_for_api().order_by("sort_name", "name", "pk")


def served(viewset, query):
    request = APIRequestFactory().get(f"/api/v1/people/?{query}")
    response = viewset.as_view({"get": "list"})(request)
    response.render()
    assert response.status_code == 200, response.content[:300]
    return response


def assert_same_bytes():
    for query in QUERIES:
        rows, reference = served(PersonViewSet, query), served(SerializerPersonViewSet, query)
        assert rows.content == reference.content, query
        assert rows["ETag"] == reference["ETag"]
        assert (rows.get("X-Total-Count"), rows.get("Link")) == (reference.get("X-Total-Count"), reference.get("Link"))


def test_the_people_list_has_the_serializers_bytes_over_the_demo_corpus(demo):
    assert Position.objects.filter(citations__isnull=False).exists()
    assert_same_bytes()


def test_the_people_list_has_the_serializers_bytes_over_generated_people(db):
    call_command("generate_corpus", meetings=30, seed=5, stdout=io.StringIO())
    assert Person.objects.published().count() > 5
    assert Position.objects.filter(citations__isnull=False).count() > 5
    assert_same_bytes()


def test_odd_values_keep_the_serializers_shape(demo):
    """Blank wikidata ids, no country, no organization, open dates, a contradicting citation."""
    from events.models import Citation  # noqa: PLC0415

    person = Person.objects.published().filter(positions__citations__isnull=False).first()
    Person.objects.filter(pk=person.pk).update(wikidata_id="", country=None, aliases=["Ü-name", "B"])
    Position.objects.filter(person=person).update(organization=None, country=None)
    Citation.objects.filter(position__person=person).update(stance="contradicts")
    assert_same_bytes()
