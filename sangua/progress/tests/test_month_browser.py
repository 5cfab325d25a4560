"""A month end to end in Chromium: a unit reports, the office approves and publishes, the wall shows it.

Issue 2's first browser test. It goes through the real pages (login form, report form, review
queue, dashboard publish) against a live server, and checks the wall's figure against the
figures recomputed from the database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sangua.core.testing.browser import sign_in
from sangua.demo.build import DEMO_PASSWORD
from sangua.orgs.models import Region
from sangua.progress.choices import AWAITING_REVIEW, ReportState
from sangua.progress.figures import region_board
from sangua.progress.models import MonthlyReport, Publication
from sangua.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def unreported_project(unit_name: str) -> Project:
    """A project of the unit with no October 2013 report yet, or only a draft."""
    reported = MonthlyReport.objects.filter(year=2013, month=10).exclude(state=ReportState.DRAFT)
    return (
        Project.objects.filter(unit__name=unit_name, plans__year=2013)
        .exclude(reports__in=reported)
        .order_by("code")
        .first()
    )


def test_a_reported_month_reaches_the_wall(demo, live_server, browser_page):
    page, base = browser_page, live_server.url
    liandu = Region.objects.get(code="331102")
    project = unreported_project("联城街道")
    assert project is not None, "the demo leaves some of 联城街道's October reports to be filled"

    # The unit's reporter fills October and submits it.
    sign_in(page, base, "reporter", DEMO_PASSWORD)
    page.goto(f"{base}/reports/{project.code}/2013-10/")
    page.fill("input[name=amount]", "1234.56")
    page.fill("textarea[name=progress]", "主体结构施工，完成三层")
    page.click("button[name=action][value=submit]")
    page.wait_for_load_state()
    report = MonthlyReport.objects.get(project=project, year=2013, month=10)
    assert (report.state, report.amount) == (ReportState.SUBMITTED, Decimal("1234.56"))

    # The office approves every waiting October report from the review queue …
    page.context.clear_cookies()
    sign_in(page, base, "office", DEMO_PASSWORD)
    page.goto(f"{base}/reports/review/?period=2013-10")
    page.check("#select-all")
    page.click("button[form=bulk-approve]")
    page.wait_for_load_state()
    assert not MonthlyReport.objects.filter(
        project__region=liandu, year=2013, month=10, state__in=AWAITING_REVIEW
    ).exists()
    assert MonthlyReport.objects.get(pk=report.pk).state == ReportState.APPROVED

    # … and publishes the month from the dashboard.
    page.goto(f"{base}/dashboard/?period=2013-10")
    page.click("details.publish summary")
    page.click("form.publish-confirm button[type=submit]")
    page.wait_for_load_state()
    assert Publication.objects.filter(region=liandu, year=2013, month=10).exists()

    # The public wall now shows October, with the figure the approved reports give.
    page.context.clear_cookies()
    page.goto(f"{base}/wall/331102/")
    expected = region_board(liandu, 2013, 10).figures.completion_rate
    assert page.get_attribute(".w-month", "data-period") == "2013-10"
    assert page.inner_text(".w-rate").replace("%", "").strip() == f"{expected:.2f}"
