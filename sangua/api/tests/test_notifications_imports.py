"""Notices (inbox, read, deliveries) and Excel imports (upload → job → errors) through the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sangua.notify.choices import DeliveryStatus
from sangua.notify.models import Delivery, Notification
from sangua.notify.services import notify
from sangua.orgs.models import Region, User
from sangua.projects.models import Project
from sangua.transfer.layout import PLANS, PROJECTS
from sangua.transfer.models import ImportJob

from .conftest import SignIn


@pytest.fixture
def notices(db: None) -> list[Notification]:
    reporter = User.objects.get(username="reporter")
    for k in range(3):
        notify(key=f"api-test-{k}", kind="test", title=f"通知{k}", users=[reporter])
    return list(Notification.objects.filter(recipient=reporter).order_by("pk"))


def test_the_inbox_lists_a_users_own_notices_newest_first(as_user: SignIn, notices: list) -> None:  # type: ignore[type-arg]
    mine = as_user("reporter").get("/notifications", limit=2).json()
    theirs = as_user("reporter2").get("/notifications").json()

    assert (mine["count"], mine["unread"], len(mine["items"])) == (3, 3, 2)
    assert [n["title"] for n in mine["items"]] == ["通知2", "通知1"]
    assert theirs["count"] == 0


def test_a_notice_is_marked_read_by_its_recipient_only(as_user: SignIn, notices: list) -> None:  # type: ignore[type-arg]
    entry = notices[0]

    refused = as_user("reporter2").post(f"/notifications/{entry.pk}/read")
    read = as_user("reporter").post(f"/notifications/{entry.pk}/read")
    unread = as_user("reporter").get("/notifications", unread="true").json()

    assert refused.status_code == 404
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert unread["count"] == unread["unread"] == 2


def test_read_all_marks_every_notice(as_user: SignIn, notices: list) -> None:  # type: ignore[type-arg]
    response = as_user("reporter").post("/notifications/read-all")

    assert response.json() == {"marked": 3}
    assert not Notification.objects.filter(recipient__username="reporter", read_at=None).exists()


def test_the_office_sees_and_retries_failed_deliveries(as_user: SignIn) -> None:
    message, _created = notify(
        key="api-fail",
        kind="test",
        title="失败的通知",
        region=Region.objects.get(code="331102"),
        users=[User.objects.get(username="reporter")],
    )
    delivery = Delivery.objects.create(
        message=message,
        channel="email",
        target="x@example.org",
        status=DeliveryStatus.FAILED,
        attempts=3,
        max_attempts=3,
        last_error="550",
    )

    listed = as_user("office").get("/notifications/deliveries", status="failed").json()
    retried = as_user("office").post(f"/notifications/deliveries/{delivery.pk}/retry")
    refused = as_user("reporter").get("/notifications/deliveries")

    assert delivery.pk in {d["id"] for d in listed["items"]}
    assert retried.status_code == 200
    assert retried.json()["status"] == "pending"
    assert refused.status_code == 403


# --- imports -------------------------------------------------------------------------------------


def _workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _projects_file(code: str, *, months: list[int]) -> bytes:
    values = {
        "code": code,
        "name": "接口导入项目",
        "region": "331102",
        "unit": "331102-T05",
        "leader": "区长",
        "unit_head": "",
        "contact": "",
        "contact_phone": "",
        "category": "交通",
        "location": "",
        "total_investment": 12000,
        "start_date": "2013-03-01",
        "target_date": "2015-12-31",
        "state": "在建",
    }
    return _workbook(
        {
            "项目": [
                [c.header for c in PROJECTS.columns],
                [values[c.key] for c in PROJECTS.columns],
            ],
            "年度计划": [[c.header for c in PLANS.columns], [code, 2014, 1200, *months]],
        }
    )


def _upload(client: Any, data: bytes, kind: str = "projects") -> Any:
    return client.upload(
        "/imports",
        {
            "kind": kind,
            "file": SimpleUploadedFile("projects.xlsx", data, "application/octet-stream"),
        },
    )


def test_the_office_imports_a_workbook_and_reads_the_job(
    as_user: SignIn, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = as_user("office")

    response = _upload(office, _projects_file("331102-951", months=[100] * 12))

    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["state"], job["summary"]["projects_created"], job["progress"]["percent"]) == (
        "done",
        1,
        100,
    )
    assert Project.objects.filter(code="331102-951").exists()
    assert office.get(f"/imports/{job['id']}").json()["state"] == "done"
    assert office.get("/imports").json()["items"][0]["id"] == job["id"]


def test_a_bad_workbook_is_rejected_with_every_problem(as_user: SignIn, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    office = as_user("office")

    job = _upload(office, _projects_file("331102-952", months=[100] * 11 + [-5])).json()
    errors = office.get(f"/imports/{job['id']}/errors").json()

    assert job["state"] == "rejected"
    assert errors["count"] == job["error_count"] >= 1
    assert {e["sheet"] for e in errors["items"]} == {"年度计划"}
    assert all(e["code"] and e["message"] for e in errors["items"])
    assert not Project.objects.filter(code="331102-952").exists()


def test_a_file_that_is_not_excel_is_refused_with_its_field(as_user: SignIn) -> None:
    response = _upload(as_user("office"), b"not a workbook at all")

    assert response.status_code == 422
    assert response.json()["field"] == "file"
    assert not ImportJob.objects.exists()


def test_imports_are_for_the_office_and_jobs_for_their_uploader(
    as_user: SignIn, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    job = _upload(as_user("office"), _projects_file("331102-953", months=[100] * 12)).json()

    by_reporter = _upload(as_user("reporter"), _projects_file("331102-954", months=[100] * 12))
    by_city = as_user("city").get(f"/imports/{job['id']}")

    assert by_reporter.status_code == 403
    assert by_city.status_code == 404
