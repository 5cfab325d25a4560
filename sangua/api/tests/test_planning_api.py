"""Reverse plans through the API: the timetable, generate, nodes, progress, baselines, maps."""

from __future__ import annotations

import datetime as dt

import pytest

from sangua.orgs.models import Unit
from sangua.planning.models import Baseline, Plan, PlanEvent, PlanNode
from sangua.projects.models import Project

from .conftest import ApiClient, SignIn

STATUS = "2013-10-23"
LIANCHENG = "331102-004"  # 联城城郊农民新社区一期安置住房: a demo plan of the reporter's unit


@pytest.fixture
def fresh(db: None) -> Project:
    """A Liandu project the demo gave no plan."""
    return Project.objects.get(name__contains="富岭片区")


def _generate(client: ApiClient, code: str) -> dict:  # type: ignore[type-arg]
    response = client.post(
        f"/planning/projects/{code}/generate",
        {"template": "housing", "deadline": "2014-12-31", "status_date": STATUS},
    )
    assert response.status_code == 201, response.content
    return response.json()  # type: ignore[no-any-return]


def test_the_timetable_has_early_and_late_dates_and_statuses(as_user: SignIn) -> None:
    response = as_user("office").get(f"/planning/projects/{LIANCHENG}", as_of=STATUS)

    assert response.status_code == 200
    body = response.json()
    assert body["has_plan"]
    assert body["can_manage"]
    assert body["schedule"]["critical_path"]
    node = body["nodes"][0]
    assert node["early_start"] <= node["early_finish"]
    assert node["late_start"] <= node["late_finish"]
    assert sum(body["counts"].values()) == len(body["nodes"])
    assert body["comparison"]["baseline"] >= 1


def test_the_office_generates_a_plan_back_from_the_deadline(
    as_user: SignIn, fresh: Project
) -> None:
    body = _generate(as_user("office"), fresh.code)

    assert body["template"] == "housing"
    assert body["deadline"] == "2014-12-31"
    assert body["schedule"]["deadline"] == "2014-12-31"
    assert max(n["late_finish"] for n in body["nodes"]) <= "2014-12-31"
    assert PlanEvent.objects.filter(plan__project=fresh, action="generate").count() == 1


def test_generating_again_without_replace_is_a_conflict(as_user: SignIn) -> None:
    response = as_user("office").post(
        f"/planning/projects/{LIANCHENG}/generate",
        {"template": "housing", "deadline": "2014-12-31"},
    )

    assert (response.status_code, response.json()["code"]) == (409, "plan_exists")


def test_a_reporter_cannot_generate(as_user: SignIn, fresh: Project) -> None:
    response = as_user("reporter").post(
        f"/planning/projects/{fresh.code}/generate",
        {"template": "housing", "deadline": "2014-12-31"},
    )

    assert response.status_code == 404  # not one of 联城街道's plans: not even visible


def test_the_office_adds_edits_and_removes_a_node(as_user: SignIn, fresh: Project) -> None:
    office = as_user("office")
    plan = _generate(office, fresh.code)
    last = plan["nodes"][-1]["key"]

    added = office.post(
        f"/planning/projects/{fresh.code}/nodes",
        {"name": "竣工验收备案", "duration": 5, "calendar": "cn", "after": [{"node": last}]},
    )
    node = PlanNode.objects.get(plan__project=fresh, name="竣工验收备案")
    edited = office.put_json(
        f"/planning/nodes/{node.pk}",
        {
            "name": "竣工验收备案",
            "duration": 8,
            "calendar": "cn",
            "after": [{"node": last, "type": "FS", "lag": 2}],
        },
    )
    removed = office.delete(f"/planning/nodes/{node.pk}")

    assert added.status_code == 201, added.content
    new = next(n for n in added.json()["nodes"] if n["name"] == "竣工验收备案")
    assert new["after"] == [
        {"node": last, "name": plan["nodes"][-1]["name"], "type": "FS", "lag": 0}
    ]
    assert edited.status_code == 200, edited.content
    assert next(n for n in edited.json()["nodes"] if n["id"] == node.pk)["duration"] == 8
    assert removed.status_code == 200
    assert not PlanNode.objects.filter(pk=node.pk).exists()


