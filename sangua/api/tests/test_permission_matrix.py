"""Every role × every endpoint × own/other unit or district, against a table written out by hand.

The endpoints come from the OpenAPI schema, so a new endpoint without a row here (and a request
in ``matrix_cases``) fails ``test_every_endpoint_has_a_row``. Each cell is one request, built with
the objects it needs so that an allowed call succeeds; its outcome must be the table's:

* ``ok``  — allowed: a 2xx answer;
* ``401`` — not signed in;
* ``403`` — signed in, the object is visible, the role or scope does not allow the step;
* ``404`` — the object is outside the caller's scope: its existence is not revealed;
* ``422`` — the body names a project the caller cannot see (``unknown_project``): refused as
  unknown, like a 404, but as the field at fault.

A targeted endpoint's cell reads ``own/other``. *own*: an object of the caller's unit (the unit
head and the reporter: 联城街道) or district (everyone else: 莲都区). *other*: an object of another
unit of the same district (unit roles: 紫金街道) or of another district (everyone else: 青田县,
which the city office's scope covers). Columns: the district office, the city office, the
district's leader (区长), 联城街道's head and reporter, the supervision group, a viewer, anonymous.

Then: no figure of an unpublished month is reachable anonymously, through any read endpoint.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from sangua.api.api import api
from sangua.orgs.models import User
from sangua.progress.choices import AWAITING_REVIEW, ReportState
from sangua.progress.models import MonthlyReport
from sangua.progress.services import report_approve

from .conftest import API, make_client
from .matrix_cases import CASES, ROLES, Call, World

TABLE = """
# endpoint                                                   office   city     leader   head     reporter superv.  viewer   anon
# --- public reads (published months only for anonymous callers)
GET /regions                                                 ok       ok       ok       ok       ok       ok       ok       ok
GET /projects                                                ok       ok       ok       ok       ok       ok       ok       ok
GET /projects/{code}                                         ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok
GET /rankings                                                ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok
GET /figures                                                 ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok
GET /figures/projects                                        ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok    ok/ok
# --- projects and their annual plans
POST /projects                                               ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
PATCH /projects/{code}                                       ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
PUT /projects/{code}/plans/{year}                            ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
# --- monthly reports and publication
GET /reports                                                 ok       ok       ok       ok       ok       ok       ok       401
POST /reports                                                403/403  403/403  403/403  ok/403   ok/403   403/403  403/403  401/401
GET /reports/{report_id}                                     ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /reports/{report_id}/submit                             403/403  403/403  403/403  ok/403   ok/403   403/403  403/403  401/401
POST /reports/approve                                        ok/ok    ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
POST /reports/{report_id}/approve                            ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
POST /reports/{report_id}/return                             ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
POST /reports/{report_id}/amend                              ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
POST /publications                                           ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
# --- the official calendar (one for the whole country: any office keeps it)
GET /calendar                                                ok       ok       ok       ok       ok       ok       ok       401
GET /calendar/{year}                                         ok       ok       ok       ok       ok       ok       ok       401
POST /calendar/years                                         ok       ok       403      403      403      403      403      401
PATCH /calendar/years/{year}                                 ok       ok       403      403      403      403      403      401
DELETE /calendar/years/{year}                                ok       ok       403      403      403      403      403      401
POST /calendar/days                                          ok       ok       403      403      403      403      403      401
PATCH /calendar/days/{day}                                   ok       ok       403      403      403      403      403      401
DELETE /calendar/days/{day}                                  ok       ok       403      403      403      403      403      401
# --- API tokens
GET /tokens                                                  ok       ok       ok       ok       ok       ok       ok       401
POST /tokens                                                 ok       ok       ok       ok       ok       ok       ok       401
POST /tokens/{token_id}/revoke                               ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
# --- accountability: findings, closes, rules
GET /findings                                                ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
POST /periods/close                                          ok/403   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
GET /findings/{finding_id}                                   ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /findings/{finding_id}/explain                          403/404  403/403  403/404  ok/404   ok/404   403/404  403/404  401/401
POST /findings/{finding_id}/accept                           ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
POST /findings/{finding_id}/return                           ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
POST /findings/{finding_id}/exempt                           ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
GET /periods/closes                                          ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
GET /periods/closes/{close_id}                               ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
GET /rules                                                   ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
POST /rules                                                  ok/403   403/403  403/403  403/403  403/403  403/403  403/403  401/401
GET /rules/versions                                          ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
# --- "why is this red?" and the year-end forecast: the pages' rules (a unit's people see their
# unit's projects, and every unit, the district and its ranking as the district's pages show them)
GET /why/projects/{code}                                     ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
GET /why/units/{code}                                        ok/403   ok/ok    ok/403   ok/403   ok/403   ok/403   ok/403   401/401
GET /why/regions/{code}                                      ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
GET /why/rankings/{code}                                     ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
GET /forecast                                                ok/403   ok/ok    ok/403   ok/ok    ok/ok    ok/403   ok/403   401/401
# --- supervision (the district's own office and supervisors run items; the city watches)
GET /supervision                                             ok       ok       ok       ok       ok       ok       ok       401
POST /supervision                                            ok/422   403/403  403/422  403/422  403/422  ok/422   403/422  401/401
GET /supervision/{item_id}                                   ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /supervision/instructions                               403/422  403/403  ok/422   403/422  403/422  403/422  403/422  401/401
POST /supervision/{item_id}/assign                           ok/404   403/403  403/404  404/404  404/404  ok/404   403/404  401/401
POST /supervision/{item_id}/accept                           403/404  403/403  403/404  ok/404   ok/404   403/404  403/404  401/401
POST /supervision/{item_id}/feedback                         403/404  403/403  403/404  ok/404   ok/404   403/404  403/404  401/401
POST /supervision/{item_id}/attachments                      ok/404   403/403  403/404  ok/404   ok/404   ok/404   403/404  401/401
POST /supervision/{item_id}/evaluate                         ok/404   403/403  403/404  403/404  403/404  ok/404   403/404  401/401
POST /supervision/{item_id}/close                            ok/404   403/403  403/404  403/404  403/404  ok/404   403/404  401/401
POST /supervision/{item_id}/return                           ok/404   403/403  403/404  403/404  403/404  ok/404   403/404  401/401
POST /supervision/{item_id}/extensions                       403/404  403/403  403/404  ok/404   ok/404   403/404  403/404  401/401
POST /supervision/{item_id}/extensions/{extension_id}/decide ok/404   403/403  403/404  403/404  403/404  ok/404   403/404  401/401
GET /supervision/watches/{kind}                              ok       ok       ok       ok       ok       ok       ok       401
POST /supervision/run-daily                                  ok       403      403      403      403      ok       403      401
# --- reverse plans (a unit sees the plans where it owns a node)
GET /planning/projects/{code}                                ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
PATCH /planning/projects/{code}                              ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
GET /planning/projects/{code}/baselines                      ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /planning/projects/{code}/baselines                     ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
GET /planning/projects/{code}/baselines/{number}             ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
GET /planning/projects/{code}/history                        ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /planning/projects/{code}/generate                      ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
POST /planning/projects/{code}/nodes                         ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
PUT /planning/nodes/{node_id}                                ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
DELETE /planning/nodes/{node_id}                             ok/404   ok/ok    403/404  403/404  403/404  403/404  403/404  401/401
POST /planning/nodes/{node_id}/progress                      ok/404   ok/ok    403/404  ok/404   ok/404   403/404  403/404  401/401
GET /planning/templates                                      ok       ok       ok       ok       ok       ok       ok       401
GET /planning/units/{code}                                   ok/404   ok/ok    ok/404   ok/404   ok/404   ok/404   ok/404   401/401
GET /planning/districts/{code}                               ok/404   ok/ok    ok/404   404/404  404/404  ok/404   ok/404   401/401
# --- notices
GET /notifications                                           ok       ok       ok       ok       ok       ok       ok       401
POST /notifications/{notification_id}/read                   ok/404   ok/404   ok/404   ok/404   ok/404   ok/404   ok/404   401/401
POST /notifications/read-all                                 ok       ok       ok       ok       ok       ok       ok       401
GET /notifications/deliveries                                ok       ok       403      403      403      403      403      401
POST /notifications/deliveries/{delivery_id}/retry           ok/404   ok/ok    403/403  403/403  403/403  403/403  403/403  401/401
# --- Excel imports (the office; a job is its uploader's)
POST /imports                                                ok       ok       403      403      403      403      403      401
GET /imports                                                 ok       ok       403      403      403      403      403      401
GET /imports/{job_id}                                        ok/404   ok/404   403/403  403/403  403/403  403/403  403/403  401/401
GET /imports/{job_id}/errors                                 ok/404   ok/404   403/403  403/403  403/403  403/403  403/403  401/401
"""


def _parse(table: str) -> dict[str, list[str]]:
    rows = {}
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        method, path, *cells = line.split()
        assert len(cells) == len(ROLES), line
        rows[f"{method} {path}"] = cells
    return rows


MATRIX = _parse(TABLE)
OUTCOMES = {"ok", "401", "403", "404", "422"}


def _operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {
        f"{method.upper()} {path.removeprefix(API)}"
        for path, operations in paths.items()
        for method in operations
    }


def test_every_endpoint_has_a_row() -> None:
    endpoints = _operations()

    assert set(MATRIX) == endpoints
    assert {f"{method} {path}" for method, path in CASES} == endpoints


def test_the_table_is_well_formed() -> None:
    for endpoint, cells in MATRIX.items():
        targeted, _build = CASES[tuple(endpoint.split(" ", 1))]  # type: ignore[index]
        for cell in cells:
            parts = cell.split("/")
            assert len(parts) == (2 if targeted else 1), (endpoint, cell)
            assert set(parts) <= OUTCOMES, (endpoint, cell)


def _cells() -> list[Any]:
    cells = []
    for endpoint, outcomes in MATRIX.items():
        method, path = endpoint.split(" ", 1)
        targeted, _build = CASES[(method, path)]
        for role, cell in zip(ROLES, outcomes, strict=True):
            expected = cell.split("/")
            for target, outcome in zip(
                ("own", "other") if targeted else (None,), expected, strict=True
            ):
                cells.append(
                    pytest.param(
                        method, path, role, target, outcome, id=f"{endpoint}|{role}|{target or '-'}"
                    )
                )
    return cells


def _send(client: Client, method: str, call: Call) -> Any:
    url = API + call.path
    if call.form is not None:
        return client.post(url, call.form)
    if method == "GET":
        return client.get(url, call.query)
    body = "" if call.json is None else json.dumps(call.json)
    return client.generic(method, url, body, content_type="application/json")


@pytest.mark.parametrize(("method", "path", "role", "target", "expected"), _cells())
def test_cell(
    db: None, method: str, path: str, role: str, target: str | None, expected: str
) -> None:
    world = World(role, target)
    call = CASES[(method, path)][1](world)
    client = make_client()
    if world.caller is not None:
        client.force_login(world.caller)

    response = _send(client, method, call)

    got = "ok" if 200 <= response.status_code < 300 else str(response.status_code)
    assert got == expected, response.content[:300]
    if got != "ok":
        assert response.json()["code"]


# --- no unpublished figure reachable anonymously ---------------------------------------------------


@pytest.fixture
def october_approved(db: None) -> list[MonthlyReport]:
    """Every Liandu report of October 2013 (not published) approved by the office: real figures."""
    office = User.objects.get(username="office")
    reports = list(
        MonthlyReport.objects.filter(
            project__region__code="331102", year=2013, month=10, state__in=AWAITING_REVIEW
        ).select_related("project")
    )
    for report in reports:
        if report.state != ReportState.SUBMITTED:
            report.state = ReportState.SUBMITTED
            report.save(update_fields=["state"])
        report_approve(report=report, by=office)
    approved = [r for r in reports if r.amount > 0]
    assert approved
    return approved


PUBLIC_READS = [  # every endpoint that answers anonymous callers, with the month in question
    ("/rankings", {"region": "331102", "period": "2013-10"}),
    ("/rankings", {"region": "331100", "period": "2013-10"}),
    ("/figures", {"region": "331102", "period": "2013-10"}),
    ("/figures", {"region": "331100", "period": "2013-10"}),
    ("/figures/projects", {"region": "331102", "period": "2013-10"}),
    ("/figures/projects", {"region": "331100", "period": "2013-10", "watch": "stalled"}),
]


def test_the_public_reads_are_exactly_the_anonymous_columns_ok() -> None:
    public = {endpoint for endpoint, cells in MATRIX.items() if "ok" in cells[-1]}

    assert public == {
        "GET /regions",
        "GET /projects",
        "GET /projects/{code}",
        "GET /rankings",
        "GET /figures",
        "GET /figures/projects",
    }


@pytest.mark.parametrize(("path", "query"), PUBLIC_READS)
def test_no_unpublished_month_is_shown_anonymously(
    october_approved: list[MonthlyReport], path: str, query: dict[str, str]
) -> None:
    response = make_client().get(API + path, query)

    assert (response.status_code, response.json()["code"]) == (404, "not_published")


def test_the_default_month_of_public_reads_is_the_latest_published(
    october_approved: list[MonthlyReport],
) -> None:
    client = make_client()

    periods = {
        client.get(API + "/rankings", {"region": "331102"}).json()["period"],
        client.get(API + "/figures", {"region": "331102"}).json()["period"],
        client.get(API + "/rankings", {"region": "331100"}).json()["period"],
    }

    assert periods == {"2013-09"}


def test_no_project_shows_an_unpublished_amount_anonymously(
    october_approved: list[MonthlyReport],
) -> None:
    client = make_client()
    codes = {r.project.code for r in october_approved}

    for code in sorted(codes):
        body = client.get(f"{API}/projects/{code}").json()
        year = next(r for r in body["reports"] if r["year"] == 2013)
        assert year["published_through"] == 9
        assert year["includes_unpublished"] is False
        assert year["months"][9:] == [0, 0, 0], code
    listed = client.get(f"{API}/projects", {"region": "331102", "limit": 1}).json()
    assert not {"reports", "plans", "completed"} & set(
        listed["items"][0]
    )  # the list has no figures


def test_the_office_does_see_the_unpublished_month(
    october_approved: list[MonthlyReport],
) -> None:
    client = make_client()
    client.force_login(User.objects.get(username="office"))
    report = october_approved[0]

    body = client.get(f"{API}/projects/{report.project.code}").json()
    ranking = client.get(API + "/rankings", {"region": "331102", "period": "2013-10"})

    year = next(r for r in body["reports"] if r["year"] == 2013)
    assert Decimal(str(year["months"][9])) == report.amount
    assert ranking.status_code == 200


def test_a_bad_token_is_refused_even_on_public_reads(db: None) -> None:
    response = make_client().get(
        API + "/figures", {"region": "331102"}, headers={"Authorization": "Bearer sg_wrong"}
    )

    assert response.status_code == 401
