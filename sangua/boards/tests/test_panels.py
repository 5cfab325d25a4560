"""The dashboard's panels from the other two hangings — supervision (挂牌督战) and accountability
(评判问责) — with their "why?" links, the bulletin download, and the navigation to them."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sangua.accountability.forecasting import region_forecast
from sangua.accountability.models import Finding
from sangua.accountability.services import period_close
from sangua.boards.tests.conftest import Login, closed_item, new_project, red_item
from sangua.core.testing.factories import plan_for, report_for
from sangua.notify.services import notify
from sangua.orgs.models import Region, Unit, User
from sangua.supervision.models import SupervisionItem

URL = "/dashboard/"


def page(client: Client, **params: str) -> tuple[Any, str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, response.content.decode()


def section(html: str, anchor: str) -> str:
    """The HTML of one panel, from its id to the end of its <section>."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def close_forms(html: str) -> list[str]:
    """The periods the page offers to close from the dashboard."""
    action = reverse("accountability:close")
    forms = re.findall(rf'<form method="post" action="{action}">(.*?)</form>', html, re.S)
    return [re.search(r'name="period" value="([^"]+)"', form)[1] for form in forms]  # type: ignore[index]


# --- supervision ---------------------------------------------------------------------------------


def test_the_supervision_panel_lists_red_items_with_unit_deadline_and_days_overdue(
    login: Login,
) -> None:
    response, html = page(login("office"), period="2013-10")

    panel = response.context["supervision"]
    assert [(r.title, r.unit, str(r.deadline)) for r in panel.red] == [
        ("雅溪口水库工程项目建议书审批", "雅溪镇", "2013-09-13"),
        ("好溪堰整治工程施工进度滞后", "区水利局", "2013-10-12"),
        ("城北片区夜间施工噪音扰民", "万象街道", "2013-10-14"),
    ]
    # working days after 13 September up to 31 October 2013, counted by hand on the official
    # calendar: the Mid-Autumn (19–21 Sep) and National Day (1–7 Oct) holidays off, the make-up
    # Sundays 22 and 29 September and Saturday 12 October on
    assert panel.red[0].days_overdue == 30
    sup = section(html, "supervision")
    for r in panel.red:
        assert reverse("supervision:detail", args=[r.pk]) in sup
        assert r.unit in sup
    assert "2013-09-13" in sup
    assert '<td class="num bad">30</td>' in sup


def test_the_closed_this_month_count_is_the_demos_october(login: Login, liandu: Region) -> None:
    closed_in_october = SupervisionItem.objects.filter(
        region=liandu, closed_at__year=2013, closed_at__month=10
    ).count()

    response, html = page(login("office"), period="2013-10")

    panel = response.context["supervision"]
    assert panel.closed_this_month == closed_in_october == 1
    assert (panel.open, panel.overdue) == (8, 5)
    sup = section(html, "supervision")
    assert re.search(r"<dt>Closed this month</dt><dd>1</dd>", sup)
    assert re.search(r"<dt>Overdue</dt><dd>5</dd>", sup)


def test_a_past_month_shows_the_placards_it_had_then(login: Login, liandu: Region) -> None:
    # Given an item that was red only from 5 November 2013
    unit = Unit.objects.get(region=liandu, name="联城街道")
    late = red_item(
        unit, "十一月才挂红牌", opened="2013-09-02", deadline="2013-09-30", red_on="2013-11-05"
    )

    october = page(login("office"), period="2013-10")[0].context["supervision"]

    assert late.pk not in {r.pk for r in october.red}
    assert (october.open, october.overdue) == (9, 6)  # it does count as open and overdue
    october_red = red_item(
        unit, "当月即挂红牌", opened="2013-09-02", deadline="2013-09-30", red_on="2013-10-08"
    )
    assert october_red.pk in {
        r.pk for r in page(login("office"), period="2013-10")[0].context["supervision"].red
    }


def test_a_unit_user_sees_every_red_item_but_opens_only_its_own(
    login: Login, liandu: Region
) -> None:
    unit = Unit.objects.get(region=liandu, name="联城街道")
    own = red_item(
        unit, "联城街道的红牌事项", opened="2013-09-02", deadline="2013-09-10", red_on="2013-09-20"
    )

    response, html = page(login("reporter"))

    red = {r.pk: r for r in response.context["supervision"].red}
    assert red[own.pk].linked
    assert reverse("supervision:detail", args=[own.pk]) in html
    others = [r for r in red.values() if r.pk != own.pk]
    assert others
    for r in others:
        assert not r.linked
        assert r.title in html
        assert reverse("supervision:detail", args=[r.pk]) not in html


def test_the_red_items_link_to_pages_that_open(login: Login) -> None:
    client = login("office")
    response, _html = page(client, period="2013-10")

    for r in response.context["supervision"].red:
        assert client.get(reverse("supervision:detail", args=[r.pk])).status_code == 200


# --- findings and the period close --------------------------------------------------------------


