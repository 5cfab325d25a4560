"""In Chromium: an item opened by the supervisor, answered by the unit with evidence and closed
goes through every state; an overdue demo item turns red after the daily job."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sangua.projects.models import Project
from sangua.supervision.demo import _pdf
from sangua.supervision.models import SupervisionItem
from sangua.supervision.tasks import supervision_daily

pytestmark = pytest.mark.browser


SignIn = Callable[[str], Any]


@pytest.fixture
def sign_in(sign_in_as: SignIn, immediate_huey: Any) -> SignIn:
    """A browser page signed in as a demo user, with huey running tasks at once."""
    return sign_in_as


def state_of(page: Any) -> str:
    return page.get_attribute("[data-testid=item-state]", "data-state")


def test_open_answer_and_close_an_item(sign_in: SignIn, live_server: Any, tmp_path: Any) -> None:
    housing = Project.objects.get(name__contains="联城城郊农民新社区")
    supervisor = sign_in("supervisor")

    # The supervisor registers an item without assigning it yet
    supervisor.goto(f"{live_server.url}/supervision/new/")
    form = supervisor.locator("[data-testid=form-create]")
    form.locator("#id_title").fill("安置小区路灯未通电")
    form.locator("#id_category").select_option("utilities")
    form.locator("#id_source").select_option("inspection")
    form.locator("#id_project").select_option(housing.code)
    form.locator("#id_assign_now").uncheck()
    form.locator("button[type=submit]").click()
    supervisor.wait_for_url("**/supervision/*/")
    assert state_of(supervisor) == "registered"
    item_url = supervisor.url

    # … and assigns it to 联城街道 with a deadline (a date: today's working days would depend on
    # the official calendar knowing this year; working days are tested on fixed 2013 dates)
    assign = supervisor.locator("[data-testid=form-assign]")
    assign.locator("select[name=unit]").select_option(label="联城街道")
    assign.locator("input[name=deadline]").fill("2099-12-31")
    assign.locator("button[type=submit]").click()
    supervisor.wait_for_selector("[data-state=assigned]")

    # The unit accepts and answers with evidence
    reporter = sign_in("reporter")
    reporter.goto(item_url)
    reporter.locator("[data-testid=form-accept] button[type=submit]").click()
    reporter.wait_for_selector("[data-state=in_progress]")
    evidence = tmp_path / "路灯通电验收单.pdf"
    evidence.write_bytes(_pdf("street lights"))
    answer = reporter.locator("[data-testid=form-feedback]")
    answer.locator("textarea[name=text]").fill("路灯已全部通电")
    answer.locator("input[name=evidence]").set_input_files(str(evidence))
    answer.locator("button[type=submit]").click()
    reporter.wait_for_selector("[data-state=feedback]")
    assert "路灯通电验收单.pdf" in reporter.inner_text("#feedback")

    # The supervisor evaluates and closes it (销号)
    supervisor.goto(item_url)
    close = supervisor.locator("[data-testid=form-close]")
    close.locator("select[name=evaluation]").select_option("satisfactory")
    close.locator("button[type=submit]").click()
    supervisor.wait_for_selector("[data-state=closed]")
    actions = supervisor.eval_on_selector_all(
        "[data-testid=history] tr[data-action]", "rows => rows.map(r => r.dataset.action)"
    )
    assert actions == ["register", "assign", "accept", "feedback", "evaluate", "close"]
    item = SupervisionItem.objects.get(title="安置小区路灯未通电")
    assert (item.state, item.evaluation, item.attachments.count()) == ("closed", "satisfactory", 1)


def test_an_overdue_item_turns_red_after_the_daily_job(sign_in: SignIn, live_server: Any) -> None:
    # 联城街道's road item was due on 8 Nov 2013: not yet overdue when the demo "opened"
    item = SupervisionItem.objects.get(title="联城工业区块道路网剩余农户征迁")
    supervisor = sign_in("supervisor")
    supervisor.goto(f"{live_server.url}/supervision/{item.pk}/")
    assert (
        supervisor.get_attribute("[data-testid=item-placard] [data-placard]", "data-placard")
        == "none"
    )

    supervision_daily.call_local()  # what huey's worker runs every morning

    supervisor.reload()
    placard = supervisor.locator("[data-testid=item-placard] [data-placard]")
    assert placard.get_attribute("data-placard") == "red"
    assert supervisor.locator("[data-testid=history] tr[data-action=placard]").count() == 1
    supervisor.goto(f"{live_server.url}/supervision/?placard=red")
    assert supervisor.locator(f"tr[data-item='{item.code}'].row-red").count() == 1
