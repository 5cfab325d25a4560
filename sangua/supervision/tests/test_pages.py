"""The supervision pages: who sees and does what, forms through the services, uploads, Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sangua.core.errors import ValidationFailed
from sangua.orgs.models import User
from sangua.supervision.choices import ItemState, Placard
from sangua.supervision.models import SupervisionItem
from sangua.supervision.uploads import check_upload

from .helpers import office_upload, pdf_upload, png_upload


@pytest.fixture
def client_for(db):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=name))
        return client

    return make


def item_named(fragment: str) -> SupervisionItem:
    return SupervisionItem.objects.get(title__contains=fragment)


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ledger", "people", "projects"])
@pytest.mark.parametrize("who", ["supervisor", "office", "city", "leader", "viewer", "head"])
def test_the_watches_open_for_everyone_signed_in(name, who, client_for):
    response = client_for(who).get(reverse(f"supervision:{name}"))
    assert response.status_code == 200


def test_the_watches_need_a_login(db):
    response = Client().get(reverse("supervision:ledger"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_unit_sees_only_its_own_items_in_the_ledger(client_for):
    page = client_for("reporter2").get(reverse("supervision:ledger"))  # 紫金街道
    codes = {i.code for i in page.context["page"]}
    assert codes == set(
        SupervisionItem.objects.filter(unit__name="紫金街道").values_list("code", flat=True)
    )
    assert "古城岛剩余房屋拆迁签约攻坚" in page.content.decode()
    assert "联城工业区块道路网剩余农户征迁" not in page.content.decode()


def test_a_unit_cannot_open_another_units_item(client_for):
    other = item_named("联城工业区块道路网")
    assert (
        client_for("reporter2").get(reverse("supervision:detail", args=[other.pk])).status_code
        == 404
    )
    assert (
        client_for("reporter").get(reverse("supervision:detail", args=[other.pk])).status_code
        == 200
    )


def test_the_ledger_lists_with_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("supervisor")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("supervision:ledger"))
    assert response.status_code == 200
    assert (
        len(response.context["page"])
        == SupervisionItem.objects.filter(region__code="331102").count()
    )


@pytest.mark.parametrize("name", ["people", "projects"])
def test_the_watch_pages_use_a_fixed_number_of_queries(
    name, client_for, django_assert_max_num_queries
):
    client = client_for("supervisor")
    with django_assert_max_num_queries(12):
        assert client.get(reverse(f"supervision:{name}")).status_code == 200


def test_an_item_page_shows_its_history_and_evidence(client_for):
    item = item_named("之江监狱")
    page = client_for("viewer").get(reverse("supervision:detail", args=[item.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "之江监狱地块交地确认书.pdf" in html
    assert [e.action for e in page.context["item"].events.all()][:2] == ["register", "assign"]
    assert page.context["forms"] == {}  # a viewer may do nothing


def test_evidence_downloads_only_for_those_who_see_the_item(client_for, make_item):
    item = make_item("feedback")  # 联城街道's, with a PDF as evidence
    evidence = item.attachments.get()
    url = reverse("supervision:attachment", args=[item.pk, evidence.pk])
    response = client_for("reporter").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for("viewer").get(url).status_code == 200
    assert client_for("reporter2").get(url).status_code == 404  # 紫金街道


def test_the_ledger_exports_to_excel(client_for):
    response = client_for("supervisor").get(reverse("supervision:export") + "?category=land")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 4
    ledger = book.worksheets[0]
    rows = [r for r in ledger.iter_rows(min_row=3, values_only=True) if r[0]]
    land = SupervisionItem.objects.filter(region__code="331102", category="land")
    assert sorted(r[0] for r in rows) == sorted(land.values_list("code", flat=True))
    by_matter = book.worksheets[2]
    totals = [r for r in by_matter.iter_rows(values_only=True) if r[0] == "合计"]  # in Chinese
    assert totals
    assert totals[0][1] == land.count()


# --- acting ----------------------------------------------------------------------------------


def test_the_supervisor_opens_and_assigns_an_item(client_for, housing, liancheng):
    response = client_for("supervisor").post(
        reverse("supervision:create"),
        {
            "title": "安置房燃气通气",
            "description": "交房前通气",
            "category": "utilities",
            "source": "meeting",
            "project": housing.code,
            "assign_now": "on",
            "unit": liancheng.pk,
            "deadline": "2099-12-31",  # working days are tested on fixed 2013 dates
        },
    )
    assert response.status_code == 302
    item = SupervisionItem.objects.get(title="安置房燃气通气")
    assert (item.state, item.unit, item.owner, item.deadline) == (
        ItemState.ASSIGNED,
        liancheng,
        liancheng.head,
        dt.date(2099, 12, 31),
    )
    assert response["Location"] == reverse("supervision:detail", args=[item.pk])


def test_a_refused_form_is_shown_again_with_the_reason(client_for, housing, liancheng):
    response = client_for("supervisor").post(
        reverse("supervision:create"),
        {
            "title": "没有期限",
            "category": "utilities",
            "source": "meeting",
            "project": housing.code,
            "assign_now": "on",
            "unit": liancheng.pk,
        },
    )
    assert response.status_code == 422
    assert "working days or as a date" in response.content.decode()
    assert not SupervisionItem.objects.filter(title="没有期限").exists()


@pytest.mark.parametrize("who", ["reporter", "head", "viewer", "leader", "city"])
def test_others_may_not_open_items(who, client_for):
    assert client_for(who).get(reverse("supervision:create")).status_code == 403


def test_the_unit_answers_with_evidence_and_the_supervisor_closes(client_for, make_item):
    item = make_item("in_progress")
    reporter = client_for("reporter")
    response = reporter.post(
        reverse("supervision:feedback", args=[item.pk]),
        {"text": "电梯已验收", "evidence": [pdf_upload("验收.pdf"), png_upload("现场.png")]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.FEEDBACK
    assert sorted(item.attachments.values_list("name", flat=True)) == ["现场.png", "验收.pdf"]
    supervisor = client_for("supervisor")
    response = supervisor.post(
        reverse("supervision:close", args=[item.pk]),
        {"evaluation": "satisfactory", "comment": "销号"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.evaluation) == (ItemState.CLOSED, "satisfactory")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "upload_type_not_allowed"),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf"), "upload_type_mismatch"),
        (SimpleUploadedFile("fake.docx", b"PK\x03\x04 broken"), "upload_type_mismatch"),
        (office_upload("sheet.docx", "xl/workbook.xml"), "upload_type_mismatch"),
        (SimpleUploadedFile("empty.png", b""), "upload_empty"),
    ],
)
def test_uploads_of_the_wrong_kind_are_refused(upload, code, client_for, make_item):
    with pytest.raises(ValidationFailed) as refused:
        check_upload(upload)
    assert refused.value.code == code
    assert refused.value.message.startswith(upload.name)
    item = make_item("in_progress")
    response = client_for("reporter").post(
        reverse("supervision:feedback", args=[item.pk]), {"text": "x", "evidence": [upload]}
    )
    assert response.status_code in (409, 422)
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS
    assert not item.attachments.exists()


@pytest.mark.parametrize(
    "upload",
    [
        office_upload("方案.docx", "word/document.xml"),
        office_upload("清单.xlsx", "xl/workbook.xml"),
        SimpleUploadedFile("photo.JPG", b"\xff\xd8\xff\xe0" + b"0" * 64),
    ],
)
def test_allowed_kinds_are_accepted(upload, client_for, make_item):
    item = make_item("in_progress")
    response = client_for("reporter").post(
        reverse("supervision:feedback", args=[item.pk]), {"text": "x", "evidence": [upload]}
    )
    assert response.status_code == 302
    assert item.attachments.count() == 1


def test_files_over_the_limit_are_refused(settings, client_for, make_item):
    settings.SANGUA_UPLOAD_MAX_MB = 1
    item = make_item("in_progress")
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    response = client_for("reporter").post(
        reverse("supervision:feedback", args=[item.pk]), {"text": "x", "evidence": [big]}
    )
    assert response.status_code == 422
    assert "big.pdf" in response.content.decode()


def test_a_unit_cannot_answer_another_units_item(client_for, make_item):
    item = make_item("in_progress")  # 联城街道
    response = client_for("reporter2").post(
        reverse("supervision:feedback", args=[item.pk]), {"text": "x"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS


def test_a_viewer_who_sees_the_item_still_cannot_close_it(client_for, make_item):
    item = make_item("feedback")
    response = client_for("viewer").post(
        reverse("supervision:close", args=[item.pk]), {"evaluation": "satisfactory"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == ItemState.FEEDBACK


def test_the_leader_gives_an_instruction_from_the_project(client_for, housing):
    client = client_for("leader")
    url = reverse("supervision:instruct", args=[housing.code])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"text": "抓紧二期", "category": "approval", "deadline": "2099-12-31"}
    )
    assert response.status_code == 302
    item = SupervisionItem.objects.get(title="抓紧二期")
    assert (item.unit, item.state, item.instructed_by) == (
        housing.unit,
        ItemState.ASSIGNED,
        User.objects.get(username="leader").person,
    )


@pytest.mark.parametrize("who", ["supervisor", "reporter", "viewer"])
def test_only_leaders_reach_the_instruction_page(who, client_for, housing):
    assert (
        client_for(who).get(reverse("supervision:instruct", args=[housing.code])).status_code == 403
    )


def test_extension_asked_and_approved_through_the_pages(client_for, make_item):
    item = make_item("in_progress", deadline_days=None, deadline=dt.date(2099, 12, 31))
    response = client_for("reporter").post(
        reverse("supervision:extension", args=[item.pk]),
        {"deadline": "2100-01-31", "reason": "征迁协商"},
    )
    assert response.status_code == 302
    request = item.extensions.get()
    response = client_for("supervisor").post(
        reverse("supervision:decide", args=[item.pk, request.pk]),
        {"decision": "approve", "comment": "同意"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert str(item.deadline) == "2100-01-31"


def test_the_daily_check_button_raises_placards(client_for, make_item):
    item = make_item("assigned")
    assert client_for("viewer").post(reverse("supervision:run-daily")).status_code == 403
    response = client_for("supervisor").post(reverse("supervision:run-daily"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.placard == Placard.RED


def test_an_item_page_uses_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    item = item_named("之江监狱")  # two answers, evidence, a return, an accountability entry
    client = client_for("supervisor")
    with django_assert_max_num_queries(18):
        assert client.get(reverse("supervision:detail", args=[item.pk])).status_code == 200
