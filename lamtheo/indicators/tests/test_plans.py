"""How the database runs the figures' queries: the indexes made for them are used, and PostgreSQL does not compile
them (JIT). Speed itself is measured in bench/bench_indicators.py; these tests keep the plans it relies on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.testing import unit

from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("world")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")


def _plans(codes: list[str]) -> str:
    """The query plans (SQLite's EXPLAIN QUERY PLAN) of the queries computing `codes` for the province."""
    with CaptureQueriesContext(connection) as captured:
        engine.figures([unit("TU").pk], Period.year(2026), codes, today=TODAY, cache=False)
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans += [row[-1] for row in cursor.fetchall()]
    return "\n".join(plans)


@sqlite_only
def test_the_meetings_are_read_from_their_figures_index_alone():
    plans = _plans(["meetings_held", "meetings_required", "attendance_rate", "thematic_meetings"])
    assert "COVERING INDEX meeting_figures_idx" in plans
    assert "INDEX agenda_required_idx" in plans  # whether the required item was there
    assert "meetingattendance" not in plans  # the attendance counted in the meeting's own columns


@sqlite_only
def test_the_assignments_are_read_by_deadline_from_their_figures_index(monkeypatch):
    from lamtheo.indicators import tree

    monkeypatch.setattr(tree, "SMALL", 0)  # over a large subtree; the test province is small
    assert "COVERING INDEX assignment_figures_idx" in _plans(["assignments_on_time", "assignments_overdue"])


@sqlite_only
def test_a_small_subtree_reads_the_assignments_by_the_meetings_of_its_units():
    plans = _plans(["assignments_on_time", "assignments_overdue"])
    assert "assignment_figures_idx" not in plans
    assert "(meeting_id=? AND deadline>? AND deadline<?)" in plans


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's setting")
def test_postgresql_does_not_compile_the_queries():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
