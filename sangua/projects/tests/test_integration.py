"""The project page and list, joined to the other hangings: a project's supervision items, a
leader's instruction (批示), and "why this light?" (Liandu published through 2013-09)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangua.orgs.models import User
from sangua.projects.models import Project
from sangua.supervision import services
from sangua.supervision.choices import Category, Source

LIST = reverse("projects:list")


def detail(code: str) -> str:
    return reverse("projects:detail", args=[code])


def items_panel(html: str) -> str:
    start = html.index('id="supervision"')
    return html[start : html.index("</section>", start)]


# --- supervision items ------------------------------------------------------------------------------


def test_the_project_page_lists_its_supervision_items(login):
    response = login("office").get(detail("331102-004"), {"period": "2013-09"})

    items = response.context["items"]
    assert [(i.code, i.placard, i.state, str(i.deadline)) for i in items] == [
        ("DB331102-2013-0011", "none", "assigned", "2013-11-04"),
        ("DB331102-2013-0004", "none", "closed", "2013-10-16"),
    ]
    panel = items_panel(response.content.decode())
    for item in items:
        assert reverse("supervision:detail", args=[item.pk]) in panel
    assert "安置住房交付前水电配套接入" in panel
    assert "No placard" in panel
    assert "Assigned" in panel
    assert "Closed" in panel
    assert "2013-11-04" in panel
    assert f"{reverse('supervision:ledger')}?project=331102-004" in panel


def test_a_red_placard_shows_on_its_project(login):
    html = login("office").get(detail("331102-016")).content.decode()

    panel = items_panel(html)
    assert "雅溪口水库工程项目建议书审批" in panel
    assert '<span class="tag tag-red">Red placard</span>' in panel
    assert '<span class="tag tag-red">overdue</span>' in panel


def test_a_project_without_items_says_so(login):
    quiet = Project.objects.filter(region__code="331102", supervision_items__isnull=True)
    html = login("office").get(detail(quiet.order_by("code").first().code)).content.decode()

    assert "No supervision item on this project." in items_panel(html)


def test_the_responsible_units_people_see_the_items_and_open_them(login):
    client = login("reporter")
    response = client.get(detail("331102-004"))

    assert len(response.context["items"]) == 2
    for item in response.context["items"]:
        assert client.get(reverse("supervision:detail", args=[item.pk])).status_code == 200


# --- a leader's instruction (批示) ---------------------------------------------------------------


def test_a_leader_gets_the_instruction_button_that_opens_the_form(login):
    client = login("leader")
    html = client.get(detail("331102-004")).content.decode()
    url = reverse("supervision:instruct", args=["331102-004"])

    assert f'href="{url}"' in html
    assert "Write an instruction (批示)" in html
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("username", ["office", "city", "supervisor", "viewer", "reporter", "head"])
def test_only_leaders_get_the_instruction_button(login, username):
    html = login(username).get(detail("331102-004")).content.decode()

    assert "/supervision/instruct/" not in html


def test_a_leader_instructs_on_the_projects_of_their_own_district_only(login):
    leader = User.objects.get(username="leader")
    other = User.objects.create(
        username="qingtian-leader",
        role=leader.role,
        region=Project.objects.get(code="331121-001").region,
    )

    response = login(other).get(detail("331121-001"))

    assert "/supervision/instruct/331121-001/" in response.content.decode()
    assert login(other).get(detail("331102-004")).status_code == 404  # not in its scope at all


def test_an_instruction_becomes_an_item_on_the_page(login):
    client = login("leader")

    posted = client.post(
        reverse("supervision:instruct", args=["331102-004"]),
        {"text": "请区住建局协调二期用地", "category": Category.LAND, "deadline": "2099-12-31"},
    )

    assert posted.status_code == 302, posted.content.decode()[:2000]
    items = client.get(detail("331102-004")).context["items"]
    new = [i for i in items if i.title.startswith("请区住建局协调二期用地")]
    assert [(i.source, i.state, i.unit.name) for i in new] == [
        (Source.INSTRUCTION, "assigned", "联城街道")
    ]


# --- why this light? ------------------------------------------------------------------------------


def why(code: str, period: str) -> str:
    return reverse("accountability:why-project", args=[code, period])


@pytest.mark.parametrize(
    ("username", "period", "linked"),
    [
        ("office", "2013-09", True),
        ("office", "2013-10", True),  # the office reads unpublished months
        ("leader", "2013-09", True),
        ("reporter", "2013-09", True),
        ("leader", "2013-10", False),  # not published: the why page would refuse
    ],
)
def test_the_project_page_asks_why_its_light_for_the_month(login, username, period, linked):
    client = login(username)
    html = client.get(detail("331102-004"), {"period": period}).content.decode()

    assert (why("331102-004", period) in html) is linked
    if linked:
        assert client.get(why("331102-004", period)).status_code == 200


def test_every_light_of_the_list_links_to_its_why_page(login):
    client = login("office")
    response = client.get(LIST, {"period": "2013-09"})
    html = response.content.decode()

    rows = response.context["page"].object_list
    links = re.findall(r'<a class="why" href="([^"]+)"', html)
    assert links == [why(row.project.code, "2013-09") for row in rows]
    for link in links[:3]:
        assert client.get(link).status_code == 200


def test_the_list_does_not_link_why_pages_of_unpublished_months_for_others(login):
    leader = login("leader").get(LIST, {"period": "2013-10"}).content.decode()
    office = login("office").get(LIST, {"period": "2013-10"}).content.decode()

    assert "/accountability/why/" not in leader
    assert why("331102-004", "2013-10") in office


# --- query counts ---------------------------------------------------------------------------------


def test_the_project_page_queries_do_not_grow_with_supervision_items(login):
    client = login("office")
    with CaptureQueriesContext(connection) as before:
        client.get(detail("331102-004"), {"period": "2013-09"})
    project = Project.objects.select_related("unit").get(code="331102-004")
    supervisor = User.objects.get(username="supervisor")
    with services.notices_suppressed():
        for n in range(12):
            services.item_open(
                by=supervisor,
                title=f"督办事项{n}",
                category=Category.OTHER,
                source=Source.MEETING,
                project=project,
                unit=project.unit,
                deadline=dt.date(2099, 12, 31),
            )

    with CaptureQueriesContext(connection) as after:
        response = client.get(detail("331102-004"), {"period": "2013-09"})

    assert len(response.context["items"]) == 2 + 12
    assert len(after) == len(before)
