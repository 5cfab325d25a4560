"""The daily job (每日督办): remind owners before and after deadlines, hang placards on overdue items.

For each item whose unit still owes an answer (assigned or in progress), on day ``today``:

- **before the deadline**: once the deadline is ``reminder_days_before`` working days away or
  less (rule set; 3 by default), the owner and the unit are reminded — once per deadline;
- **after the deadline**: on every working day after it, they are reminded again;
- **placards**: ``placard_yellow_days`` working days overdue hang a yellow placard,
  ``placard_red_days`` a red one (rule set; 1 and 5 by default). Placards only go up here
  (an approved extension takes them down). Each raise tells the project's leader and the unit
  head; a person without a user account is recorded as undeliverable.

Running the job twice on the same day sends nothing twice: reminders are keyed by item, deadline
and day, and a placard is only raised when it is lower than it should be.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangua.accountability.models import RuleSet
from sangua.accountability.rules import rule_set_for
from sangua.engine import calendar as engine
from sangua.notify.services import notify
from sangua.orgs.models import Person

from . import workdays
from .choices import PLACARD_RANK, UNIT_OWES_ANSWER, Action, Placard, ReminderKind
from .models import ItemEvent, SupervisionItem
from .services import item_url, placard_set, unit_users

logger = logging.getLogger(__name__)


def placard_for(overdue_days: int, rules: RuleSet) -> Placard:
    """The placard an item deserves after ``overdue_days`` working days overdue."""
    if overdue_days >= rules.placard_red_days:
        return Placard.RED
    if overdue_days >= rules.placard_yellow_days:
        return Placard.YELLOW
    return Placard.NONE


@dataclass
class DailyResult:
    """What one run of the daily job did."""

    day: dt.date
    checked: int = 0
    reminders: int = 0
    placards: int = 0
    raised: list[str] = field(default_factory=list)  # item codes

    def __str__(self) -> str:
        return (
            f"{self.day}: {self.checked} items checked, {self.reminders} reminders, "
            f"{self.placards} placards raised"
        )


def daily_run(*, today: dt.date | None = None) -> DailyResult:
    """Run the daily reminders and placards for every district (idempotent for a day)."""
    today = today or timezone.localdate()
    cal = workdays.official()
    working = workdays.is_working_day(today, cal)
    rules: dict[int, RuleSet] = {}
    result = DailyResult(day=today)
    items = (
        SupervisionItem.objects.filter(state__in=UNIT_OWES_ANSWER, deadline__isnull=False)
        .select_related(
            "region", "region__parent", "project", "project__leader", "unit", "unit__head", "owner"
        )
        .order_by("pk")
    )
    for item in items.iterator(chunk_size=500):
        result.checked += 1
        if item.region_id not in rules:
            rules[item.region_id] = rule_set_for(item.region)
        try:
            _check_item(item, today, working, rules[item.region_id], cal, result)
        except Exception:  # one broken item must not stop the chase of all the others
            logger.exception("daily supervision job: item %s failed", item.code)
    logger.info("daily supervision job %s", result)
    return result


def _check_item(
    item: SupervisionItem,
    today: dt.date,
    working: bool,
    rules: RuleSet,
    cal: engine.Calendar,
    result: DailyResult,
) -> None:
    assert item.deadline is not None
    overdue = workdays.working_days_overdue(item.deadline, today, cal)
    deserved = placard_for(overdue, rules)
    if PLACARD_RANK[deserved] > PLACARD_RANK[Placard(item.placard)]:
        if _raise_placard(item, deserved, overdue, today):
            result.placards += 1
            result.raised.append(item.code)
    if today <= item.deadline:
        left = workdays.working_days_left(item.deadline, today, cal)
        if left <= rules.reminder_days_before and _remind(
            item, ReminderKind.DUE_SOON, f"{item.deadline}", today, left
        ):
            result.reminders += 1
    elif working and _remind(
        item, ReminderKind.OVERDUE, f"{item.deadline}:{today}", today, overdue
    ):
        result.reminders += 1


def _at(today: dt.date) -> dt.datetime:
    """When the job's steps are recorded: now, or the start of ``today`` when run for another day."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(dt.datetime.combine(today, dt.time(8, 30)))


def _raise_placard(item: SupervisionItem, placard: Placard, overdue: int, today: dt.date) -> bool:
    with transaction.atomic():
        locked = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        if (
            locked.state not in UNIT_OWES_ANSWER
            or PLACARD_RANK[placard] <= PLACARD_RANK[Placard(locked.placard)]
        ):
            return False
        item.placard = locked.placard
        event = placard_set(
            item=item,
            placard=placard,
            at=_at(today),
            overdue_days=overdue,
        )
        persons: list[Person] = []
        if item.project is not None:
            persons.append(item.project.leader)
        if item.unit is not None and item.unit.head is not None:
            persons.append(item.unit.head)
        title = (
            _("Red placard: {code} {title}")
            if placard == Placard.RED
            else _("Yellow placard: {code} {title}")
        ).format(code=item.code, title=item.title)
        body = _("{unit} is {days} working days past the deadline {deadline}{project}.").format(
            unit=item.unit.name if item.unit else "—",
            days=overdue,
            deadline=item.deadline.isoformat() if item.deadline else "—",
            project=_(" (project: {name})").format(name=item.project.name) if item.project else "",
        )
        notify(
            key=f"supervision:{item.pk}:placard:{placard}:{item.deadline}",
            kind="supervision.placard",
            title=title,
            body=body,
            url=item_url(item),
            region=item.region,
            persons=persons,
        )
        event.data["told"] = [p.pk for p in persons]
        event.save(update_fields=["data"])
    return True


def _remind(item: SupervisionItem, kind: ReminderKind, key: str, today: dt.date, days: int) -> bool:
    with transaction.atomic():
        deadline = item.deadline.isoformat() if item.deadline else "—"
        if kind == ReminderKind.DUE_SOON:
            title = _("Reminder: {code} is due on {deadline}").format(
                code=item.code, deadline=deadline
            )
            body = _("{title} — {days} working days left.").format(title=item.title, days=days)
        else:
            title = _("Overdue: {code} was due on {deadline}").format(
                code=item.code, deadline=deadline
            )
            body = _("{title} — {days} working days overdue.").format(title=item.title, days=days)
        message, created = notify(
            key=f"supervision:{item.pk}:{kind}:{key}",
            kind=f"supervision.{kind}",
            title=title,
            body=body,
            url=item_url(item),
            region=item.region,
            users=unit_users(item.unit),
            persons=[item.owner] if item.owner is not None else [],
        )
        if created:
            ItemEvent.objects.create(
                item=item,
                action=Action.REMIND,
                from_state=item.state,
                to_state=item.state,
                actor=None,
                at=_at(today),
                data={"kind": str(kind), "message": message.pk, "days": days},
            )
    return created
