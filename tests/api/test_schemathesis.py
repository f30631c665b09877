"""Schemathesis drives every operation of /api/schema/ with generated requests, valid and
invalid: no answer is a server error, and every answer (its status, content type,
headers and body) conforms to the schema; `status_code_conformance` checks that every
status answered is documented.

Two of Schemathesis' default checks judge how strict request validation is, not the
answers: an empty `?page=` or `?format=` is read as "not given" (as browser forms send
them), which `negative_data_rejection` counts as accepting a malformed value. They are
left out; malformed values are still generated, and must still get a documented 4xx.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance, status_code_conformance

from c5site.wsgi import application
from events.api import bulk

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests go through the real WSGI handler, which closes old connections at the end of
    each request; on PostgreSQL that would close the test's transaction. Django's own test
    client unhooks the same signal handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bulk_files():
    """Builds the bulk files once, for the operation that serves one (/api/v1/popolo/)."""
    built = []

    def ensure():
        if not built:
            built.append(bulk.build())

    return ensure


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@pytest.mark.django_db
def test_every_operation_answers_within_its_schema(case, demo, wsgi_keeps_the_test_connection, bulk_files):
    if case.path == "/api/v1/popolo/":
        bulk_files()
    case.call_and_validate(
        additional_checks=[status_code_conformance], excluded_checks=[negative_data_rejection, positive_data_acceptance]
    )
