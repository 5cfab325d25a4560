"""GET /regions: the tree of regions with official codes."""

from __future__ import annotations

from typing import Any

from .conftest import ApiClient

DISTRICTS = [
    "331102",
    "331121",
    "331122",
    "331123",
    "331124",
    "331125",
    "331126",
    "331127",
    "331181",
]


def test_regions_come_in_tree_order(anon: ApiClient) -> None:
    regions = anon.get("/regions").json()

    lishui = [r for r in regions if r["code"] == "331100" or r["parent"] == "331100"]
    assert lishui[0] == {
        "code": "331100",
        "name": "丽水市",
        "level": "city",
        "parent": None,
        "depth": 0,
    }
    assert [r["code"] for r in lishui[1:]] == DISTRICTS
    assert {(r["level"], r["depth"]) for r in lishui[1:]} == {("district", 1)}
    for position, region in enumerate(regions):
        if region["parent"] is not None:
            parents = [r["code"] for r in regions[:position]]
            assert region["parent"] in parents


def test_regions_cost_a_fixed_number_of_queries(
    anon: ApiClient, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(1):
        anon.get("/regions")
