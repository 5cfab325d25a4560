"""Chromium through Playwright for browser tests: one launch recipe, and signing a user in."""

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


def chromium_path() -> str | None:
    """Debian's Chromium (installed by `make test` / .ci/run), never a downloaded browser."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def chromium_page(*, width: int = 1440, height: int = 900, locale: str = "zh-CN") -> Iterator[Any]:
    """A fresh page in a new headless Chromium; dialogs (confirm) are accepted."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale=locale
            )
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            yield page
        finally:
            browser.close()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
