"""What every accountability page needs: the signed-in user, a region in scope, a visible month."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sangua.orgs.models import Region, User
from sangua.orgs.scopes import UNIT_ROLES, district_ids_below, scope_district_ids
from sangua.progress.publication import default_month, parse_month

from ..selectors import sees_month


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def in_scope(user: User, region: Region) -> bool:
    """Every district of the region is in the user's scope (a unit's people: their district)."""
    scope = scope_district_ids(user)
    if scope is None:
        return True
    return bool(scope) and set(district_ids_below(region)) <= set(scope)


def home_region(user: User) -> Region | None:
    """The region a user's pages open on: their unit's district, else their scope's region."""
    if user.role in UNIT_ROLES and user.unit is not None:
        return Region.objects.get(pk=user.unit.region_id)
    if user.region_id is not None:
        return Region.objects.get(pk=user.region_id)
    return Region.objects.filter(parent__isnull=True).order_by("sort", "code").first()


def region_for(request: HttpRequest, code: str | None) -> Region:
    """The region asked for (404 if unknown, 403 if outside the scope), else the user's own."""
    user = user_of(request)
    if not code:
        region = home_region(user)
        if region is None:
            raise PermissionDenied(_("Your account has no data scope; ask the key project office."))
        return region
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("No region with code {code}.").format(code=code))
    if not in_scope(user, region):
        raise PermissionDenied(_("{name} is outside your data scope.").format(name=region.name))
    return region


def visible_month(user: User, region: Region, text: str | None) -> tuple[int, int]:
    """The month asked for when the user may see it (the office: any; others: published only)."""
    if not text:
        return default_month(region)
    parsed = parse_month(text)
    if parsed is None:
        raise Http404(_("Not a month: {text}.").format(text=text))
    if not sees_month(user, region, *parsed):
        raise Http404(_("{month} is not published.").format(month=text))
    return parsed


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """A local URL to return to after a form, or None."""
    if not url or not url.startswith("/") or url.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return url
