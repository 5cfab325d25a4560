"""Writes made on the Django admin pages are in the audit trail: accounts and their roles, units,
people, regions, projects with their plans (inline), publications; adds, changes and deletes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sangua.audit.chain import verify
from sangua.audit.models import AuditEntry, AuditHead
from sangua.core.testing.admin_forms import admin_form_data
from sangua.core.testing.factories import (
    DistrictFactory,
    PersonFactory,
    ProjectFactory,
    plan_for,
)
from sangua.orgs.choices import Role
from sangua.orgs.models import Person, Region, Unit, User
from sangua.progress.models import Publication


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.get(username="admin")


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(admin_user)
    return client


def _head() -> int:
    head = AuditHead.objects.filter(pk=1).first()
    return head.seq if head else 0


def _new_entries(start: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=start))


def _save_change(client: Client, url: str, **changes: object) -> None:
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_changing_a_users_role_and_scope_is_recorded_with_who_and_where(
    admin_client: Client, admin_user: User
):
    # given the demo's viewer
    viewer = User.objects.get(username="viewer")
    qingtian = Region.objects.get(code="331121")
    start = _head()
    # when the administrator makes them the office of Qingtian
    _save_change(
        admin_client,
        reverse("admin:orgs_user_change", args=[viewer.pk]),
        role=Role.OFFICE,
        region=str(qingtian.pk),
    )
    # then one entry, by the administrator from their address, with the role before → after
    (entry,) = _new_entries(start)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "update",
        "orgs.user",
        str(viewer.pk),
    )
    assert (entry.actor_name, entry.ip) == (admin_user.username, "10.9.8.7")
    assert sorted(c for c in entry.changes if c[0] in ("role", "region")) == [
        ("region", viewer.region_id, qingtian.pk),
        ("role", Role.VIEWER, Role.OFFICE),
    ]
    assert "password" not in entry.after
    assert "last_login" not in entry.after
    assert verify().ok


def test_saving_a_user_unchanged_writes_nothing(admin_client: Client):
    viewer = User.objects.get(username="viewer")
    start = _head()
    _save_change(admin_client, reverse("admin:orgs_user_change", args=[viewer.pk]))
    assert _head() == start


def test_a_password_change_is_recorded_without_the_hash(admin_client: Client):
    viewer = User.objects.get(username="viewer")
    start = _head()
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[viewer.pk]),
        {"password1": "A-new-pass-2013", "password2": "A-new-pass-2013", "usable_password": "true"},
    )
    assert response.status_code == 302
    (entry,) = _new_entries(start)
    assert (entry.action, entry.object_id, entry.before, entry.after) == (
        "password_change",
        str(viewer.pk),
        None,
        {"usable_password": True},
    )
    viewer.refresh_from_db()
    assert viewer.password not in str(entry.after)


def test_adding_a_unit_and_deleting_a_person_are_recorded(admin_client: Client):
    district = DistrictFactory()
    head = PersonFactory(region=district, post="街道书记", is_leader=False)
    start = _head()
    # when a unit is added
    url = reverse("admin:orgs_unit_add")
    data = admin_form_data(admin_client.get(url))
    data.update(code="T-U1", name="新设街道", kind="street", region=str(district.pk), sort="1",
                head=str(head.pk))  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    unit = Unit.objects.get(code="T-U1")
    # and a person is deleted
    gone = PersonFactory(region=district, post="临时岗位")
    gone_pk = gone.pk
    response = admin_client.post(
        reverse("admin:orgs_person_delete", args=[gone_pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    # then
    entries = _new_entries(start)
    assert [(e.action, e.object_type, e.object_id) for e in entries] == [
        ("create", "orgs.unit", str(unit.pk)),
        ("delete", "orgs.person", str(gone_pk)),
    ]
    assert entries[0].before is None
    assert (entries[0].after["name"], entries[0].after["head"]) == ("新设街道", head.pk)
    assert entries[1].before["post"] == "临时岗位"
    assert entries[1].after is None
    assert entries[1].object_repr == str(gone)
    assert not Person.objects.filter(pk=gone_pk).exists()


def test_delete_selected_records_each_row(admin_client: Client):
    district = DistrictFactory()
    people = [PersonFactory(region=district, post=f"岗位{k}") for k in range(3)]
    start = _head()
    response = admin_client.post(
        reverse("admin:orgs_person_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in people], "post": "yes"},
    )
    assert response.status_code == 302
    entries = _new_entries(start)
    assert sorted((e.action, e.object_id) for e in entries) == sorted(
        ("delete", str(p.pk)) for p in people
    )


def test_a_plan_changed_inline_on_the_project_page_is_recorded(admin_client: Client):
    project = ProjectFactory()
    plan = plan_for(project, 2013, [100] * 12)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(admin_client.get(url))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    start = _head()
    # when the December amount and the annual total change, and the name
    data.update({f"{prefix}-0-m12": "150.00", f"{prefix}-0-annual_amount": "1250.00"})
    data["name"] = "改名后的项目"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    # then the project's entry and the plan's
    entries = _new_entries(start)
    assert [(e.action, e.object_type, e.object_id) for e in entries] == [
        ("update", "projects.project", str(project.pk)),
        ("update", "projects.investmentplan", str(plan.pk)),
    ]
    assert ("name", project.name, "改名后的项目") in entries[0].changes
    assert sorted(entries[1].changes) == [  # PostgreSQL's jsonb keeps keys in its own order
        ("annual_amount", "1200.00", "1250.00"),
        ("m12", "100.00", "150.00"),
    ]


def test_a_publication_deleted_in_the_admin_is_recorded(admin_client: Client):
    publication = Publication.objects.filter(region__code="331102").order_by("-year", "-month")[0]
    start = _head()
    response = admin_client.post(
        reverse("admin:progress_publication_delete", args=[publication.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    (entry,) = _new_entries(start)
    assert (entry.action, entry.object_type, entry.before["month"]) == (
        "delete",
        "progress.publication",
        publication.month,
    )


def test_lifting_a_lockout_in_the_admin_is_recorded_with_who_and_where(admin_client: Client):
    from sangua.security.models import LoginAttempt

    failures = [LoginAttempt.objects.create(username="reporter", ip="10.1.1.1") for _ in range(3)]
    start = _head()
    # when the administrator deletes the reporter's failed attempts (the lockout ends)
    response = admin_client.post(
        reverse("admin:security_loginattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in failures], "post": "yes"},
    )
    assert response.status_code == 302
    # then each deleted attempt is in the trail, by the administrator from their address
    entries = _new_entries(start)
    assert sorted(e.object_id for e in entries) == sorted(str(a.pk) for a in failures)
    assert {(e.action, e.object_type, e.before["username"]) for e in entries} == {
        ("delete", "security.loginattempt", "reporter")
    }
    assert {(e.actor_name, e.ip) for e in entries} == {("admin", "10.9.8.7")}
    assert verify().ok


# Admins whose writes go through services, which record their own entries.
SERVICE_BACKED = {"planning.CalendarYear", "planning.CalendarDay", "api.ApiToken"}


def test_every_admin_that_can_write_is_audited(admin_user: User, rf) -> None:
    from django.contrib import admin

    from sangua.audit.admin_writes import AuditedAdminMixin

    request = rf.get("/admin/")
    request.user = admin_user
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        label = model._meta.label
        if (
            writes
            and label not in SERVICE_BACKED
            and not isinstance(model_admin, AuditedAdminMixin)
        ):
            unaudited.append(label)
    assert unaudited == [], unaudited
