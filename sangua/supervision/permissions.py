"""Who may do what with supervision items.

- The supervision group and the key project office of a district open, assign, evaluate, close,
  return items and decide extensions (administrators too); a city's office only watches.
- Leaders give instructions (批示) on the projects of their districts; these become items.
- A unit (its head and reporters) sees its own items (and those it co-handles) and answers only
  the items it is responsible for.
- Everyone else with the district in scope (viewers, leaders, the city) reads.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from sangua.orgs.choices import RegionLevel, Role
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import is_unit_user, scope_district_ids
from sangua.projects.models import Project

from .models import SupervisionItem

MANAGING_ROLES = (Role.SUPERVISOR, Role.OFFICE)


def _in_scope(user: User, region_id: int) -> bool:
    scope = scope_district_ids(user)
    return scope is None or region_id in scope


def visible_items(user: User | AnonymousUser) -> QuerySet[SupervisionItem]:
    """The items a user may see: a unit's own and co-handled ones, else those of their districts."""
    items = SupervisionItem.objects.all()
    if not user.is_authenticated:
        return items.none()
    assert isinstance(user, User)
    if is_unit_user(user):
        assert user.unit_id is not None  # unit roles always have a unit (a constraint)
        return items.filter(
            Q(unit_id=user.unit_id)
            | Q(
                pk__in=SupervisionItem.co_units.through.objects.filter(unit_id=user.unit_id).values(
                    "supervisionitem_id"
                )
            )
        )
    scope = scope_district_ids(user)
    if scope is None:
        return items
    return items.filter(region_id__in=scope)


def can_manage_region(user: User | AnonymousUser, region: Region | int) -> bool:
    """The supervisors and the office *of the district itself* (and administrators) manage its
    items; a city's office watches its districts' items but does not run them."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    region_id = region if isinstance(region, int) else region.pk
    if user.is_superuser:
        return True
    return user.role in MANAGING_ROLES and user.region_id == region_id


def can_manage(user: User | AnonymousUser, item: SupervisionItem) -> bool:
    return can_manage_region(user, item.region_id)


def can_answer(user: User | AnonymousUser, item: SupervisionItem) -> bool:
    """Only the responsible unit's head and reporters answer an item."""
    return bool(
        is_unit_user(user) and item.unit_id is not None and user.unit_id == item.unit_id  # type: ignore[union-attr]
    )


def can_instruct(user: User | AnonymousUser, project: Project) -> bool:
    """A leader of the project's district gives instructions (批示) on it."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    return user.role == Role.LEADER and _in_scope(user, project.region_id)


def can_open_items(user: User | AnonymousUser) -> bool:
    """Whether the user may open items at all: a district's supervisors and office, admins."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.is_superuser:
        return True
    return (
        user.role in MANAGING_ROLES
        and user.region is not None
        and user.region.level == RegionLevel.DISTRICT
    )


def allowed_actions(user: User | AnonymousUser, item: SupervisionItem) -> list[str]:
    """The steps this user may take on this item now (pages and the API offer exactly these)."""
    from .choices import UNIT_OWES_ANSWER, ExtensionState, ItemState

    manage, answer = can_manage(user, item), can_answer(user, item)
    pending = any(e.state == ExtensionState.PENDING for e in item.extensions.all())
    actions: list[str] = []
    if manage and item.state == ItemState.REGISTERED:
        actions.append("assign")
    if answer and item.state == ItemState.ASSIGNED:
        actions.append("accept")
    if answer and item.state == ItemState.IN_PROGRESS:
        actions.append("feedback")
    in_time = item.deadline is not None and timezone.localdate() <= item.deadline
    if answer and item.state in UNIT_OWES_ANSWER and not pending and in_time:
        actions.append("extension_request")
    if manage and item.state == ItemState.FEEDBACK:
        if not item.evaluation:
            actions.append("evaluate")
        actions += ["close", "return"]
    if manage and pending:
        actions.append("extension_decide")
    if (answer and item.state == ItemState.FEEDBACK and not item.evaluation) or (
        manage and item.state != ItemState.CLOSED
    ):
        actions.append("attach")
    return actions
