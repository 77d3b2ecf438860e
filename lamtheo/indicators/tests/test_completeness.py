import datetime

import pytest

from lamtheo.indicators.completeness import completeness
from lamtheo.indicators.periods import Period
from lamtheo.pledges.models import Pledge
from lamtheo.testing import unit

from .conftest import at, hold, pledge

pytestmark = pytest.mark.usefixtures("world")
Q1 = Period.quarter(2026, 1)


def by_code(results):
    return {result.requirement.code: result for result in results}


def codes(units):
    return [u.code for u in units]


def test_monthly_meetings_on_time_late_missing():
    # Everything was entered on 20/03 (frozen time): January's and February's meetings late, March's on time.
    # March is in progress: LB-02's (cancelled) is not yet due, LB-01's held one counts.
    result = by_code(completeness(unit("LB"), Q1))["monthly_meeting"]
    assert (result.expected, result.on_time, result.late, result.missing) == (6, 1, 3, 2)
    assert codes(result.missing_units) == ["LB-01", "LB-02"]  # January for both
    assert codes(result.late_units) == ["LB-09", "LB-01", "LB-02"]  # Ấp Cũ, Ấp Long Hòa, Ấp Long Thạnh
    assert result.done_percent == "66,7%"


def test_the_month_in_progress_flags_no_one_before_its_end():
    """On the 1st of a month no chi bộ is missing that month's meeting; once the month is over, LB-02 is."""
    march = Period.month(2026, 3)
    during = by_code(completeness(unit("LB"), march, today=datetime.date(2026, 3, 1), cache=False))
    assert codes(during["monthly_meeting"].missing_units) == []
    after = by_code(completeness(unit("LB"), march, today=datetime.date(2026, 4, 1), cache=False))
    assert "LB-02" in codes(after["monthly_meeting"].missing_units)


def test_study_sessions_count_the_merged_chi_bo_under_the_one_it_joined():
    result = by_code(completeness(unit("LB"), Q1))["study_session"]
    assert (result.expected, result.on_time, result.late, result.missing) == (2, 0, 1, 1)
    assert codes(result.late_units) == ["LB-01"]
    assert codes(result.missing_units) == ["LB-02"]


def test_registrations_late_and_missing():
    pledge("Đỗ Thị Hoa", 2026, Pledge.Status.SUBMITTED, submitted=datetime.date(2026, 2, 14))
    result = by_code(completeness(unit("TU"), Period.year(2026)))["registrations"]
    # LB-01: all registered, Ánh after the 15/02 deadline; LB-02: Mai's is a draft; CD-01: Bình has none.
    assert (result.expected, result.on_time, result.late, result.missing) == (3, 0, 1, 2)
    assert codes(result.late_units) == ["LB-01"]
    assert codes(result.missing_units) == ["LB-02", "CD-01"]  # Ấp Long Thạnh, Khóm 1


def test_constant_number_of_queries(django_assert_num_queries):
    province, cell = unit("TU"), unit("LB-01")
    # The chi bộ; the subtree, the meetings source (the meeting kinds, its pass: held, and entered in time) and the
    # people source (their registrations); the sessions, the deadlines.
    with django_assert_num_queries(7):
        completeness(province, Period.year(2026), cache=False)
    with django_assert_num_queries(7):
        completeness(cell, Q1, cache=False)


def test_cached_until_an_action_writes_what_it_reads(django_assert_num_queries):
    province = unit("TU")
    first = by_code(completeness(province, Q1))["monthly_meeting"]
    with django_assert_num_queries(0):  # from the cache, under the generations of the apps it reads
        again = by_code(completeness(province, Q1))["monthly_meeting"]
    assert (again.expected, again.done, codes(again.missing_units)) == (
        first.expected,
        first.done,
        codes(first.missing_units),
    )
    hold("CD-01", at(3, 10))  # a meeting of a chi bộ that had none in March
    after = by_code(completeness(province, Q1))["monthly_meeting"]
    # March is in progress: its meeting turns the month from not yet due to done.
    assert (after.done, after.expected, after.missing) == (first.done + 1, first.expected + 1, first.missing)
    assert after.done == by_code(completeness(province, Q1, cache=False))["monthly_meeting"].done


def test_the_monthly_meetings_due_and_held_are_the_indicators():
    """Completeness and the dashboard count the same chi bộ-months due and held: both read the meetings source."""
    from lamtheo.indicators import engine

    for code in ("TU", "LB", "LB-01"):
        for period in (Q1, Period.month(2026, 3), Period.year(2026)):
            monthly = by_code(completeness(unit(code), period))["monthly_meeting"]
            held = engine.figures([unit(code).pk], period, ["meetings_held"])[unit(code).pk]["meetings_held"]
            assert (monthly.done, monthly.expected) == (held.numerator, held.denominator)
