"""Data scopes: who sees which districts."""

import pytest

from sangua.core.testing.factories import DistrictFactory, UnitFactory, UserFactory
from sangua.orgs.choices import Role
from sangua.orgs.models import Region, User
from sangua.orgs.scopes import can_see_region, district_ids_below, is_office, scope_district_ids

pytestmark = pytest.mark.django_db


def test_a_city_contains_its_nine_districts():
    city = Region.objects.get(code="331100")
    codes = set(
        Region.objects.filter(pk__in=district_ids_below(city)).values_list("code", flat=True)
    )
    assert codes == {
        "331102",
        "331121",
        "331122",
        "331123",
        "331124",
        "331125",
        "331126",
        "331127",
        "331181",
    }


def test_a_district_contains_itself_only():
    liandu = Region.objects.get(code="331102")
    assert district_ids_below(liandu) == [liandu.pk]


def test_city_office_sees_every_district_of_the_city_and_no_other():
    city_office = User.objects.get(username="city")
    other = DistrictFactory()
    scope = scope_district_ids(city_office)
    assert len(scope) == 9
    assert other.pk not in scope
    assert can_see_region(city_office, Region.objects.get(code="331100"))
    assert not can_see_region(city_office, other)


def test_district_office_sees_its_district_but_not_the_city():
    office = User.objects.get(username="office")
    liandu = Region.objects.get(code="331102")
    assert scope_district_ids(office) == [liandu.pk]
    assert can_see_region(office, liandu)
    assert not can_see_region(office, Region.objects.get(code="331100"))
    assert not can_see_region(office, Region.objects.get(code="331121"))


def test_unit_users_are_scoped_to_their_units_district():
    reporter = User.objects.get(username="reporter")
    assert scope_district_ids(reporter) == [reporter.unit.region_id]


def test_anonymous_sees_no_district(client):
    from django.contrib.auth.models import AnonymousUser

    assert scope_district_ids(AnonymousUser()) == []
    assert not is_office(AnonymousUser())


def test_superuser_without_region_sees_everything():
    admin = UserFactory(is_superuser=True, role=Role.OFFICE)
    assert scope_district_ids(admin) is None
    assert is_office(admin)


def test_a_unit_role_without_a_unit_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.REPORTER, unit=None)


def test_a_reporter_with_a_unit_is_accepted():
    unit = UnitFactory()
    user = UserFactory(role=Role.REPORTER, unit=unit, region=unit.region)
    assert scope_district_ids(user) == [unit.region_id]
