import datetime

import pytest
import time_machine
from django.urls import reverse

from lamtheo.meetings import actions
from lamtheo.meetings.figures import month_figures
from lamtheo.meetings.models import MeetingAttendance
from lamtheo.meetings.tests.helpers import NOW, at, everyone_present, plan
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MARCH = datetime.date(2026, 3, 1)


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
    return actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=at(day, 10, month=month),
    )


def test_which_chi_bo_met_and_the_rates():
    held(absent=1)
    plan(unit_code="LB-02", starts_at=at(25))  # only planned: not met
    held(unit_code="LB-01", day=3, month=2)  # another month
    figures = month_figures(unit("LB"), MARCH)
    assert (figures.held, figures.expected) == (1, 2)
    assert [c.unit.code for c in figures.not_met] == ["LB-02"]
    assert figures.rate == "66,7%"
    assert figures.with_required == 1
    [long_hoa] = [c for c in figures.cells if c.met]
    assert long_hoa.below_bar


def test_meeting_without_the_required_item_is_counted_apart():
    held(agenda=["Thông tin thời sự"])
    assert month_figures(unit("LB"), MARCH).with_required == 0


def test_figures_take_two_queries_whatever_the_number_of_meetings(django_assert_num_queries):
    for day in range(1, 15):
        held(day=day)
    province = unit("TU")
    with django_assert_num_queries(2):
        figures = month_figures(province, MARCH)
        assert figures.expected == 3 and figures.held == 1


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
    assert "1/2" in text and "chưa sinh hoạt" in text
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
