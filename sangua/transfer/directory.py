"""What the validators look names up in: regions, units and people, loaded once per import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sangua.orgs.models import Person, Region, Unit
from sangua.projects.models import Project

from .cells import CellProblem

CHUNK = 2000  # ids per IN (...) query; well under SQLite's limit on parameters


def chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Directory:
    """Regions by code and name, units by code and by (district, name), people by (region, post)."""

    def __init__(self, scope: list[int] | None) -> None:
        self.scope = None if scope is None else set(scope)
        self.regions: dict[int, Region] = {r.pk: r for r in Region.objects.all()}
        self.region_by_key: dict[str, Region] = {}
        for region in self.regions.values():
            self.region_by_key[region.code] = region
            self.region_by_key.setdefault(region.name, region)
        self.units: dict[int, Unit] = {u.pk: u for u in Unit.objects.all()}
        self.unit_by_code = {u.code: u for u in self.units.values()}
        self.unit_by_name = {(u.region_id, u.name): u for u in self.units.values()}
        self.people: dict[int, Person] = {}
        self.people_by_post: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for person in Person.objects.all():
            self.people[person.pk] = person
            self.people_by_post[(person.region_id, person.post)].append(person)

    def in_scope(self, region_id: int) -> bool:
        return self.scope is None or region_id in self.scope

    def district(self, key: str) -> Region:
        region = self.region_by_key.get(key)
        if region is None:
            raise CellProblem("unknown_region", _("No district or county has this code."))
        if not region.is_district:
            raise CellProblem(
                "region_not_district",
                _("{name} is not a district or county; projects belong to one.").format(
                    name=region.name
                ),
            )
        if not self.in_scope(region.pk):
            raise CellProblem(
                "region_outside_scope",
                _("{name} is outside the districts you may import for.").format(name=region.name),
            )
        return region

    def unit(self, key: str, region: Region | None) -> Unit:
        unit = self.unit_by_code.get(key)
        if unit is None and region is not None:
            unit = self.unit_by_name.get((region.pk, key))
        if unit is None:
            raise CellProblem("unknown_unit", _("No responsible unit has this code."))
        if region is not None and unit.region_id != region.pk:
            raise CellProblem(
                "unit_outside_region",
                _("{unit} is a unit of {other}, not of {region}.").format(
                    unit=unit.name, other=self.regions[unit.region_id].name, region=region.name
                ),
            )
        return unit

    def person(self, post: str, region: Region, what: str) -> Person:
        """The one person holding a post in the district, or else in its city."""
        for region_id in (region.pk, region.parent_id):
            if region_id is None:
                continue
            found = self.people_by_post.get((region_id, post), [])
            if len(found) > 1:
                raise CellProblem(
                    "ambiguous_post",
                    _("{n} people hold the post {post} in {region}.").format(
                        n=len(found), post=post, region=self.regions[region_id].name
                    ),
                )
            if found:
                return found[0]
        raise CellProblem(
            "unknown_person",
            _("Nobody in {region} or its city holds the post {post} ({what}).").format(
                region=region.name, post=post, what=what
            ),
        )

    def post_of(self, person_id: int | None) -> str:
        return self.people[person_id].post if person_id in self.people else ""


def projects_by_code(codes: Iterable[str]) -> dict[str, Project]:
    """The existing projects among these codes, keyed by code."""
    found: dict[str, Project] = {}
    for part in chunks(sorted(set(codes))):
        found.update((p.code, p) for p in Project.objects.filter(code__in=part))
    return found
