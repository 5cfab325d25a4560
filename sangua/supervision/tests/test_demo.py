"""The 2013 demo's supervision story (SPEC §6, issue 4): the hard cases closed with evaluations,
open and overdue items for other projects, and the daily job turning overdue items red today."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sangua.supervision.choices import OPEN_STATES, ItemState, Placard
from sangua.supervision.demo import DEMO_TODAY, _pdf
from sangua.supervision.escalation import daily_run
from sangua.supervision.models import AccountabilityEntry, SupervisionItem

pytestmark = pytest.mark.django_db

STORY = {
    "古城岛": ("古城岛剩余房屋拆迁签约攻坚", "satisfactory", True),
    "之江监狱": ("之江监狱迁建地块清场交地", "basically", False),
    "1000KV浙南站": ("1000KV浙南站站址土地交付", "satisfactory", True),
}


@pytest.mark.parametrize("project", list(STORY))
def test_the_story_items_were_closed_in_2013_with_evaluations(project):
    title, evaluation, on_time = STORY[project]
    item = SupervisionItem.objects.get(project__name__contains=project, title=title)
    assert item.state == ItemState.CLOSED
    assert item.closed_at.year == 2013
    assert (item.evaluation, item.closed_on_time) == (evaluation, on_time)
    assert item.feedback.last().attachments.filter(is_evidence=True).exists()


def test_the_prison_case_was_returned_once_as_unsatisfactory():
    item = SupervisionItem.objects.get(title="之江监狱迁建地块清场交地")
    assert list(item.events.values_list("action", flat=True)).count("return") == 1
    entry = AccountabilityEntry.objects.get(item=item)
    assert (entry.unit.name, entry.evaluated_on) == ("碧湖镇", dt.date(2013, 8, 22))


def test_the_substation_got_an_extension():
    item = SupervisionItem.objects.get(title="1000KV浙南站站址土地交付")
    assert item.extensions.get().state == "approved"
    assert item.deadline == dt.date(2013, 7, 31) != item.original_deadline


def test_open_and_overdue_items_for_other_projects():
    liandu = SupervisionItem.objects.filter(region__code="331102")
    open_items = liandu.filter(state__in=OPEN_STATES)
    assert {s for s in open_items.values_list("state", flat=True)} == {
        "registered",
        "assigned",
        "in_progress",
        "feedback",
    }
    overdue_then = open_items.filter(deadline__lt=DEMO_TODAY)
    assert overdue_then.filter(placard=Placard.RED).count() >= 2
    assert overdue_then.filter(placard=Placard.YELLOW).exists()
    assert open_items.filter(deadline__gte=DEMO_TODAY).exists()  # not yet due in the story
    assert open_items.filter(project__isnull=True).exists()
    assert not open_items.filter(project__name__contains="古城岛").exists()


def test_the_first_daily_job_today_turns_every_overdue_open_item_red():
    chased = SupervisionItem.objects.filter(state__in=("assigned", "in_progress"))
    not_red = set(chased.exclude(placard=Placard.RED).values_list("code", flat=True))
    assert not_red  # yellow and none placards wait for the job
    result = daily_run()
    assert set(result.raised) == not_red
    assert set(chased.values_list("placard", flat=True)) == {Placard.RED}
    assert daily_run().placards == 0


def test_the_demo_evidence_is_a_real_pdf():
    reader = PdfReader(io.BytesIO(_pdf("gucheng-signing")))
    assert "gucheng-signing" in reader.pages[0].extract_text()