def test_the_office_closes_a_quarter_from_the_dashboard_and_sees_its_findings(
    login: Login,
) -> None:
    client = login("office")
    _response, html = page(client, period="2013-09")
    assert close_forms(html) == ["2013-09", "2013-Q3"]
    assert "No finding for these periods." in section(html, "findings")

    closed = client.post(
        reverse("accountability:close"),
        {"region": "331102", "period": "2013-Q3", "next": "/dashboard/?period=2013-09"},
    )

    assert (closed.status_code, closed["Location"]) == (302, "/dashboard/?period=2013-09")
    response, html = page(client, period="2013-09")
    findings = response.context["accountability"].findings
    assert {(f.unit.name, f.period, f.sanction, f.state) for f in findings} == {
        (name, "2013-Q3", "meeting_explanation", "notified")
        for name in ("白云街道", "雅溪镇", "黄村乡")
    }
    panel = section(html, "findings")
    for f in findings:
        assert reverse("accountability:finding", args=[f.pk]) in panel
        assert f"{reverse('accountability:finding', args=[f.pk])}#why" in panel
    assert "Explanation at the executive meeting" in panel
    assert "Notified" in panel
    assert "1,030.28" in panel  # 雅溪镇's shortfall: 2,366.00 planned, 1,335.72 completed
    assert "Close 2013-Q3 again" in html  # a second close is offered, as a re-close


def test_findings_of_every_period_ending_in_the_month_are_listed(
    login: Login, liandu: Region
) -> None:
    office = User.objects.get(username="office")
    for period in ("2013-06", "2013-Q2", "2013-H1", "2013-05"):
        period_close(region=liandu, period=period, by=office)

    response, html = page(login("office"), period="2013-06")

    assert response.context["accountability"].periods == ["2013-06", "2013-Q2", "2013-H1"]
    assert {f.period for f in response.context["accountability"].findings} == {
        "2013-06",
        "2013-Q2",
        "2013-H1",
    }
    assert close_forms(html) == ["2013-06", "2013-Q2", "2013-H1"]
    assert "Admonishment talk" in section(html, "findings")


@pytest.mark.parametrize(
    ("username", "params", "periods"),
    [
        ("office", {"period": "2013-09"}, ["2013-09", "2013-Q3"]),
        ("office", {"period": "2013-10"}, []),  # not published
        ("city", {"region": "331102", "period": "2013-09"}, ["2013-09", "2013-Q3"]),
        ("city", {"period": "2013-09"}, []),  # periods are closed per district
        ("leader", {"period": "2013-09"}, []),
        ("supervisor", {"period": "2013-09"}, []),
        ("viewer", {"period": "2013-09"}, []),
        ("reporter", {"period": "2013-09"}, []),
    ],
)
def test_only_the_office_may_close_and_only_published_months(
    login: Login, username: str, params: dict[str, str], periods: list[str]
) -> None:
    _response, html = page(login(username), **params)

    assert close_forms(html) == periods


def test_a_unit_sees_only_its_own_findings(login: Login, liandu: Region) -> None:
    # Given a large project of 联城街道 with nothing done in September, and September closed
    unit = Unit.objects.get(region=liandu, name="联城街道")
    project = new_project(unit=unit, region=liandu, name="联城未开工项目")
    plan_for(project, 2013, [Decimal(10000)] * 12)
    for month in range(1, 9):
        report_for(project, 2013, month, 10000)
    period_close(region=liandu, period="2013-09", by=User.objects.get(username="office"))
    everyone = set(
        Finding.objects.filter(region=liandu, period="2013-09").values_list("unit__name", flat=True)
    )
    assert {"联城街道", "雅溪镇"} <= everyone

    response, html = page(login("reporter"), period="2013-09")

    assert [f.unit.name for f in response.context["accountability"].findings] == ["联城街道"]
    assert "雅溪镇" not in section(html, "findings")


# --- the pre-warning and the bulletin -------------------------------------------------------------


def test_the_pre_warning_lists_units_likely_to_miss_the_quarter(
    login: Login, liandu: Region
) -> None:
    expected = region_forecast(liandu, 2013, 10).warnings

    response, html = page(login("office"), period="2013-10")

    panel = response.context["warnings"]
    assert panel.quarter == "2013-Q4"
    assert [w.code for w in panel.rows] == [w.code for w in expected[:8]]
    assert panel.more == len(expected) - 8 > 0
    warnings = section(html, "warnings")
    assert "雅溪镇" in warnings
    assert "2,873.00" in warnings  # its expected shortfall
    forecast = f"{reverse('accountability:forecast')}?region=331102&amp;period=2013-10"
    assert forecast in warnings
    assert f"and {panel.more} more" in warnings


def test_the_bulletin_of_a_published_month_downloads_as_pdf_and_excel(login: Login) -> None:
    client = login("office")
    _response, html = page(client, period="2013-09")

    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
        url = reverse("accountability:bulletin-download", args=["331102", "2013-09", fmt])
        assert f'href="{url}"' in html
        download = client.get(url)
        assert download.status_code == 200
        assert kind in download["Content-Type"]


def test_an_unpublished_month_has_no_bulletin_yet(login: Login) -> None:
    _response, html = page(login("office"), period="2013-10")

    assert "/accountability/bulletin/331102/" not in html


