"""Which months of a region are published (发布): the wall and anonymous API callers see only these."""

from __future__ import annotations

from django.db.models import Count

from sangua.orgs.choices import RegionLevel
from sangua.orgs.models import Region
from sangua.orgs.scopes import district_ids_below

from .models import Publication


def published_months(region: Region) -> set[tuple[int, int]]:
    """(year, month) pairs published for a district; for a city, the months every district published."""
    if region.level == RegionLevel.DISTRICT:
        return set(Publication.objects.filter(region=region).values_list("year", "month"))
    districts = district_ids_below(region)
    if not districts:
        return set()
    rows = (
        Publication.objects.filter(region_id__in=districts)
        .values("year", "month")
        .annotate(n=Count("region_id", distinct=True))
        .filter(n=len(districts))
    )
    return {(row["year"], row["month"]) for row in rows}


def is_published(region: Region, year: int, month: int) -> bool:
    """Whether the month is public for the region (for a city: published by all its districts)."""
    if region.level == RegionLevel.DISTRICT:
        return Publication.objects.filter(region=region, year=year, month=month).exists()
    return (year, month) in published_months(region)


def latest_published(region: Region) -> tuple[int, int] | None:
    """The last published (year, month) of the region, or None."""
    months = published_months(region)
    return max(months) if months else None
