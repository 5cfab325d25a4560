"""The three watches add up to the items behind them; the dashboard/wall summary; the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sangua.orgs.models import Region, User
from sangua.supervision import selectors, services, watches
from sangua.supervision.choices import OPEN_STATES, Category, ItemState, Placard
from sangua.supervision.escalation import daily_run
from sangua.supervision.models import SupervisionItem
from sangua.supervision.selectors import LedgerFilters, ledger, supervision_summary

from .helpers import at

TODAY = dt.date(2013, 10, 23)
COLUMNS = ("total", "open", "overdue", "closed", "closed_on_time", "red", "yellow")


def recount(items: list[SupervisionItem], today: dt.date) -> dict[str, int]:
    """The watch columns counted item by item, the slow obvious way."""
    open_ = [i for i in items if i.state in OPEN_STATES]
    return {
        "total": len(items),
        "open": len(open_),
        "overdue": sum(1 for i in open_ if i.deadline and i.deadline < today),
        "closed": sum(1 for i in items if i.state == ItemState.CLOSED),
        "closed_on_time": sum(1 for i in items if i.closed_on_time),
        "red": sum(1 for i in open_ if i.placard == Placard.RED),
        "yellow": sum(1 for i in open_ if i.placard == Placard.YELLOW),
    }


def column_sums(watch: watches.Watch) -> dict[str, int]:
    return {c: sum(getattr(r, c) for r in watch.rows) for c in COLUMNS}


def total_of(watch: watches.Watch) -> dict[str, int]:
    return {c: getattr(watch.total, c) for c in COLUMNS}


@pytest.fixture
def more_items(make_item, users, liandu):
    """The demo's items plus a few more in every state, one without a project, one late."""
    made = [make_item(s) for s in ("registered", "assigned", "in_progress", "feedback", "closed")]
    made.append(make_item("assigned", project=None, category=Category.OTHER, title="无项目事项"))
    late = make_item("feedback", opened="2013-09-02")
    services.item_close(
        item=late, by=users["supervisor"], evaluation="basically", at=at("2013-10-21")
    )
    daily_run(today=TODAY)
    return made


@pytest.mark.parametrize("build", [watches.by_person, watches.by_matter])
def test_person_and_matter_watches_add_up_to_the_ledger(build, more_items, users):
    items = ledger(users["supervisor"], LedgerFilters(), today=TODAY)
    watch = build(items, TODAY)
    expected = recount(list(items), TODAY)
    assert total_of(watch) == expected
    assert column_sums(watch) == expected
    assert expected["open"] > 0
    assert expected["overdue"] > 0
    assert expected["closed"] > 0


def test_the_project_watch_adds_up_to_the_items_of_projects_with_open_items(more_items, users):
    items = list(ledger(users["supervisor"], LedgerFilters(), today=TODAY))
    watch = watches.by_project(ledger(users["supervisor"], LedgerFilters(), today=TODAY), TODAY)
    with_open = {i.project_id for i in items if i.state in OPEN_STATES}
    behind = [i for i in items if i.project_id in with_open]
    assert total_of(watch) == recount(behind, TODAY)
    assert column_sums(watch) == recount(behind, TODAY)
    # every open item is in the watch, and each project's placard is its open items' highest
    assert watch.total.open == sum(1 for i in items if i.state in OPEN_STATES)
    for row in watch.rows:
        placards = {
            i.placard
            for i in items
            if i.state in OPEN_STATES and (i.project.code if i.project else "") == row.key
        }
        top = (
            Placard.RED
            if Placard.RED in placards
            else Placard.YELLOW
            if Placard.YELLOW in placards
            else Placard.NONE
        )
        assert row.placard == top


def test_filters_narrow_every_watch_alike(more_items, users, liancheng):
    filters = LedgerFilters(unit=liancheng.pk, state="open")
    items = ledger(users["supervisor"], filters, today=TODAY)
    assert items.exists()
    assert all(i.unit_id == liancheng.pk and i.state in OPEN_STATES for i in items)
    for build in (watches.by_person, watches.by_matter):
        assert column_sums(build(items, TODAY)) == recount(list(items), TODAY)


