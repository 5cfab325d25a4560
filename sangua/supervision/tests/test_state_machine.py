"""The item's states (SPEC §5): every step allowed in its state and refused in every other one,
each recorded with who, when and the comment; closing needs evidence and an evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.core.errors import Conflict, NotAllowed, ValidationFailed
from sangua.supervision import services
from sangua.supervision.choices import Evaluation, ExtensionState, ItemState, Placard
from sangua.supervision.models import AccountabilityEntry, ExtensionRequest, ItemEvent
from sangua.supervision.selectors import entries_for

from .helpers import at, pdf_upload

STATES = ["registered", "assigned", "in_progress", "feedback", "closed"]

# action → (the states it is allowed in (others: refused), the state it leads to, events written)
ALLOWED = {
    "assign": ({"registered"}, "assigned", 1),
    "accept": ({"assigned"}, "in_progress", 1),
    "feedback": ({"in_progress"}, "feedback", 1),
    "evaluate": ({"feedback"}, "feedback", 1),
    "close": ({"feedback"}, "closed", 2),  # evaluated and closed in one step
    "return": ({"feedback"}, "in_progress", 1),
    "extension_request": ({"assigned", "in_progress"}, None, 1),  # the state does not change
}
WHEN = at("2013-10-09", 11)  # after opening (10-08), before the deadline (10-14)


def act(action, item, users, liancheng):
    supervisor, reporter = users["supervisor"], users["reporter"]
    if action == "assign":
        return services.item_assign(
            item=item, by=supervisor, unit=liancheng, deadline_days=5, at=WHEN
        )
    if action == "accept":
        return services.item_accept(item=item, by=reporter, at=WHEN)
    if action == "feedback":
        return services.item_feedback(
            item=item, by=reporter, text="done", files=[pdf_upload()], at=WHEN
        )
    if action == "evaluate":
        return services.item_evaluate(
            item=item, by=supervisor, evaluation=Evaluation.SATISFACTORY, at=WHEN
        )
    if action == "close":
        return services.item_close(
            item=item, by=supervisor, evaluation=Evaluation.SATISFACTORY, at=WHEN
        )
    if action == "return":
        return services.item_return(item=item, by=supervisor, comment="more, please", at=WHEN)
    if action == "extension_request":
        return services.extension_request(
            item=item, by=reporter, deadline=dt.date(2013, 10, 31), reason="rain", at=WHEN
        )
    raise AssertionError(action)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_each_step_is_allowed_in_its_state_only(action, state, make_item, users, liancheng):
    # Given an item in a state
    item = make_item(state)
    allowed_in, leads_to, written = ALLOWED[action]
    events_before = ItemEvent.objects.filter(item=item).count()
    if state in allowed_in:
        # When the right person takes the step, then the item moves and the step is recorded
        act(action, item, users, liancheng)
        item.refresh_from_db()
        assert item.state == (leads_to or state)
        assert ItemEvent.objects.filter(item=item).count() == events_before + written
    else:
        # Otherwise it is refused as a conflict with the item's state, and nothing is recorded
        with pytest.raises(Conflict) as refused:
            act(action, item, users, liancheng)
        assert refused.value.code == "invalid_state"
        item.refresh_from_db()
        assert item.state == state
        assert ItemEvent.objects.filter(item=item).count() == events_before


def test_a_whole_life_is_recorded_step_by_step(make_item, users, liancheng):
    # Given an item registered, assigned, accepted, answered, returned, answered again, closed
    supervisor, reporter = users["supervisor"], users["reporter"]
    item = make_item("registered")
    services.item_assign(
        item=item, by=supervisor, unit=liancheng, deadline_days=5, comment="抓紧", at=WHEN
    )
    services.item_accept(item=item, by=reporter, comment="收到", at=at("2013-10-09", 14))
    services.item_feedback(
        item=item, by=reporter, text="第一次反馈", files=[pdf_upload()], at=at("2013-10-10")
    )
    services.item_return(
        item=item,
        by=supervisor,
        comment="证据不足",
        evaluation=Evaluation.UNSATISFACTORY,
        at=at("2013-10-10", 15),
    )
    services.item_feedback(
        item=item, by=reporter, text="第二次反馈", files=[pdf_upload()], at=at("2013-10-11")
    )
    services.item_evaluate(
        item=item, by=supervisor, evaluation=Evaluation.SATISFACTORY, at=at("2013-10-11", 15)
    )
    services.item_close(item=item, by=supervisor, comment="销号", at=at("2013-10-11", 16))

    # Then every step is in the history with its states, actor, time and comment
    rows = list(
        ItemEvent.objects.filter(item=item).values_list(
            "action", "from_state", "to_state", "actor__username", "comment"
        )
    )
    assert rows == [
        ("register", "", "registered", "supervisor", ""),
        ("assign", "registered", "assigned", "supervisor", "抓紧"),
        ("accept", "assigned", "in_progress", "reporter", "收到"),
        ("feedback", "in_progress", "feedback", "reporter", "第一次反馈"),
        ("evaluate", "feedback", "feedback", "supervisor", "证据不足"),
        ("return", "feedback", "in_progress", "supervisor", "证据不足"),
        ("feedback", "in_progress", "feedback", "reporter", "第二次反馈"),
        ("evaluate", "feedback", "feedback", "supervisor", ""),
        ("close", "feedback", "closed", "supervisor", "销号"),
    ]
    assert ItemEvent.objects.filter(item=item).order_by("at", "pk").last().at == at(
        "2013-10-11", 16
    )
    item.refresh_from_db()
    assert item.evaluation == Evaluation.SATISFACTORY
    assert item.closed_on_time is True  # closed 10-11, deadline 10-14


def test_closing_needs_evidence_in_the_latest_answer(make_item, users):
    item = make_item("feedback", evidence=False)
    with pytest.raises(Conflict) as refused:
        services.item_close(
            item=item, by=users["supervisor"], evaluation=Evaluation.SATISFACTORY, at=WHEN
        )
    assert refused.value.code == "evidence_required"
    item.refresh_from_db()
    assert (item.state, item.evaluation) == (ItemState.FEEDBACK, "")  # the evaluation rolled back


def test_evidence_added_to_the_answer_lets_the_item_close(make_item, users):
    item = make_item("feedback", evidence=False)
    services.attachment_add(item=item, by=users["reporter"], file=pdf_upload(), at=WHEN)
    services.item_close(item=item, by=users["supervisor"], evaluation=Evaluation.BASICALLY, at=WHEN)
    item.refresh_from_db()
    assert item.state == ItemState.CLOSED


def test_closing_needs_an_evaluation(make_item, users):
    item = make_item("feedback")
    with pytest.raises(Conflict) as refused:
        services.item_close(item=item, by=users["supervisor"], at=WHEN)
    assert refused.value.code == "evaluation_required"


def test_an_answer_is_evaluated_once(make_item, users):
    item = make_item("feedback")
    services.item_evaluate(
        item=item, by=users["supervisor"], evaluation=Evaluation.BASICALLY, at=WHEN
    )
    with pytest.raises(Conflict) as refused:
        services.item_evaluate(
            item=item, by=users["supervisor"], evaluation=Evaluation.SATISFACTORY, at=WHEN
        )
    assert refused.value.code == "already_evaluated"


def test_an_evidence_file_from_an_earlier_round_does_not_close_a_new_answer(make_item, users):
    # Given an answer with evidence that was returned, and a new answer without any
    item = make_item("feedback")
    services.item_return(item=item, by=users["supervisor"], comment="再核实", at=WHEN)
    services.item_feedback(item=item, by=users["reporter"], text="已核实", at=WHEN)
    # Then the item cannot close on the old evidence
    with pytest.raises(Conflict) as refused:
        services.item_close(
            item=item, by=users["supervisor"], evaluation=Evaluation.SATISFACTORY, at=WHEN
        )
    assert refused.value.code == "evidence_required"


def test_returning_needs_a_reason_and_clears_the_evaluation(make_item, users):
    item = make_item("feedback")
    with pytest.raises(ValidationFailed):
        services.item_return(item=item, by=users["supervisor"], comment="  ", at=WHEN)
    services.item_evaluate(
        item=item, by=users["supervisor"], evaluation=Evaluation.BASICALLY, at=WHEN
    )
    services.item_return(item=item, by=users["supervisor"], comment="补充材料", at=WHEN)
    item.refresh_from_db()
    assert (item.state, item.evaluation) == (ItemState.IN_PROGRESS, "")


def test_closing_after_the_deadline_is_not_on_time(make_item, users):
    item = make_item("feedback")  # deadline 2013-10-14
    services.item_close(
        item=item,
        by=users["supervisor"],
        evaluation=Evaluation.SATISFACTORY,
        at=at("2013-10-15"),
    )
    item.refresh_from_db()
    assert item.closed_on_time is False


def test_unsatisfactory_evaluations_become_accountability_entries(make_item, users, liancheng):
    item = make_item("feedback")
    services.item_return(
        item=item,
        by=users["supervisor"],
        evaluation=Evaluation.UNSATISFACTORY,
        comment="敷衍",
        at=at("2013-10-10"),
    )
    entry = AccountabilityEntry.objects.get(item=item)
    assert (entry.unit, entry.evaluation, entry.evaluated_on, entry.comment) == (
        liancheng,
        Evaluation.UNSATISFACTORY,
        dt.date(2013, 10, 10),
        "敷衍",
    )
    assert list(entries_for(unit=liancheng, period="2013-10")) == [entry]
    assert entry in entries_for(region=liancheng.region, period="2013-Q4")
    assert entry in entries_for(region=liancheng.region.parent, period="2013")
    assert entry not in entries_for(unit=liancheng, period="2013-09")
    # A satisfactory evaluation records nothing
    services.item_feedback(item=item, by=users["reporter"], text="整改", files=[pdf_upload()])
    services.item_close(item=item, by=users["supervisor"], evaluation=Evaluation.SATISFACTORY)
    assert AccountabilityEntry.objects.filter(item=item).count() == 1


# --- who may take each step ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        ("registered", "assign", "reporter"),
        ("registered", "assign", "viewer"),
        ("registered", "assign", "leader"),
        ("assigned", "accept", "reporter2"),
        ("assigned", "accept", "supervisor"),
        ("in_progress", "feedback", "reporter2"),
        ("in_progress", "feedback", "office"),
        ("feedback", "evaluate", "reporter"),
        ("feedback", "close", "head"),
        ("feedback", "return", "viewer"),
        ("feedback", "close", "city"),
    ],
)
def test_the_wrong_person_is_refused(state, action, who, make_item, users, liancheng):
    item = make_item(state)
    swapped = {**users, "supervisor": users[who], "reporter": users[who]}
    with pytest.raises(NotAllowed):
        act(action, item, swapped, liancheng)


def test_the_unit_head_answers_like_a_reporter(make_item, users):
    item = make_item("assigned")
    services.item_accept(item=item, by=users["head"], at=WHEN)
    item.refresh_from_db()
    assert item.state == ItemState.IN_PROGRESS


def test_the_office_manages_like_the_supervisors(make_item, users):
    item = make_item("feedback")
    services.item_close(item=item, by=users["office"], evaluation=Evaluation.SATISFACTORY, at=WHEN)


def test_only_managers_register_items(users, housing):
    for who in ("viewer", "reporter", "leader"):
        with pytest.raises(NotAllowed):
            services.item_register(
                by=users[who], title="x", category="other", source="inspection", project=housing
            )


# --- extensions ------------------------------------------------------------------------------


def test_an_approved_extension_moves_the_deadline_and_takes_the_placard_down(make_item, users):
    item = make_item("in_progress")
    request = services.extension_request(
        item=item, by=users["reporter"], deadline=dt.date(2013, 10, 25), reason="雨季", at=WHEN
    )
    item.refresh_from_db()
    services.placard_set(item=item, placard=Placard.YELLOW, at=at("2013-10-15"))
    services.extension_decide(
        extension=request, by=users["supervisor"], approve=True, at=at("2013-10-16")
    )
    item.refresh_from_db()
    request.refresh_from_db()
    assert (item.deadline, item.original_deadline) == (dt.date(2013, 10, 25), dt.date(2013, 10, 14))
    assert item.placard == Placard.NONE
    assert request.state == ExtensionState.APPROVED
    assert list(item.events.values_list("action", flat=True))[-3:] == [
        "placard",
        "extension_approve",
        "placard",
    ]


def test_a_refused_extension_keeps_the_deadline_and_needs_a_reason(make_item, users):
    item = make_item("assigned")
    request = services.extension_request(
        item=item, by=users["reporter"], deadline=dt.date(2013, 10, 25), reason="雨季", at=WHEN
    )
    with pytest.raises(ValidationFailed):
        services.extension_decide(extension=request, by=users["supervisor"], approve=False)
    services.extension_decide(
        extension=request, by=users["supervisor"], approve=False, comment="不同意"
    )
    item.refresh_from_db()
    assert item.deadline == dt.date(2013, 10, 14)
    with pytest.raises(Conflict) as again:
        services.extension_decide(extension=request, by=users["supervisor"], approve=True)
    assert again.value.code == "extension_decided"


def test_extensions_are_asked_before_the_deadline_only(make_item, users):
    item = make_item("in_progress")  # deadline 2013-10-14
    services.extension_request(
        item=item,
        by=users["reporter"],
        deadline=dt.date(2013, 10, 20),
        reason="on the deadline day itself is still in time",
        at=at("2013-10-14", 17),
    )
    ExtensionRequest.objects.filter(item=item).delete()
    with pytest.raises(Conflict) as late:
        services.extension_request(
            item=item,
            by=users["reporter"],
            deadline=dt.date(2013, 10, 20),
            reason="too late",
            at=at("2013-10-15"),
        )
    assert late.value.code == "deadline_passed"


@pytest.mark.parametrize("deadline", [dt.date(2013, 10, 14), dt.date(2013, 10, 1)])
def test_an_extension_must_move_the_deadline_later(deadline, make_item, users):
    item = make_item("assigned")
    with pytest.raises(ValidationFailed):
        services.extension_request(
            item=item, by=users["reporter"], deadline=deadline, reason="x", at=WHEN
        )


def test_one_extension_request_waits_at_a_time(make_item, users):
    item = make_item("assigned")
    services.extension_request(
        item=item, by=users["reporter"], deadline=dt.date(2013, 10, 20), reason="a", at=WHEN
    )
    with pytest.raises(Conflict) as second:
        services.extension_request(
            item=item, by=users["reporter"], deadline=dt.date(2013, 10, 25), reason="b", at=WHEN
        )
    assert second.value.code == "extension_pending"


def test_other_units_and_managers_do_not_ask_for_extensions(make_item, users):
    item = make_item("assigned")
    for who in ("reporter2", "supervisor"):
        with pytest.raises(NotAllowed):
            services.extension_request(
                item=item, by=users[who], deadline=dt.date(2013, 10, 20), reason="x", at=WHEN
            )


# --- deadlines and instructions --------------------------------------------------------------


def test_a_deadline_is_given_as_working_days_or_a_date_but_not_both(make_item, users, liancheng):
    item = make_item("registered")
    with pytest.raises(ValidationFailed) as neither:
        services.item_assign(item=item, by=users["supervisor"], unit=liancheng, at=WHEN)
    assert neither.value.code == "deadline_required"
    with pytest.raises(ValidationFailed):
        services.item_assign(
            item=item,
            by=users["supervisor"],
            unit=liancheng,
            deadline_days=3,
            deadline=dt.date(2013, 12, 1),
            at=WHEN,
        )
    with pytest.raises(ValidationFailed) as past:
        services.item_assign(
            item=item,
            by=users["supervisor"],
            unit=liancheng,
            deadline=dt.date(2013, 10, 1),
            at=WHEN,
        )
    assert past.value.code == "deadline_past"


def test_a_unit_of_another_district_is_refused(make_item, users):
    from sangua.orgs.models import Unit

    elsewhere = Unit.objects.exclude(region__code="331102").first()
    item = make_item("registered")
    with pytest.raises(ValidationFailed):
        services.item_assign(
            item=item, by=users["supervisor"], unit=elsewhere, deadline_days=3, at=WHEN
        )


def test_a_leader_instruction_becomes_an_item_of_the_project_unit(users, housing):
    item = services.item_instruct(
        project=housing,
        by=users["leader"],
        text="请抓紧二期前期工作\n月底前报方案",
        deadline_days=10,
        at=at("2013-10-21", 11),
    )
    assert (item.state, item.unit, item.source, item.instructed_by) == (
        ItemState.ASSIGNED,
        housing.unit,
        "instruction",
        users["leader"].person,
    )
    assert item.owner == housing.unit_head
    assert item.title == "请抓紧二期前期工作"
    assert item.deadline == dt.date(2013, 11, 4)
    assert list(item.events.values_list("action", "actor__username")) == [
        ("register", "leader"),
        ("assign", "leader"),
    ]


@pytest.mark.parametrize("who", ["supervisor", "reporter", "viewer", "office"])
def test_only_leaders_instruct(who, users, housing):
    with pytest.raises(NotAllowed):
        services.item_instruct(project=housing, by=users[who], text="x", deadline_days=3)


def test_a_leader_does_not_instruct_on_another_district(users):
    from sangua.projects.models import Project

    elsewhere = Project.objects.exclude(region__code="331102").first()
    with pytest.raises(NotAllowed):
        services.item_instruct(project=elsewhere, by=users["leader"], text="x", deadline_days=3)
