"""The files the API links to (exports, bulletins, battle maps, templates, attachments) can be
fetched with an API token as well as with a session; the page's own permissions still apply."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from sangua.api.services import token_create, token_revoke
from sangua.orgs.models import User
from sangua.supervision.models import Attachment

from .conftest import make_client

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment_url() -> str:
    attachment = Attachment.objects.filter(item__region__code="331102").order_by("pk").first()
    assert attachment is not None  # the demo's closed items carry their evidence
    return f"/supervision/{attachment.item_id}/attachments/{attachment.pk}/"


# (who holds the token, the URL, the content type expected)
DOWNLOADS: list[tuple[str, Callable[[], str], str]] = [
    ("office", lambda: "/projects/export.xlsx?period=2013-09", XLSX),
    ("office", lambda: "/dashboard/ranking.xlsx?period=2013-09", XLSX),
    ("office", lambda: "/reports/review/export.xlsx?period=2013-10", XLSX),
    ("reporter", lambda: "/reports/export.xlsx", XLSX),
    ("office", lambda: "/accountability/findings/export.xlsx?region=331102", XLSX),
    ("office", lambda: "/accountability/bulletin/331102/2013-09/xlsx/", XLSX),
    ("office", lambda: "/planning/units/331102-T05/battlemap.pdf", "application/pdf"),
    ("supervisor", lambda: "/supervision/export/", XLSX),
    ("supervisor", _attachment_url, ""),
    ("office", lambda: "/import/template/projects.xlsx", XLSX),
]


def _key(username: str) -> str:
    _token, key = token_create(user=User.objects.get(username=username), name="downloads")
    return key


@pytest.mark.parametrize(("who", "url", "content_type"), DOWNLOADS)
def test_a_token_fetches_what_the_page_offers(
    db: None, who: str, url: Callable[[], str], content_type: str
) -> None:
    response = make_client().get(url(), headers={"Authorization": f"Bearer {_key(who)}"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("who", "url", "content_type"), DOWNLOADS[:3])
def test_without_token_or_session_the_page_asks_to_sign_in(
    db: None, who: str, url: Callable[[], str], content_type: str
) -> None:
    response = make_client().get(url())

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_revoked_or_wrong_token_is_a_401(db: None) -> None:
    office = User.objects.get(username="office")
    token, key = token_create(user=office, name="soon revoked")
    token_revoke(token=token)

    for header in (f"Bearer {key}", "Bearer not-a-key"):
        response = make_client().get("/projects/export.xlsx", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_the_tokens_user_gets_the_pages_permissions(db: None) -> None:
    # a reporter may not download the office's review queue, nor another district's bulletin
    key = _key("reporter")
    client: Client = make_client()
    review = client.get("/reports/review/export.xlsx", headers={"Authorization": f"Bearer {key}"})
    bulletin = client.get(
        "/accountability/bulletin/331121/2013-09/xlsx/", headers={"Authorization": f"Bearer {key}"}
    )
    assert (review.status_code, bulletin.status_code) == (403, 403)


def test_a_token_does_not_make_a_write(db: None) -> None:
    # a POST is never authenticated by the token: without a session it is sent to sign in
    response = make_client().post(
        "/import/template/projects.xlsx", headers={"Authorization": f"Bearer {_key('office')}"}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
