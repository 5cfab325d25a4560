"""Fixtures of the project page tests: the test client signed in as a demo user."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from sangua.orgs.models import User


@pytest.fixture(autouse=True)
def _english(settings: Settings) -> None:
    """Pages are checked in English, their message ids; the Chinese catalogue (locale/) is the
    translators' to check, and must not turn these assertions into translation tests."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def login(db, client):
    """Sign the test client in as a demo user (by user name) or as a given user."""

    def _login(who: str | User):
        user = who if isinstance(who, User) else User.objects.get(username=who)
        client.force_login(user)
        return client

    return _login