# --- "why?" links --------------------------------------------------------------------------------


def why_links(html: str) -> list[str]:
    return sorted(set(re.findall(r'href="(/accountability/why/[^"]+)"', html)))


@pytest.mark.parametrize(
    ("username", "params"),
    [
        ("office", {"period": "2013-09"}),
        ("office", {"period": "2013-10"}),  # the office may ask why in an unpublished month
        ("leader", {}),
        ("city", {"period": "2013-04"}),
    ],
)
def test_every_why_link_of_the_dashboard_opens(
    login: Login, username: str, params: dict[str, str]
) -> None:
    client = login(username)
    response, html = page(client, **params)
    period = response.context["period"]

    links = why_links(html)

    board = response.context["board"]
    kinds = {link.split("/")[3] for link in links}
    assert kinds == {"region", "rank", "project"} | (
        {"unit"} if not board.region.level == "city" else set()
    )
    ranked = [row for row in board.rows if row.rank is not None]
    assert sum("/why/rank/" in link for link in links) == len(ranked)
    watched = response.context["watch"]
    for w in watched.stalled + watched.slow:
        assert reverse("accountability:why-project", args=[w.project.code, period]) in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_ranking_links_rank_and_light_to_their_why_pages(login: Login) -> None:
    _response, html = page(login("office"), period="2013-09")

    row = re.search(r"<tr[^>]*>\s*<td class=\"num\">(.*?)</tr>", html, re.S)[0]  # type: ignore[index]
    assert reverse("accountability:why-rank", args=["331102-T07", "2013-09"]) in row
    assert reverse("accountability:why-unit", args=["331102-T07", "2013-09"]) in row
    assert reverse("accountability:why-region", args=["331102", "2013-09"]) in html


def test_the_city_ranking_links_districts_to_their_why_pages(login: Login) -> None:
    _response, html = page(login("city"), period="2013-09")

    assert reverse("accountability:why-rank", args=["331102", "2013-09"]) in html
    assert reverse("accountability:why-region", args=["331102", "2013-09"]) in html
    assert reverse("accountability:why-region", args=["331100", "2013-09"]) in html


# --- navigation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["office", "leader", "supervisor", "viewer", "reporter", "head", "city"]
)
def test_every_signed_in_user_reaches_supervision_and_the_inbox(
    login: Login, username: str
) -> None:
    html = page(login(username))[1]

    assert f'href="{reverse("supervision:ledger")}"' in html
    assert f'href="{reverse("notify:inbox")}"' in html
    office = username in ("office", "city")
    assert (f'href="{reverse("notify:deliveries")}"' in html) is office
    assert (f'href="{reverse("accountability:rules")}"' in html) is office


def test_the_inbox_link_counts_unread_notices(login: Login) -> None:
    client = login("viewer")
    assert 'class="badge"' not in page(client)[1]
    viewer = User.objects.get(username="viewer")
    for n in range(3):
        notify(key=f"test-{n}", kind="test", title=f"通知{n}", users=[viewer])

    html = page(client)[1]

    assert re.search(r'<span class="badge"[^>]*>3</span>', html)


def test_the_office_finds_less_used_pages_under_more(login: Login) -> None:
    html = page(login("office"))[1]

    more = html[
        html.index('<details class="navmore') : html.index(
            "</details>", html.index('<details class="navmore')
        )
    ]
    for name in ("accountability:forecast", "accountability:rules", "notify:deliveries"):
        assert f'href="{reverse(name)}"' in more
    assert f'href="{reverse("supervision:ledger")}"' not in more


def test_the_new_nav_pages_open(login: Login) -> None:
    client = login("office")

    for name in ("supervision:ledger", "notify:inbox", "notify:deliveries"):
        assert client.get(reverse(name)).status_code == 200, name


# --- the new panels cost a fixed number of queries ------------------------------------------------


def test_the_panels_queries_do_not_grow_with_items_and_findings(
    login: Login, liandu: Region, django_assert_max_num_queries: Any
) -> None:
    client = login("office")
    office = User.objects.get(username="office")
    period_close(region=liandu, period="2013-Q3", by=office)
    with django_assert_max_num_queries(45) as before:  # + the reverse plans (schedule flags)
        page(client, period="2013-09")
    units = list(Unit.objects.filter(region=liandu).order_by("code")[:6])
    for n, unit in enumerate(units):
        red_item(
            unit, f"红牌事项{n}", opened="2013-08-01", deadline="2013-08-20", red_on="2013-09-02"
        )
        closed_item(unit, f"九月销号{n}", opened="2013-08-01", closed="2013-09-16")
        project = new_project(unit=unit, region=liandu)  # nothing done: the unit falls short
        plan_for(project, 2013, [Decimal(10000)] * 12)
    period_close(region=liandu, period="2013-09", by=office)
    period_close(region=liandu, period="2013-Q3", by=office)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response, _html = page(client, period="2013-09")

    assert len(response.context["supervision"].red) >= 7
    assert response.context["supervision"].closed_this_month >= 7
    assert len(response.context["accountability"].findings) >= 12
