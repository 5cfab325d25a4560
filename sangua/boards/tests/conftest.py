"""Fixtures of the boards' tests: demo regions and signing in as a demo user."""

from __future__ import annotations

import pytest

from sangua.orgs.models import Region, User


@pytest.fixture
def liandu(db) -> Region:
    return Region.objects.get(code="331102")


@pytest.fixture
def lishui(db) -> Region:
    return Region.objects.get(code="331100")


@pytest.fixture
def login(db, client):
    """Sign the test client in as a demo user by user name."""

    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login
