"""The personas' province with a month of records, for the dashboard (today: 20/03/2026, frozen).

March 2026, month of the figures:
- Chi bộ Ấp Long Hòa (LB-01): its 3 people + 2 members; monthly meeting on 05/03 with one member excused; study
  session of the yearly topic on 05/03: Ngọc and Tám present, Ánh absent.
- Chi bộ Ấp Long Thạnh (LB-02): 4 members; monthly meeting on 06/03 with two of them excused (below the 80% bar);
  its adopted code of conduct is flagged as copied.
- Chi bộ Khóm 1 (CD-01): Võ Văn Bình + 3 members; no meeting (missing), no study session.

The figures the tests expect are counted here, from the raw rows, without the indicators engine.
"""

import datetime

import pytest
import time_machine

from lamtheo.conduct.models import ConductCode
from lamtheo.indicators import freshness
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Meeting, MeetingAttendance
from lamtheo.meetings.tests.helpers import NOW, add_people, at, everyone_present, plan
from lamtheo.people.models import Person
from lamtheo.study.models import Attendance
from lamtheo.study.tests.conftest import record, topic  # noqa: F401 - the yearly topic fixture
from lamtheo.testing import unit
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

MARCH = "ky=thang&nam=2026&so=3"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def hold(unit_code, day, excused=0):
    meeting = plan(unit_code=unit_code, starts_at=at(day))
    marks = everyone_present(meeting)
    for pk in list(marks)[:excused]:
        marks[pk] = meeting_actions.Mark(MeetingAttendance.Status.EXCUSED, "Đi công tác")
    return meeting_actions.hold_meeting(
        meeting, marks, actor=None, expected_version=meeting.version, starts_at=at(day), ends_at=at(day, 10)
    )


@pytest.fixture
def march(frozen, topic, secretary):  # noqa: F811 - the topic fixture imported above
    add_people("LB-01", 2)
    add_people("LB-02", 4)
    add_people("CD-01", 3)
    hold("LB-01", 5, excused=1)
    hold("LB-02", 6, excused=2)
    record(
        "LB-01",
        topic,
        datetime.date(2026, 3, 5),
        present=["Nguyễn Thị Kim Ngọc", "Lê Văn Tám"],
        absent=["Trần Thị Ánh"],
        actor=secretary,
        title="Học tập chuyên đề năm 2026",
    )
    ConductCode.objects.create(
        unit=unit("LB-02"),
        title="Chuẩn mực đạo đức của Chi bộ Ấp Long Thạnh",
        start_year=2026,
        end_year=2026,
        status=ConductCode.Status.ADOPTED,
        adopted_on=datetime.date(2026, 2, 1),
        similarity=98.5,
        is_copied=True,
    )


# Independent counts from the raw rows -------------------------------------------------------------------------


def _in(code: str, field: str = "unit__path") -> dict:
    return {f"{field}__startswith": unit(code).path}


def raw_people(code: str) -> int:
    return Person.objects.filter(**_in(code), status__in=Person.ACTIVE_STATUSES).count()


def raw_attendance(code: str) -> tuple[int, int]:
    """(present or late, listed − exempt) at the held monthly meetings of March in the subtree."""
    rows = MeetingAttendance.objects.filter(
        **_in(code, "meeting__unit__path"),
        meeting__status=Meeting.Status.HELD,
        meeting__kind__code="monthly",
        meeting__starts_at__gte=at(1),
        meeting__starts_at__lt=at(1, month=4),
    )
    present = rows.filter(
        status__in=[MeetingAttendance.Status.PRESENT, MeetingAttendance.Status.LATE]
    ).count()
    return present, rows.exclude(status=MeetingAttendance.Status.EXEMPT).count()


def raw_meetings_held(code: str) -> tuple[int, int]:
    """(chi bộ that held their monthly meeting in March, chi bộ due to): March is in progress on the frozen day, so
    a chi bộ is due only once it has met (a due item counts once its deadline has passed, or once done)."""
    held = (
        Meeting.objects.filter(
            **_in(code),
            status=Meeting.Status.HELD,
            kind__code="monthly",
            starts_at__gte=at(1),
            starts_at__lt=at(1, month=4),
        )
        .values("unit")
        .distinct()
        .count()
    )
    return held, held


def raw_studied(code: str) -> tuple[int, int]:
    """(active people present at a session of a yearly topic in March, active people) in the subtree."""
    active = Person.objects.filter(**_in(code), status=Person.Status.ACTIVE)
    studied = (
        Attendance.objects.filter(
            person__in=active,
            status=Attendance.Status.PRESENT,
            topic__kind=Topic.Kind.YEAR,
            session__date__gte=datetime.date(2026, 3, 1),
            session__date__lte=datetime.date(2026, 3, 31),
        )
        .values("person")
        .distinct()
        .count()
    )
    return studied, active.count()


def add_cells(
    parent_code: str, count: int, name: str = "Chi bộ Ấp Thử {index:02d}", prefix="X"
) -> list[Unit]:
    cells = []
    for index in range(count):
        cell = Unit(
            code=f"{parent_code}-{prefix}{index:02d}", name=name.format(index=index), kind=Unit.Kind.CELL
        )
        cell.refresh_derived()
        cells.append(Unit.objects.add_child(Unit.objects.get(code=parent_code), instance=cell))
    freshness.changed("units")  # written here without the units' actions, which would say so themselves
    return cells
