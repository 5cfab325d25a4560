"""Fixtures of the boards' tests: demo users and regions, and URLs that always resolve."""

from __future__ import annotations

import pytest

from sangua.orgs.models import Region, User


@pytest.fixture(autouse=True)
def _linked_urls(settings):  # noqa: PT004
    # The boards link to other apps' pages; placeholders stand in for any not built yet.
    settings.ROOT_URLCONF = "sangua.boards.tests.urls"


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
