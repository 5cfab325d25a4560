"""Who may see and change reverse plans.

The key project office of a project's district generates and edits its plan and saves baselines.
A responsible unit (its head and reporters) reports progress on the nodes it is responsible for,
and only those, also on other units' projects (用地预审 is the land bureau's node in every plan).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sangua.orgs.models import Region, Unit, User
from sangua.orgs.scopes import is_office, is_unit_user, scope_district_ids
from sangua.projects.models import Project

AnyUser = User | AnonymousUser


def _in_scope(user: AnyUser, region_id: int) -> bool:
    scope = scope_district_ids(user)
    return scope is None or region_id in scope


def can_manage(user: AnyUser, project: Project) -> bool:
    """The office of the project's district (or a superuser) sets up and changes its plan."""
    return is_office(user) and _in_scope(user, project.region_id)


def can_report(user: AnyUser, project: Project, unit_id: int) -> bool:
    """The office, or a user of the node's responsible unit, records a node's actual dates."""
    if can_manage(user, project):
        return True
    return is_unit_user(user) and getattr(user, "unit_id", None) == unit_id


def can_view_unit(user: AnyUser, unit: Unit) -> bool:
    """A unit's own users, and everyone whose regions include the unit's district."""
    if not user.is_authenticated:
        return False
    if is_unit_user(user):
        return getattr(user, "unit_id", None) == unit.pk
    return _in_scope(user, unit.region_id)


def can_view_district(user: AnyUser, region: Region) -> bool:
    """Everyone but unit users whose regions include the district (unit users see their unit)."""
    if not user.is_authenticated or is_unit_user(user):
        return False
    return _in_scope(user, region.pk)
