"""Token and session authentication: Bearer keys (valid, revoked, wrong), CSRF on session writes,
and the ``sangua api-token`` command."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sangua.api.models import ApiToken
from sangua.api.services import token_create, token_revoke
from sangua.orgs.models import User
from sangua.projects.models import Project

from .conftest import ApiClient, SignIn, make_client

LIANDU = "331102"


def bearer(key: str) -> ApiClient:
    return ApiClient(make_client(), headers={"Authorization": f"Bearer {key}"})


def test_a_valid_token_reads_and_writes_without_csrf(
    with_token: SignIn, liancheng_project: Project
) -> None:
    client = with_token("reporter")
    client.client = make_client(enforce_csrf_checks=True)

    listed = client.get("/reports")
    saved = client.post(
        "/reports", {"project": liancheng_project.code, "year": 2013, "month": 10, "amount": 1}
    )

    assert listed.status_code == 200
    assert saved.status_code == 200
    assert saved.json()["state"] == "draft"


def test_a_token_counts_as_its_user_for_scopes(with_token: SignIn) -> None:
    """The office's token sees Liandu's unpublished month, as the office does."""
    response = with_token("office").get("/rankings", region=LIANDU, period="2013-10")

    assert response.status_code == 200


def test_using_a_token_records_when(db: None) -> None:
    token, key = token_create(user=User.objects.get(username="office"), name="bi")

    bearer(key).get("/reports")

    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("path", ["/reports", "/rankings?region=331100&period=2013-09"])
def test_a_revoked_token_is_refused_even_on_public_reads(db: None, path: str) -> None:
    token, key = token_create(user=User.objects.get(username="office"), name="old")
    token_revoke(token=token)

    response = bearer(key).get(path)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("key", ["sg_wrong", "", "x" * 500])
def test_a_wrong_token_is_refused(db: None, key: str) -> None:
    response = bearer(key).get("/reports")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_inactive_users_token_is_refused(db: None) -> None:
    user = User.objects.get(username="reporter")
    _token, key = token_create(user=user, name="t")
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert bearer(key).get("/reports").status_code == 401


def test_a_wrong_token_beats_a_valid_session(as_user: SignIn) -> None:
    client = as_user("office")
    client.headers = {"Authorization": "Bearer sg_wrong"}

    assert client.get("/reports").status_code == 401


def test_only_the_hash_of_a_key_is_stored(db: None) -> None:
    token, key = token_create(user=User.objects.get(username="office"), name="bi")

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.name, stored.prefix, stored.key_hash}
    assert key.startswith(stored.prefix)


# --- sessions -------------------------------------------------------------------------------------


CSRF = "a" * 32


def test_a_session_write_without_the_csrf_token_is_refused(db: None) -> None:
    client = make_client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="office"))

    response = ApiClient(client).post("/reports/1/approve")

    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_a_session_write_with_the_csrf_token_goes_through(
    db: None, liancheng_project: Project
) -> None:
    client = make_client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="reporter"))
    client.cookies["csrftoken"] = CSRF
    api = ApiClient(client, headers={"X-CSRFToken": CSRF})

    response = api.post(
        "/reports", {"project": liancheng_project.code, "year": 2013, "month": 10, "amount": 1}
    )

    assert response.status_code == 200


def test_session_reads_need_no_csrf_token(db: None) -> None:
    client = make_client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="office"))

    assert ApiClient(client).get("/reports", limit=1).status_code == 200


def test_an_anonymous_write_is_a_401_not_a_csrf_error(db: None) -> None:
    response = ApiClient(make_client(enforce_csrf_checks=True)).post("/publications", {})

    assert response.status_code == 401


# --- the command ----------------------------------------------------------------------------------


def test_the_command_creates_lists_and_revokes(db: None) -> None:
    out, err = StringIO(), StringIO()
    call_command("api-token", "create", "office", "--name", "bi-sync", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="bi-sync")
    assert bearer(key).get("/reports", limit=1).status_code == 200
    assert "cannot be shown again" in err.getvalue()

    listing = StringIO()
    call_command("api-token", "list", "office", stdout=listing)
    assert "bi-sync" in listing.getvalue()
    assert key not in listing.getvalue()

    call_command("api-token", "revoke", str(token.pk), stdout=StringIO())
    assert bearer(key).get("/reports", limit=1).status_code == 401
    active = StringIO()
    call_command("api-token", "list", stdout=active)
    assert "bi-sync" not in active.getvalue()


def test_the_commands_writes_name_the_console_user_in_the_audit_trail(db: None) -> None:
    import getpass

    from sangua.audit.models import AuditEntry

    call_command("api-token", "create", "office", "--name", "audited", stdout=StringIO(),
                 stderr=StringIO())  # fmt: skip
    token = ApiToken.objects.get(name="audited")
    call_command("api-token", "revoke", str(token.pk), stdout=StringIO())

    entries = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
    assert [(e.action, e.actor_name) for e in entries.order_by("seq")] == [
        ("api.token_create", f"cli:{getpass.getuser()}"),
        ("api.token_revoke", f"cli:{getpass.getuser()}"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["create", "nobody", "--name", "x"],
        ["create", "office", "--name", " "],
        ["revoke", "999999"],
    ],
)
def test_the_command_refuses_bad_arguments(db: None, args: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("api-token", *args, stdout=StringIO(), stderr=StringIO())


def test_the_admin_lists_and_revokes_tokens(db: None) -> None:
    token, key = token_create(user=User.objects.get(username="office"), name="bi")
    client = make_client()
    client.force_login(User.objects.get(username="admin"))

    listing = client.get("/admin/api/apitoken/")
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]})

    assert listing.status_code == 200
    assert key not in listing.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
