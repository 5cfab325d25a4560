"""The report lists' Excel exports: the office's review queue (with its month filter) and a unit's
month, row for row what the pages' selectors return; scoped like the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sangua.core.testing.factories import report_for
from sangua.core.testing.xlsx import Table, read_table
from sangua.progress.choices import ReportState
from sangua.projects.models import Project

REVIEW = reverse("progress:review")
REVIEW_EXPORT = reverse("progress:review-export")
MINE = reverse("progress:my-reports")
MINE_EXPORT = reverse("progress:my-reports-export")


def _table(client, url, params=None) -> Table:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return read_table(response.content)


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def elsewhere(db):
    """Reports awaiting review outside 2013-10 and outside Liandu."""
    liandu = Project.objects.get(code="331102-031")
    qingtian = Project.objects.filter(region__code="331121").order_by("code").first()
    report_for(liandu, 2012, 12, "10", state=ReportState.SUBMITTED)
    report_for(qingtian, 2013, 10, "20", state=ReportState.SUBMITTED)
    return qingtian


@pytest.mark.parametrize("params", [{}, {"period": "2013-10"}, {"period": "2012-12"}])
def test_the_queue_export_holds_the_queues_rows(login, elsewhere, params):
    client = login("office")
    page = [row for row, _form in client.get(REVIEW, params).context["rows"]]
    table = _table(client, REVIEW_EXPORT, params)
    assert [
        (r[0], r[2], _money(r[5]), _money(r[6]), _money(r[7]))
        for r in table.rows
    ] == [
        (row.report.period, row.report.project.code, row.report.amount, row.plan, row.share)
        for row in page
    ]  # fmt: skip
    assert len(table.rows) == {"": 18, "2013-10": 17, "2012-12": 1}[params.get("period", "")]


def test_the_queue_export_is_scoped_like_the_queue(login, elsewhere):
    office = _table(login("office"), REVIEW_EXPORT)
    assert elsewhere.code not in office.column("项目编码")
    assert set(office.column("所属区县")) == {"莲都区"}
    city = _table(login("city"), REVIEW_EXPORT)
    assert elsewhere.code in city.column("项目编码")


def test_the_queue_export_reads_in_chinese_with_numbers(login):
    response = login("office").get(REVIEW_EXPORT, {"period": "2013-10"})
    table = read_table(response.content)
    assert table.heading == "待审核月报（2013年10月，共17份）"
    assert table.headers[:5] == ["月份", "所属区县", "项目编码", "项目名称", "责任单位"]
    assert table.formats["本月完成投资(万元)"] == "#,##0.00"
    assert table.formats["占本月计划"] == '0.00"%"'
    row = next(r for r in table.rows if r[2] == "331102-004")
    assert (row[5], row[6], row[7]) == (241.47, 269.5, 89.6)
    assert row[table.headers.index("状态")] != "submitted"  # the label, not the code
    assert "逾期" in table.headers


@pytest.mark.parametrize("user", ["reporter", "viewer", "leader"])
def test_only_the_office_exports_the_queue(login, user):
    assert login(user).get(REVIEW_EXPORT).status_code == 403


def test_the_queue_links_to_its_export_with_the_month(login):
    html = login("office").get(REVIEW, {"period": "2013-10"}).content.decode()
    assert f'href="{REVIEW_EXPORT}?period=2013-10"' in html


@pytest.mark.parametrize("params", [{}, {"period": "2013-09"}])
def test_the_units_month_export_holds_the_pages_rows(login, params):
    client = login("reporter")
    page = client.get(MINE, params).context["rows"]
    table = _table(client, MINE_EXPORT, params)
    assert [(r[0], _money(r[3]), _money(r[4])) for r in table.rows] == [
        (row.project.code, row.plan, row.report.amount if row.report else None) for row in page
    ]
    assert table.column("项目编码") == ["331102-004", "331102-031"]  # the unit's own only


def test_the_units_month_export_names_a_report_not_started(login):
    table = _table(login("reporter"), MINE_EXPORT)  # 2013-10: 031 not written yet
    assert table.heading == "联城街道 2013年10月重点项目月报"
    states = dict(zip(table.column("项目编码"), table.column("状态"), strict=True))
    assert states["331102-031"] == "未填报"


@pytest.mark.parametrize("user", ["office", "viewer"])
def test_users_without_a_unit_get_no_units_month(login, user):
    assert login(user).get(MINE_EXPORT).status_code == 403


def test_the_units_page_links_to_its_export(login):
    html = login("reporter").get(MINE, {"period": "2013-09"}).content.decode()
    assert f'href="{MINE_EXPORT}?period=2013-09"' in html
