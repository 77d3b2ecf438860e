import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.conduct.coverage import coverage_for
from lamtheo.conduct.tests.conftest import COMMUNE_RULES, HAMLET_RULES, adopted, draft
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db


def add_unit(parent_code, code, name, kind=Unit.Kind.CELL, **fields):
    child = Unit(code=code, name=name, kind=kind, **fields)
    child.refresh_derived()
    return Unit.objects.add_child(unit(parent_code), instance=child)


@pytest.fixture
def world(commune_code):
    """TU and LB adopted; LB-01 its own code, LB-02 a copy of LB's; CD nothing; CD-01 a draft only."""
    own = adopted("LB-01", HAMLET_RULES, template=commune_code)
    copy = adopted("LB-02", None, template=commune_code)
    draft("CD-01", HAMLET_RULES, template=commune_code.template)
    return {"own": own, "copy": copy, "lb": commune_code}


def figures(f):
    return (f.expected, f.adopted, f.copied, f.missing, f.percent)


def test_the_province_sees_each_commune_and_the_totals(world, province_staff):
    coverage = coverage_for(unit("TU"), province_staff, 2026)
    rows = {row.unit.code: figures(row.figures) for row in coverage.rows}
    assert rows == {"LB": (3, 3, 1, 0, "100%"), "CD": (2, 0, 0, 2, "0%")}
    assert figures(coverage.own) == (1, 1, 0, 0, "100%")
    assert coverage.own_code == world["lb"].template
    assert figures(coverage.total) == (6, 4, 1, 2, "66,7%")
    assert [c.unit.code for c in coverage.flagged] == ["LB-02"]
    assert all(row.drills_down for row in coverage.rows)


def test_the_commune_sees_its_chi_bo(world, commune_leader):
    coverage = coverage_for(unit("LB"), commune_leader, 2026)
    rows = {row.unit.code: figures(row.figures) for row in coverage.rows}
    assert rows == {"LB-01": (1, 1, 0, 0, "100%"), "LB-02": (1, 1, 1, 0, "100%")}
    assert not any(row.drills_down for row in coverage.rows)
    assert coverage.own_code == world["lb"]
    flagged = coverage.flagged[0]
    pairs = [(r.text, r.template_rule.text, r.similarity) for r in flagged.rules.all()]
    assert pairs == [(text, text, 100.0) for text in COMMUNE_RULES]


def test_another_year_counts_the_codes_in_force_then(world, province_staff):
    coverage = coverage_for(unit("TU"), province_staff, 2027)
    assert figures(coverage.total) == (6, 1, 0, 5, "16,7%")  # only the province's term-long code
    assert coverage.flagged == []


def test_a_retired_code_no_longer_counts(world, province_staff):
    from lamtheo.conduct.actions import retire_code

    retire_code(world["copy"], actor=province_staff)
    coverage = coverage_for(unit("LB"), province_staff, 2026)
    assert figures(coverage.total) == (3, 2, 0, 1, "66,7%")


def test_closed_units_and_tổ_đảng_are_not_expected_to_have_a_code(world, province_staff):
    add_unit("LB-01", "LB-01-T1", "Tổ đảng số 1 Ấp Long Hòa", Unit.Kind.GROUP)
    add_unit("LB", "LB-09", "Chi bộ Ấp cũ", active_to=datetime.date(2025, 7, 1))
    coverage = coverage_for(unit("LB"), province_staff, 2026)
    assert [row.unit.code for row in coverage.rows] == ["LB-01", "LB-02"]
    assert coverage.total.expected == 3


def test_nothing_to_expect_gives_no_percentage(province_staff):
    coverage = coverage_for(unit("LB"), province_staff, 2026)
    assert coverage.total.percent == "0%"
    empty = add_unit("CD-01", "CD-01-T1", "Tổ đảng 1", Unit.Kind.GROUP)
    assert coverage_for(empty, province_staff, 2026).total.percent == ""


def _fill(commune_code, count, start=10):
    """`count` more chi bộ under LB, each with an adopted code, every third one copied."""
    for number in range(start - 10, start - 10 + count):
        cell = add_unit("LB", f"LB-{number + 10}", f"Chi bộ Ấp số {number + 10}")
        rules = None if number % 3 == 0 else [*HAMLET_RULES[:4], f"Ấp số {number + 10} không có hộ nghèo"]
        adopted(cell.code, rules, template=commune_code)


def _read(user, unit_code):
    """What the coverage page reads: the figures, and the flagged codes' rules with their template matches."""
    coverage = coverage_for(unit(unit_code), user, 2026)
    for code in coverage.flagged:
        [rule.template_rule for rule in code.rules.all()]
    return coverage


@pytest.mark.parametrize("unit_code", ["LB", "TU"])
def test_the_number_of_queries_does_not_grow_with_the_units(
    world, province_staff, unit_code, django_assert_max_num_queries
):
    _fill(world["lb"], 1)  # 3 chi bộ under LB
    with CaptureQueriesContext(connection) as few:
        small = _read(province_staff, unit_code)
    assert small.total.copied == 2
    _fill(world["lb"], 22, start=11)  # 25 chi bộ under LB
    with django_assert_max_num_queries(len(few)):
        large = _read(province_staff, unit_code)
    assert large.total.expected - small.total.expected == 22
    assert large.total.copied == 1 + 8  # LB-02 and every third of the 23 added
    if unit_code == "LB":
        assert len(large.rows) == 25
