"""Approving several reports at once through the API: each its own step, every refusal named."""

from __future__ import annotations

import pytest

from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport

from .conftest import ApiClient, SignIn

URL = "/reports/approve"


def liandu_october(state: str) -> list[MonthlyReport]:
    return list(
        MonthlyReport.objects.filter(
            project__region__code="331102", year=2013, month=10, state=state
        ).order_by("pk")
    )


def test_the_office_approves_what_it_may_and_hears_why_not_for_the_rest(as_user: SignIn) -> None:
    submitted = liandu_october(ReportState.SUBMITTED)[:3]
    a_draft = liandu_october(ReportState.DRAFT)[0]
    elsewhere = MonthlyReport.objects.exclude(project__region__code="331102").order_by("pk")[0]
    elsewhere_state = elsewhere.state
    ids = [submitted[0].pk, a_draft.pk, elsewhere.pk, submitted[1].pk, 10**9, submitted[2].pk]

    response = as_user("office").post(URL, {"reports": [*ids, submitted[0].pk], "comment": "同意"})

    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body["approved"]] == [r.pk for r in submitted]
    assert {r["state"] for r in body["approved"]} == {"approved"}
    assert {r["review_comment"] for r in body["approved"]} == {"同意"}
    assert [(r["id"], r["code"]) for r in body["refused"]] == [
        (a_draft.pk, "invalid_state"),
        (elsewhere.pk, "not_found"),  # another district's report: not revealed
        (10**9, "not_found"),
    ]
    assert all(r["message"] for r in body["refused"])
    states = dict(MonthlyReport.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert [states[r.pk] for r in submitted] == ["approved"] * 3
    assert states[a_draft.pk] == ReportState.DRAFT
    assert states[elsewhere.pk] == elsewhere_state


@pytest.mark.parametrize("who", ["reporter", "head", "leader", "viewer", "supervisor"])
def test_only_the_office_approves_in_bulk(as_user: SignIn, who: str) -> None:
    submitted = liandu_october(ReportState.SUBMITTED)[:2]

    response = as_user(who).post(URL, {"reports": [r.pk for r in submitted]})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert {r.state for r in liandu_october(ReportState.SUBMITTED)[:2]} == {"submitted"}


@pytest.mark.parametrize(
    "body",
    [{"reports": []}, {"reports": [0]}, {"reports": list(range(1, 502))}, {"comment": "x"}],
)
def test_a_bad_list_is_refused_whole(as_user: SignIn, body: dict[str, object]) -> None:
    approved_before = MonthlyReport.objects.filter(state=ReportState.APPROVED).count()

    response = as_user("office").post(URL, body)

    assert response.status_code == 422
    assert response.json()["code"]
    assert MonthlyReport.objects.filter(state=ReportState.APPROVED).count() == approved_before


def test_anonymous_callers_are_refused(anon: ApiClient) -> None:
    response = anon.post(URL, {"reports": [liandu_october(ReportState.SUBMITTED)[0].pk]})

    assert response.status_code == 401
