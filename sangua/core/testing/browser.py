"""Chromium through Playwright for browser tests: one launch recipe, and signing users in.

The fixtures in the root ``conftest.py`` (``chromium``, ``sign_in_as``, ``browser_page``) use these.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1440, "height": 960}


def chromium_path() -> str | None:
    """Debian's Chromium (installed by `make test` / .ci/run), never a downloaded browser."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A headless Chromium browser, closed afterwards."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(
    browser: Any, *, locale: str | None = None, viewport: dict[str, int] | None = None
) -> Any:
    """A page in its own browser context (its own cookies); confirm dialogs are accepted and
    script errors collected in ``page.errors``."""
    options: dict[str, Any] = {"viewport": viewport or VIEWPORT}
    if locale:
        options["locale"] = locale
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in(page: Any, base_url: str, username: str, password: str) -> Any:
    """Sign in through the login form, as a person would, and wait to leave it."""
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


@contextmanager
def chromium_page(*, width: int = 1440, height: int = 900, locale: str = "zh-CN") -> Iterator[Any]:
    """A fresh page in a new headless Chromium (scripts, benchmarks, one-off screenshots)."""
    with launched_chromium() as browser:
        yield new_page(browser, locale=locale, viewport={"width": width, "height": height})
