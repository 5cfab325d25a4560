"""GET /findings and POST /periods/close, on a throwaway NinjaAPI that mounts only this router."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sangua.accountability.models import Finding
from sangua.accountability.services import period_close
from sangua.orgs.models import User

pytestmark = pytest.mark.urls("sangua.accountability.tests.api_urls")


@pytest.fixture
def as_user(db):
    def sign_in(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


def close(client: Client, region: str, period: str):
    return client.post(
        "/api/periods/close",
        json.dumps({"region": region, "period": period}),
        content_type="application/json",
    )


def test_office_closes_a_quarter_and_gets_the_findings(as_user):
    response = close(as_user("office"), "331102", "2013-Q3")

    assert response.status_code == 200
    body = response.json()
    assert (body["region"], body["period"], body["run"]) == ("331102", "2013-Q3", 1)
    assert body["rule_set_version"] == 1
    assert body["assessed"] == 23
    assert body["changes"] == []
    stored = Finding.objects.filter(period="2013-Q3").select_related("unit")
    assert [f["unit"] for f in body["findings"]] == [f.unit.code for f in stored]
    first = body["findings"][0]
    assert first["sanction"] == "meeting_explanation"
    assert first["state"] == "notified"


def test_closing_again_returns_the_same_findings(as_user):
    client = as_user("office")
    first = close(client, "331102", "2013-Q3").json()
    second = close(client, "331102", "2013-Q3").json()

    assert second["run"] == 2
    assert second["changes"] == []
    assert second["findings"] == first["findings"]


def test_findings_fields_and_numbers(as_user, liandu, user):
    period_close(region=liandu, period="2013-Q3", by=user("office"))

    response = as_user("office").get("/api/findings", {"region": "331102", "period": "2013-Q3"})

    assert response.status_code == 200
    rows = response.json()["items"]
    assert len(rows) == 3
    row = next(r for r in rows if r["unit_name"] == "雅溪镇")
    assert set(row) >= {
        "unit",
        "unit_name",
        "head",
        "period",
        "planned",
        "completed",
        "shortfall",
        "sanction",
        "state",
        "rule_set_version",
    }
    assert row["head"] == "雅溪镇党委书记"
    assert (row["planned"], row["completed"], row["shortfall"]) == (2366.0, 1335.72, 1030.28)
    assert '"completed": 1335.72' in response.content.decode()


def test_findings_list_does_not_grow_queries_with_rows(
    as_user, liandu, user, django_assert_max_num_queries
):
    period_close(region=liandu, period="2012", by=user("office"))  # 20 findings
    client = as_user("office")

    with django_assert_max_num_queries(6):
        rows = client.get(
            "/api/findings", {"region": "331102", "period": "2012", "limit": 500}
        ).json()["items"]
    assert len(rows) == 20


def test_a_unit_sees_only_its_own_findings(as_user, liandu, user):
    period_close(region=liandu, period="2012", by=user("office"))

    rows = as_user("reporter").get("/api/findings", {"region": "331102"}).json()["items"]

    assert {r["unit_name"] for r in rows} == {"联城街道"}


def test_findings_need_a_signed_in_user(db):
    response = Client().get("/api/findings", {"region": "331102"})
    assert response.status_code == 401


def test_findings_outside_the_scope_are_refused(as_user):
    response = as_user("office").get("/api/findings", {"region": "331121"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    ("username", "region", "period", "status", "code"),
    [
        ("reporter", "331102", "2013-Q3", 403, "forbidden"),
        ("leader", "331102", "2013-Q3", 403, "forbidden"),
        ("office", "331102", "2013-Q4", 409, "period_not_published"),
        ("office", "331102", "2013-10", 409, "period_not_published"),
        ("office", "331102", "2013-9", 422, "invalid_period"),
        ("office", "999999", "2013-09", 404, "not_found"),
        ("admin", "331100", "2013-09", 422, "not_a_district"),
    ],
)
def test_close_is_refused_with_a_stable_code(as_user, username, region, period, status, code):
    response = close(as_user(username), region, period)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Finding.objects.exists()
