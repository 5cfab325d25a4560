"""Locking a district (a report submitted, a month published) never blocks a write that merely
points at it, such as a project registered meanwhile: schemathesis found the deadlock this made
on PostgreSQL (the project's foreign-key check at commit against FOR UPDATE, with the audit
trail's lock taken in between in the opposite order)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from sangua.core.testing.factories import ProjectFactory, UnitFactory
from sangua.progress.services import _lock_district


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="row locks and deferred foreign-key checks are PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_a_locked_district_still_takes_new_projects() -> None:
    unit = UnitFactory()
    locked, release = threading.Event(), threading.Event()

    def hold_the_district() -> None:
        try:
            with transaction.atomic():
                _lock_district(unit.region_id)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_district)
    holder.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            project = ProjectFactory(unit=unit)  # its district key is checked at commit
    finally:
        release.set()
        holder.join(10)

    assert project.pk is not None
