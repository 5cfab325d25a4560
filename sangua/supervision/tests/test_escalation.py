"""The daily job: reminders before and after the deadline, placards at the rule set's thresholds,
the leader and the unit head told, and nothing sent twice."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.accountability.models import RuleSet
from sangua.accountability.rules import rule_set_for
from sangua.notify.choices import Channel, DeliveryStatus
from sangua.notify.models import Delivery, Message, Notification
from sangua.supervision import services
from sangua.supervision.choices import Action, Placard
from sangua.supervision.escalation import daily_run
from sangua.supervision.models import ItemEvent, SupervisionItem
from sangua.supervision.tasks import supervision_daily

from .helpers import at

D = dt.date


def messages_of(item: SupervisionItem) -> list[str]:
    return list(
        Message.objects.filter(key__startswith=f"supervision:{item.pk}:")
        .exclude(key__contains=":event:")
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def placard_of(item: SupervisionItem) -> str:
    item.refresh_from_db()
    return item.placard


def test_the_default_rules_are_the_ones_in_force(liandu):
    rules = rule_set_for(liandu)
    assert (rules.placard_yellow_days, rules.placard_red_days, rules.reminder_days_before) == (
        1,
        5,
        3,
    )


def test_a_day_by_day_chase_of_an_item(make_item):
    # Given an item opened on Tue 8 Oct 2013 with 5 working days: deadline Mon 14 Oct
    item = make_item("assigned")
    assert item.deadline == D(2013, 10, 14)
    expected = [
        # day, placard after the run, messages of the item so far
        (D(2013, 10, 9), Placard.NONE, []),  # 4 working days left: too early
        (D(2013, 10, 10), Placard.NONE, ["supervision.due_soon"]),  # 3 left: reminded
        (D(2013, 10, 11), Placard.NONE, ["supervision.due_soon"]),  # once per deadline
        (D(2013, 10, 14), Placard.NONE, ["supervision.due_soon"]),  # the deadline day
        (D(2013, 10, 15), Placard.YELLOW, ["supervision.due_soon", "supervision.placard", "supervision.overdue"]),
        (D(2013, 10, 16), Placard.YELLOW, ["supervision.due_soon", "supervision.placard", "supervision.overdue", "supervision.overdue"]),
        (D(2013, 10, 19), Placard.YELLOW, ["supervision.due_soon", "supervision.placard", "supervision.overdue", "supervision.overdue"]),  # Saturday: no reminder
        (D(2013, 10, 21), Placard.RED, ["supervision.due_soon", "supervision.placard", "supervision.overdue", "supervision.overdue", "supervision.placard", "supervision.overdue"]),
    ]  # fmt: skip
    for day, placard, kinds in expected:
        daily_run(today=day)
        assert (day, placard_of(item), messages_of(item)) == (day, placard, kinds)


def test_running_twice_sends_nothing_twice(make_item):
    item = make_item("assigned")
    first = daily_run(today=D(2013, 10, 21))
    counts = (Message.objects.count(), Notification.objects.count(), Delivery.objects.count())
    events = ItemEvent.objects.filter(item=item).count()
    second = daily_run(today=D(2013, 10, 21))
    assert first.placards >= 1
    assert first.reminders >= 1
    assert (second.placards, second.reminders) == (0, 0)
    assert (
        Message.objects.count(),
        Notification.objects.count(),
        Delivery.objects.count(),
    ) == counts
    assert ItemEvent.objects.filter(item=item).count() == events


def test_a_late_first_run_goes_straight_to_red_once(make_item):
    item = make_item("in_progress")
    daily_run(today=D(2013, 11, 20))
    assert placard_of(item) == Placard.RED
    raises = ItemEvent.objects.filter(item=item, action=Action.PLACARD)
    assert [(e.data["from"], e.data["to"], e.data["overdue_days"]) for e in raises] == [
        ("none", "red", 27)
    ]


def test_placards_tell_the_project_leader_and_the_unit_head(make_item, users, housing):
    # Given the project's leader (区委副书记) has no account and the unit head has one
    item = make_item("assigned")
    daily_run(today=D(2013, 10, 15))
    message = Message.objects.get(key__startswith=f"supervision:{item.pk}:placard:yellow")
    # Then the unit head has it in the inbox, and the leader is recorded as undeliverable
    assert list(message.notifications.values_list("recipient__username", flat=True)) == ["head"]
    undeliverable = message.deliveries.get()
    assert (undeliverable.channel, undeliverable.status, undeliverable.person) == (
        Channel.ACCOUNT,
        DeliveryStatus.UNDELIVERABLE,
        housing.leader,
    )
    event = ItemEvent.objects.get(item=item, action=Action.PLACARD)
    assert event.actor is None
    assert sorted(event.data["told"]) == sorted([housing.leader.pk, housing.unit.head.pk])


def test_a_leader_with_an_account_gets_the_placard_notice(make_item, users, housing):
    # 区长 has the demo login "leader"
    housing.leader = users["leader"].person
    housing.save()
    item = make_item("assigned")
    daily_run(today=D(2013, 10, 15))
    message = Message.objects.get(key__startswith=f"supervision:{item.pk}:placard:")
    assert set(message.notifications.values_list("recipient__username", flat=True)) == {
        "head",
        "leader",
    }
    assert not message.deliveries.exists()


def test_reminders_go_to_the_unit_and_its_owner(make_item):
    item = make_item("assigned")
    daily_run(today=D(2013, 10, 15))
    message = Message.objects.get(key=f"supervision:{item.pk}:overdue:2013-10-14:2013-10-15")
    assert set(message.notifications.values_list("recipient__username", flat=True)) == {
        "head",
        "reporter",
    }
    assert ItemEvent.objects.filter(item=item, action=Action.REMIND).count() == 1


def test_thresholds_come_from_the_rule_set(make_item, liandu):
    # Given Liandu's own rules: yellow after 2 working days, red after 3, reminders 1 day before
    current = rule_set_for(liandu)
    RuleSet.objects.create(
        region=liandu,
        version=current.version + 1,
        name="test rules",
        placard_yellow_days=2,
        placard_red_days=3,
        reminder_days_before=1,
    )
    item = make_item("assigned")  # deadline 14 Oct
    daily_run(today=D(2013, 10, 11))  # 2 working days left: not yet reminded
    assert messages_of(item) == []
    daily_run(today=D(2013, 10, 12))  # make-up Saturday, 1 left: reminded
    assert messages_of(item) == ["supervision.due_soon"]
    daily_run(today=D(2013, 10, 15))  # 1 overdue: no placard yet
    assert placard_of(item) == Placard.NONE
    daily_run(today=D(2013, 10, 16))
    assert placard_of(item) == Placard.YELLOW
    daily_run(today=D(2013, 10, 17))
    assert placard_of(item) == Placard.RED


def test_answered_closed_and_unassigned_items_are_not_chased(make_item):
    items = [make_item(state) for state in ("registered", "feedback", "closed")]
    daily_run(today=D(2013, 12, 2))
    for item in items:
        assert placard_of(item) == Placard.NONE
        assert messages_of(item) == []


def test_an_approved_extension_stops_the_chase(make_item, users):
    item = make_item("in_progress")
    request = services.extension_request(
        item=item,
        by=users["reporter"],
        deadline=D(2013, 11, 29),
        reason="征迁协商",
        at=at("2013-10-09"),
    )
    services.extension_decide(extension=request, by=users["supervisor"], approve=True)
    daily_run(today=D(2013, 10, 21))
    assert placard_of(item) == Placard.NONE
    assert messages_of(item) == []


def test_the_huey_task_runs_the_job_for_today(make_item, immediate_huey):
    # The periodic task's function (as huey's worker calls it): today is long after 2013
    item = make_item("assigned")
    result = supervision_daily.call_local()
    assert placard_of(item) == Placard.RED
    assert item.code in result.raised


@pytest.mark.parametrize("today", [D(2013, 10, 21), D(2013, 10, 22)])
def test_the_management_command_runs_the_job(make_item, today, capsys):
    from django.core.management import call_command

    item = make_item("assigned")
    call_command("supervision_daily", "--date", today.isoformat())
    assert placard_of(item) == Placard.RED
    assert str(today) in capsys.readouterr().out


def test_a_run_by_hand_names_the_console_user_in_the_audit_trail(make_item):
    import getpass

    from django.core.management import call_command

    from sangua.audit.models import AuditEntry

    item = make_item("assigned")
    call_command("supervision_daily", "--date", "2013-10-22")
    entries = AuditEntry.objects.filter(
        object_type="supervision.supervisionitem", object_id=str(item.pk)
    )
    raised = [e for e in entries if e.action == "placard"]
    assert [(e.after["to"], e.actor_name) for e in raised] == [("red", f"cli:{getpass.getuser()}")]
