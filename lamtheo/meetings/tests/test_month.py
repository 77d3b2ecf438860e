import datetime
from dataclasses import astuple

import pytest
import time_machine
from django.urls import reverse

from lamtheo.meetings import actions
from lamtheo.meetings.models import AgendaItem, Assignment, MeetingAttendance
from lamtheo.meetings.month import month_figures
from lamtheo.meetings.tests.helpers import NOW, TZ, add_people, at, everyone_present, plan
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MARCH = datetime.date(2026, 3, 1)
MARCH_ENDED = datetime.date(2026, 4, 1)  # a day after March: every chi bộ's March meeting is due


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def held(unit_code="LB-01", day=5, absent=0, agenda=None, month=3):
    meeting = plan(unit_code=unit_code, starts_at=at(day, month=month))
    if agenda is not None:
        actions.update_meeting(meeting, actor=None, expected_version=meeting.version, agenda=agenda)
    marks = everyone_present(meeting)
    for pk in list(marks)[:absent]:
        marks[pk] = actions.Mark(MeetingAttendance.Status.EXCUSED, "Ốm")
    done = actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=at(day, 10, month=month),
    )
    # Something recorded under the required items: only then do they count as held (not merely on the agenda).
    AgendaItem.objects.filter(meeting=done, required=True).update(conclusion="Đã đánh giá.")
    return done


def test_which_chi_bo_met_and_the_rates():
    held(absent=1)
    plan(unit_code="LB-02", starts_at=at(25))  # only planned: not met
    held(unit_code="LB-01", day=3, month=2)  # another month
    figures = month_figures(unit("LB"), MARCH, today=MARCH_ENDED)
    assert (figures.held, figures.expected) == (1, 2)
    assert [c.unit.code for c in figures.not_met] == ["LB-02"]
    assert figures.rate == "66,7%"
    assert figures.with_required == 1
    [long_hoa] = [c for c in figures.cells if c.met]
    assert long_hoa.below_bar


def test_meeting_without_the_required_item_is_counted_apart():
    held(agenda=["Thông tin thời sự"])
    assert month_figures(unit("LB"), MARCH).with_required == 0


def test_figures_take_a_fixed_number_of_queries_whatever_the_number_of_meetings(django_assert_num_queries):
    for day in range(1, 15):
        held(day=day)
    province = unit("TU")
    # chi bộ, the units read by the meetings source, the meeting kinds, its one pass over the meetings, the
    # meetings to link, rows, assignments
    with django_assert_num_queries(7):
        figures = month_figures(province, MARCH, today=MARCH_ENDED)
        assert figures.expected == 3 and figures.held == 1
    commune = unit("LB")
    with django_assert_num_queries(6):  # a commune: its chi bộ are the rows
        assert month_figures(commune, MARCH).held == 1


def add_cells(parent_code, count):
    parent = unit(parent_code)
    for index in range(count):
        cell = Unit(
            code=f"{parent_code}-X{index:02d}", name=f"Chi bộ Ấp Thử {index:02d}", kind=Unit.Kind.CELL
        )
        cell.refresh_derived()
        parent = Unit.objects.get(pk=parent.pk)
        Unit.objects.add_child(parent, instance=cell)


def test_same_queries_for_3_and_25_chi_bo(django_assert_num_queries):
    province = unit("TU")

    def measure():
        with django_assert_num_queries(7):
            figures = month_figures(province, MARCH, today=MARCH_ENDED)
            [g.rate for g in figures.groups], figures.without_thematic, figures.assignments.total
        return figures

    held()
    assert measure().expected == 3
    add_cells("LB", 11)
    add_cells("CD", 11)
    for code in ("LB-X00", "CD-X03"):
        add_people(code, 4)
        held(unit_code=code)
    figures = measure()
    assert figures.expected == 25 and figures.held == 3
    assert [g.unit.code for g in figures.groups] == ["CD", "LB"]  # rolled up under the communes
    assert {g.unit.code: (g.held, g.expected) for g in figures.groups} == {"CD": (1, 12), "LB": (2, 13)}
    assert not figures.by_cell


