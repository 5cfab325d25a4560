"""Clients for the API tests: anonymous, signed in as a demo user, or holding a Bearer token."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.test.client import ClientHandler

from sangua.api.services import token_create
from sangua.core.testing.factories import plan_for
from sangua.orgs.models import Person, User
from sangua.projects.choices import ProjectCategory, ProjectState
from sangua.projects.models import Project

API = "/api/v1"


_HANDLERS: dict[bool, ClientHandler] = {}


def make_client(*, enforce_csrf_checks: bool = False) -> Client:
    """A test client sharing one request handler, as the clients of one server process do.

    Each new handler builds the middleware chain again, and WhiteNoise's middleware then stats
    every static file (~0.3 s); sharing the handler keeps each test to its own work.
    """
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    shared = _HANDLERS.setdefault(enforce_csrf_checks, client.handler)
    client.handler = shared
    return client


class ApiClient:
    """A thin JSON wrapper over Django's test client, for paths under /api/v1."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.post(
            API + path, data, content_type="application/json", headers=self.headers
        )

    def patch_json(self, path: str, body: Any) -> Any:
        return self.client.patch(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def put_json(self, path: str, body: Any) -> Any:
        return self.client.put(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        """A multipart POST (files as SimpleUploadedFile values)."""
        return self.client.post(API + path, data, headers=self.headers)


SignIn = Callable[[str], ApiClient]


@pytest.fixture
def anon(db: None) -> ApiClient:
    return ApiClient(make_client())


@pytest.fixture
def as_user(db: None) -> SignIn:
    """A client signed in (by session) as one of the demo users: office, reporter, city, …"""

    def sign_in(username: str) -> ApiClient:
        client = make_client()
        client.force_login(User.objects.get(username=username))
        return ApiClient(client)

    return sign_in


@pytest.fixture
def with_token(db: None) -> SignIn:
    """A client with no session, authenticated by a fresh Bearer token of a demo user."""

    def issue(username: str) -> ApiClient:
        _token, key = token_create(user=User.objects.get(username=username), name="tests")
        return ApiClient(make_client(), headers={"Authorization": f"Bearer {key}"})

    return issue


@pytest.fixture
def liancheng_project(db: None) -> Project:
    """A new project of 联城街道 (the demo reporter's unit) in Liandu, planned 10 万元 a month in 2013."""
    unit = User.objects.select_related("unit__region").get(username="reporter").unit
    assert unit is not None
    leader = Person.objects.filter(region=unit.region, is_leader=True).order_by("pk").first()
    assert leader is not None
    project = Project.objects.create(
        code="331102-T99",
        name="联城测试项目",
        region=unit.region,
        unit=unit,
        leader=leader,
        category=ProjectCategory.URBAN,
        state=ProjectState.UNDER_CONSTRUCTION,
        total_investment=Decimal("1000.00"),
        start_date=dt.date(2013, 1, 1),
        target_date=dt.date(2015, 12, 31),
        contact_phone="0578-0000000",
    )
    plan_for(project, 2013, [10] * 12)
    return project
