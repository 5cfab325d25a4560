"""The supervision router: the ledger, one item with its history and next steps, and every step
of the state machine through the API, with the API's error shape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from sangua.orgs.models import User
from sangua.supervision.models import SupervisionItem

from .helpers import pdf_upload

pytestmark = pytest.mark.urls("sangua.supervision.tests.urls")
BASE = "/test-api/supervision"


class Api:
    def __init__(self, username: str) -> None:
        self.client = Client()
        self.client.force_login(User.objects.get(username=username))

    def get(self, path: str = "", **params: Any) -> Any:
        return self.client.get(BASE + path, params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            BASE + path, json.dumps(body or {}), content_type="application/json"
        )

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(BASE + path, data)  # multipart


@pytest.fixture
def api(db):
    return Api


def test_the_ledger_of_a_unit_holds_its_own_items_only(api):
    response = api("reporter2").get()
    assert response.status_code == 200
    body = response.json()
    expected = SupervisionItem.objects.filter(unit__name="紫金街道")
    assert body["count"] == expected.count()
    assert {i["code"] for i in body["items"]} == set(expected.values_list("code", flat=True))


def test_the_ledger_filters_and_pages(api, django_assert_max_num_queries):
    client = api("supervisor")
    with django_assert_max_num_queries(6):
        page = client.get(state="open", limit=3, offset=1).json()
    open_items = SupervisionItem.objects.filter(region__code="331102").exclude(state="closed")
    assert page["count"] == open_items.count()
    assert (page["limit"], page["offset"], len(page["items"])) == (3, 1, 3)
    red = client.get(placard="red").json()
    assert red["items"]
    assert all(i["placard"] == "red" for i in red["items"])
    land = client.get(category="land", state="closed").json()
    assert {i["title"] for i in land["items"]} == {
        "之江监狱迁建地块清场交地",
        "1000KV浙南站站址土地交付",
    }
    assert client.get(category="nonsense").status_code == 422


def test_an_item_with_its_history_and_next_steps(api):
    item = SupervisionItem.objects.get(title__contains="之江监狱")
    body = api("supervisor").get(f"/{item.pk}").json()
    assert body["state"] == "closed"
    assert body["evaluation"] == "basically"
    assert body["closed_on_time"] is False
    assert [e["action"] for e in body["events"]][:3] == ["register", "assign", "accept"]
    assert [f["attachments"][0]["name"] for f in body["feedback"]] == [
        "清场进度照片.png",
        "之江监狱地块交地确认书.pdf",
    ]
    assert body["actions"] == []


def test_open_answer_and_close_an_item_through_the_api(api, housing, liancheng):
    supervisor, reporter = api("supervisor"), api("reporter")
    created = supervisor.post(
        "",
        {
            "title": "API 督办事项",
            "category": "utilities",
            "source": "inspection",
            "project": housing.code,
            "assign": False,
        },
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["state"], item["actions"]) == ("registered", ["assign", "attach"])
    pk = item["id"]
    # Dated deadlines where the clock is today's: working days are tested on fixed 2013 dates
    assigned = supervisor.post(f"/{pk}/assign", {"unit": liancheng.code, "deadline": "2099-12-31"})
    assert assigned.json()["state"] == "assigned"
    assert reporter.get(f"/{pk}").json()["actions"] == ["accept", "extension_request"]
    assert reporter.post(f"/{pk}/accept", {"comment": "收到"}).json()["state"] == "in_progress"
    answered = reporter.upload(f"/{pk}/feedback", {"text": "已办结", "files": [pdf_upload()]})
    assert answered.status_code == 200, answered.content
    assert answered.json()["feedback"][0]["attachments"][0]["evidence"] is True
    closed = supervisor.post(f"/{pk}/close", {"evaluation": "satisfactory", "comment": "销号"})
    assert closed.status_code == 200
    body = closed.json()
    assert (body["state"], body["evaluation"]) == ("closed", "satisfactory")
    assert [e["action"] for e in body["events"]] == [
        "register",
        "assign",
        "accept",
        "feedback",
        "evaluate",
        "close",
    ]


def test_refusals_carry_the_service_error_codes(api, make_item):
    item = make_item("feedback", evidence=False)
    refused = api("supervisor").post(f"/{item.pk}/close", {"evaluation": "satisfactory"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "evidence_required"
    forbidden = api("reporter").post(f"/{item.pk}/evaluate", {"evaluation": "satisfactory"})
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "forbidden")
    hidden = api("reporter2").post(f"/{item.pk}/return", {"comment": "x"})
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    invalid = api("supervisor").post(f"/{item.pk}/evaluate", {"evaluation": "great"})
    assert (invalid.status_code, invalid.json()["code"]) == (422, "invalid_input")


def test_return_and_extensions_through_the_api(api, make_item):
    item = make_item("feedback")
    returned = api("supervisor").post(
        f"/{item.pk}/return", {"comment": "证据不足", "evaluation": "unsatisfactory"}
    )
    assert returned.json()["state"] == "in_progress"
    other = make_item("in_progress", deadline_days=None, deadline=dt.date(2099, 1, 5))
    asked = api("reporter").post(
        f"/{other.pk}/extensions", {"deadline": "2099-02-01", "reason": "雨季"}
    )
    assert asked.status_code == 201
    extension = asked.json()["extensions"][0]
    decided = api("supervisor").post(
        f"/{other.pk}/extensions/{extension['id']}/decide", {"approve": True}
    )
    assert decided.json()["deadline"] == "2099-02-01"
    again = api("supervisor").post(
        f"/{other.pk}/extensions/{extension['id']}/decide", {"approve": False, "comment": "x"}
    )
    assert (again.status_code, again.json()["code"]) == (409, "extension_decided")


def test_a_leader_instructs_through_the_api(api, housing):
    response = api("leader").post(
        "/instructions", {"project": housing.code, "text": "抓紧推进", "deadline": "2099-12-31"}
    )
    assert response.status_code == 201
    assert (response.json()["source"], response.json()["unit"]["code"]) == (
        "instruction",
        housing.unit.code,
    )
    refused = api("supervisor").post(
        "/instructions", {"project": housing.code, "text": "x", "deadline_days": 3}
    )
    assert refused.status_code == 403


def test_anonymous_callers_are_refused(db):
    assert Client().get(BASE).status_code == 401


def test_the_router_has_an_openapi_schema():
    from .urls import api as test_api

    schema = test_api.get_openapi_schema()
    paths = schema["paths"]
    assert "/test-api/supervision/{item_id}/close" in paths
    feedback = paths["/test-api/supervision/{item_id}/feedback"]["post"]
    assert "multipart/form-data" in feedback["requestBody"]["content"]
