"""Which months of a region are published (发布): the wall and anonymous API callers see only these."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

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


def default_month(region: Region | None) -> tuple[int, int]:
    """The month pages open on: the region's latest published month, else last calendar month."""
    if region is not None:
        latest = latest_published(region)
        if latest is not None:
            return latest
    today = timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def parse_month(text: str | None) -> tuple[int, int] | None:
    """'2013-09' → (2013, 9); None for anything else (pages then use their default month)."""
    if not text:
        return None
    try:
        year_text, month_text = text.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        return None
    if len(month_text) != 2 or not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year, month
