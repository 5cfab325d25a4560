"""Token management for integrations: list, issue (key once), revoke; the office's scope; the page."""

from __future__ import annotations

import pytest
from django.test import Client

from sangua.api.models import ApiToken
from sangua.api.services import hash_key, token_create
from sangua.core.testing.factories import UserFactory
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, User

from .conftest import ApiClient, SignIn, make_client


def _token_of(username: str, name: str = "sync") -> ApiToken:
    token, _key = token_create(user=User.objects.get(username=username), name=name)
    return token


def test_a_signed_in_user_issues_a_token_whose_key_is_shown_once_and_works(
    as_user: SignIn,
) -> None:
    response = as_user("reporter").post("/tokens", {"name": "统计局同步"})

    assert response.status_code == 201
    body = response.json()
    token = ApiToken.objects.get(pk=body["id"])
    assert token.key_hash == hash_key(body["key"])
    assert body["key"].startswith(body["prefix"])
    assert (body["name"], body["user"]["username"], body["active"]) == (
        "统计局同步",
        "reporter",
        True,
    )
    listed = as_user("reporter").get("/tokens").json()
    assert [t["id"] for t in listed["items"]] == [token.pk]
    assert "key" not in listed["items"][0]
    bearer = ApiClient(make_client(), headers={"Authorization": f"Bearer {body['key']}"})
    assert bearer.get("/reports", limit=1).status_code == 200


def test_a_token_cannot_issue_tokens(with_token: SignIn) -> None:
    response = with_token("office").post("/tokens", {"name": "more"})

    assert (response.status_code, response.json()["code"]) == (403, "session_required")


def test_an_empty_name_is_refused_with_its_field(as_user: SignIn) -> None:
    response = as_user("office").post("/tokens", {"name": ""})

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid_input", "name")


def test_the_owner_revokes_a_token_and_it_stops_working(with_token: SignIn) -> None:
    _token, key = token_create(user=User.objects.get(username="viewer"), name="old")
    token = ApiToken.objects.get(key_hash=hash_key(key))
    client = ApiClient(make_client(), headers={"Authorization": f"Bearer {key}"})

    revoked = client.post(f"/tokens/{token.pk}/revoke")
    again = client.get("/tokens")

    assert revoked.status_code == 200
    assert revoked.json()["active"] is False
    assert (again.status_code, again.json()["code"]) == (401, "not_authenticated")


def test_revoking_twice_is_a_conflict(as_user: SignIn) -> None:
    token = _token_of("viewer")
    client = as_user("viewer")
    client.post(f"/tokens/{token.pk}/revoke")

    response = client.post(f"/tokens/{token.pk}/revoke")

    assert (response.status_code, response.json()["code"]) == (409, "already_revoked")


def test_the_office_lists_and_revokes_the_tokens_of_its_district_only(as_user: SignIn) -> None:
    reporter_token = _token_of("reporter")
    city_token = _token_of("city")
    qingtian = UserFactory(
        username="qt-viewer", role=Role.VIEWER, region=Region.objects.get(code="331121")
    )
    qingtian_token, _key = token_create(user=qingtian, name="qt")
    office = as_user("office")

    listed = office.get("/tokens", managed="true", limit=500).json()
    revoke_city = office.post(f"/tokens/{city_token.pk}/revoke")
    revoke_qingtian = office.post(f"/tokens/{qingtian_token.pk}/revoke")
    revoke_reporter = office.post(f"/tokens/{reporter_token.pk}/revoke")

    ids = {t["id"] for t in listed["items"]}
    assert reporter_token.pk in ids
    assert not ids & {city_token.pk, qingtian_token.pk}
    assert revoke_city.status_code == revoke_qingtian.status_code == 404
    assert revoke_reporter.status_code == 200


def test_the_city_office_manages_every_district_but_not_the_administrator(
    as_user: SignIn,
) -> None:
    admin_token = _token_of("admin")
    reporter_token = _token_of("reporter")

    listed = as_user("city").get("/tokens", managed="true", limit=500).json()

    ids = {t["id"] for t in listed["items"]}
    assert reporter_token.pk in ids
    assert admin_token.pk not in ids


@pytest.mark.parametrize("username", ["reporter", "viewer", "supervisor", "leader"])
def test_only_the_office_asks_for_managed_tokens(as_user: SignIn, username: str) -> None:
    response = as_user(username).get("/tokens", managed="true")

    assert response.status_code == 403


def test_a_user_cannot_revoke_someone_elses_token(as_user: SignIn) -> None:
    token = _token_of("reporter2")

    response = as_user("reporter").post(f"/tokens/{token.pk}/revoke")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# --- the page ------------------------------------------------------------------------------------


@pytest.fixture
def page(db: None, settings) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(User.objects.get(username="office"))
    return client


def test_the_page_issues_a_token_and_shows_its_key_once(page: Client) -> None:
    issued = page.post("/api/tokens/", {"name": "BI"})
    shown_again = page.get("/api/tokens/")

    token = ApiToken.objects.get(user__username="office", name="BI")
    key = issued.context["new_key"]
    assert issued.status_code == 200
    assert token.key_hash == hash_key(key)
    assert key in issued.content.decode()
    assert key not in shown_again.content.decode()
    assert token.prefix in shown_again.content.decode()
    assert issued["Cache-Control"].startswith("max-age=0")


def test_the_office_page_lists_and_revokes_a_reporters_token(page: Client) -> None:
    token = _token_of("reporter", "报表同步")

    listed = page.get("/api/tokens/")
    revoked = page.post(f"/api/tokens/{token.pk}/revoke/")

    assert "报表同步" in listed.content.decode()
    assert revoked.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_page_refuses_to_revoke_a_token_out_of_scope(page: Client) -> None:
    token = _token_of("city")

    response = page.post(f"/api/tokens/{token.pk}/revoke/")

    assert response.status_code == 404


def test_the_page_needs_a_sign_in(db: None, settings) -> None:  # type: ignore[no-untyped-def]

    response = Client().get("/api/tokens/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]
