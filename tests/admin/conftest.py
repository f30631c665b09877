"""Fixtures for the admin tests: a user per role, logged-in clients, and POST data built from a rendered form."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from c5site.records import Status
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, SourceFactory, cite

ROLES = ["contributor", "editor", "administrator"]


def make_user(username, role=None, **extra):
    user = User.objects.create_user(username=username, password="correct-horse-battery", is_staff=True, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def contributor(db):
    return make_user("contributor", "contributor")


@pytest.fixture
def editor(db):
    return make_user("editor", "editor")


@pytest.fixture
def editor2(db):
    return make_user("editor2", "editor")


@pytest.fixture
def administrator(db):
    return make_user("admin", "administrator")


@pytest.fixture
def user_for(db):
    """A user for a role name; "anonymous" gives an AnonymousUser."""

    def build(role):
        if role == "anonymous":
            return AnonymousUser()
        return make_user(f"{role}-user", role)

    return build


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def cited_meeting(db):
    """A draft meeting whose every fact is cited: ready to submit and publish."""
    source = SourceFactory()
    meeting = MeetingFactory(status=Status.DRAFT, title="C5+1 special session on Afghanistan")
    cite(meeting, "kind", "C5+1 special session on Afghanistan", source=source)
    participation = ParticipationFactory(
        meeting=meeting, person=PersonFactory(name="Thomas West"), role="Special Representative for Afghanistan"
    )
    cite(participation, "role", source=source)
    return meeting


def form_data(response):
    """The POST data a browser would send for the admin change form rendered in `response`."""
    data = {}
    context = response.context
    form = context["adminform"].form
    _add_form(data, form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for subform in formset.forms:
            _add_form(data, subform)
    return data


def _add_form(data, form):
    for name in form.fields:
        key = form.add_prefix(name)
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            continue
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        data[key] = value
