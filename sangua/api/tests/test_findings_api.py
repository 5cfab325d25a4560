"""A finding's lifecycle, the rules and the close log through the API, as on the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sangua.accountability.models import Finding, RuleSet
from sangua.accountability.services import explanation_submit, period_close
from sangua.orgs.models import Region, User

from .conftest import SignIn

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def finding(db: None) -> Finding:
    """联城街道's finding for 2012 (the demo's reporter's unit), freshly notified."""
    period_close(
        region=Region.objects.get(code="331102"),
        period="2012",
        by=User.objects.get(username="office"),
    )
    return Finding.objects.get(period="2012", unit__name="联城街道")


@pytest.fixture
def explained(finding: Finding) -> Finding:
    explanation_submit(finding=finding, by=User.objects.get(username="reporter"), text="征迁滞后")
    return finding


def test_the_unit_explains_with_an_attachment(
    as_user: SignIn, finding: Finding, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    response = as_user("reporter").upload(
        f"/findings/{finding.pk}/explain",
        {
            "text": "土地征收延期",
            "attachment": SimpleUploadedFile("说明.pdf", PDF, "application/pdf"),
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "explained"
    explanation = body["explanations"][-1]
    assert (explanation["text"], explanation["by"]) == ("土地征收延期", "reporter")
    assert explanation["attachment"]["name"] == "说明.pdf"
    assert explanation["attachment"]["size"] == len(PDF)
    assert body["actions"] == []


def test_an_attachment_that_is_not_what_it_says_is_refused(
    as_user: SignIn, finding: Finding
) -> None:
    response = as_user("reporter").upload(
        f"/findings/{finding.pk}/explain",
        {"text": "x", "attachment": SimpleUploadedFile("a.pdf", b"MZ\x90\x00", "application/pdf")},
    )

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == (
        "upload_type_mismatch",
        "attachment",
    )
    assert Finding.objects.get(pk=finding.pk).state == "notified"


def test_another_unit_cannot_see_nor_explain_the_finding(as_user: SignIn, finding: Finding) -> None:
    client = as_user("reporter2")

    seen = client.get(f"/findings/{finding.pk}")
    explained = client.upload(f"/findings/{finding.pk}/explain", {"text": "不是我们的"})

    assert seen.status_code == explained.status_code == 404


def test_the_office_accepts_an_explanation(as_user: SignIn, explained: Finding) -> None:
    before = as_user("office").get(f"/findings/{explained.pk}").json()

    response = as_user("office").post(f"/findings/{explained.pk}/accept", {"comment": "同意"})

    assert before["actions"] == ["accept", "return", "exempt"]
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["decided_by"]) == ("accepted", "office")
    assert [e["action"] for e in response.json()["events"]][-1] == "accept"


def test_the_office_returns_an_explanation_with_a_comment(
    as_user: SignIn, explained: Finding
) -> None:
    empty = as_user("office").post(f"/findings/{explained.pk}/return", {"comment": ""})
    response = as_user("office").post(
        f"/findings/{explained.pk}/return", {"comment": "缺少证明材料"}
    )

    assert (empty.status_code, empty.json()["field"]) == (422, "comment")
    assert response.status_code == 200
    assert response.json()["state"] == "notified"


def test_the_office_exempts_with_a_reason(as_user: SignIn, finding: Finding) -> None:
    response = as_user("office").post(f"/findings/{finding.pk}/exempt", {"reason": "台风灾害"})

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["exemption_reason"]) == (
        "exempted",
        "台风灾害",
    )


def test_accepting_a_notified_finding_is_a_conflict(as_user: SignIn, finding: Finding) -> None:
    response = as_user("office").post(f"/findings/{finding.pk}/accept", {"comment": ""})

    assert (response.status_code, response.json()["code"]) == (409, "invalid_state")


@pytest.mark.parametrize("username", ["reporter", "head", "leader", "supervisor", "viewer"])
def test_only_the_office_decides(as_user: SignIn, explained: Finding, username: str) -> None:
    response = as_user(username).post(f"/findings/{explained.pk}/accept", {"comment": ""})

    assert response.status_code in (403, 404)
    assert Finding.objects.get(pk=explained.pk).state == "explained"


def test_the_findings_list_is_paginated(as_user: SignIn, finding: Finding) -> None:
    page = (
        as_user("office").get("/findings", region="331102", period="2012", limit=5, offset=5).json()
    )

    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (20, 5, 5, 5)


# --- rules -----------------------------------------------------------------------------------------


def test_anyone_in_scope_reads_the_rules_in_force(as_user: SignIn) -> None:
    response = as_user("viewer").get("/rules", region="331102")

    assert response.status_code == 200
    current = response.json()["current"]
    assert (current["red_below"], current["green_from"], current["stall_months"]) == (
        90.0,
        100.0,
        2,
    )
    assert current["sanction_quarter"] == "meeting_explanation"


def test_the_office_makes_a_new_version_of_its_rules(as_user: SignIn) -> None:
    office = as_user("office")
    before = office.get("/rules", region="331102").json()["current"]

    response = office.post("/rules", {"region": "331102", "reason": "提高门槛", "red_below": "85"})
    versions = office.get("/rules/versions", region="331102").json()

    assert response.status_code == 201, response.content
    new = response.json()
    assert (new["version"], new["red_below"], new["region"], new["created_by"]) == (
        before["version"] + 1,
        85.0,
        "331102",
        "office",
    )
    assert versions["items"][0]["id"] == new["id"]
    assert office.get("/rules", region="331102").json()["current"]["id"] == new["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": "331102", "reason": "", "red_below": "85"}, "reason"),
        ({"region": "331102", "reason": "x", "red_below": "120"}, "red_below"),
        ({"region": "331102", "reason": "x"}, None),
    ],
)
def test_a_bad_rule_change_names_its_field(as_user: SignIn, body: dict, field: str | None) -> None:  # type: ignore[type-arg]
    count = RuleSet.objects.count()

    response = as_user("office").post("/rules", body)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert RuleSet.objects.count() == count


def test_the_city_office_cannot_change_a_districts_rules(as_user: SignIn) -> None:
    response = as_user("city").post(
        "/rules", {"region": "331102", "reason": "x", "red_below": "80"}
    )

    assert response.status_code == 403


def test_the_close_log_lists_the_runs_newest_first(as_user: SignIn) -> None:
    office = as_user("office")
    office.post("/periods/close", {"region": "331102", "period": "2013-Q3"})
    office.post("/periods/close", {"region": "331102", "period": "2013-Q3"})

    log = office.get("/periods/closes", region="331102", period="2013-Q3").json()

    assert [run["run"] for run in log["items"]] == [2, 1]
    assert log["items"][0]["finding_count"] == 3


def test_a_close_run_lists_every_unit_assessed(as_user: SignIn) -> None:
    office = as_user("office")
    office.post("/periods/close", {"region": "331102", "period": "2013-Q3"})
    run = office.get("/periods/closes", region="331102", period="2013-Q3").json()["items"][0]

    detail = office.get(f"/periods/closes/{run['id']}").json()
    refused = as_user("city").get(f"/periods/closes/{run['id']}")

    short = [row for row in detail["assessed"] if row["sanction"]]
    assert {row["unit_name"] for row in short} == {"白云街道", "雅溪镇", "黄村乡"}
    assert all(row["shortfall"] == round(row["planned"] - row["completed"], 2) for row in short)
    assert refused.status_code == 200  # the city office sees its districts' closes
