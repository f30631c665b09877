"""Fixtures of the search tests: the demo corpus (tests/conftest.py) is loaded once for a module's many queries."""
