"""The project list and page show the reverse plan's verdict beside the investment light."""

from __future__ import annotations

import pytest
from django.test import Client

from sangua.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client: Client) -> Client:
    client.force_login(User.objects.get(username="office"))
    return client


def test_the_list_has_a_reverse_plan_column_with_each_projects_badge(office: Client) -> None:
    html = office.get("/projects/", {"period": "2013-09", "q": "331102-007"}).content.decode()

    assert 'data-schedule="slow"' in html
    assert "/planning/projects/331102-007/" in html


def test_a_project_without_a_plan_has_no_badge(office: Client) -> None:
    html = office.get("/projects/", {"period": "2013-09", "q": "331102-018"}).content.decode()

    assert "data-schedule" not in html


def test_the_project_page_links_its_timetable_and_shows_the_verdict(office: Client) -> None:
    html = office.get("/projects/331102-007/", {"period": "2013-09"}).content.decode()

    assert 'data-schedule="slow"' in html
    assert 'href="/planning/projects/331102-007/"' in html


def test_the_office_is_offered_to_generate_a_missing_plan(office: Client) -> None:
    html = office.get("/projects/331102-018/", {"period": "2013-09"}).content.decode()

    assert 'href="/planning/projects/331102-018/generate/"' in html
