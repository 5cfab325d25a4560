"""The reverse plans feed the boards (issue 3 item 6): a node behind or overdue marks the project
slow on schedule, and the dashboard and the wall show it beside the investment light."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sangua.orgs.models import Region

from .conftest import Login

# In the demo, as of each plan's status date (2013-10-23): 瓯江防洪堤 has nodes overdue and its
# investment light is green (so only the reverse plan lists it); 好溪堰 is also slow on money.
LATE_ONLY_ON_SCHEDULE = "瓯江（莲都段）防洪堤工程"
LATE_AND_SLOW = "好溪堰水利风景区整治"


def test_the_dashboard_lists_projects_behind_their_reverse_plan_with_the_late_nodes(
    login: Login, liandu: Region
) -> None:
    html = login("office").get("/dashboard/", {"period": "2013-09"}).content.decode()

    assert LATE_ONLY_ON_SCHEDULE in html
    assert "主体工程施工" in html  # one of its late nodes, named
    assert html.count('data-schedule="slow"') >= 5  # every late project carries the badge


def test_a_project_slow_on_money_and_on_schedule_is_listed_once(
    login: Login, liandu: Region
) -> None:
    html = login("office").get("/dashboard/", {"period": "2013-09"}).content.decode()

    assert html.count(f">{LATE_AND_SLOW}</a>") == 1


def test_the_wall_shows_projects_behind_their_reverse_plan(client: Client, liandu: Region) -> None:
    html = client.get("/wall/331102/").content.decode()

    assert LATE_ONLY_ON_SCHEDULE in html
    assert 'class="w-late"' in html


def test_a_project_on_schedule_shows_no_late_mark(
    login: Login, liandu: Region, settings: Any
) -> None:
    html = login("office").get("/dashboard/", {"period": "2013-09"}).content.decode()

    assert (
        "联城城郊农民新社区一期安置住房"
        not in html.split('class="panel watch"')[1].split("</section>")[0]
    )
