import pytest

from events.demo.loader import load_demo


@pytest.fixture
def demo(db):
    """The demo corpus, loaded as `make run` loads it (rolled back after each test)."""
    return load_demo()


@pytest.fixture
def rebuilt_batches(monkeypatch):
    """A list that grows by the meetings of each batch of stored API documents rebuilt from now on."""
    from events import documents  # noqa: PLC0415

    batches = []
    rebuild_batch = documents._rebuild_batch
    monkeypatch.setattr(documents, "_rebuild_batch", lambda ids: (batches.append(list(ids)), rebuild_batch(ids))[1])
    return batches


@pytest.fixture(autouse=True)
def _editorial_roles(request):
    """Recreate the roles' groups where a transactional test (live_server) flushed them.

    The data migration creates them once per test database; a flush empties every table.
    """
    db_fixtures = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
    if request.node.get_closest_marker("django_db") or db_fixtures & set(request.fixturenames):
        from django.contrib.auth.models import Group  # noqa: PLC0415

        from events.roles import create_roles  # noqa: PLC0415

        if not Group.objects.filter(name="administrator").exists():
            create_roles()
