"""Data scopes: which regions and units a user may see or act for."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from .choices import RegionLevel, Role
from .models import Region, User

UNIT_ROLES = (Role.UNIT_HEAD, Role.REPORTER)


def district_ids_below(region: Region) -> list[int]:
    """The ids of the districts inside a region (the region itself when it is a district)."""
    if region.level == RegionLevel.DISTRICT:
        return [region.pk]
    ids: list[int] = []
    frontier = [region.pk]
    while frontier:
        rows = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", "level"))
        ids.extend(pk for pk, level in rows if level == RegionLevel.DISTRICT)
        frontier = [pk for pk, level in rows if level != RegionLevel.DISTRICT]
    return ids


def is_unit_user(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and getattr(user, "role", None) in UNIT_ROLES)


def is_office(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE))


def scope_district_ids(user: User | AnonymousUser) -> list[int] | None:
    """Districts a signed-in user sees; None means every district (superuser)."""
    if not user.is_authenticated:
        return []
    assert isinstance(user, User)
    if user.is_superuser and user.region_id is None:
        return None
    if user.unit is not None and user.role in UNIT_ROLES:
        return [user.unit.region_id]
    if user.region is None:
        return []
    return district_ids_below(user.region)


def can_see_region(user: User | AnonymousUser, region: Region) -> bool:
    """A user sees a region when every district inside it is in their scope."""
    scope = scope_district_ids(user)
    if scope is None:
        return True
    return set(district_ids_below(region)) <= set(scope) and bool(scope)
