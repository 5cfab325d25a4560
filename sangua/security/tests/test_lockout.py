"""Sign-in throttling: five failures lock a user name from an address for fifteen minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sangua.security.models import LoginAttempt

PASSWORD = "sangua2013"  # the demo's


pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str, ip: str = "10.0.0.1", url: str | None = None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client, n: int, username: str = "office", ip: str = "10.0.0.1") -> None:
    for _ in range(n):
        response = _login(client, username, "wrong", ip)
        assert response.status_code == 200


def test_given_four_failures_when_signing_in_right_then_it_works(client):
    _fail(client, 4)
    response = _login(client, "office", PASSWORD)
    assert response.status_code == 302
    assert list(LoginAttempt.objects.values_list("succeeded", flat=True)) == [True] + [False] * 4


def test_given_a_fifth_failure_then_the_name_is_locked_with_a_clear_message(client):
    _fail(client, 4)
    response = _login(client, "office", "wrong")
    page = response.content.decode()
    assert "Too many failed sign-ins for this user name from your address." in page
    assert "about 15 minutes" in page
    # even the right password is refused while locked, without being checked
    response = _login(client, "office", PASSWORD)
    assert response.status_code == 200
    assert "Sign-in is locked until" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(refused=True).count() == 1


def test_given_a_lockout_when_fifteen_minutes_pass_then_sign_in_works_again(client):
    _fail(client, 5)
    LoginAttempt.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _login(client, "office", PASSWORD).status_code == 302


def test_a_lockout_is_per_address(client):
    _fail(client, 5, ip="10.0.0.1")
    assert _login(client, "office", PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_lockout_ignores_the_case_of_the_user_name(client):
    _fail(client, 3, username="office")
    _fail(client, 2, username="OFFICE")
    assert "Sign-in is locked" in _login(client, "Office", PASSWORD).content.decode()


def test_a_success_starts_the_count_again(client):
    _fail(client, 4)
    assert _login(client, "office", PASSWORD).status_code == 302
    client.logout()
    _fail(client, 4)
    assert _login(client, "office", PASSWORD).status_code == 302


def test_failures_spread_over_more_than_the_window_do_not_lock(client):
    _fail(client, 4)
    LoginAttempt.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20))
    _fail(client, 1)
    assert _login(client, "office", PASSWORD).status_code == 302


def test_names_that_do_not_exist_lock_the_same_way(client):
    _fail(client, 5, username="nobody")
    assert "Sign-in is locked" in _login(client, "nobody", "x").content.decode()


def test_the_admin_sign_in_shares_the_lockout(client):
    _fail(client, 5, username="admin")
    response = _login(client, "admin", PASSWORD, url=reverse("admin:login"))
    assert response.status_code == 200
    assert "Sign-in is locked" in response.content.decode()


def test_the_lockout_settings_are_honoured(client, settings):
    settings.SANGUA_LOGIN_MAX_FAILURES = 2
    _fail(client, 2)
    assert "Sign-in is locked" in _login(client, "office", PASSWORD).content.decode()
