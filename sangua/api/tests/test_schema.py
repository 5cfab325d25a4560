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
