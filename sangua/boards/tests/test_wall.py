"""The public wall: published months only, the region's figures and ranking, self-refreshing."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from sangua.boards.tests.conftest import closed_item, new_district, new_project, new_unit, red_item
from sangua.core.testing.factories import plan_for, publish, report_for
from sangua.orgs.models import Region
from sangua.progress.choices import ReportState


def wall(client: Client, code: str, **params: str) -> Any:
    return client.get(reverse("boards:wall", args=[code]), params)


def test_the_district_wall_is_public_and_shows_the_latest_published_month(
    client: Client, db: None
) -> None:
    response = wall(client, "331102")

    assert response.status_code == 200
    assert response.context["period"] == "2013-09"
    html = response.content.decode()
    assert '<span class="w-month-label">2013-09</span>' in html
    assert "98.06<" in html  # the big figure
    assert "75.00%" in html
    assert "+23.06" in html
    assert "Ranking of responsible units" in html
    assert [row.name for row in response.context["board"].rows][:3] == [
        "碧湖镇",
        "区发改局",
        "紫金街道",
    ]


def test_the_district_wall_lists_stalled_and_slow_projects_with_their_leaders(
    client: Client, db: None
) -> None:
    response = wall(client, "331102")
    watch = response.context["watch"]
    html = response.content.decode()

    assert len(watch.stalled) == 2
    assert len(watch.slow) == 3
    for w in watch.stalled + watch.slow:
        assert w.project.name in html
        assert f'<span class="w-leader">{w.project.leader}</span>' in html


def test_the_city_wall_ranks_liandu_first_at_september(client: Client, db: None) -> None:
    response = wall(client, "331100")

    assert response.context["period"] == "2013-09"
    ranking = [
        (row.rank, row.name, row.figures.completion_rate) for row in response.context["board"].rows
    ]
    assert len(ranking) == 9
    assert ranking[0] == (1, "莲都区", Decimal("98.06"))
    html = response.content.decode()
    assert "Ranking of districts" in html
    assert html.index("莲都区") < html.index("青田县")


def test_the_wall_never_shows_an_unpublished_month_even_when_asked(
    client: Client, db: None
) -> None:
    response = wall(client, "331102", period="2013-10")

    assert response.context["period"] == "2013-09"
    html = response.content.decode()
    assert "2013-10 is not published" in html
    assert '<span class="w-month-label">2013-09</span>' in html
    assert '<span class="w-month-label">2013-10</span>' not in html


def test_the_wall_shows_a_month_once_it_is_published(client: Client, liandu: Region) -> None:
    publish(liandu, 2013, 10)

    response = wall(client, "331102")

    assert response.context["period"] == "2013-10"
    assert '<span class="w-month-label">2013-10</span>' in response.content.decode()
    # the city waits until every district has published October
    assert wall(client, "331100").context["period"] == "2013-09"


def test_the_wall_shows_an_earlier_published_month_when_asked(client: Client, db: None) -> None:
    response = wall(client, "331100", period="2013-04")

    assert response.context["period"] == "2013-04"
    ranking = {row.name: row.rank for row in response.context["board"].rows}
    assert ranking["莲都区"] == 8


def test_a_region_with_nothing_published_says_so(client: Client, db: None) -> None:
    district = new_district()
    project = new_project(unit=new_unit(district))
    plan_for(project, 2013, [Decimal(10)] * 12)
    report_for(project, 2013, 1, 10, state=ReportState.APPROVED)

    response = wall(client, district.code, period="2013-01")

    assert response.status_code == 200
    html = response.content.decode()
    assert "No month has been published yet" in html
    assert "2013-01 is not published." in html
    assert "board" not in response.context


@pytest.mark.parametrize("name", ["boards:wall", "boards:wall-live"])
def test_an_unknown_region_is_not_found(client: Client, db: None, name: str) -> None:
    assert client.get(reverse(name, args=["999999"])).status_code == 404


def test_the_wall_polls_its_fragment_which_carries_the_same_figures(
    client: Client, db: None, settings: Settings
) -> None:
    settings.SANGUA_WALL_REFRESH_SECONDS = 120
    page = wall(client, "331102", period="2013-10").content.decode()
    live_url = reverse("boards:wall-live", args=["331102"])

    assert f'hx-get="{live_url}?period=2013-10"' in page
    assert 'hx-trigger="every 120s"' in page

    fragment = client.get(live_url, {"period": "2013-10"})

    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html
    assert "hx-get" not in html  # the fragment is swapped inside the polling element
    assert '<span class="w-month-label">2013-09</span>' in html
    assert "98.06<" in html
    assert 'id="wall-chart-data"' in html


@pytest.mark.parametrize("code", ["331102", "331100"])
def test_the_wall_has_no_inline_script_or_style(client: Client, db: None, code: str) -> None:
    html = wall(client, code).content.decode()

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html
    assert '"includeIndicatorStyles": false' in html  # htmx must not inject a <style> either


@pytest.mark.parametrize("code", ["331102", "331100"])
def test_wall_queries_do_not_grow_with_projects_or_red_items(
    client: Client, liandu: Region, code: str, django_assert_max_num_queries: Any
) -> None:
    # figures and charts 11–13, the supervision summary 5–6
    with django_assert_max_num_queries(25) as before:  # + the reverse plans (schedule flags)
        wall(client, code)
    unit = liandu.units.first()
    assert unit is not None
    for _ in range(15):
        project = new_project(unit=unit, region=liandu)
        plan_for(project, 2013, [Decimal(10)] * 12)
        report_for(project, 2013, 8, 0)
    for n in range(8):
        red_item(unit, f"红牌{n}", opened="2013-08-01", deadline="2013-08-20", red_on="2013-09-02")
        closed_item(unit, f"九月销号{n}", opened="2013-08-01", closed="2013-09-16")

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = wall(client, code)

    assert len(response.context["watch"].stalled) > 15  # the new projects are stalled
    assert len(response.context["supervision"].red) == 1 + 8


# --- supervision under placards (挂牌督战) ---------------------------------------------------------


def sup_strip(html: str) -> str:
    start = html.index('<section class="w-sup"')
    return html[start : html.index("</section>", start)]


def test_the_wall_shows_the_red_placard_items_and_the_closed_count(
    client: Client, db: None
) -> None:
    response = wall(client, "331102")

    panel = response.context["supervision"]
    assert [(r.title, r.unit) for r in panel.red] == [("雅溪口水库工程项目建议书审批", "雅溪镇")]
    assert panel.closed_this_month == 1
    strip = sup_strip(response.content.decode())
    assert '<b class="w-sup-red">1</b>' in strip
    assert (
        '<span class="w-pname">雅溪口水库工程项目建议书审批</span><span class="w-unit">雅溪镇</span>'
        in strip
    )
    assert re.search(r"Closed this month <b>1</b>", strip)


def test_the_wall_names_the_first_three_red_items_and_counts_the_rest(
    client: Client, liandu: Region
) -> None:
    # Given October published, with its three red items and two more hung that month
    publish(liandu, 2013, 10)
    unit = liandu.units.get(name="联城街道")
    for n in range(2):
        red_item(
            unit, f"十月红牌{n}", opened="2013-09-02", deadline="2013-09-20", red_on="2013-10-25"
        )

    response = wall(client, "331102")

    panel = response.context["supervision"]
    assert len(panel.red) == 5
    strip = sup_strip(response.content.decode())
    assert '<b class="w-sup-red">5</b>' in strip
    assert strip.count('<span class="w-pname">') == 3
    for r in panel.red[:3]:
        assert (
            f'<span class="w-pname">{r.title}</span><span class="w-unit">{r.unit}</span>' in strip
        )
    assert "and 2 more" in strip
    assert "Closed this month <b>1</b>" in strip


def test_the_wall_summarises_supervision_of_the_month_it_shows(client: Client, db: None) -> None:
    # October has three red items, but it is not published: the wall shows September's one
    response = wall(client, "331102", period="2013-10")

    assert response.context["period"] == "2013-09"
    assert len(response.context["supervision"].red) == 1
    assert "好溪堰整治工程施工进度滞后" not in response.content.decode()


def test_a_month_without_red_items_says_so(client: Client, db: None) -> None:
    response = wall(client, "331102", period="2013-04")

    assert response.context["supervision"].red == []
    assert "No item under a red placard" in sup_strip(response.content.decode())


def test_the_city_wall_shows_its_districts_red_items(client: Client, db: None) -> None:
    response = wall(client, "331100")

    assert [r.unit for r in response.context["supervision"].red] == ["雅溪镇"]
    assert "雅溪口水库工程项目建议书审批" in sup_strip(response.content.decode())