def test_on_time_rate_is_closed_on_time_over_closed(more_items, users):
    watch = watches.by_matter(ledger(users["supervisor"], LedgerFilters(), today=TODAY), TODAY)
    total = watch.total
    assert total.on_time_rate == (
        Decimal(total.closed_on_time) * 100 / Decimal(total.closed)
    ).quantize(Decimal("0.01"))
    assert watches.WatchRow(key="x", label="x").on_time_rate is None


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (LedgerFilters(state="overdue"), lambda i: i.is_overdue(TODAY)),
        (LedgerFilters(state="closed"), lambda i: i.state == ItemState.CLOSED),
        (LedgerFilters(category="land"), lambda i: i.category == "land"),
        (LedgerFilters(placard="red"), lambda i: i.placard == "red"),
        (LedgerFilters(source="public"), lambda i: i.source == "public"),
        (LedgerFilters(q="古城岛"), lambda i: "古城岛" in i.title),
        (LedgerFilters(age="8-30"), lambda i: 8 <= (TODAY - timezone.localtime(i.created_at).date()).days <= 30),
        (LedgerFilters(age="90+"), lambda i: (TODAY - timezone.localtime(i.created_at).date()).days > 90),
    ],
)  # fmt: skip
def test_ledger_filters(filters, check, more_items, users):
    items = list(ledger(users["supervisor"], filters, today=TODAY))
    everything = list(ledger(users["supervisor"], LedgerFilters(), today=TODAY))
    assert items == [i for i in everything if check(i)]
    assert items


def test_the_summary_for_the_wall_and_the_dashboard(db):
    liandu = Region.objects.get(code="331102")
    # The demo as of the end of September 2013: one item red since 23 Sep, two closed in Sep
    september = supervision_summary(liandu, 2013, 9)
    assert [i.title for i in september.red_items] == ["雅溪口水库工程项目建议书审批"]
    assert september.closed_this_month == 1  # 之江监狱 on 6 Sep
    # October 2013: 安置住房 closed on 16 Oct; three red items by the 23rd (the demo's "today")
    october = supervision_summary(liandu, 2013, 10)
    assert october.closed_this_month == 1
    assert {i.code for i in october.red_items} == set(
        SupervisionItem.objects.filter(
            region=liandu, placard=Placard.RED, state__in=OPEN_STATES
        ).values_list("code", flat=True)
    )
    # The city sees its districts' items
    city = supervision_summary(liandu.parent, 2013, 10)
    assert city.closed_this_month == october.closed_this_month
    assert city.open == october.open


def test_the_summary_of_a_past_month_shows_the_placards_of_then(make_item, users, liandu):
    item = make_item("assigned", opened="2013-11-01")  # deadline 8 Nov
    daily_run(today=dt.date(2013, 11, 20))  # red on the 15th (5 working days)
    assert item.code in {i.code for i in supervision_summary(liandu, 2013, 11).red_items}
    assert item.code not in {i.code for i in supervision_summary(liandu, 2013, 10).red_items}
    services.item_accept(item=item, by=users["reporter"], at=at("2013-12-02"))
    services.item_feedback(item=item, by=users["reporter"], text="ok", at=at("2013-12-03"))
    assert item.code in {i.code for i in supervision_summary(liandu, 2013, 12).red_items}


def test_a_project_page_lists_its_items(users, housing):
    items = selectors.items_for_project(users["reporter"], housing)
    assert {i.project_id for i in items} == {housing.pk}
    assert items.count() == SupervisionItem.objects.filter(project=housing).count()
    assert not selectors.items_for_project(users["reporter2"], housing).exists()


def test_a_unit_sees_its_own_and_co_handled_items_only(make_item, users, zijin, liancheng):
    item = make_item("assigned")
    assert not selectors.visible_items(users["reporter2"]).filter(pk=item.pk).exists()
    item.co_units.add(zijin)
    assert selectors.visible_items(users["reporter2"]).filter(pk=item.pk).exists()
    assert set(selectors.visible_items(users["reporter"]).values_list("unit", flat=True)) <= {
        liancheng.pk
    }


def test_the_city_sees_every_district_and_another_district_sees_nothing_of_liandu(db):
    city = User.objects.get(username="city")
    assert selectors.visible_items(city).count() == SupervisionItem.objects.count()