def test_a_dependency_on_an_unknown_node_names_the_field(as_user: SignIn) -> None:
    response = as_user("office").post(
        f"/planning/projects/{LIANCHENG}/nodes",
        {"name": "x", "duration": 1, "after": [{"node": "ZZZ"}]},
    )

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422,
        "unknown_node",
        "after",
    )


def test_removing_a_node_others_wait_for_is_a_conflict(as_user: SignIn) -> None:
    first = PlanNode.objects.filter(plan__project__code=LIANCHENG).order_by("sort").first()
    assert first is not None

    response = as_user("office").delete(f"/planning/nodes/{first.pk}")

    assert (response.status_code, response.json()["code"]) == (409, "node_has_followers")


def test_the_unit_reports_progress_on_its_own_node(as_user: SignIn, fresh: Project) -> None:
    _generate(as_user("office"), fresh.code)
    node = PlanNode.objects.filter(plan__project=fresh, unit=fresh.unit).order_by("sort").first()
    assert node is not None
    other = PlanNode.objects.filter(plan__project=fresh).exclude(unit=fresh.unit).first()
    assert other is not None

    response = as_user("office").post(
        f"/planning/nodes/{node.pk}/progress", {"actual_start": "2013-10-08"}
    )
    refused = as_user("reporter").post(
        f"/planning/nodes/{other.pk}/progress", {"actual_start": "2013-10-08"}
    )

    assert response.status_code == 200, response.content
    assert PlanNode.objects.get(pk=node.pk).actual_start == dt.date(2013, 10, 8)
    assert refused.status_code == 404


def test_a_reporter_reports_its_node_and_sees_what_it_may_report(as_user: SignIn) -> None:
    reporter = as_user("reporter")
    plan = reporter.get(f"/planning/projects/{LIANCHENG}").json()
    mine = [n for n in plan["nodes"] if n["can_report"]]
    node = mine[0]

    response = reporter.post(
        f"/planning/nodes/{node['id']}/progress",
        {
            "actual_start": node["actual_start"],
            "actual_finish": node["actual_finish"],
            "remaining": node["remaining"],
            "note": "按计划推进",
        },
    )

    assert response.status_code == 200, response.content
    assert PlanNode.objects.get(pk=node["id"]).note == "按计划推进"
    assert not plan["can_manage"]
    assert {n["unit"]["name"] for n in mine} == {"联城街道"}


def test_a_future_actual_date_names_its_field(as_user: SignIn) -> None:
    node = PlanNode.objects.filter(plan__project__code=LIANCHENG).order_by("sort").first()
    assert node is not None

    response = as_user("office").post(
        f"/planning/nodes/{node.pk}/progress", {"actual_start": "2199-01-01"}
    )

    assert (response.status_code, response.json()["field"]) == (422, "actual_start")


def test_baselines_are_saved_listed_and_read(as_user: SignIn) -> None:
    office = as_user("office")
    count = Baseline.objects.filter(plan__project__code=LIANCHENG).count()

    saved = office.post(f"/planning/projects/{LIANCHENG}/baselines", {"name": "十月调整"})
    listed = office.get(f"/planning/projects/{LIANCHENG}/baselines").json()
    one = office.get(f"/planning/projects/{LIANCHENG}/baselines/{count + 1}")
    compared = office.get(f"/planning/projects/{LIANCHENG}", baseline=count + 1).json()
    missing = office.get(f"/planning/projects/{LIANCHENG}/baselines/999")

    assert saved.status_code == 201
    assert (saved.json()["number"], saved.json()["name"]) == (count + 1, "十月调整")
    assert listed["count"] == count + 1
    assert one.status_code == 200
    assert len(one.json()["nodes"]) == len(compared["nodes"])
    assert compared["comparison"]["baseline"] == count + 1
    assert missing.status_code == 404


