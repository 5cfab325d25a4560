"""The project list's Excel export: the rows the page's selector returns for the same filters and
month, every page of them, Chinese headers, money and rates as numbers; scoped like the page."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import translation

from sangua.core.testing.xlsx import Table, read_table
from sangua.projects.choices import ProjectCategory

LIST = reverse("projects:list")
EXPORT = reverse("projects:export")


def _export(client, params) -> Table:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return read_table(response.content)


def _page_rows(client, params) -> list[tuple]:
    """The page's rows (from its selector, through the view), as the export writes them."""
    result = client.get(LIST, params).context["result"]
    return [
        (
            row.project.code,
            row.project.name,
            row.region_name,
            row.project.unit_name,
            row.project.leader,
            row.figures.annual_plan,
            row.figures.plan_to_date,
            row.figures.completed,
            row.figures.completion_rate,
            row.figures.plan_to_date_rate,
        )
        for row in result.rows
    ]


def _export_rows(table: Table) -> list[tuple]:
    picked = ["项目编码", "项目名称", "所属区县", "责任单位", "挂帅领导", "年度计划(万元)",
              "计划至本月(万元)", "本年完成(万元)", "年度投资完成率", "计划完成率"]  # fmt: skip
    index = [table.headers.index(h) for h in picked]
    numbers = set(index[5:])
    return [
        tuple(
            (Decimal(str(row[i])).quantize(Decimal("0.01")) if row[i] is not None else None)
            if i in numbers
            else row[i]
            for i in index
        )
        for row in table.rows[:-1]  # the last row is the total
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"category": "housing"},
        {"period": "2013-04", "light": "red"},
        {"state": "completed", "sort": "-completion_rate"},
        {"q": "331102-01", "unit": "331102-T05"},
    ],
)
def test_the_export_holds_the_pages_rows_for_the_same_filters(login, params):
    client = login("office")
    table = _export(client, params)
    assert _export_rows(table) == _page_rows(client, params)


def test_the_export_has_chinese_headers_numbers_and_a_total(login):
    client = login("office")
    response = client.get(EXPORT, {"period": "2013-09"})
    assert "重点项目-2013-09.xlsx" in unquote(response["Content-Disposition"])
    table = read_table(response.content)
    assert table.heading == "重点项目（截至2013年9月底，只计已审核的月报）"
    assert table.headers[:3] == ["项目编码", "项目名称", "所属区县"]
    assert table.formats["年度计划(万元)"] == "#,##0.00"
    assert table.formats["年度投资完成率"] == '0.00"%"'
    first = table.rows[0]
    assert isinstance(first[table.headers.index("本年完成(万元)")], float | int)
    assert first[table.headers.index("红黄绿灯")] in {"红灯", "黄灯", "绿灯", "无计划"}
    total = table.rows[-1]
    assert total[:2] == ("合计", "32个项目")
    assert total[table.headers.index("年度投资完成率")] == 98.06  # the story's figure


def test_a_filtered_export_has_only_the_filtered_rows(login):
    table = _export(login("office"), {"category": "housing"})
    assert len(table.rows) - 1 == 2
    with translation.override("zh-hans"):
        housing = str(ProjectCategory.HOUSING.label)
    assert set(table.column("项目类别")[:-1]) == {housing}


def test_the_city_export_holds_every_page(login):
    client = login("city")
    page = client.get(LIST)
    count = page.context["page"].paginator.count
    assert page.context["page"].paginator.num_pages > 1
    assert len(_export(client, {}).rows) - 1 == count


@pytest.mark.parametrize("user", ["reporter", "head"])
def test_a_unit_users_export_holds_only_their_units_projects(login, user):
    table = _export(login(user), {})
    assert table.column("项目编码")[:-1] == ["331102-004", "331102-031"]
    assert set(table.column("责任单位")[:-1]) == {"联城街道"}


def test_a_district_office_cannot_export_another_district(login):
    table = _export(login("office"), {"region": "331121"})  # not offered: the filter is ignored
    assert {code[:6] for code in table.column("项目编码")[:-1]} == {"331102"}


def test_the_list_links_to_the_export_with_its_query(login):
    response = login("office").get(LIST, {"category": "housing", "period": "2013-06"})
    html = response.content.decode()
    assert f'href="{EXPORT}?category=housing&amp;period=2013-06"' in html


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get(EXPORT).status_code == 302
