"""The dashboard ranking's Excel export: the same region and month as the page, the rows the
page's board ranks, in order; money and rates as numbers; the scope and months of the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sangua.boards.tests.conftest import Login
from sangua.core.testing.xlsx import read_table

URL = "/dashboard/"
EXPORT = reverse("boards:ranking-export")


def _page_rows(response: Any) -> list[tuple[Any, ...]]:
    return [
        (r.rank, r.code, r.name, r.project_count, r.figures.completed, r.figures.completion_rate)
        for r in response.context["board"].rows
    ]


def _export_rows(content: bytes) -> list[tuple[Any, ...]]:
    def money(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))

    return [(r[0], r[1], r[2], r[3], money(r[6]), money(r[7])) for r in read_table(content).rows]


@pytest.mark.parametrize(
    ("user", "params"),
    [
        ("office", {}),
        ("office", {"period": "2013-10"}),  # unpublished: the office sees it
        ("city", {}),
        ("city", {"period": "2013-04"}),  # Liandu 8th of 9
        ("city", {"region": "331102", "period": "2013-06"}),
        ("reporter", {"period": "2013-10"}),  # refused on the page: the default month instead
    ],
)
def test_the_export_holds_the_pages_ranking(login: Login, user: str, params: dict[str, str]):
    client = login(user)
    page = client.get(URL, params)
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert _export_rows(response.content) == _page_rows(page)


def test_the_city_ranking_in_april_reads_in_chinese_with_numbers(login: Login):
    table = read_table(login("city").get(EXPORT, {"period": "2013-04"}).content)
    assert table.heading == "丽水市2013年4月区县排名（已发布）"
    assert table.headers[:3] == ["排名", "区县编码", "区县"]
    assert (8, "331102", "莲都区") in [r[:3] for r in table.rows]
    assert table.formats["累计完成(万元)"] == "#,##0.00"
    assert table.formats["年度投资完成率"] == '0.00"%"'


def test_the_district_ranking_names_units(login: Login):
    table = read_table(login("office").get(EXPORT).content)
    assert table.heading == "莲都区2013年9月责任单位排名（已发布）"
    assert table.rows[0][:3] == (1, "331102-T07", "碧湖镇")
    assert len(table.rows) == 23


def test_a_district_user_cannot_export_the_city_or_another_district(login: Login):
    client = login("office")
    assert client.get(EXPORT, {"region": "331100"}).status_code == 403
    assert client.get(EXPORT, {"region": "331121"}).status_code == 403


def test_the_dashboard_links_to_the_export_of_its_region_and_month(login: Login):
    html = login("city").get(URL, {"region": "331102", "period": "2013-06"}).content.decode()
    assert f'href="{EXPORT}?region=331102&amp;period=2013-06"' in html