def test_the_office_moves_the_deadline_and_the_history_says_so(as_user: SignIn) -> None:
    office = as_user("office")
    plan = Plan.objects.get(project__code=LIANCHENG)

    response = office.patch_json(f"/planning/projects/{LIANCHENG}", {"deadline": "2014-06-30"})
    history = office.get(f"/planning/projects/{LIANCHENG}/history", limit=1).json()

    assert response.status_code == 200, response.content
    assert response.json()["deadline"] == "2014-06-30"
    assert Plan.objects.get(pk=plan.pk).start == plan.start
    assert history["items"][0]["action"] == "settings"
    assert history["items"][0]["after"]["deadline"] == "2014-06-30"


def test_templates_are_listed_with_their_steps(as_user: SignIn) -> None:
    body = as_user("viewer").get("/planning/templates").json()

    assert {t["code"] for t in body["items"]} >= {"housing", "transport", "power"}
    housing = next(t for t in body["items"] if t["code"] == "housing")
    keys = {s["key"] for s in housing["steps"]}
    assert all(d["node"] in keys for s in housing["steps"] for d in s["after"])


def test_the_unit_and_district_battle_maps(as_user: SignIn) -> None:
    mine = Unit.objects.get(name="联城街道").code
    elsewhere = Unit.objects.get(name="紫金街道").code
    unit = as_user("reporter").get(f"/planning/units/{mine}", as_of=STATUS)
    other = as_user("reporter").get(f"/planning/units/{elsewhere}")
    district = as_user("office").get("/planning/districts/331102", as_of=STATUS)
    refused = as_user("reporter").get("/planning/districts/331102")

    assert unit.status_code == 200, unit.content
    assert LIANCHENG in {p["project"]["code"] for p in unit.json()["projects"]}
    assert other.status_code == 404
    assert district.status_code == 200
    assert district.json()["node_count"] >= len(district.json()["late"])
    assert refused.status_code == 404


# --- the official calendar ------------------------------------------------------------------------


def test_a_year_of_the_calendar_lists_its_exception_days(as_user: SignIn) -> None:
    body = as_user("reporter").get("/calendar/2013").json()

    assert body["known"] is True
    days = {d["date"]: d["kind"] for d in body["days"]}
    assert days["2013-10-01"] == "holiday"
    assert days["2013-10-12"] == "workday"


def test_the_office_adds_a_year_and_its_days(as_user: SignIn) -> None:
    office = as_user("office")

    day = office.post("/calendar/days", {"date": "2099-01-01", "kind": "holiday", "name": "元旦"})
    year = office.post("/calendar/years", {"year": 2099, "note": "国办发明电"})
    changed = office.patch_json("/calendar/days/2099-01-01", {"name": "新年"})
    body = office.get("/calendar/2099").json()
    removed = office.delete("/calendar/days/2099-01-01")

    assert day.status_code == 201, day.content
    assert year.status_code == 201
    assert changed.json()["name"] == "新年"
    assert body["known"]
    assert body["source"] == "office"
    assert [d["date"] for d in body["days"]] == ["2099-01-01"]
    assert removed.status_code == 204


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"date": "2099-01-03", "kind": "holiday"}, "calendar_pointless_holiday", "kind"),
        ({"date": "2099-01-05", "kind": "workday"}, "calendar_pointless_workday", "kind"),
    ],
)
def test_a_pointless_day_is_refused(as_user: SignIn, body: dict, code: str, field: str) -> None:  # type: ignore[type-arg]
    response = as_user("office").post("/calendar/days", body)

    assert (response.status_code, response.json()["code"], response.json()["field"]) == (
        422,
        code,
        field,
    )


def test_only_the_office_keeps_the_calendar(as_user: SignIn) -> None:
    response = as_user("supervisor").post("/calendar/years", {"year": 2099})

    assert (response.status_code, response.json()["code"]) == (403, "calendar_office_only")
