"""The unit's report pages, the review queue, amend and publish, on the demo.

Liandu is published through 2013-09; of its 2013-10 reports 17 are submitted, 9 are drafts and
6 projects have none. 联城街道 (reporter, head) has 331102-004 (submitted) and 331102-031 (none).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from sangua.core.testing.factories import report_for
from sangua.progress.choices import ReportAction, ReportState
from sangua.progress.models import MonthlyReport, Publication
from sangua.projects.models import Project

MINE = reverse("progress:my-reports")
REVIEW = reverse("progress:review")
PUBLISH = reverse("progress:publish")


def fill_url(code: str, period: str = "2013-10") -> str:
    return reverse("progress:fill", args=[code, period])


def report(code: str, year: int = 2013, month: int = 10) -> MonthlyReport | None:
    return MonthlyReport.objects.filter(project__code=code, year=year, month=month).first()


# --- the unit's month ----------------------------------------------------------------------------


def test_a_unit_opens_on_the_month_after_the_last_published_one(login):
    response = login("reporter").get(MINE)

    assert response.status_code == 200
    assert response.context["period"] == "2013-10"
    rows = {row.project.code: row for row in response.context["rows"]}
    assert set(rows) == {"331102-004", "331102-031"}
    assert rows["331102-004"].report.state == ReportState.SUBMITTED
    assert not rows["331102-004"].editable
    assert rows["331102-031"].report is None
    assert rows["331102-031"].plan == Decimal("453.61")
    assert response.context["missing"] == 1


def test_once_the_unit_has_sent_everything_it_opens_on_the_published_month(login):
    assert report("331102-004").state == ReportState.SUBMITTED
    report_for(Project.objects.get(code="331102-031"), 2013, 10, "1", state=ReportState.SUBMITTED)

    response = login("reporter").get(MINE)

    assert response.context["period"] == "2013-09"


def test_a_month_can_be_chosen(login):
    response = login("reporter").get(MINE, {"period": "2013-09"})

    assert {row.report.state for row in response.context["rows"]} == {ReportState.APPROVED}


@pytest.mark.parametrize(("user", "target"), [("office", REVIEW), ("viewer", "/projects/")])
def test_users_without_a_unit_are_sent_elsewhere(login, user, target):
    response = login(user).get(MINE)

    assert response.status_code == 302
    assert response.url == target


# --- the report form -------------------------------------------------------------------------------


def test_the_form_shows_the_months_plan_and_the_approved_year_to_date(login):
    response = login("reporter").get(fill_url("331102-031"))

    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert numbers.plan_month == Decimal("453.61")
    assert numbers.plan_to_date == Decimal("3051.53")
    assert numbers.annual == Decimal("4000.00")
    assert numbers.done_before == Decimal("3852.96")  # approved January–September
    html = response.content.decode()
    payload = json.loads(
        html.split('id="report-numbers" type="application/json">')[1].split("<")[0]
    )
    assert payload == {
        "plan_month": "453.61",
        "plan_to_date": "3051.53",
        "annual": "4000.00",
        "done_before": "3852.96",
        "has_plan": True,
        "red_below": "90.00",
        "green_from": "100.00",
    }
    assert "progress/report-form.js" in html
    assert "<script>" not in html


def test_the_figures_are_computed_for_the_amount_typed(login):
    response = login("reporter").post(
        fill_url("331102-031"), {"amount": "-1", "progress": "", "action": "save"}
    )
    assert response.status_code == 422  # a negative amount is refused; nothing written
    assert report("331102-031") is None

    numbers = response.context["numbers"]
    shown = numbers.with_amount(Decimal("400"))
    assert shown["ytd"] == Decimal("4252.96")
    assert shown["plan_to_date_rate"] == Decimal("139.37")
    assert shown["completion_rate"] == Decimal("106.32")
    assert shown["month_rate"] == Decimal("88.18")
    assert shown["rate_class"] == "rate-green"
    assert numbers.with_amount(Decimal("0"))["plan_to_date_rate"] == Decimal("126.26")


def test_save_a_draft_then_submit(login):
    client = login("reporter")

    saved = client.post(
        fill_url("331102-031"),
        {"amount": "400", "progress": "路基完成", "problems": "", "action": "save"},
    )
    assert saved.status_code == 302
    assert saved.url == fill_url("331102-031")
    draft = report("331102-031")
    assert (draft.state, draft.amount, draft.progress) == (
        ReportState.DRAFT,
        Decimal("400.00"),
        "路基完成",
    )

    sent = client.post(
        fill_url("331102-031"),
        {"amount": "410.5", "progress": "路基完成", "problems": "", "action": "submit"},
    )
    assert sent.status_code == 302
    assert sent.url == f"{MINE}?period=2013-10"
    submitted = report("331102-031")
    assert (submitted.state, submitted.amount) == (ReportState.SUBMITTED, Decimal("410.50"))
    assert list(submitted.events.values_list("action", flat=True)) == [
        ReportAction.CREATE,
        ReportAction.EDIT,
        ReportAction.SUBMIT,
    ]


def test_a_submitted_report_is_read_only(login):
    client = login("reporter")

    page = client.get(fill_url("331102-004"))
    posted = client.post(fill_url("331102-004"), {"amount": "1", "action": "save"})

    assert page.context["editable"] is False
    assert 'name="amount"' not in page.content.decode()
    assert posted.status_code == 302
    assert report("331102-004").amount == Decimal("241.47")


def test_a_returned_report_shows_the_offices_comment_and_can_be_resubmitted(login):
    existing = report("331102-004")
    existing.state = ReportState.RETURNED
    existing.review_comment = "请补充形象进度照片"
    existing.save()
    client = login("head")

    page = client.get(fill_url("331102-004"))
    assert "请补充形象进度照片" in page.content.decode()
    assert page.context["editable"] is True

    client.post(fill_url("331102-004"), {"amount": "250", "action": "submit"})
    assert report("331102-004").state == ReportState.RESUBMITTED


def test_a_month_not_begun_is_refused_with_the_services_message(login):
    response = login("reporter").post(
        fill_url("331102-031", "2099-01"), {"amount": "1", "action": "save"}
    )

    assert response.status_code == 422
    assert "has not begun" in response.content.decode()
    assert not MonthlyReport.objects.filter(project__code="331102-031", year=2099).exists()


def test_a_malformed_month_is_not_found(login):
    assert login("reporter").get(fill_url("331102-031", "2013-1")).status_code == 404


# --- permissions --------------------------------------------------------------------------------


def test_a_reporter_cannot_see_or_fill_another_units_report(login):
    client = login("reporter2")  # 紫金街道

    seen = client.get(fill_url("331102-031"))
    posted = client.post(fill_url("331102-031"), {"amount": "1", "action": "submit"})

    assert seen.status_code == 404
    assert posted.status_code == 404
    assert report("331102-031") is None


@pytest.mark.parametrize("user", ["office", "viewer", "leader"])
def test_only_the_units_own_users_fill_its_reports(login, user):
    assert login(user).get(fill_url("331102-031")).status_code == 403


def test_a_reporter_cannot_approve_or_return_or_see_the_queue(login):
    pk = report("331102-004").pk
    client = login("reporter")

    assert client.get(REVIEW).status_code == 403
    assert client.post(reverse("progress:approve", args=[pk])).status_code == 403
    assert client.post(reverse("progress:return", args=[pk]), {"comment": "x"}).status_code == 403
    assert client.post(reverse("progress:approve-selected"), {"report": [pk]}).status_code == 403
    assert report("331102-004").state == ReportState.SUBMITTED


def test_a_viewer_cannot_amend(login):
    url = reverse("progress:amend", args=["331102-004", "2013-09"])
    client = login("viewer")

    assert client.get(url).status_code == 403
    assert client.post(url, {"amount": "1", "reason": "x"}).status_code == 403
    assert report("331102-004", month=9).amount == Decimal("366.67")


# --- the review queue -------------------------------------------------------------------------------


def test_the_queue_lists_the_reports_awaiting_review_in_the_offices_scope(login):
    response = login("office").get(REVIEW)

    rows = [row for row, _form in response.context["rows"]]
    assert len(rows) == 17
    assert {row.report.state for row in rows} == {ReportState.SUBMITTED}
    assert {row.report.project.region.code for row in rows} == {"331102"}
    first = next(row for row in rows if row.report.project.code == "331102-004")
    assert (first.report.amount, first.plan, first.share) == (
        Decimal("241.47"),
        Decimal("269.50"),
        Decimal("89.60"),
    )
    assert response.context["months"][0][0] == "2013-10"
    html = response.content.decode()
    assert "Late" in html
    assert 'hx-post="' in html


def test_the_queue_filters_by_month(login):
    client = login("office")

    assert len(client.get(REVIEW, {"period": "2013-10"}).context["rows"]) == 17
    assert client.get(REVIEW, {"period": "2013-08"}).context["rows"] == []


def test_approve_with_htmx_removes_the_row(login):
    target = report("331102-004")

    response = login("office").post(
        reverse("progress:approve", args=[target.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content == b""
    target.refresh_from_db()
    assert target.state == ReportState.APPROVED


def test_approve_without_htmx_redirects_to_the_queue_with_a_message(login):
    target = report("331102-004")

    response = login("office").post(
        reverse("progress:approve", args=[target.pk]), {"period": "2013-10"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"{REVIEW}?period=2013-10"
    assert "Approved" in response.content.decode()
    assert len(response.context["rows"]) == 16


def test_returning_needs_a_comment_and_the_row_shows_why(login):
    target = report("331102-004")

    response = login("office").post(
        reverse("progress:return", args=[target.pk]), {"comment": "  "}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'id="review-{target.pk}"' in response.content.decode()
    assert response.context["form"].errors["comment"]
    target.refresh_from_db()
    assert target.state == ReportState.SUBMITTED


def test_return_with_a_comment(login):
    target = report("331102-004")

    response = login("office").post(
        reverse("progress:return", args=[target.pk]),
        {"comment": "金额与形象进度不符"},
        HTTP_HX_REQUEST="true",
    )

    assert response.content == b""
    target.refresh_from_db()
    assert (target.state, target.review_comment) == (ReportState.RETURNED, "金额与形象进度不符")


def test_acting_on_a_report_no_longer_waiting_shows_the_services_refusal(login):
    target = report("331102-004")
    client = login("office")
    client.post(reverse("progress:approve", args=[target.pk]))

    again = client.post(reverse("progress:approve", args=[target.pk]), follow=True)

    assert "cannot be approved" in again.content.decode()


def test_with_htmx_a_refused_step_shows_the_reason_in_the_row(login):
    target = report("331102-004")
    client = login("office")
    client.post(reverse("progress:approve", args=[target.pk]), HTTP_HX_REQUEST="true")

    again = client.post(reverse("progress:approve", args=[target.pk]), HTTP_HX_REQUEST="true")

    assert again.status_code == 200  # htmx swaps 2xx only
    html = again.content.decode()
    assert f'id="review-{target.pk}"' in html
    assert "cannot be approved" in html


def test_approve_selected(login):
    waiting = list(
        MonthlyReport.objects.filter(
            project__region__code="331102", state=ReportState.SUBMITTED
        ).values_list("pk", flat=True)
    )

    response = login("office").post(
        reverse("progress:approve-selected"), {"report": waiting[:5]}, follow=True
    )

    assert "5 reports approved" in response.content.decode()
    assert MonthlyReport.objects.filter(pk__in=waiting, state=ReportState.APPROVED).count() == 5
    assert len(response.context["rows"]) == 12


def test_an_office_cannot_act_on_another_districts_report(login):
    other = MonthlyReport.objects.filter(project__region__code="331121").first()

    response = login("office").post(reverse("progress:approve", args=[other.pk]))

    assert response.status_code == 404


# --- amend ---------------------------------------------------------------------------------------


def test_amending_a_published_month_without_a_reason_shows_the_error_next_to_it(login):
    url = reverse("progress:amend", args=["331102-004", "2013-09"])

    response = login("office").post(
        url, {"amount": "300", "progress": "x", "problems": "", "reason": ""}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    assert report("331102-004", month=9).amount == Decimal("366.67")


def test_an_amendment_with_a_reason_goes_back_to_the_project_page_and_is_in_the_history(login):
    url = reverse("progress:amend", args=["331102-004", "2013-09"])
    client = login("office")

    response = client.post(
        url, {"amount": "300", "progress": "装饰装修施工。", "problems": "", "reason": "审计核减"}
    )

    assert response.status_code == 302
    assert response.url.endswith("?period=2013-09#report-2013-09")
    amended = report("331102-004", month=9)
    assert amended.amount == Decimal("300.00")
    assert amended.events.get(action=ReportAction.AMEND).comment == "审计核减"
    page = client.get(response.url)
    assert "审计核减" in page.content.decode()


# --- publish -------------------------------------------------------------------------------------


def approve_all_october() -> None:
    MonthlyReport.objects.filter(
        project__region__code="331102", year=2013, month=10, state=ReportState.SUBMITTED
    ).update(state=ReportState.APPROVED)


def test_publish_goes_back_to_next_with_a_message(login):
    approve_all_october()

    response = login("office").post(
        PUBLISH,
        {"region": "331102", "year": "2013", "month": "10", "next": "/reports/review/"},
        follow=True,
    )

    assert response.redirect_chain[0][0] == "/reports/review/"
    assert Publication.objects.filter(region__code="331102", year=2013, month=10).exists()
    assert "is published" in response.content.decode()


def test_publish_refusal_is_the_services_message(login):
    response = login("office").post(
        PUBLISH,
        {"region": "331102", "year": "2013", "month": "10", "next": "/reports/review/"},
        follow=True,
    )

    assert "17 reports of 2013-10 still await review" in response.content.decode()
    assert not Publication.objects.filter(region__code="331102", year=2013, month=10).exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_publish_only_follows_a_safe_local_next(login, next_url):
    response = login("office").post(
        PUBLISH, {"region": "331102", "year": "2013", "month": "9", "next": next_url}
    )

    assert response.status_code == 302
    assert response.url == reverse("boards:dashboard")


def test_publish_is_post_only_and_for_the_office(login):
    assert login("office").get(PUBLISH).status_code == 405
    approve_all_october()
    response = login("viewer").post(PUBLISH, {"region": "331102", "year": "2013", "month": "10"})
    assert response.status_code == 403
    assert not Publication.objects.filter(region__code="331102", year=2013, month=10).exists()


def test_the_queue_offers_the_next_month_to_publish(login):
    response = login("office").get(REVIEW)

    (candidate,) = response.context["candidates"]
    assert (candidate.region.code, candidate.year, candidate.month) == ("331102", 2013, 10)
    assert candidate.waiting == 17
    assert candidate.missing == 15  # 9 drafts and 6 without a report
