"""Fixtures of the audit tests."""

from __future__ import annotations

import pytest

from sangua.core.testing.audit import empty_trail


@pytest.fixture
def empty_audit_trail(request: pytest.FixtureRequest) -> None:
    """Start from an empty chain (the demo's supervision history is in the test database's)."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        empty_trail()
