"""Fixtures for the supervision tests: Liandu's demo users, an item factory, files, huey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from huey.contrib.djhuey import HUEY

from sangua.orgs.models import Region, Unit, User
from sangua.projects.models import Project
from sangua.supervision import services
from sangua.supervision.choices import Category, Source
from sangua.supervision.models import SupervisionItem

from .helpers import at, pdf_upload


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:  # noqa: PT004
    """Uploaded files of a test go to its own folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_webhook(settings: Any) -> None:  # noqa: PT004
    settings.SANGUA_WEBHOOK_URL = ""
    settings.SANGUA_NOTIFY_RETRY_SECONDS = 0


@pytest.fixture
def immediate_huey() -> Iterator[Any]:
    """huey runs tasks in the calling thread (in-memory queue) while the test runs."""
    previous = HUEY.immediate
    HUEY.immediate = True
    try:
        yield HUEY
    finally:
        HUEY.immediate = previous


@pytest.fixture
def liandu(db: None) -> Region:
    return Region.objects.get(code="331102")


@pytest.fixture
def users(db: None) -> dict[str, User]:
    return {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "office",
                "city",
                "leader",
                "head",
                "reporter",
                "reporter2",
                "supervisor",
                "viewer",
                "admin",
            ]
        )
    }


@pytest.fixture
def liancheng(db: None) -> Unit:
    return Unit.objects.get(region__code="331102", name="联城街道")


@pytest.fixture
def zijin(db: None) -> Unit:
    return Unit.objects.get(region__code="331102", name="紫金街道")


@pytest.fixture
def housing(db: None) -> Project:
    """联城城郊农民新社区一期安置住房: a project of 联城街道 (the demo's head and reporter)."""
    return Project.objects.select_related("unit", "leader", "region").get(
        region__code="331102", name__contains="联城城郊农民新社区"
    )


MakeItem = Callable[..., SupervisionItem]


@pytest.fixture
def make_item(users: dict[str, User], housing: Project) -> MakeItem:
    """An item of 联城街道 on the housing project, opened by the supervisor and brought to a state."""

    def make(
        state: str = "assigned",
        *,
        opened: str = "2013-10-08",
        deadline_days: int | None = 5,
        deadline: dt.date | None = None,
        project: Project | None = housing,
        evidence: bool = True,
        title: str = "安置房电梯验收",
        category: str = Category.UTILITIES,
    ) -> SupervisionItem:
        supervisor, reporter = users["supervisor"], users["reporter"]
        when = at(opened)
        if state == "registered":
            return services.item_register(
                by=supervisor,
                title=title,
                category=category,
                source=Source.INSPECTION,
                project=project,
                unit=housing.unit,
                at=when,
            )
        item = services.item_open(
            by=supervisor,
            title=title,
            category=category,
            source=Source.INSPECTION,
            project=project,
            unit=housing.unit,
            deadline_days=deadline_days,
            deadline=None if deadline_days else deadline,
            at=when,
        )
        if state == "assigned":
            return item
        item = services.item_accept(item=item, by=reporter, at=when + dt.timedelta(hours=2))
        if state == "in_progress":
            return item
        files = [pdf_upload("验收报告.pdf")] if evidence else []
        services.item_feedback(
            item=item, by=reporter, text="已完成", files=files, at=when + dt.timedelta(days=1)
        )
        item.refresh_from_db()
        if state == "feedback":
            return item
        return services.item_close(
            item=item,
            by=supervisor,
            evaluation="satisfactory",
            at=when + dt.timedelta(days=2),
        )

    return make


@pytest.fixture(autouse=True)
def _english(settings):
    """Pages and messages are checked in English, their message ids; the Chinese catalogue is
    checked by sangua/core/tests/test_translations.py (see docs/translation.md)."""
    settings.LANGUAGE_CODE = "en"
