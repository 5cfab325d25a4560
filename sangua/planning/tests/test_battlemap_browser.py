"""In Chromium: the battle map's canvas draws, behind nodes in red and the status date line; the
office generates a reverse plan from a template and a deadline and sees its timetable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sangua.planning.models import Plan
from sangua.projects.models import Project

pytestmark = pytest.mark.browser

RED, GREEN = (0xC8, 0x16, 0x1D), (0x1E, 0x9E, 0x4A)

SignIn = Callable[[str], Any]


PIXEL = """([x, y]) => {
  const canvas = document.querySelector('[data-testid=gantt] canvas');
  const dpr = window.devicePixelRatio || 1;
  const d = canvas.getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
  return [d[0], d[1], d[2]];
}"""

BAR = """(name) => {
  const g = document.querySelector('[data-testid=gantt]').sanguaGantt;
  const i = g.rows.name.indexOf(name);
  g.scrollToRow(i);
  g.scrollToDay(g.rows.es[i] + 20);
  g.draw();
  const b = g.barBox(i);
  return {x: Math.max(b.x, g.left) + 8, y: b.y + b.h / 2, status: b.status, fill: b.fill,
          statusX: g.x(g.data.status + 1), left: g.left, width: g.w, lastDrawMs: g.lastDrawMs};
}"""


def near(pixel: list[int], color: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(pixel, color, strict=True))


def test_the_unit_map_draws_behind_nodes_red_and_the_status_date(sign_in_as, live_server):
    page = sign_in_as("reporter")  # 联城街道
    page.goto(f"{live_server.url}/planning/units/331102-T05/")
    page.wait_for_selector("[data-testid=gantt][data-state=drawn]")

    bridges = page.evaluate(BAR, "桥涵工程")  # behind on 2013-10-23
    assert bridges["status"] == 2
    assert near(page.evaluate(PIXEL, [bridges["x"], bridges["y"]]), RED)
    assert bridges["left"] < bridges["statusX"] < bridges["width"]
    assert near(page.evaluate(PIXEL, [round(bridges["statusX"]), bridges["y"] - 30]), RED)

    handover = page.evaluate(BAR, "分房及钥匙交接")  # done
    assert near(page.evaluate(PIXEL, [handover["x"], handover["y"]]), GREEN)
    assert page.errors == []
    assert bridges["lastDrawMs"] < 50  # a frame draws the visible rows only


def test_the_office_generates_a_plan_and_sees_its_timetable(sign_in_as, live_server):
    fresh = Project.objects.get(name__contains="富岭片区")
    page = sign_in_as("office")
    page.goto(f"{live_server.url}/planning/projects/{fresh.code}/")
    page.click("[data-testid=generate-link]")

    form = page.locator("[data-testid=generate-form]")
    form.locator("#id_template").select_option("transport")
    form.locator("#id_deadline").fill("2014-12-31")
    form.locator("#id_status_date").fill("2013-10-23")
    form.locator("button[type=submit]").click()

    page.wait_for_url(f"**/planning/projects/{fresh.code}/")
    rows = page.locator("[data-testid=timetable] tbody tr")
    assert rows.count() == 16
    assert rows.first.locator("td").first.inner_text().startswith("项目建议书批复")
    assert Plan.objects.get(project=fresh).nodes.count() == 16

    page.click(".plan-tabs a:nth-child(2)")  # the roadmap (路径图)
    page.wait_for_selector("[data-testid=gantt][data-state=drawn]")
    assert page.errors == []