def test_thematic_meetings_per_quarter():
    thematic = plan(code="thematic", starts_at=at(10, month=2))  # LB-01, February: same quarter as March
    actions.hold_meeting(
        thematic,
        everyone_present(thematic),
        actor=None,
        expected_version=thematic.version,
        starts_at=thematic.starts_at,
        ends_at=at(10, 11, month=2),
    )
    combined = plan(
        unit_code="LB-02", starts_at=at(6), is_combined=True
    )  # a monthly meeting with a thematic item
    actions.hold_meeting(
        combined,
        everyone_present(combined),
        actor=None,
        expected_version=combined.version,
        starts_at=combined.starts_at,
        ends_at=at(6, 11),
    )
    plan(code="thematic", unit_code="CD-01", starts_at=at(12))  # planned only: does not count
    figures = month_figures(unit("TU"), MARCH)
    assert {c.unit.code: c.thematic for c in figures.cells} == {"LB-01": 1, "LB-02": 1, "CD-01": 0}
    assert figures.with_thematic == 2 and [c.unit.code for c in figures.without_thematic] == ["CD-01"]
    assert figures.quarter_label == "quý I/2026"
    assert month_figures(unit("TU"), datetime.date(2026, 4, 1)).with_thematic == 0  # next quarter


def test_assignments_on_time_late_open_overdue():
    meeting = held()
    elsewhere = held(unit_code="CD-01")
    done = datetime.datetime(2026, 3, 15, 23, 30, tzinfo=TZ)  # late in the evening, local time
    rows = [
        (meeting, datetime.date(2026, 3, 15), done),  # on time, on the deadline day
        (meeting, datetime.date(2026, 3, 10), done),  # late
        (meeting, datetime.date(2026, 3, 31), None),  # open
        (meeting, datetime.date(2026, 3, 19), None),  # overdue (today is 20/03)
        (meeting, datetime.date(2026, 3, 1), None),  # overdue
        (elsewhere, datetime.date(2026, 3, 1), None),  # another commune
    ]
    for host, deadline, done_at in rows:
        Assignment.objects.create(
            meeting=host, what="Vận động đóng góp xây dựng cầu", assignee_unit=host.unit, deadline=deadline,
            done_at=done_at,
        )  # fmt: skip
    figures = month_figures(unit("LB"), MARCH)
    assert astuple(figures.assignments) == (1, 1, 1, 2)
    assert (figures.assignments.total, figures.assignments.done, figures.assignments.on_time_rate) == (
        5,
        2,
        "50,0%",
    )
    assert month_figures(unit("TU"), MARCH).assignments.overdue == 3


def test_province_page_rolls_up_the_communes(login, province_staff):
    held()
    page = login(province_staff).get(reverse("meetings:month", args=[unit("TU").pk]), {"thang": "2026-03"})
    text = page.content.decode()
    assert page.status_code == 200
    # March is in progress: a chi bộ is due once it met (LB-02 not yet, but listed as not met so far).
    assert "Đảng ủy xã Long Bình" in text and "1/1" in text
    assert "Chi bộ Ấp Long Thạnh" in text and "Chi bộ Khóm 1" in text  # listed as not met
    assert "quá hạn chưa hoàn thành" in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("province_staff", 200),
        ("commune_leader", 200),
        ("secretary", 200),
        ("member", 403),
        ("outsider", 404),
    ],
)
def test_month_page_by_persona(login, django_user_model, persona, status):
    """On LB-01: the member sees the unit's page but not its figures."""
    response = login(django_user_model.objects.get(username=persona)).get(
        reverse("meetings:month", args=[unit("LB-01").pk]), {"thang": "2026-03"}
    )
    assert response.status_code == status


def test_month_page_shows_who_did_not_meet(login, commune_leader):
    held()
    page = login(commune_leader).get(reverse("meetings:month", args=[unit("LB").pk]), {"thang": "2026-03"})
    text = page.content.decode()
    assert (
        "1/1" in text and "chưa sinh hoạt" in text
    )  # March in progress: LB-02 not due yet, listed as not met
    assert (
        login(commune_leader).get(reverse("meetings:month", args=[unit("LB").pk]), {"thang": "x"}).status_code
        == 404
    )


def test_ics_export(login, member):
    meeting = plan(place="Nhà văn hóa ấp Long Hòa, tổ 3")
    plan(unit_code="LB-02")  # not visible to the member
    response = login(member).get(reverse("meetings:calendar", args=[unit("LB-01").pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:meeting-{meeting.pk}@" in body
    assert "DTSTART:20260305T010000Z" in body
    assert "LOCATION:Nhà văn hóa ấp Long Hòa\\, tổ 3" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
