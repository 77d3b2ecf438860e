"""A small world for the indicators, on top of the personas' province (frozen at 20/03/2026).

Tỉnh ủy An Giang (TU)
├── Đảng ủy xã Long Bình (LB)                 code of conduct 2026 (own)
│   ├── Chi bộ Ấp Long Hòa (LB-01)            Ngọc, Tám (bí thư: key cadre), Ánh (non-member), Hoa (exempt),
│   │   │                                     code of conduct 2026 flagged as copied
│   │   └── Chi bộ Ấp Cũ (LB-09)              merged into LB-01 on 01/02/2026 (moved under it, closed):
│   │                                         a study session and a monthly meeting in January
│   └── Chi bộ Ấp Long Thạnh (LB-02)          Mai; a cancelled March meeting, a February meeting
└── Đảng ủy phường Châu Đốc (CD)
    └── Chi bộ Khóm 1 (CD-01)                 Bình; nothing recorded

Study: the 2026 yearly topic of the Tỉnh ủy; LB-01 on 05/03 (Ngọc, Ánh present; Tám absent); LB-09 on 15/01 (no
one listed). Registrations 2026: Ngọc submitted 10/02, Tám accepted (submitted 01/02), Ánh submitted late
(01/03, the deadline of the Tỉnh ủy is 15/02). 2025: Ngọc rated excellent, Tám good, Mai good.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from lamtheo.lib.attendance import Mark
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import AgendaItem, Assignment, Meeting, MeetingAttendance, MeetingKind
from lamtheo.people.models import Person, Position
from lamtheo.pledges.models import Pledge, RegistrationDeadline
from lamtheo.study import actions as study_actions
from lamtheo.study.models import StudySession
from lamtheo.testing import unit
from lamtheo.topics import actions as topic_actions
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
MERGED_ON = datetime.date(2026, 2, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def at(month, day, hour=8):
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=TZ)


def add_person(code, full_name, *, member=True, status=Person.Status.ACTIVE):
    fields = (
        {
            "party_status": Person.PartyStatus.FULL,
            "date_joined_party": datetime.date(2010, 1, 1),
            "date_official": datetime.date(2011, 1, 1),
        }
        if member
        else {"party_status": Person.PartyStatus.NON_MEMBER}
    )
    return Person.objects.create(unit=unit(code), full_name=full_name, status=status, **fields)


def named(full_name) -> Person:
    return Person.objects.get(full_name=full_name)


def hold(code, starts_at, *, absent=(), agenda=None, recorded=True):
    """A monthly meeting planned and held through the actions; with `recorded`, something is written under its
    required items (an item only on the agenda does not count as held)."""
    meeting = meeting_actions.plan_meeting(
        Meeting(unit=unit(code), kind=MeetingKind.objects.get(code="monthly"), starts_at=starts_at),
        actor=None,
        agenda=agenda,
    )
    marks = {
        pk: meeting_actions.Mark("present") for pk in meeting.attendances.values_list("person", flat=True)
    }
    for name in absent:
        marks[named(name).pk] = meeting_actions.Mark(MeetingAttendance.Status.EXCUSED, "Ốm")
    held = meeting_actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(hours=2),
    )
    if recorded:
        AgendaItem.objects.filter(meeting=held, required=True).update(conclusion="Đã nhận xét, đánh giá.")
    return held


def pledge(full_name, year, status, *, submitted=None, level=""):
    someone = named(full_name)
    first = datetime.datetime.combine(submitted, datetime.time(9), tzinfo=TZ) if submitted else None
    return Pledge.objects.create(
        person=someone,
        unit=someone.unit,
        year=year,
        status=status,
        first_submitted_at=first,
        submitted_at=first,
        result_level=level,
    )


@pytest.fixture
def world(db, frozen):
    long_hoa = unit("LB-01")
    old = Unit(
        code="LB-09",
        name="Chi bộ Ấp Cũ",
        kind=Unit.Kind.CELL,
        active_from=datetime.date(2010, 1, 1),
    )
    old.refresh_derived()
    old = Unit.objects.add_child(Unit.objects.get(pk=long_hoa.pk), instance=old)

    add_person("LB-01", "Đỗ Thị Hoa", status=Person.Status.EXEMPT)
    add_person("LB-02", "Trương Thị Mai")
    add_person("LB-01", "Người Đã Chuyển", status=Person.Status.TRANSFERRED_OUT)
    tam = named("Lê Văn Tám")
    Position.objects.create(person=tam, unit=long_hoa, kind=Position.Kind.SECRETARY)

    term = topic_actions.create_topic(
        Topic(
            unit=unit("TU"), kind=Topic.Kind.TERM, title="Chuyên đề toàn khóa", start_year=2025, end_year=2030
        ),
        actor=None,
    )
    topic = topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.YEAR,
            parent=term,
            title="Chuyên đề năm 2026",
            start_year=2026,
            end_year=2026,
        ),
        actor=None,
    )
    study_actions.create_session(
        StudySession(unit=old, topic=topic, date=datetime.date(2026, 1, 15)),
        actor=None,
        attendance={},
        today=TODAY,
    )
    study_actions.create_session(
        StudySession(unit=long_hoa, topic=topic, date=datetime.date(2026, 3, 5)),
        actor=None,
        attendance={
            named("Nguyễn Thị Kim Ngọc").pk: Mark("present"),
            named("Trần Thị Ánh").pk: Mark("present"),
            tam.pk: Mark("excused", "Đi công tác"),
        },
        today=TODAY,
    )

    hold("LB-09", at(1, 10))
    march = hold("LB-01", at(3, 5), absent=["Lê Văn Tám"])
    hold("LB-02", at(2, 6))
    hold("LB-01", at(2, 4), agenda=["Thông tin thời sự"])  # without the required item
    cancelled = meeting_actions.plan_meeting(
        Meeting(unit=unit("LB-02"), kind=MeetingKind.objects.get(code="monthly"), starts_at=at(3, 6)),
        actor=None,
    )
    meeting_actions.cancel_meeting(cancelled, actor=None, reason="Bão", expected_version=cancelled.version)
    thematic = meeting_actions.plan_meeting(
        Meeting(unit=unit("LB-02"), kind=MeetingKind.objects.get(code="thematic"), starts_at=at(1, 20)),
        actor=None,
    )
    thematic.status = Meeting.Status.HELD
    thematic.save(update_fields=["status"])
    Assignment.objects.create(meeting=march, what="Rà soát đảng viên", deadline=datetime.date(2026, 3, 10))
    Assignment.objects.create(
        meeting=march, what="Báo cáo", deadline=datetime.date(2026, 3, 10), done_at=at(3, 9)
    )
    Assignment.objects.create(
        meeting=march, what="Tổng hợp", deadline=datetime.date(2026, 3, 10), done_at=at(3, 12)
    )
    Assignment.objects.create(meeting=march, what="Kế hoạch", deadline=datetime.date(2026, 4, 30))

    # The merge: the old chi bộ closes and stays in the tree under the unit it merged into.
    Unit.objects.filter(pk=old.pk).update(active_to=MERGED_ON, merged_into=long_hoa)

    RegistrationDeadline.objects.create(unit=unit("TU"), year=2026, due_date=datetime.date(2026, 2, 15))
    pledge("Nguyễn Thị Kim Ngọc", 2026, Pledge.Status.SUBMITTED, submitted=datetime.date(2026, 2, 10))
    pledge("Lê Văn Tám", 2026, Pledge.Status.ACCEPTED, submitted=datetime.date(2026, 2, 1))
    pledge("Trần Thị Ánh", 2026, Pledge.Status.SUBMITTED, submitted=datetime.date(2026, 3, 1))
    pledge("Trương Thị Mai", 2026, Pledge.Status.DRAFT)
    pledge(
        "Nguyễn Thị Kim Ngọc",
        2025,
        Pledge.Status.RATED,
        submitted=datetime.date(2025, 2, 1),
        level="xuat_sac",
    )
    pledge("Lê Văn Tám", 2025, Pledge.Status.LOCKED, submitted=datetime.date(2025, 2, 1), level="tot")
    pledge("Trương Thị Mai", 2025, Pledge.Status.RATED, submitted=datetime.date(2025, 2, 1), level="tot")

    from lamtheo.conduct.models import ConductCode

    for code, copied in (("LB", False), ("LB-01", True)):
        ConductCode.objects.create(
            unit=unit(code),
            title="Chuẩn mực đạo đức",
            start_year=2026,
            end_year=2026,
            status=ConductCode.Status.ADOPTED,
            adopted_on=datetime.date(2026, 1, 10),
            is_copied=copied,
        )
    return topic
