"""The plan pages (timetable, roadmap, history, forms) and the battle maps of a unit and a district:
what they show, who may open them, and their query counts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from sangua.orgs.models import User
from sangua.planning import selectors
from sangua.planning.gantt import NODE, PROJECT, STATUS_CODES
from sangua.planning.models import Plan, PlanNode

from .conftest import node, project

pytestmark = pytest.mark.django_db

ROADS = "331102-031"  # 联城工业区块道路网 (联城街道): 桥涵工程 behind on 2013-10-23
HOUSING = "331102-004"  # 联城城郊农民新社区一期安置住房: handed over on 2013-10-18
LIANCHENG, WATER = "331102-T05", "331102-D04"  # 联城街道, 区水利局


def gantt_of(response) -> dict:
    match = re.search(
        r'<script id="gantt-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "no Gantt data on the page"
    return json.loads(match.group(1))


# --- a project's plan ---------------------------------------------------------------------------


def test_the_timetable_lists_nodes_units_dates_and_status(client_for):
    response = client_for("viewer").get(f"/planning/projects/{ROADS}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="node-status"') == 16
    row = re.search(
        r'<tr id="node-\d+" class="late[^"]*" data-status="behind" data-key="bridges">(.*?)</tr>',
        html,
        re.S,
    )
    assert row, "桥涵工程 is not shown behind"
    assert "桥涵工程" in row.group(1)
    assert "2013-05-16" in row.group(1)  # its latest start
    assert 'data-testid="comparison"' in html  # against the May baseline
    assert "三挂启动基线（2013年5月）" in html
    # A viewer reports no progress and changes nothing.
    assert 'data-testid="report-progress"' not in html
    assert "/generate/" not in html


def test_the_unit_sees_a_progress_link_on_its_own_nodes_only(client_for):
    html = client_for("reporter").get(f"/planning/projects/{ROADS}/").content.decode()
    plan = Plan.objects.get(project__code=ROADS)
    own = PlanNode.objects.filter(plan=plan, unit__name="联城街道").count()
    assert html.count('data-testid="report-progress"') == own < 16


def test_the_timetable_takes_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("office")
    client.get(f"/planning/projects/{HOUSING}/")
    with django_assert_max_num_queries(22):
        client.get(f"/planning/projects/{HOUSING}/")
    with django_assert_max_num_queries(22):
        client.get(f"/planning/projects/{ROADS}/")


def test_the_roadmap_sends_every_node_with_its_dates_status_and_baseline(client_for):
    response = client_for("leader").get(f"/planning/projects/{ROADS}/roadmap/")

    assert response.status_code == 200
    data = gantt_of(response)
    rows = data["rows"]
    assert data["count"] == 16
    assert set(rows["kind"]) == {NODE}
    assert data["status"] == (dt.date(2013, 10, 23) - dt.date(1970, 1, 1)).days
    i = rows["name"].index("桥涵工程")
    assert rows["st"][i] == STATUS_CODES["behind"]
    assert rows["as"][i] is None
    assert all(b is not None for b in rows["bs"])  # the May baseline behind every bar
    assert data["deadlines"] == [(dt.date(2014, 2, 28) - dt.date(1970, 1, 1)).days]
    links = data["links"]
    assert len(links) == 3 * 19  # every dependency of the transport template
    critical = [(links[k], links[k + 1]) for k in range(0, len(links), 3) if links[k + 2]]
    assert critical, "the critical path is drawn"
    assert all(rows["cr"][a] and rows["cr"][b] for a, b in critical)
    assert '<script src="/static/planning/gantt.js"></script>' in response.content.decode()


def test_a_project_without_a_plan_offers_the_office_to_generate_one(client_for):
    code = project("莲都区人民医院迁建").code
    office = client_for("office").get(f"/planning/projects/{code}/").content.decode()
    viewer = client_for("viewer").get(f"/planning/projects/{code}/").content.decode()
    assert 'data-testid="generate-link"' in office
    assert 'data-testid="no-plan"' in viewer
    assert 'data-testid="generate-link"' not in viewer


def test_generating_from_the_page_is_one_action(client_for):
    fresh = project("富岭片区")
    client = client_for("office")
    form = client.get(f"/planning/projects/{fresh.code}/generate/")
    assert form.status_code == 200
    assert form.context["form"].initial["deadline"] == fresh.target_date

    response = client.post(
        f"/planning/projects/{fresh.code}/generate/",
        {"template": "transport", "deadline": "2014-12-31", "status_date": "2013-10-23"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/planning/projects/{fresh.code}/"
    assert Plan.objects.get(project=fresh).nodes.count() == 16
    page = client.get(response["Location"]).content.decode()
    assert page.count('data-testid="node-status"') == 16


def test_a_refused_generation_is_shown_with_the_reason(client_for):
    client = client_for("office")
    response = client.post(
        f"/planning/projects/{HOUSING}/generate/",
        {"template": "housing", "deadline": "2013-10-18"},
    )
    assert response.status_code == 409
    assert 'data-testid="generate-form"' in response.content.decode()


@pytest.mark.parametrize("who", ["reporter", "viewer", "leader", "supervisor"])
def test_only_the_office_generates_and_saves_baselines(client_for, who):
    client = client_for(who)
    assert client.get(f"/planning/projects/{HOUSING}/generate/").status_code == 403
    assert client.post(f"/planning/projects/{HOUSING}/baselines/", {"name": "x"}).status_code == 403


def test_the_office_saves_a_baseline_from_the_page(client_for):
    response = client_for("office").post(
        f"/planning/projects/{ROADS}/baselines/", {"name": "十月基线"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/planning/projects/{ROADS}/?baseline=2"
    assert Plan.objects.get(project__code=ROADS).baselines.last().name == "十月基线"


def test_the_unit_reports_progress_from_the_page(client_for):
    plan = Plan.objects.get(project__code=ROADS)
    bridges = node(plan, "bridges")
    assert bridges.unit.name == "联城街道"
    client = client_for("reporter")

    response = client.post(
        f"/planning/nodes/{bridges.pk}/progress/",
        {"actual_start": "2013-10-21", "remaining": "240", "note": "桥梁桩基开工"},
    )

    assert response.status_code == 302
    bridges.refresh_from_db()
    assert (bridges.actual_start, bridges.remaining, bridges.note) == (
        dt.date(2013, 10, 21),
        240,
        "桥梁桩基开工",
    )
    html = client.get(f"/planning/projects/{ROADS}/").content.decode()
    assert 'data-status="in_progress" data-key="bridges"' in html


def test_the_unit_may_not_open_the_form_of_another_units_node(client_for):
    permit = node(Plan.objects.get(project__code=ROADS), "permit")  # 区交通运输局's
    assert client_for("reporter").get(f"/planning/nodes/{permit.pk}/progress/").status_code == 403


def test_a_unit_does_not_see_plans_it_has_no_part_in(client_for):
    # 紫金街道's reporter: 古城岛 is theirs, 联城's roads are not.
    client = client_for("reporter2")
    assert client.get(f"/planning/projects/{ROADS}/").status_code == 404
    assert client.get(f"/planning/projects/{project('古城岛').code}/").status_code == 200


def test_a_department_sees_the_plans_where_it_has_a_node(client_for, user):
    # A reporter of 区住建局 (which issues 施工许可 in 联城's housing plan) opens that plan.
    User.objects.create(
        username="zhujian",
        role="reporter",
        unit=node(Plan.objects.get(project__code=HOUSING), "building_permit").unit,
    )
    client = client_for("zhujian")
    assert client.get(f"/planning/projects/{HOUSING}/").status_code == 200


def test_the_office_edits_a_node_from_the_page(client_for):
    plan = Plan.objects.get(project__code=ROADS)
    safety = node(plan, "safety")
    client = client_for("office")
    assert (
        client.get(f"/planning/nodes/{safety.pk}/edit/").context["form"].initial["after"]
        == "路面工程 FF+15"
    )

    response = client.post(
        f"/planning/nodes/{safety.pk}/edit/",
        {
            "name": "交通安全设施",
            "duration": "30",
            "calendar": "all",
            "unit": safety.unit_id,
            "after": "路面工程 SS+10\n桥涵工程",
            "sort": "140",
            "note": "",
        },
    )

    assert response.status_code == 302
    lines = {ln.node.key: ln for ln in selectors.plan_view(plan.project).lines}
    assert lines["safety"].node.name == "交通安全设施"
    assert lines["safety"].after == ("路面工程 SS+10", "桥涵工程")


def test_a_node_form_naming_an_unknown_node_is_refused(client_for):
    safety = node(Plan.objects.get(project__code=ROADS), "safety")
    response = client_for("office").post(
        f"/planning/nodes/{safety.pk}/edit/",
        {
            "name": "x",
            "duration": "3",
            "calendar": "all",
            "unit": safety.unit_id,
            "after": "不存在的节点",
        },
    )
    assert response.status_code == 422
    assert "不存在的节点" in response.content.decode()


# --- battle maps ----------------------------------------------------------------------------------


def test_the_unit_map_shows_its_projects_and_its_nodes_in_others(client_for):
    response = client_for("office").get(f"/planning/units/{WATER}/")

    assert response.status_code == 200
    data = gantt_of(response)
    rows = data["rows"]
    projects = [rows["name"][i] for i, k in enumerate(rows["kind"]) if k == PROJECT]
    assert projects == [
        "331102-007 瓯江（莲都段）防洪堤工程",
        "331102-008 好溪堰水利风景区整治",
        "331102-016 雅溪口水库工程前期",
        "331102-024 仙渡乡农村饮用水提标工程",
    ]
    units = data["units"]
    # In 雅溪镇's reservoir only the water bureau's own nodes are on its map.
    start = rows["name"].index("331102-016 雅溪口水库工程前期")
    end = rows["name"].index("331102-024 仙渡乡农村饮用水提标工程")
    assert {units[rows["unit"][i]] for i in range(start + 1, end)} == {"区水利局"}
    assert data["own"] is True
    html = response.content.decode()
    assert 'data-testid="late-nodes"' in html
    assert 'data-testid="print-pdf"' in html


def test_the_district_map_has_every_plan(client_for, django_assert_max_num_queries):
    client = client_for("viewer")
    client.get("/planning/districts/331102/")
    with django_assert_max_num_queries(20):
        response = client.get("/planning/districts/331102/")

    assert response.status_code == 200
    battle = response.context["map"]
    assert len(battle.projects) == 19
    assert battle.status_date == dt.date(2013, 10, 23)
    assert battle.counts["behind"] + battle.counts["overdue"] == len(battle.late) == 9
    data = gantt_of(response)
    assert data["count"] == 19 + battle.node_count
    assert data["grouped"] is True
    assert {line.status for _project, line in battle.late} == {"behind", "overdue"}


def test_the_map_takes_a_status_date(client_for):
    response = client_for("office").get("/planning/districts/331102/?as_of=2014-06-30")
    assert response.context["map"].status_date == dt.date(2014, 6, 30)
    assert client_for("office").get("/planning/districts/331102/?as_of=June").status_code == 404


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("reporter", f"/planning/units/{LIANCHENG}/", 200),
        ("reporter", f"/planning/units/{WATER}/", 404),
        ("reporter", "/planning/districts/331102/", 404),
        ("reporter2", f"/planning/units/{LIANCHENG}/", 404),
        ("viewer", f"/planning/units/{WATER}/", 200),
        ("city", "/planning/districts/331102/", 200),
        ("city", "/planning/districts/331121/", 200),
        ("office", "/planning/districts/331121/", 404),
        ("office", "/planning/units/331121-T01/", 404),
    ],
)
def test_who_sees_which_map(client_for, who, url, status):
    assert client_for(who).get(url).status_code == status


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("reporter", f"/planning/units/{LIANCHENG}/"),
        ("office", "/planning/districts/331102/"),
        ("viewer", "/planning/districts/331102/"),
    ],
)
def test_the_battle_map_link_leads_to_ones_own_map(client_for, who, target):
    response = client_for(who).get("/planning/")
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_city_chooses_a_district(client_for):
    response = client_for("city").get("/planning/")
    assert response.status_code == 200
    assert len(response.context["districts"]) == 9


def test_the_pages_need_a_login(client):
    assert client.get("/planning/districts/331102/").status_code == 302
    assert client.get(f"/planning/projects/{ROADS}/").status_code == 302
