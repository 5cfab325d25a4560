"""The ledger's Excel export honours every filter of the ledger page and its scope: its first
sheet holds exactly the items the page's selector returns for the same query string."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sangua.core.testing.xlsx import read_table
from sangua.orgs.models import Unit, User
from sangua.supervision.models import SupervisionItem

LEDGER = reverse("supervision:ledger")
EXPORT = reverse("supervision:export")


def _client(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=name))
    return client


def _params(name: str) -> dict[str, str]:
    if name == "unit":
        return {"unit": str(Unit.objects.get(region__code="331102", name="联城街道").pk)}
    if name == "project":
        return {"project": SupervisionItem.objects.exclude(project=None).first().project.code}
    return {
        "none": {},
        "open": {"state": "open"},
        "overdue": {"state": "overdue"},
        "closed": {"state": "closed"},
        "category": {"category": "land"},
        "source": {"source": "instruction"},
        "placard": {"placard": "red"},
        "age": {"age": "90+"},
        "text": {"q": "拆迁"},
        "several": {"state": "overdue", "placard": "red"},
    }[name]


FILTERS = ["none", "open", "overdue", "closed", "category", "source", "placard", "age", "text",
           "unit", "project", "several"]  # fmt: skip


@pytest.mark.parametrize("who", ["supervisor", "reporter2"])
@pytest.mark.parametrize("name", FILTERS)
def test_the_export_holds_the_ledgers_items_for_the_same_filters(db, who, name):
    client = _client(who)
    params = _params(name)
    page = client.get(LEDGER, params).context["page"]
    expected = [item.code for item in page.paginator.object_list]
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    table = read_table(response.content)
    assert table.column(table.headers[0]) == expected


def test_a_units_export_holds_only_its_items(db):
    table = read_table(_client("reporter2").get(EXPORT).content)  # 紫金街道
    codes = set(table.column(table.headers[0]))
    assert codes
    assert codes == set(
        SupervisionItem.objects.filter(unit__name="紫金街道").values_list("code", flat=True)
    )


def test_the_export_is_chinese_whatever_the_pages_language(db):
    client = _client("supervisor")
    client.cookies["django_language"] = "en"
    table = read_table(client.get(EXPORT).content)
    assert table.headers[:2] == ["编号", "标题"]
