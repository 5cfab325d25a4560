"""The monthly report workflow through the API: who may do what, and the codes of every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sangua.orgs.choices import Role
from sangua.orgs.models import User
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport
from sangua.projects.models import Project

from .conftest import ApiClient, SignIn, make_client

LIANDU = "331102"


def draft(client: ApiClient, of: Project, **changes: Any) -> Any:
    body = {
        "project": of.code,
        "year": 2013,
        "month": 10,
        "amount": "8.50",
        "progress": "主体结构施工",
        "problems": "",
    }
    return client.post("/reports", body | changes)


def error_of(response: Any) -> tuple[int, str, str | None]:
    body = response.json()
    return response.status_code, body["code"], body["field"]


# --- the happy path -------------------------------------------------------------------------------


def test_reporter_fills_and_submits_then_the_office_approves(
    as_user: SignIn, liancheng_project: Project
) -> None:
    reporter, office = as_user("reporter"), as_user("office")

    created = draft(reporter, liancheng_project)
    assert created.status_code == 200
    report = created.json()
    assert (report["state"], report["amount"], report["unit"]["name"]) == ("draft", 8.5, "联城街道")

    changed = draft(reporter, liancheng_project, amount=9.25)
    assert changed.json()["id"] == report["id"]
    assert changed.json()["amount"] == 9.25

    submitted = reporter.post(f"/reports/{report['id']}/submit")
    assert submitted.json()["state"] == "submitted"

    approved = office.post(f"/reports/{report['id']}/approve", {"comment": "同意"})
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert approved.json()["review_comment"] == "同意"

    history = office.get(f"/reports/{report['id']}").json()["events"]
    assert [event["action"] for event in history] == ["create", "edit", "submit", "approve"]
    assert [event["by"] for event in history] == ["reporter", "reporter", "reporter", "office"]
    assert history[1]["before"]["amount"] == "8.50"


def test_approve_without_a_body(as_user: SignIn, liancheng_project: Project) -> None:
    reporter = as_user("reporter")
    report_id = draft(reporter, liancheng_project).json()["id"]
    reporter.post(f"/reports/{report_id}/submit")

    response = as_user("office").post(f"/reports/{report_id}/approve")

    assert response.status_code == 200
    assert response.json()["state"] == "approved"


def test_a_returned_report_is_fixed_and_resubmitted(
    as_user: SignIn, liancheng_project: Project
) -> None:
    reporter, office = as_user("reporter"), as_user("office")
    report_id = draft(reporter, liancheng_project).json()["id"]
    reporter.post(f"/reports/{report_id}/submit")

    returned = office.post(f"/reports/{report_id}/return", {"comment": "金额与台账不符"})
    assert returned.json()["state"] == "returned"
    draft(reporter, liancheng_project, amount="7.00")
    resubmitted = reporter.post(f"/reports/{report_id}/submit")

    assert resubmitted.json()["state"] == "resubmitted"
    assert resubmitted.json()["amount"] == 7.0


# --- refusals -------------------------------------------------------------------------------------


def test_another_unit_cannot_touch_the_report(as_user: SignIn, liancheng_project: Project) -> None:
    report_id = draft(as_user("reporter"), liancheng_project).json()["id"]
    intruder = as_user("reporter2")

    assert error_of(draft(intruder, liancheng_project)) == (403, "forbidden", None)
    assert error_of(intruder.post(f"/reports/{report_id}/submit")) == (403, "forbidden", None)
    assert error_of(intruder.get(f"/reports/{report_id}")) == (404, "not_found", None)
    assert MonthlyReport.objects.get(pk=report_id).state == ReportState.DRAFT


@pytest.mark.parametrize("who", ["reporter", "head", "leader", "viewer", "supervisor"])
def test_only_the_office_approves(as_user: SignIn, liancheng_project: Project, who: str) -> None:
    reporter = as_user("reporter")
    report_id = draft(reporter, liancheng_project).json()["id"]
    reporter.post(f"/reports/{report_id}/submit")

    response = as_user(who).post(f"/reports/{report_id}/approve")

    assert error_of(response) == (403, "forbidden", None)


def test_returning_needs_a_comment(as_user: SignIn, liancheng_project: Project) -> None:
    reporter, office = as_user("reporter"), as_user("office")
    report_id = draft(reporter, liancheng_project).json()["id"]
    reporter.post(f"/reports/{report_id}/submit")

    assert error_of(office.post(f"/reports/{report_id}/return", {"comment": "  "})) == (
        422,
        "comment_required",
        "comment",
    )
    assert error_of(office.post(f"/reports/{report_id}/return")) == (
        422,
        "comment_required",
        "comment",
    )


def test_approving_a_draft_is_a_conflict(as_user: SignIn, liancheng_project: Project) -> None:
    report_id = draft(as_user("reporter"), liancheng_project).json()["id"]

    response = as_user("office").post(f"/reports/{report_id}/approve")

    assert error_of(response) == (409, "invalid_state", None)


def test_anonymous_callers_cannot_read_or_write_reports(
    anon: ApiClient, liancheng_project: Project
) -> None:
    assert error_of(anon.get("/reports")) == (401, "not_authenticated", None)
    assert error_of(anon.get("/reports/1")) == (401, "not_authenticated", None)
    assert error_of(draft(anon, liancheng_project)) == (401, "not_authenticated", None)
    assert error_of(anon.post("/reports/1/approve")) == (401, "not_authenticated", None)
    assert anon.get("/reports").headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"amount": "abc"}, 422, "invalid_input", "amount"),
        ({"amount": "1.234"}, 422, "invalid_input", "amount"),
        ({"amount": "1e20"}, 422, "invalid_input", "amount"),
        ({"amount": -1}, 422, "negative_amount", "amount"),
        ({"amount": None}, 422, "invalid_input", "amount"),
        ({"month": 13}, 422, "invalid_month", "month"),
        ({"year": 1999}, 422, "invalid_year", "year"),
        ({"year": 10**30}, 422, "invalid_input", "year"),
        ({"progress": "进" * 4001}, 422, "too_long", "progress"),
        ({"problems": "a\x00b"}, 422, "invalid_input", "problems"),
        ({"project": "NOPE"}, 404, "not_found", "project"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_the_field(
    as_user: SignIn,
    liancheng_project: Project,
    changes: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    response = draft(as_user("reporter"), liancheng_project, **changes)

    assert error_of(response) == (status, code, field)


def test_missing_fields_are_listed(as_user: SignIn) -> None:
    response = as_user("reporter").post("/reports", {"year": 2013})

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "invalid_input"
    assert {error["field"] for error in body["errors"]} == {"project", "month", "amount"}


def test_malformed_json_is_a_400(as_user: SignIn) -> None:
    client = as_user("reporter")

    response = client.client.post("/api/v1/reports", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


@pytest.mark.parametrize("path", ["/reports/0", "/reports/abc", f"/reports/{10**30}"])
def test_bad_report_ids(as_user: SignIn, path: str) -> None:
    response = as_user("office").get(path)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_an_unknown_report_is_a_404(as_user: SignIn) -> None:
    assert error_of(as_user("office").post("/reports/99999999/submit")) == (
        404,
        "not_found",
        None,
    )


# --- amendments and publication -------------------------------------------------------------------


@pytest.fixture
def published_report(db: None) -> MonthlyReport:
    report = (
        MonthlyReport.objects.filter(
            project__region__code=LIANDU, year=2013, month=9, state=ReportState.APPROVED
        )
        .order_by("pk")
        .first()
    )
    assert report is not None
    return report


def test_amending_a_published_month_needs_a_reason(
    as_user: SignIn, published_report: MonthlyReport
) -> None:
    office = as_user("office")
    path = f"/reports/{published_report.pk}/amend"

    refused = office.post(path, {"amount": "1.00"})
    amended = office.post(path, {"amount": "1.00", "reason": "核实后更正"})

    assert error_of(refused) == (422, "reason_required", "reason")
    assert amended.status_code == 200
    assert amended.json()["amount"] == 1.0
    last = office.get(f"/reports/{published_report.pk}").json()["events"][-1]
    assert (last["action"], last["comment"]) == ("amend", "核实后更正")


def test_a_reporter_cannot_amend(as_user: SignIn, published_report: MonthlyReport) -> None:
    response = as_user("reporter").post(
        f"/reports/{published_report.pk}/amend", {"amount": "1.00", "reason": "x"}
    )

    assert error_of(response) == (403, "forbidden", None)


def test_the_office_publishes_a_month_then_anyone_sees_it(as_user: SignIn, anon: ApiClient) -> None:
    office = as_user("office")
    assert anon.get("/rankings", region=LIANDU, period="2013-11").status_code == 404

    response = office.post("/publications", {"region": LIANDU, "year": 2013, "month": 11})

    assert response.status_code == 201
    assert response.json()["region"]["code"] == LIANDU
    assert response.json()["published_by"] == "office"
    assert anon.get("/rankings", region=LIANDU, period="2013-11").status_code == 200
    again = office.post("/publications", {"region": LIANDU, "year": 2013, "month": 11})
    assert error_of(again) == (409, "already_published", None)


@pytest.mark.parametrize(
    ("who", "body", "status", "code"),
    [
        ("office", {"region": LIANDU, "year": 2013, "month": 10}, 409, "reports_awaiting_review"),
        ("office", {"region": "331121", "year": 2013, "month": 11}, 403, "forbidden"),
        ("reporter", {"region": LIANDU, "year": 2013, "month": 11}, 403, "forbidden"),
        ("city", {"region": "331100", "year": 2013, "month": 11}, 422, "not_a_district"),
        ("office", {"region": LIANDU, "year": 2013, "month": 13}, 422, "invalid_month"),
        ("office", {"region": "000000", "year": 2013, "month": 11}, 404, "not_found"),
    ],
)
def test_publication_refusals(
    as_user: SignIn, who: str, body: dict[str, Any], status: int, code: str
) -> None:
    response = as_user(who).post("/publications", body)

    assert (response.status_code, response.json()["code"]) == (status, code)


# --- reading reports ------------------------------------------------------------------------------


def test_a_unit_user_lists_only_their_units_reports(as_user: SignIn) -> None:
    body = as_user("reporter").get("/reports", year=2013, month=10, limit=500).json()

    assert body["count"] > 0
    assert {item["unit"]["name"] for item in body["items"]} == {"联城街道"}


def test_the_office_lists_its_districts_reports(as_user: SignIn) -> None:
    body = as_user("office").get("/reports", year=2013, month=10, state="submitted").json()

    expected = MonthlyReport.objects.filter(
        project__region__code=LIANDU, year=2013, month=10, state=ReportState.SUBMITTED
    ).count()
    assert body["count"] == expected > 0
    assert {item["state"] for item in body["items"]} == {"submitted"}


def test_list_filter_by_project(as_user: SignIn) -> None:
    body = as_user("office").get("/reports", project="331102-004", year=2013).json()

    assert {item["project"]["code"] for item in body["items"]} == {"331102-004"}
    assert [item["month"] for item in body["items"]] == sorted(
        item["month"] for item in body["items"]
    )


def test_a_viewer_without_scope_sees_nothing(db: None) -> None:
    client = make_client()
    client.force_login(User.objects.create_user(username="nobody", role=Role.VIEWER))

    assert ApiClient(client).get("/reports").json()["count"] == 0


@pytest.mark.parametrize("who", ["office", "reporter"])
def test_report_list_query_count_does_not_grow_with_the_page(
    as_user: SignIn, who: str, django_assert_max_num_queries: Any
) -> None:
    client = as_user(who)
    with CaptureQueriesContext(connection) as small:
        client.get("/reports", limit=1)

    with django_assert_max_num_queries(len(small)):
        response = client.get("/reports", limit=200)

    body = response.json()
    assert len(body["items"]) == min(200, body["count"])
    assert len(body["items"]) > 30
