"""Narrow invalidation and the attendance tally: a write recomputes what reads it, nothing else, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.indicators import engine
from lamtheo.indicators.engine import Value
from lamtheo.indicators.models import MeetingTally
from lamtheo.indicators.periods import Period
from lamtheo.meetings.models import Meeting, MeetingAttendance
from lamtheo.people.models import Person
from lamtheo.testing import unit

from .conftest import at, hold

pytestmark = pytest.mark.usefixtures("world")
YEAR = Period.year(2026)
CODES = ["registered", "attendance_rate", "meetings_held"]


def figures(codes=CODES, pk=None):
    pk = pk or unit("LB").pk
    return engine.figures([pk], YEAR, codes)[pk]


def queries(function):
    pk = unit("LB").pk
    with CaptureQueriesContext(connection) as captured:
        result = function(pk=pk)
    return result, [query["sql"] for query in captured]


def recount() -> dict[tuple[int, str], int]:
    """The tally computed afresh from the attendance rows."""
    counts: dict[tuple[int, str], int] = {}
    for meeting_id, status in MeetingAttendance.objects.values_list("meeting_id", "status"):
        counts[(meeting_id, status)] = counts.get((meeting_id, status), 0) + 1
    return counts


def tally() -> dict[tuple[int, str], int]:
    return {(row.meeting_id, row.status): row.n for row in MeetingTally.objects.filter(n__gt=0)}


def attendance_rate_afresh() -> Value:
    below = set(
        unit("LB").__class__.objects.subtree_of(unit("LB")).values_list("pk", flat=True)
    )  # every unit of LB's subtree
    rows = [
        a
        for a in MeetingAttendance.objects.select_related("meeting__kind")
        if a.meeting.status == "held" and a.meeting.kind.code == "monthly" and a.meeting.unit_id in below
    ]
    return Value(sum(a.status in ("present", "late") for a in rows), sum(a.status != "exempt" for a in rows))


def test_ticking_attendance_recomputes_the_attendance_only():
    first = figures()
    _same, cached = queries(figures)
    assert len(cached) == 1  # the versions only
    attendance = MeetingAttendance.objects.filter(meeting__unit=unit("LB-01"), status="present").first()
    attendance.status = MeetingAttendance.Status.ABSENT
    attendance.save(update_fields=["status"])
    after, sql = queries(figures)
    assert after["attendance_rate"] == Value(
        first["attendance_rate"].numerator - 1, first["attendance_rate"].denominator
    )
    assert after["attendance_rate"] == attendance_rate_afresh()
    assert after["registered"] == first["registered"] and after["meetings_held"] == first["meetings_held"]
    recomputed = " ".join(sql)
    assert "indicators_meetingtally" in recomputed  # the meetings' source (attendance included) ran again
    assert "people_person" not in recomputed and "pledges_pledge" not in recomputed  # registrations did not


def test_a_registration_recomputes_the_people_only():
    from lamtheo.pledges.models import Pledge

    first = figures()
    Pledge.objects.filter(person__full_name="Trương Thị Mai", year=2026).update(
        status=Pledge.Status.SUBMITTED
    )
    after, sql = queries(figures)
    assert after["registered"].numerator == first["registered"].numerator + 1
    recomputed = " ".join(sql)
    assert "pledges_pledge" in recomputed
    assert "meetings_meeting" not in recomputed  # the meetings' figures stayed in the cache


def test_a_unit_write_recomputes_everything():
    first = figures()
    Person.objects.create(unit=unit("LB-02"), full_name="Người Mới", party_status=Person.PartyStatus.FULL)
    from lamtheo.units.models import Unit

    Unit.objects.filter(pk=unit("CD").pk).update(name="Đảng ủy phường Châu Đốc")  # any write to the units
    after, sql = queries(figures)
    assert after["registered"].denominator == first["registered"].denominator + 1
    recomputed = " ".join(sql)
    assert "indicators_meetingtally" in recomputed and "meetings_agendaitem" in recomputed


@pytest.mark.parametrize("how", ["save", "bulk_create", "update", "delete", "raw", "meeting_deleted"])
def test_the_tally_and_the_cached_rate_follow_any_attendance_write(how):
    before = figures(["attendance_rate"])["attendance_rate"]
    assert figures(["attendance_rate"])["attendance_rate"] == before  # now from the cache
    assert tally() == recount()
    row = MeetingAttendance.objects.filter(meeting__unit=unit("LB-01"), status="present").first()
    if how == "save":
        row.status = MeetingAttendance.Status.EXEMPT
        row.save(update_fields=["status"])
    elif how == "bulk_create":
        newcomer = Person.objects.create(
            unit=unit("LB-01"), full_name="Người Mới", party_status=Person.PartyStatus.FULL
        )
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=row.meeting, person=newcomer, status=MeetingAttendance.Status.ABSENT)]
        )
    elif how == "update":
        MeetingAttendance.objects.filter(meeting=row.meeting).update(status=MeetingAttendance.Status.LATE)
    elif how == "delete":
        MeetingAttendance.objects.filter(pk=row.pk).delete()
    elif how == "raw":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE meetings_meetingattendance SET status = 'absent' WHERE id = %s", [row.pk])
    else:
        Meeting.objects.filter(pk=row.meeting_id).delete()
    assert tally() == recount()
    after = figures(["attendance_rate"])["attendance_rate"]
    assert after == attendance_rate_afresh()
    assert after != before


def test_a_meeting_held_through_the_actions_is_tallied():
    march = Period.month(2026, 3)
    before = engine.figures([unit("LB").pk], march, ["attendance_rate"])[unit("LB").pk]["attendance_rate"]
    hold("LB-02", at(3, 18))
    assert tally() == recount()
    after = engine.figures([unit("LB").pk], march, ["attendance_rate"])[unit("LB").pk]["attendance_rate"]
    assert after.denominator > before.denominator


def test_install_rebuilds_the_tally_when_its_triggers_were_missing():
    """As after SQLite remade the attendance table (its triggers dropped) and writes went uncounted."""
    from lamtheo.indicators import tally as tally_module

    with connection.cursor() as cursor:
        for operation in ("insert", "update", "delete"):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"DROP TRIGGER {tally_module.TRIGGER}_{operation} ON meetings_meetingattendance"
                )
            else:
                cursor.execute(f"DROP TRIGGER {tally_module.TRIGGER}_{operation}")
    MeetingTally.objects.all().delete()
    assert tally() != recount()
    assert tally_module.install()
    assert tally() == recount()
    MeetingAttendance.objects.filter(pk=MeetingAttendance.objects.first().pk).delete()  # counted again
    assert tally() == recount()


def test_install_keeps_the_tally_its_triggers_kept():
    """Every migrate installs the triggers again; while they were there the tally is exact: no rebuild (1–2 s on a
    province)."""
    from lamtheo.indicators import tally as tally_module

    with CaptureQueriesContext(connection) as captured:
        assert tally_module.install()
    assert not any(query["sql"].startswith(("DELETE", "INSERT")) for query in captured.captured_queries)
    assert tally() == recount()


def test_trend_takes_one_query_per_source_whatever_the_months():
    pk = unit("LB").pk
    codes = ["attendance_rate", "meetings_held"]

    def count(period):
        with CaptureQueriesContext(connection) as captured:
            trend = engine.trend(pk, period, codes, cache=False)
        return len(captured), trend

    few, _trend = count(Period.month(2026, 1))
    many, trend = count(Period.quarter(2026, 1))
    assert few == many <= 5  # the unit, its subtree, the monthly kind, the meetings, the tallies
    for code in codes:
        for month, value in trend[code]:
            assert value == engine.figures([pk], month, [code], cache=False)[pk][code]
    assert [month.start.month for month, _value in trend["attendance_rate"]] == [1, 2, 3]


def test_the_rollup_of_a_subtree_reuses_the_figures_counts():
    """The dashboard: figures of a unit and its children, then the attention bar's rollup over the same subtree."""
    lb = unit("LB")
    children = [unit("LB-01").pk, unit("LB-02").pk]
    engine.figures([lb.pk, *children], YEAR)
    with CaptureQueriesContext(connection) as captured:
        values = engine.rollup("attendance_rate", YEAR, lb.pk)
    sql = " ".join(query["sql"] for query in captured)
    assert (
        "meetings_meeting" not in sql and "indicators_meetingtally" not in sql
    )  # the per-unit counts reused
    assert values == engine.rollup("attendance_rate", YEAR, lb.pk, cache=False)
    assert values[lb.pk] == attendance_rate_afresh()
    # After a write to the attendance, neither is served stale.
    MeetingAttendance.objects.filter(meeting__unit=unit("LB-01"), status="present").update(status="absent")
    engine.figures([lb.pk, *children], YEAR)
    assert engine.rollup("attendance_rate", YEAR, lb.pk)[lb.pk] == attendance_rate_afresh() != values[lb.pk]
