"""The OpenAPI schema and the interactive docs."""

from __future__ import annotations

import pytest

from .conftest import ApiClient

EXPECTED = {
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/projects"),
    ("get", "/api/v1/projects/{code}"),
    ("get", "/api/v1/rankings"),
    ("get", "/api/v1/reports"),
    ("post", "/api/v1/reports"),
    ("get", "/api/v1/reports/{report_id}"),
    ("post", "/api/v1/reports/{report_id}/submit"),
    ("post", "/api/v1/reports/approve"),
    ("post", "/api/v1/reports/{report_id}/approve"),
    ("post", "/api/v1/reports/{report_id}/return"),
    ("post", "/api/v1/reports/{report_id}/amend"),
    ("post", "/api/v1/publications"),
    # routers that live with their apps
    ("get", "/api/v1/findings"),
    ("post", "/api/v1/periods/close"),
    ("get", "/api/v1/supervision"),
    ("post", "/api/v1/supervision"),
    ("get", "/api/v1/supervision/{item_id}"),
    ("post", "/api/v1/supervision/instructions"),
    ("post", "/api/v1/supervision/{item_id}/assign"),
    ("post", "/api/v1/supervision/{item_id}/accept"),
    ("post", "/api/v1/supervision/{item_id}/feedback"),
    ("post", "/api/v1/supervision/{item_id}/attachments"),
    ("post", "/api/v1/supervision/{item_id}/evaluate"),
    ("post", "/api/v1/supervision/{item_id}/close"),
    ("post", "/api/v1/supervision/{item_id}/return"),
    ("post", "/api/v1/supervision/{item_id}/extensions"),
    ("post", "/api/v1/supervision/{item_id}/extensions/{extension_id}/decide"),
    ("get", "/api/v1/supervision/watches/{kind}"),
    ("post", "/api/v1/supervision/run-daily"),
    # issue 6: everything a page does
    ("post", "/api/v1/projects"),
    ("patch", "/api/v1/projects/{code}"),
    ("put", "/api/v1/projects/{code}/plans/{year}"),
    ("get", "/api/v1/figures"),
    ("get", "/api/v1/figures/projects"),
    ("get", "/api/v1/calendar"),
    ("get", "/api/v1/calendar/{year}"),
    ("post", "/api/v1/calendar/years"),
    ("patch", "/api/v1/calendar/years/{year}"),
    ("delete", "/api/v1/calendar/years/{year}"),
    ("post", "/api/v1/calendar/days"),
    ("patch", "/api/v1/calendar/days/{day}"),
    ("delete", "/api/v1/calendar/days/{day}"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("post", "/api/v1/tokens/{token_id}/revoke"),
    ("get", "/api/v1/findings/{finding_id}"),
    ("post", "/api/v1/findings/{finding_id}/explain"),
    ("post", "/api/v1/findings/{finding_id}/accept"),
    ("post", "/api/v1/findings/{finding_id}/return"),
    ("post", "/api/v1/findings/{finding_id}/exempt"),
    ("get", "/api/v1/periods/closes"),
    ("get", "/api/v1/periods/closes/{close_id}"),
    ("get", "/api/v1/rules"),
    ("post", "/api/v1/rules"),
    ("get", "/api/v1/rules/versions"),
    ("get", "/api/v1/planning/projects/{code}"),
    ("patch", "/api/v1/planning/projects/{code}"),
    ("get", "/api/v1/planning/projects/{code}/baselines"),
    ("post", "/api/v1/planning/projects/{code}/baselines"),
    ("get", "/api/v1/planning/projects/{code}/baselines/{number}"),
    ("get", "/api/v1/planning/projects/{code}/history"),
    ("post", "/api/v1/planning/projects/{code}/generate"),
    ("post", "/api/v1/planning/projects/{code}/nodes"),
    ("put", "/api/v1/planning/nodes/{node_id}"),
    ("delete", "/api/v1/planning/nodes/{node_id}"),
    ("post", "/api/v1/planning/nodes/{node_id}/progress"),
    ("get", "/api/v1/planning/templates"),
    ("get", "/api/v1/planning/units/{code}"),
    ("get", "/api/v1/planning/districts/{code}"),
    ("get", "/api/v1/notifications"),
    ("post", "/api/v1/notifications/{notification_id}/read"),
    ("post", "/api/v1/notifications/read-all"),
    ("get", "/api/v1/notifications/deliveries"),
    ("post", "/api/v1/notifications/deliveries/{delivery_id}/retry"),
    ("post", "/api/v1/imports"),
    ("get", "/api/v1/imports"),
    ("get", "/api/v1/imports/{job_id}"),
    ("get", "/api/v1/imports/{job_id}/errors"),
    # "why is this red?" and the year-end forecast
    ("get", "/api/v1/why/projects/{code}"),
    ("get", "/api/v1/why/units/{code}"),
    ("get", "/api/v1/why/regions/{code}"),
    ("get", "/api/v1/why/rankings/{code}"),
    ("get", "/api/v1/forecast"),
}


def test_openapi_schema_lists_every_endpoint(anon: ApiClient) -> None:
    response = anon.get("/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Sangua API"
    assert schema["info"]["version"] == "1"
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == EXPECTED
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_rates_are_numbers_in_the_schema(anon: ApiClient) -> None:
    schema = anon.get("/openapi.json").json()

    row = schema["components"]["schemas"]["RankRowOut"]["properties"]
    assert row["completion_rate"]["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert row["annual_plan"]["type"] == "number"


def test_docs_page_loads(anon: ApiClient) -> None:
    response = anon.get("/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.parametrize("name", ["api-v1:openapi-json", "api-v1:openapi-view"])
def test_urls_live_in_the_api_v1_namespace(name: str) -> None:
    from django.urls import reverse

    assert reverse(name).startswith("/api/v1/")


def test_operations_have_readable_unique_ids(anon: ApiClient) -> None:
    schema = anon.get("/openapi.json").json()

    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids)) == len(EXPECTED)
    assert "get_ranking" in ids


def test_public_reads_declare_that_anonymous_callers_are_welcome(anon: ApiClient) -> None:
    paths = anon.get("/openapi.json").json()["paths"]

    assert {} in paths["/api/v1/rankings"]["get"]["security"]
    assert {} not in paths["/api/v1/reports"]["get"]["security"]
