"""A NUL byte in any text input is a 422, never a 500 (PostgreSQL refuses NUL in text)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SignIn

NUL = "a\x00b"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/supervision", {"q": NUL}),
        ("/supervision", {"state": NUL}),
        ("/supervision", {"project": NUL}),
        ("/supervision", {"unit": NUL}),
        ("/supervision/watches/person", {"q": NUL}),
        ("/findings", {"region": NUL}),
        ("/periods/closes", {"region": "331102", "period": NUL}),
        ("/rules", {"region": NUL}),
        ("/projects", {"q": NUL}),
        ("/figures", {"region": NUL}),
        ("/figures/projects", {"region": "331102", "period": NUL}),
        (f"/planning/projects/{NUL}", {}),
        (f"/planning/units/{NUL}", {}),
    ],
)
def test_a_nul_in_a_query_or_path_is_invalid_input(
    as_user: SignIn, path: str, params: dict[str, str]
) -> None:
    response = as_user("supervisor").get(path, **params)

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/supervision",
            {"title": NUL, "category": "land", "source": "inspection", "deadline": "2099-01-01"},
        ),
        ("/supervision/instructions", {"project": "331102-004", "text": NUL}),
        ("/rules", {"region": "331102", "reason": NUL, "red_below": "80"}),
        ("/tokens", {"name": NUL}),
        ("/projects", {"code": NUL, "region": "331102", "name": "x", "unit": "x", "leader": 1}),
        ("/planning/projects/331102-004/baselines", {"name": NUL}),
        ("/calendar/days", {"date": "2099-01-01", "kind": "holiday", "name": NUL}),
    ],
)
def test_a_nul_in_a_body_is_invalid_input(as_user: SignIn, path: str, body: dict[str, Any]) -> None:
    response = as_user("office").post(path, body)

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_input"
