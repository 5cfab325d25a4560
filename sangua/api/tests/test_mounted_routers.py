"""Routers that live with their apps answer under /api/v1 with the API's own authentication."""

from __future__ import annotations

from .conftest import ApiClient, SignIn


def test_a_token_holder_closes_a_quarter_and_reads_its_findings(with_token: SignIn) -> None:
    office = with_token("office")

    closed = office.post("/periods/close", {"region": "331102", "period": "2013-Q3"})
    findings = office.get("/findings", region="331102", period="2013-Q3")

    assert closed.status_code == 200
    assert findings.status_code == 200
    rows = findings.json()
    assert {row["unit_name"] for row in rows} == {"白云街道", "雅溪镇", "黄村乡"}
    assert {row["sanction"] for row in rows} == {"meeting_explanation"}
    for row in rows:
        assert row["shortfall"] == round(row["planned"] - row["completed"], 2)


def test_findings_are_not_public(anon: ApiClient) -> None:
    response = anon.get("/findings", region="331102", period="2013-Q3")

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_reporter_cannot_close_a_period(with_token: SignIn) -> None:
    response = with_token("reporter").post(
        "/periods/close", {"region": "331102", "period": "2013-Q3"}
    )

    assert response.status_code == 403
    assert response.json()["code"]
