"""Routers that live with their apps answer under /api/v1 with the API's own authentication."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import Router, Schema
from ninja.errors import ConfigError
from pydantic import create_model

from sangua.api.api import SanguaAPI
from sangua.orgs.models import User
from sangua.projects.models import Project
from sangua.supervision.demo import _pdf
from sangua.supervision.models import SupervisionItem

from .conftest import ApiClient, SignIn, make_client


def test_a_token_holder_closes_a_quarter_and_reads_its_findings(with_token: SignIn) -> None:
    office = with_token("office")

    closed = office.post("/periods/close", {"region": "331102", "period": "2013-Q3"})
    findings = office.get("/findings", region="331102", period="2013-Q3")

    assert closed.status_code == 200
    assert findings.status_code == 200
    body = findings.json()
    rows = body["items"]
    assert body["count"] == len(rows) == 3
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


# --- supervision (挂牌督战) at /api/v1/supervision ------------------------------------------------


def test_the_supervisor_lists_the_districts_items(as_user: SignIn) -> None:
    response = as_user("supervisor").get("/supervision", limit=500)

    assert response.status_code == 200
    body = response.json()
    liandu = SupervisionItem.objects.filter(region__code="331102")
    assert body["count"] == liandu.count() > 0
    assert {item["code"] for item in body["items"]} == set(liandu.values_list("code", flat=True))
    assert {item["region"]["code"] for item in body["items"]} == {"331102"}


def test_a_unit_sees_only_its_own_items(as_user: SignIn) -> None:
    # Given the demo's items, some of them of 紫金街道 (reporter2's unit) and some not
    mine = SupervisionItem.objects.filter(unit__name="紫金街道", region__code="331102")
    other = SupervisionItem.objects.exclude(unit__name="紫金街道").exclude(
        co_units__name="紫金街道"
    )
    assert mine.exists()
    assert other.exists()
    client = as_user("reporter2")

    listed = client.get("/supervision", limit=500).json()
    refused = client.get(f"/supervision/{other.first().pk}")  # type: ignore[union-attr]

    assert {item["code"] for item in listed["items"]} == set(mine.values_list("code", flat=True))
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")


def test_the_supervisor_opens_and_assigns_an_item_with_a_token(with_token: SignIn) -> None:
    supervisor = with_token("supervisor")
    project = Project.objects.select_related("unit").get(code="331102-004")

    created = supervisor.post(
        "/supervision",
        {
            "title": "接口督办：安置房配套道路",
            "category": "construction",
            "source": "inspection",
            "project": project.code,
            "unit": project.unit.code,
            "deadline": "2099-12-31",
        },
    )

    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["state"], item["unit"]["code"], item["project"]["code"]) == (
        "assigned",
        project.unit.code,
        "331102-004",
    )
    assert [e["action"] for e in item["events"]] == ["register", "assign"]
    # the unit it was assigned to sees it at once, with its next steps
    seen = with_token("reporter").get(f"/supervision/{item['id']}")
    assert seen.status_code == 200
    assert seen.json()["actions"] == ["accept", "extension_request"]


def test_a_reporter_cannot_open_items(with_token: SignIn) -> None:
    response = with_token("reporter").post(
        "/supervision", {"title": "x", "category": "other", "source": "report", "assign": False}
    )

    assert response.status_code == 403
    assert response.json()["code"]


def test_a_leader_instructs_through_the_api(with_token: SignIn) -> None:
    response = with_token("leader").post(
        "/supervision/instructions",
        {"project": "331102-004", "text": "请抓紧推进安置房交付", "deadline": "2099-12-31"},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source"], body["state"], body["unit"]["name"]) == (
        "instruction",
        "assigned",
        "联城街道",
    )


def test_feedback_with_evidence_is_multipart(with_token: SignIn, as_user: SignIn) -> None:
    # Given an item of 联城街道 that its reporter has accepted
    opened = with_token("supervisor").post(
        "/supervision",
        {
            "title": "接口督办：证明材料",
            "category": "other",
            "source": "meeting",
            "unit": "331102-T05",
            "deadline": "2099-12-31",
        },
    )
    assert opened.status_code == 201, opened.content
    pk = opened.json()["id"]
    reporter = as_user("reporter")
    assert reporter.post(f"/supervision/{pk}/accept", {}).json()["state"] == "in_progress"

    # When the reporter answers with a PDF as multipart/form-data
    pdf = SimpleUploadedFile("证明.pdf", _pdf("evidence"), content_type="application/pdf")
    answered = reporter.client.post(
        f"/api/v1/supervision/{pk}/feedback", {"text": "已办结", "files": [pdf]}
    )

    # Then the item waits for the supervisor's evaluation, with the evidence attached
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["state"] == "feedback"
    assert body["feedback"][0]["attachments"][0]["name"] == "证明.pdf"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/supervision"), ("post", "/supervision"), ("get", "/supervision/1")],
)
def test_supervision_is_not_public(anon: ApiClient, method: str, path: str) -> None:
    response = getattr(anon, method)(path)

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_session_write_to_supervision_needs_the_csrf_token(db: None) -> None:
    client = make_client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="supervisor"))

    response = ApiClient(client).post(
        "/supervision", {"title": "x", "category": "other", "source": "report", "assign": False}
    )

    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")


def test_the_supervision_list_costs_the_same_queries_however_many_items(
    as_user: SignIn, django_assert_max_num_queries: Any
) -> None:
    client = as_user("supervisor")
    with django_assert_max_num_queries(12) as before:
        client.get("/supervision", limit=500)
    first = SupervisionItem.objects.filter(region__code="331102").order_by("pk").first()
    assert first is not None
    for n in range(10):
        first.pk, first.code = None, f"DB331102-2099-{n:04d}"
        first.save()

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get("/supervision", limit=500)

    assert response.json()["count"] >= 10


# --- the schema of the whole API ------------------------------------------------------------------


# Two schema classes that share a class name, as two apps' routers may (each its own CloseIn).
FirstBody = create_model("Body", __base__=Schema, a=(int, ...))
SecondBody = create_model("Body", __base__=Schema, b=(str, ...))


def test_two_schemas_with_one_name_are_refused() -> None:
    router = Router()

    @router.post("/one")
    def one(request: Any, payload: FirstBody) -> None:  # type: ignore[valid-type]
        return None

    @router.post("/two")
    def two(request: Any, payload: SecondBody) -> None:  # type: ignore[valid-type]
        return None

    api = SanguaAPI(title="t", version="t", urls_namespace="schema-clash")
    api.add_router("/x", router)

    with pytest.raises(ConfigError, match="'Body'"):
        api.get_openapi_schema(path_prefix="/t/")
