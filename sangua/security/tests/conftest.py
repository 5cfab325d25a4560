"""Fixtures of the security tests."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings, client):
    """Messages are asserted as written (English message ids), whatever translations exist."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
