"""Who may do what with rule sets, period closes and findings (the data scope decides where)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from sangua.orgs.choices import Role
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import UNIT_ROLES, is_office, scope_district_ids

from .models import Finding

Caller = User | AnonymousUser


def _in_scope(user: Caller, region_id: int) -> bool:
    scope = scope_district_ids(user)
    return scope is None or region_id in scope


def can_close(user: Caller, region: Region) -> bool:
    """The key project office of the district (or of a region above it) closes its periods."""
    return is_office(user) and _in_scope(user, region.pk)


def can_edit_rules(user: Caller, region: Region | None) -> bool:
    """A region's office edits that region's rules; only an administrator edits the default rules."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if region is None:
        return user.is_superuser
    if user.is_superuser:
        return True
    return user.role == Role.OFFICE and user.region_id == region.pk


def can_see_finding(user: Caller, finding: Finding) -> bool:
    """A unit's people see their unit's findings; others see the findings of districts in scope."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.role in UNIT_ROLES:
        return user.unit_id == finding.unit_id
    return _in_scope(user, finding.region_id)


def can_explain(user: Caller, finding: Finding) -> bool:
    """Only the unit's own head or reporter submits its explanation (情况说明)."""
    return bool(
        user.is_authenticated
        and getattr(user, "role", None) in UNIT_ROLES
        and getattr(user, "unit_id", None) == finding.unit_id
    )


def can_decide(user: Caller, finding: Finding) -> bool:
    """The district's key project office accepts, returns or exempts a finding."""
    return is_office(user) and _in_scope(user, finding.region_id)
