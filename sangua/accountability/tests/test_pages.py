"""Pages: close from the dashboard's button, findings and their lifecycle, rules, "why", forecast."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sangua.accountability.choices import FindingState
from sangua.accountability.models import Explanation, Finding, PeriodClose, RuleSet
from sangua.accountability.services import explanation_submit, period_close
from sangua.orgs.models import User

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def login(db, client: Client):
    def sign_in(username: str) -> Client:
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


@pytest.fixture
def q3(liandu, user) -> list[Finding]:
    period_close(region=liandu, period="2013-Q3", by=user("office"))
    return list(Finding.objects.filter(period="2013-Q3").select_related("unit"))


# --- period close -------------------------------------------------------------------------------


def test_the_dashboard_button_closes_and_returns(login):
    client = login("office")
    response = client.post(
        reverse("accountability:close"),
        {"region": "331102", "period": "2013-Q3", "next": "/dashboard/?period=2013-09"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/?period=2013-09"
    assert PeriodClose.objects.get(period="2013-Q3").finding_count == 3


def test_close_without_next_shows_the_run(login):
    response = login("office").post(
        reverse("accountability:close"), {"region": "331102", "period": "2013-09"}, follow=True
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "雅溪镇" in body
    assert "黄村乡" in body


def test_close_refusal_is_shown(login):
    response = login("office").post(
        reverse("accountability:close"), {"region": "331102", "period": "2013-10"}
    )

    assert response.status_code == 422
    assert "2013-10" in response.content.decode()
    assert not PeriodClose.objects.exists()


def test_close_page_lists_periods_and_log(login, q3):
    response = login("office").get(reverse("accountability:close"), {"region": "331102"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="2013-Q3"' in body
    assert reverse("accountability:close-run", args=[PeriodClose.objects.get().pk]) in body


def test_a_reporter_cannot_close(login):
    response = login("reporter").post(
        reverse("accountability:close"), {"region": "331102", "period": "2013-09"}
    )
    assert response.status_code == 422
    assert not PeriodClose.objects.exists()


def test_close_run_shows_changes_of_a_reclose(login, liandu, user, q3):
    period_close(region=liandu, period="2013-Q3", by=user("office"))
    run = PeriodClose.objects.get(run=2)

    response = login("office").get(reverse("accountability:close-run", args=[run.pk]))

    assert response.status_code == 200
    assert len(response.context["rows"]) == 23


# --- findings ------------------------------------------------------------------------------------


def test_findings_list_for_the_office(login, q3, django_assert_max_num_queries):
    client = login("office")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("accountability:findings"), {"period": "2013-Q3"})

    assert response.status_code == 200
    assert [f.unit.name for f in response.context["page"]] == [f.unit.name for f in q3]


def test_a_unit_explains_with_an_attachment_then_the_office_accepts(login, q3, media, settings):
    finding = next(f for f in q3 if f.unit.name == "雅溪镇")
    reporter = User.objects.create_user(
        "yaxi", password="x", role="reporter", unit=finding.unit, region=finding.region
    )
    unit_client = Client()
    unit_client.force_login(reporter)
    page = unit_client.get(reverse("accountability:finding", args=[finding.pk]))
    assert page.status_code == 200
    assert "explain-form" in page.content.decode()

    response = unit_client.post(
        reverse("accountability:finding-explain", args=[finding.pk]),
        {"text": "9月水库工程政策处理未完成。", "attachment": SimpleUploadedFile("说明.pdf", PDF)},
    )
    assert response.status_code == 302
    explanation = Explanation.objects.get(finding=finding)
    download = unit_client.get(
        reverse("accountability:explanation-attachment", args=[explanation.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]

    office = login("office")
    response = office.post(
        reverse("accountability:finding-accept", args=[finding.pk]), {"accept-comment": "同意"}
    )
    assert response.status_code == 302
    assert Finding.objects.get(pk=finding.pk).state == FindingState.ACCEPTED


def test_a_wrong_attachment_is_refused_on_the_page(login, q3, media):
    finding = q3[0]
    reporter = User.objects.create_user(
        "u1", password="x", role="reporter", unit=finding.unit, region=finding.region
    )
    client = Client()
    client.force_login(reporter)

    response = client.post(
        reverse("accountability:finding-explain", args=[finding.pk]),
        {"text": "说明", "attachment": SimpleUploadedFile("a.exe", b"MZ")},
    )

    assert response.status_code == 422
    assert Finding.objects.get(pk=finding.pk).state == FindingState.NOTIFIED


def test_another_unit_neither_sees_nor_explains_a_finding(login, q3):
    finding = q3[0]  # not 联城街道's
    client = login("reporter")

    assert client.get(reverse("accountability:finding", args=[finding.pk])).status_code == 404
    response = client.post(
        reverse("accountability:finding-explain", args=[finding.pk]), {"text": "说明"}
    )
    assert response.status_code == 404
    assert list(client.get(reverse("accountability:findings")).context["page"]) == []


def test_the_attachment_is_not_served_to_other_units(login, q3, media):
    finding = q3[0]
    reporter = User.objects.create_user(
        "u2", password="x", role="reporter", unit=finding.unit, region=finding.region
    )
    explanation = explanation_submit(
        finding=finding,
        by=reporter,
        text="说明",
        attachment=SimpleUploadedFile("a.pdf", PDF),
    )

    response = login("reporter").get(
        reverse("accountability:explanation-attachment", args=[explanation.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["leader", "viewer", "supervisor"])
def test_only_the_office_exempts_on_the_page(login, q3, username):
    finding = q3[0]
    response = login(username).post(
        reverse("accountability:finding-exempt", args=[finding.pk]), {"reason": "不可抗力"}
    )
    assert response.status_code == 422
    assert Finding.objects.get(pk=finding.pk).state == FindingState.NOTIFIED


def test_the_office_exempts_with_a_reason(login, q3):
    finding = q3[0]
    response = login("office").post(
        reverse("accountability:finding-exempt", args=[finding.pk]), {"reason": "台风停工"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.state, finding.exemption_reason) == (FindingState.EXEMPTED, "台风停工")


def test_finding_page_explains_the_numbers_down_to_the_reports(login, q3):
    finding = next(f for f in q3 if f.unit.name == "雅溪镇")

    response = login("office").get(reverse("accountability:finding", args=[finding.pk]))

    body = response.content.decode()
    why = response.context["why"]
    assert (why.planned, why.completed) == (finding.planned, finding.completed)
    assert not why.changed_since_close
    assert [m for m, _plan, _done in why.months] == [7, 8, 9]
    assert "#report-2013-09" in body
    assert "v1" in body or "version 1" in body


# --- rules ----------------------------------------------------------------------------------------


def test_the_office_makes_a_new_rules_version_on_the_page(login):
    client = login("office")
    form = client.get(reverse("accountability:rules")).context["form"]
    data = {name: value for name, value in form.initial.items()}
    data.update({"red_below": "85", "reason": "区政府常务会议决定", "region": "331102"})

    response = client.post(f"{reverse('accountability:rules')}?region=331102", data)

    assert response.status_code == 302
    new = RuleSet.objects.get(region__code="331102")
    assert (new.version, str(new.red_below), new.reason) == (2, "85.00", "区政府常务会议决定")
    # and the page's history shows what the version changed, by whom
    page = client.get(f"{reverse('accountability:rules')}?region=331102")
    (entry,) = page.context["history"]
    assert (entry.action, entry.object_id, entry.actor_name) == (
        "new_version",
        str(new.pk),
        "office",
    )
    assert ("red_below", "90.00", "85.00") in entry.changes
    assert "区政府常务会议决定" in page.content.decode()


def test_others_cannot_post_rules(login):
    response = login("leader").post(
        f"{reverse('accountability:rules')}?region=331102", {"reason": "x", "red_below": "1"}
    )
    assert response.status_code == 403


# --- why is this red? ---------------------------------------------------------------------------


def test_why_a_stalled_project_is_red(login):
    # 雅溪口水库工程前期 stalls in August and September 2013 (the demo's "stalled-late").
    from sangua.projects.models import Project

    project = Project.objects.get(name="雅溪口水库工程前期")
    response = login("office").get(
        reverse("accountability:why-project", args=[project.code, "2013-09"])
    )

    assert response.status_code == 200
    why = response.context["why"]
    assert why.figures.light.value == "red"
    assert why.reasons[0] == "stalled"
    assert why.figures.stall_months == (8, 9)
    assert why.rule_set.version == 1
    body = response.content.decode()
    assert f"/projects/{project.code}/?period=2013-09#report-2013-09" in body


def test_why_the_district_is_green_matches_the_wall(login):
    response = login("office").get(reverse("accountability:why-region", args=["331102", "2013-09"]))

    why = response.context["why"]
    assert str(why.figures.completion_rate) == "98.06"
    assert len(why.members) == 23


def test_why_a_unit_and_its_rank(login, q3):
    unit = q3[0].unit
    client = login("office")

    light = client.get(reverse("accountability:why-unit", args=[unit.code, "2013-09"]))
    rank = client.get(reverse("accountability:why-rank", args=[unit.code, "2013-09"]))

    assert light.status_code == rank.status_code == 200
    subject = rank.context["why"].subject
    assert subject.code == unit.code
    board_rank = [line.code for line in rank.context["why"].lines].index(unit.code) + 1
    assert subject.rank == board_rank


def test_why_a_district_ranks_in_the_city(login):
    response = login("city").get(reverse("accountability:why-rank", args=["331102", "2013-04"]))

    assert response.context["why"].subject.rank == 8


def test_the_districts_office_sees_its_city_rank_in_published_months_only(login):
    client = login("office")
    april = client.get(reverse("accountability:why-rank", args=["331102", "2013-04"]))
    october = client.get(reverse("accountability:why-rank", args=["331102", "2013-10"]))
    qingtian = client.get(reverse("accountability:why-rank", args=["331121", "2013-09"]))

    assert april.context["why"].subject.rank == 8
    assert october.status_code == 404
    assert qingtian.status_code == 403


def test_why_pages_hide_unpublished_months_from_non_office_users(login):
    client = login("leader")
    url = reverse("accountability:why-region", args=["331102", "2013-10"])
    assert client.get(url).status_code == 404
    assert login("office").get(url).status_code == 200


def test_why_pages_refuse_regions_outside_the_scope(login):
    response = login("office").get(reverse("accountability:why-region", args=["331121", "2013-09"]))
    assert response.status_code == 403


# --- forecast and bulletin page -------------------------------------------------------------------


def test_forecast_page(login):
    response = login("office").get(reverse("accountability:forecast"), {"period": "2013-09"})

    assert response.status_code == 200
    f = response.context["f"]
    assert f.year_end.method.value == "history"
    assert f.history_years == (2011, 2012)
    assert f.quarter_label == "2013-Q4"
    assert len(f.children) == 23
    # The two units whose projects stalled in August and September are warned for Q4.
    assert [w.name for w in f.warnings] == ["雅溪镇", "黄村乡"]
    assert all(w.quarter.expected == 0 for w in f.warnings)


def test_bulletin_page_offers_the_downloads(login):
    response = login("office").get(reverse("accountability:bulletin"), {"period": "2013-09"})

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("accountability:bulletin-download", args=["331102", "2013-09", "pdf"]) in body
    assert "98.06%" in body


def test_bulletin_of_an_unpublished_month_is_refused(login):
    client = login("office")
    assert client.get(reverse("accountability:bulletin"), {"period": "2013-10"}).status_code == 404
    url = reverse("accountability:bulletin-download", args=["331102", "2013-10", "xlsx"])
    assert client.get(url).status_code == 404
