"""Fixtures for the dashboard's tests: the synthetic snapshot (tests/fixtures/snapshot)."""

from tests.fixtures.snapshot.fixtures import empty_home, rich, snapshot  # noqa: F401
