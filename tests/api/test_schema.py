"""The OpenAPI schema documents every filter of every endpoint, and the docs page offers no sign-in."""

import pytest
import yaml

from events.api import views

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/meetings/": views.MeetingViewSet,
    "/api/v1/people/": views.PersonViewSet,
    "/api/v1/countries/": views.CountryViewSet,
    "/api/v1/topics/": views.TopicViewSet,
    "/api/v1/organizations/": views.OrganizationViewSet,
    "/api/v1/sources/": views.SourceViewSet,
    "/api/v1/citations/": views.CitationViewSet,
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client  # noqa: PLC0415

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("path", ENDPOINTS)
def test_the_schema_documents_exactly_the_parameters_each_list_takes(schema, path):
    viewset = ENDPOINTS[path]
    documented = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    filters = viewset.filterset_class.base_filters
    assert set(documented) == {*filters, "page", "page_size", "format", "bom"}
    for name, filter_ in filters.items():
        parameter = documented[name]
        assert parameter["in"] == "query" and parameter["description"] == filter_.extra["help_text"]
        assert "example" in parameter, f"{path} {name} has no example"
        if parameter["schema"]["type"] == "array":
            assert "any of" in parameter["description"]


def test_the_date_filters_say_they_compare_ranges_and_skip_unknown_dates(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    for name in ("date_after", "date_before"):
        assert "YYYY, YYYY-MM or YYYY-MM-DD" in parameters[name]["description"]
        assert "unknown date never matches" in parameters[name]["description"]


def test_every_operation_documents_its_refusals_and_a_retraction(schema):
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert {"200", "400", "406", "429"} <= set(responses), path
    assert "410" in schema["paths"]["/api/v1/meetings/{slug}/"]["get"]["responses"]
    assert "410" in schema["paths"]["/api/v1/people/{slug}/"]["get"]["responses"]


def test_a_public_read_only_api_declares_no_security(schema):
    assert not schema.get("components", {}).get("securitySchemes")
    for item in schema["paths"].values():
        for operation in item.values():
            assert not operation.get("security"), operation.get("operationId")


def test_the_docs_page_is_served_from_the_site_with_no_validator_and_no_authorization(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "https://" not in page.split("<body>")[0].replace("https://www.w3.org", "")
    script = client.get("/api/docs/?script=").content.decode()
    assert '"validatorUrl": null' in script
    assert "persistAuthorization" not in script


def test_the_yaml_schema_parses(client):
    assert yaml.safe_load(client.get("/api/schema/").content)["openapi"].startswith("3.")


def test_the_citations_built_directly_have_exactly_the_fields_the_schema_declares(demo, api):
    from events.api.serializers import CitationDetailSerializer, CitationSerializer, SourceRefSerializer  # noqa: PLC0415

    meeting = api.get("/api/v1/meetings/c5-1-special-session-afghanistan-astana-2023/").json()
    citation = meeting["citations"][0]
    assert set(citation) == set(CitationSerializer().fields)
    assert set(citation["source"]) == set(SourceRefSerializer().fields)
    detail = api.get(f"/api/v1/citations/{citation['id']}/").json()
    assert set(detail) == set(CitationDetailSerializer().fields)


def test_the_served_schema_is_made_once_per_process(client, monkeypatch, settings):
    """It depends on the code alone; making it took 60-135 ms of a worker for each request."""
    from drf_spectacular.generators import SchemaGenerator  # noqa: PLC0415

    made = []
    make = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, *a, **k: made.append(1) or make(self, *a, **k))
    settings.SPECTACULAR_SETTINGS = {**settings.SPECTACULAR_SETTINGS}  # a changed setting forgets what was made
    first = client.get("/api/schema/?format=json")
    again = client.get("/api/schema/?format=json")
    yaml_too = client.get("/api/schema/")
    assert first.status_code == again.status_code == yaml_too.status_code == 200
    assert first.content == again.content and yaml.safe_load(yaml_too.content) == first.json()
    assert len(made) == 1
