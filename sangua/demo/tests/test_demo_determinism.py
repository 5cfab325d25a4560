"""The demo is generated deterministically: the same figures on every run."""

import random
from decimal import Decimal

from sangua.demo.build import CURVES, area_projects, cumulative_share, fill_figures


def build(code, name):
    rng = random.Random(f"sangua-demo-{code}")
    projects = area_projects(code, name, rng)
    fill_figures(code, projects, rng)
    return [(p.code, p.name, p.annual, p.done) for p in projects]


def test_two_builds_give_identical_projects_and_figures():
    assert build("331121", "青田县") == build("331121", "青田县")
    assert build("331102", "莲都区") == build("331102", "莲都区")


def test_liandu_september_share_is_exact():
    assert cumulative_share(CURVES["331102"][2013], 9) == Decimal("0.9806")


def test_area_totals_follow_their_curves_to_the_cent():
    rng = random.Random("sangua-demo-331102")
    projects = area_projects("331102", "莲都区", rng)
    fill_figures("331102", projects, rng)
    annual = sum(p.annual[2013] for p in projects if 2013 in p.annual)
    done_to_september = sum(sum(p.done[2013][:9]) for p in projects if 2013 in p.done)
    assert done_to_september == (annual * Decimal("0.9806")).quantize(Decimal("0.01"))
