"""The services' row locks never block a write that merely points at the locked row's relatives.

On PostgreSQL a foreign key is checked at commit (FOR KEY SHARE on the row it points at), after
the audit trail's lock was taken; a service holding FOR UPDATE on that row and then asking for
the audit trail's lock deadlocked with it. schemathesis found three such pairs: a project
registered while a month was published (the district's lock), a report saved while another
report of the same project was approved (the join's lock on the project), a project's report
saved while a plan changed (the plan's lock on its project and district). Each case below holds
a service's lock in a thread and commits a row pointing at the relative, with a 2 s lock timeout.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from sangua.core.testing.factories import ProjectFactory, UnitFactory, office_for, report_for
from sangua.planning.models import Plan
from sangua.planning.services import _locked_plan
from sangua.progress.choices import ReportState
from sangua.progress.models import MonthlyReport
from sangua.progress.services import _lock_district, report_approve
from sangua.projects.models import Project

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="row locks and deferred foreign-key checks are PostgreSQL's",
    ),
    pytest.mark.django_db(transaction=True),
]


def _while_held(lock: Callable[[], object], write: Callable[[], object]) -> object:
    """Run ``write`` in its own transaction while another connection holds ``lock``'s lock."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                lock()
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            return write()
    finally:
        release.set()
        holder.join(10)


def test_a_locked_district_still_takes_new_projects() -> None:
    unit = UnitFactory()

    project = _while_held(lambda: _lock_district(unit.region_id), lambda: ProjectFactory(unit=unit))

    assert Project.objects.filter(pk=project.pk).exists()  # type: ignore[attr-defined]


def test_a_report_under_review_does_not_lock_its_project() -> None:
    project = ProjectFactory()
    submitted = report_for(project, 2013, 9, 1, state=ReportState.SUBMITTED)

    office = office_for(project.region)

    _while_held(
        lambda: report_approve(report=submitted, by=office),
        lambda: report_for(project, 2013, 10, 1, state=ReportState.DRAFT),
    )

    assert MonthlyReport.objects.filter(project=project).count() == 2


def test_a_plan_being_changed_does_not_lock_its_project() -> None:
    project = ProjectFactory()
    plan = Plan.objects.create(project=project, deadline=dt.date(2014, 12, 31))

    _while_held(lambda: _locked_plan(plan), lambda: report_for(project, 2013, 10, 1))

    assert MonthlyReport.objects.filter(project=project).exists()
