"""Study sessions in the personas' province: the 2026 topic of the Tỉnh ủy and the people who study it.

Today is 10/04/2026 (frozen). The hand-built case of `studied_world` (figures checked to the character in
test_coverage.py):

Đảng ủy xã Long Bình (LB)
├── Chi bộ Ấp Long Hòa (LB-01): Nguyễn Thị Kim Ngọc, Lê Văn Tám, Phạm Văn Dũng (members), Đỗ Thị Hoa (member,
│   exempted: miễn sinh hoạt), Trần Thị Ánh, Huỳnh Văn Lộc (non-members)
└── Chi bộ Ấp Long Thạnh (LB-02): Lý Văn Hải (member, in LB-01 until 10/03/2026), Trương Thị Mai (member),
    Ngô Văn Phúc (non-member)

LB-01 studies on 05/03/2026: Ngọc, Tám, Ánh and Hải present; Dũng absent (đi công tác), Lộc absent. Its make-up
session on 20/03/2026: Dũng present, and Ngọc again. LB-02 has held no session.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from lamtheo.lib.attendance import Mark
from lamtheo.people.models import Membership, Person
from lamtheo.study import actions
from lamtheo.study.models import StudySession
from lamtheo.testing import unit
from lamtheo.topics import actions as topic_actions
from lamtheo.topics.models import Topic

TODAY = datetime.date(2026, 4, 10)
FIRST = datetime.date(2026, 3, 5)
MAKEUP = datetime.date(2026, 3, 20)
TRANSFER = datetime.date(2026, 3, 10)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def frozen():
    moment = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def topic(db):
    term = topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.TERM,
            title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
            start_year=2025,
            end_year=2030,
        ),
        actor=None,
    )
    return topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.YEAR,
            parent=term,
            title="Chuyên đề năm 2026: phong cách nêu gương",
            start_year=2026,
            end_year=2026,
        ),
        actor=None,
    )


def person(code, full_name, *, member=True, status=Person.Status.ACTIVE, stays=None):
    """A person of unit `code`; `stays`: (unit code, start, end) rows, else none (counted by current unit)."""
    fields = (
        {
            "party_status": Person.PartyStatus.FULL,
            "date_joined_party": datetime.date(2010, 1, 1),
            "date_official": datetime.date(2011, 1, 1),
        }
        if member
        else {"party_status": Person.PartyStatus.NON_MEMBER}
    )
    someone = Person.objects.create(unit=unit(code), full_name=full_name, status=status, **fields)
    for stay_code, start, end in stays or []:
        Membership.objects.create(person=someone, unit=unit(stay_code), start_date=start, end_date=end)
    return someone


def named(full_name) -> Person:
    return Person.objects.get(full_name=full_name)


def record(code, topic, date, present=(), absent=(), *, actor=None, **fields) -> StudySession:
    """A session of unit `code` through the action; `absent`: names, or (name, reason) pairs."""
    marks = {named(name).pk: Mark("present") for name in present}
    for item in absent:
        name, reason = item if isinstance(item, tuple) else (item, "")
        marks[named(name).pk] = Mark("excused" if reason else "absent", reason)
    session = StudySession(unit=unit(code), topic=topic, date=date, **fields)
    return actions.create_session(session, actor=actor, attendance=marks, today=TODAY)


@pytest.fixture
def studied_world(topic, secretary):
    person("LB-01", "Phạm Văn Dũng")
    person("LB-01", "Đỗ Thị Hoa", status=Person.Status.EXEMPT)
    person("LB-01", "Huỳnh Văn Lộc", member=False)
    person(
        "LB-02",
        "Lý Văn Hải",
        stays=[("LB-01", datetime.date(2015, 6, 1), TRANSFER), ("LB-02", TRANSFER, None)],
    )
    person("LB-02", "Trương Thị Mai", stays=[("LB-02", datetime.date(2018, 2, 1), None)])
    person("LB-02", "Ngô Văn Phúc", member=False)
    first = record(
        "LB-01",
        topic,
        FIRST,
        present=["Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh", "Lý Văn Hải"],
        absent=[("Phạm Văn Dũng", "Đi công tác"), "Huỳnh Văn Lộc"],
        actor=secretary,
        title="Học tập chuyên đề năm 2026",
        place="Nhà văn hóa ấp Long Hòa",
    )
    makeup = record(
        "LB-01",
        topic,
        MAKEUP,
        present=["Phạm Văn Dũng", "Nguyễn Thị Kim Ngọc"],
        actor=secretary,
        is_makeup=True,
        makeup_for=first,
    )
    return first, makeup
