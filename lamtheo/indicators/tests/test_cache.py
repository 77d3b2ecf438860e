"""Narrow freshness and the meeting's attendance columns: an action recomputes what reads what it wrote, nothing
else, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.indicators import engine, freshness
from lamtheo.indicators.engine import Value
from lamtheo.indicators.periods import Period
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Meeting, MeetingAttendance
from lamtheo.pledges import actions as pledge_actions
from lamtheo.pledges.models import Pledge
from lamtheo.testing import unit

from .conftest import at, hold, named

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


def recount() -> dict[int, tuple[int, int, int]]:
    """Each meeting's listed / present / exempt, counted afresh from its attendance rows."""
    counts: dict[int, list[int]] = {pk: [0, 0, 0] for pk in Meeting.objects.values_list("pk", flat=True)}
    for meeting_id, status in MeetingAttendance.objects.values_list("meeting_id", "status"):
        counts[meeting_id][0] += 1
        counts[meeting_id][1] += status in ("present", "late")
        counts[meeting_id][2] += status == "exempt"
    return {pk: tuple(values) for pk, values in counts.items()}


def columns() -> dict[int, tuple[int, int, int]]:
    return {
        pk: (listed, present, exempt)
        for pk, listed, present, exempt in Meeting.objects.values_list(
            "pk", "n_listed", "n_present", "n_exempt"
        )
    }


def attendance_rate_afresh() -> Value:
    below = set(unit("LB").__class__.objects.subtree_of(unit("LB")).values_list("pk", flat=True))
    rows = [
        a
        for a in MeetingAttendance.objects.select_related("meeting__kind")
        if a.meeting.status == "held" and a.meeting.kind.code == "monthly" and a.meeting.unit_id in below
    ]
    return Value(sum(a.status in ("present", "late") for a in rows), sum(a.status != "exempt" for a in rows))


def tick_absent(meeting: Meeting) -> None:
    """The chi bộ's secretary marks one of those present absent, through the action."""
    marks = {
        row.person_id: meeting_actions.Mark(row.status, row.reason)
        for row in MeetingAttendance.objects.filter(meeting=meeting)
    }
    someone = next(pk for pk, mark in marks.items() if mark.status == "present")
    marks[someone] = meeting_actions.Mark(MeetingAttendance.Status.ABSENT, "Đi công tác")
    meeting.refresh_from_db()
    meeting_actions.record_attendance(meeting, marks, actor=None, expected_version=meeting.version)


def test_the_attendance_columns_are_written_by_the_actions():
    assert columns() == recount()
    meeting = hold("LB-02", at(3, 18), absent=["Trương Thị Mai"])
    assert columns() == recount()
    assert (meeting.n_listed, meeting.n_present) == (1, 0)
    tick_absent(Meeting.objects.filter(unit=unit("LB-01"), status="held").first())
    assert columns() == recount()


def test_ticking_attendance_recomputes_the_meetings_only():
    first = figures()
    _same, cached = queries(figures)
    assert len(cached) == 0  # the generations and the figures from the cache, nothing from the database
    tick_absent(Meeting.objects.filter(unit=unit("LB-01"), status="held", kind__code="monthly").first())
    after, sql = queries(figures)
    assert after["attendance_rate"] == Value(
        first["attendance_rate"].numerator - 1, first["attendance_rate"].denominator
    )
    assert after["attendance_rate"] == attendance_rate_afresh()
    assert after["registered"] == first["registered"] and after["meetings_held"] == first["meetings_held"]
    recomputed = " ".join(sql)
    assert "meetings_meeting" in recomputed  # the meetings' source ran again
    assert "people_person" not in recomputed and "pledges_pledge" not in recomputed  # registrations did not


def test_a_registration_accepted_recomputes_the_people_only():
    from lamtheo.accounts.models import User

    codes = [*CODES, "registrations_reviewed"]
    first = figures(codes)
    submitted = Pledge.objects.get(person=named("Nguyễn Thị Kim Ngọc"), year=2026)
    pledge_actions.accept_pledge(
        submitted, actor=User.objects.get(username="secretary"), expected_version=submitted.version
    )
    after, sql = queries(lambda pk: figures(codes, pk))
    assert after["registrations_reviewed"].numerator == first["registrations_reviewed"].numerator + 1
    recomputed = " ".join(sql)
    assert "pledges_pledge" in recomputed
    assert "meetings_meeting" not in recomputed  # the meetings' figures stayed in the cache


def test_a_unit_change_recomputes_everything():
    figures()
    freshness.changed("units")
    _after, sql = queries(figures)
    recomputed = " ".join(sql)
    assert "meetings_meeting" in recomputed and "people_person" in recomputed


def test_a_write_inside_a_transaction_is_read_afresh_and_again_after_its_commit(
    django_capture_on_commit_callbacks,
):
    before = freshness.generations(["meetings"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        freshness.changed("meetings")
        during = freshness.generations(["meetings"])
    after = freshness.generations(["meetings"])
    assert len(callbacks) == 1
    assert before != during != after  # changed at once, and again once committed


def test_a_generation_lost_from_the_cache_is_a_new_one():
    from django.core.cache import caches

    first = freshness.generations(["people"])
    caches["generations"].delete(freshness.PREFIX + "people")
    assert freshness.generations(["people"]) != first
    assert freshness.generations(["people"]) == freshness.generations(["people"])


def test_trend_takes_one_query_per_source_whatever_the_months():
    pk = unit("LB").pk
    codes = ["attendance_rate", "meetings_held"]

    def count(period):
        with CaptureQueriesContext(connection) as captured:
            trend = engine.trend(pk, period, codes, cache=False)
        return len(captured), trend

    few, _trend = count(Period.month(2026, 1))
    many, trend = count(Period.quarter(2026, 1))
    assert few == many <= 5  # the unit, its subtree, the monthly kind, the meetings, the attendance
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
    assert "meetings_meeting" not in sql  # the per-unit counts reused
    assert values == engine.rollup("attendance_rate", YEAR, lb.pk, cache=False)
    assert values[lb.pk] == attendance_rate_afresh()
    # After attendance ticked through the action, neither is served stale.
    tick_absent(Meeting.objects.filter(unit=unit("LB-01"), status="held", kind__code="monthly").first())
    engine.figures([lb.pk, *children], YEAR)
    assert engine.rollup("attendance_rate", YEAR, lb.pk)[lb.pk] == attendance_rate_afresh() != values[lb.pk]
