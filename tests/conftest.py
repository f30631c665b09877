import pytest

from events.demo.loader import load_demo


@pytest.fixture
def demo(db):
    """The demo corpus, loaded as `make run` loads it (rolled back after each test)."""
    return load_demo()
