"""GET /regions: the region tree (city → districts) with official codes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from ..auth import ANYONE, PUBLIC_SECURITY
from ..schemas.regions import RegionOut
from ..selectors import regions_in_tree_order

router = Router(tags=["regions"], auth=ANYONE)


@router.get(
    "",
    response=list[RegionOut],
    summary="All regions, in tree order",
    openapi_extra=PUBLIC_SECURITY,
)
def list_regions(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "code": region.code,
            "name": region.name,
            "level": region.level,
            "parent": region.parent.code if region.parent else None,
            "depth": depth,
        }
        for region, depth in regions_in_tree_order()
    ]
