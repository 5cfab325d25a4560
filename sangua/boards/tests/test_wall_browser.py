"""The wall in Chromium: charts drawn, and a newly published month appears without a reload."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings

from sangua.core.testing.browser import new_page
from sangua.core.testing.factories import publish
from sangua.orgs.models import Region

pytestmark = pytest.mark.browser


@pytest.fixture
def page(chromium: Any) -> Any:
    return new_page(chromium, viewport={"width": 1920, "height": 1080})


def test_the_wall_draws_and_picks_up_a_newly_published_month(
    demo: bool, live_server: Any, page: Any, settings: Settings
) -> None:
    settings.SANGUA_WALL_REFRESH_SECONDS = 1
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/wall/331102/")

    assert page.inner_text(".w-month-label") == "2013-09"
    assert page.inner_text(".w-rate").startswith("98.06")
    page.wait_for_selector("#wall-chart svg")
    page.evaluate("window.__sameDocument = true")

    publish(Region.objects.get(code="331102"), 2013, 10)

    # A selector wait, not wait_for_function: the page's CSP (script-src 'self') refuses the
    # string evaluation that wait_for_function polls with.
    expect(page.locator(".w-month-label")).to_have_text("2013-10", timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not reloaded
    page.wait_for_selector("#wall-chart svg")
    assert page.evaluate("document.querySelectorAll('[_echarts_instance_]').length") == 1
    assert page.inner_text(".w-sup-red") == "3"  # October's red-placard items came with it
    assert errors == []
