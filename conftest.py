"""Shared pytest configuration.

The demo data (SPEC §6) is loaded once per test database, at session start; every test runs in a
transaction rolled back at its end, so tests see the demo and may add to it freely. Tests that
need real commits (browser tests with ``live_server``) run last (pytest-django orders them so);
their database is flushed after each, so they ask for the ``demo`` fixture, which reloads it.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API beside live_server


@pytest.fixture(autouse=True)
def _fast_settings(settings):  # noqa: PT004
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise otherwise scans ~2,000 static files each time a test client builds a handler.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings

    from sangua.demo.build import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(db):
    """Make sure the demo data is present (after a flush by a transactional test it is reloaded)."""
    from sangua.demo.build import load_demo

    load_demo()
    return True


@pytest.fixture
def chromium():
    """A headless Chromium (the test is skipped, with the install command, when it is missing)."""
    from sangua.core.testing.browser import chromium_path, launched_chromium

    if chromium_path() is None:
        pytest.skip("Chromium is not installed: apt-get install -y chromium")
    with launched_chromium() as browser:
        yield browser
        # Starting Playwright's sync API gives the test a context of its own (greenlets), and
        # Django keeps a connection per context: the test's is not the one pytest-django closes
        # before dropping the test database (PostgreSQL then refuses it, "being accessed by other
        # users"). Close it here, still in the test's context.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def browser_page(chromium):
    """One Chromium page."""
    from sangua.core.testing.browser import new_page

    return new_page(chromium)


@pytest.fixture
def sign_in_as(demo, live_server, chromium):
    """``sign_in_as("office")`` → a page signed in as that demo user, in its own context."""
    from sangua.core.testing.browser import new_page, sign_in
    from sangua.demo.build import DEMO_PASSWORD

    def open_as(username, *, locale=None, viewport=None):
        return sign_in(
            new_page(chromium, locale=locale, viewport=viewport),
            live_server.url,
            username,
            DEMO_PASSWORD,
        )

    return open_as
