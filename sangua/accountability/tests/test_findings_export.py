"""The findings list's Excel export: what the list's selector returns for the same region and
filters, every page of it; scoped like the page (a unit sees its own findings only)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sangua.accountability.models import Finding
from sangua.accountability.selectors import FindingFilters, finding_list
from sangua.accountability.services import finding_exempt, period_close
from sangua.core.testing.factories import office_for
from sangua.core.testing.xlsx import Table, read_table
from sangua.orgs.models import Region, User

LIST = reverse("accountability:findings")
EXPORT = reverse("accountability:findings-export")


@pytest.fixture
def closed(liandu, user) -> list[Finding]:
    """Liandu's September and third quarter closed; one September finding exempted."""
    office = user("office")
    period_close(region=liandu, period="2013-09", by=office)
    period_close(region=liandu, period="2013-Q3", by=office)
    september = Finding.objects.filter(region=liandu, period="2013-09").order_by("pk").first()
    finding_exempt(finding=september, by=office, reason="台风影响")
    return list(Finding.objects.filter(region=liandu))


def _client(who: User) -> Client:
    client = Client()
    client.force_login(who)
    return client


def _export(client: Client, params: dict[str, str]) -> Table:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    return read_table(response.content)


def _rows(table: Table) -> list[tuple]:
    return [(r[0], r[3], Decimal(str(r[7])).quantize(Decimal("0.01")), r[10]) for r in table.rows]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"period": "2013-Q3"},
        {"kind": "month"},
        {"state": "exempted"},
        {"state": "all", "kind": "quarter"},
        {"period": "2013-Q1"},  # nothing closed: an empty sheet
    ],
)
def test_the_export_holds_what_the_lists_selector_returns(closed, liandu, user, params):
    office = user("office")
    table = _export(_client(office), params)
    expected = finding_list(office, liandu, FindingFilters(**params))
    assert _rows(table) == [
        (f.period, f.unit.name, f.shortfall, f.rule_set.version) for f in expected
    ]
    assert len(table.rows) == expected.count()


def test_a_filtered_export_has_only_the_filtered_rows(closed, user):
    table = _export(_client(user("office")), {"state": "exempted"})
    assert len(table.rows) == 1
    assert table.column("免责理由") == ["台风影响"]
    everything = _export(_client(user("office")), {})
    assert len(everything.rows) == len(closed)


def test_the_export_reads_in_chinese_with_numbers(closed, user):
    table = _export(_client(user("office")), {"period": "2013-Q3"})
    assert table.heading == "莲都区问责记录（共3条）"
    assert table.headers[:4] == ["期间", "期间名称", "所属区县", "责任单位"]
    assert set(table.column("期间名称")) == {"2013年第三季度"}
    assert table.formats["差额(万元)"] == "#,##0.00"
    assert all(isinstance(v, float | int) for v in table.column("差额(万元)"))
    assert "meeting_explanation" not in table.column("问责方式")  # labels, not codes


def test_a_unit_exports_only_its_own_findings(closed, liandu):
    unit = closed[0].unit
    reporter = User.objects.create_user("unit-x", role="reporter", unit=unit, region=liandu)
    table = _export(_client(reporter), {"state": "all"})
    assert set(table.column("责任单位")) == {unit.name}
    assert len(table.rows) == Finding.objects.filter(unit=unit).count()


def test_another_districts_office_cannot_export_liandus(closed):
    qingtian = office_for(Region.objects.get(code="331121"))
    assert _client(qingtian).get(EXPORT, {"region": "331102"}).status_code == 403


def test_the_list_links_to_the_export_with_its_filters(closed, user):
    html = _client(user("office")).get(LIST, {"region": "331102", "kind": "month"}).content
    assert f'href="{EXPORT}?region=331102&amp;kind=month"' in html.decode()
