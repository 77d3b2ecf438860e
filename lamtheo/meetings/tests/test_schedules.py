"""Recurring schedules: "ngày 5 hằng tháng lúc 19:30", planned ahead without ever duplicating a month."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.meetings import schedules
from lamtheo.meetings.models import Meeting, MeetingSchedule
from lamtheo.meetings.tests.helpers import NOW, TZ, kind, plan
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):  # 20/03/2026 10:00
        yield


def schedule(day=5, code="monthly", **fields):
    return schedules.save_schedule(
        MeetingSchedule(
            unit=unit("LB-01"),
            kind=kind(code),
            day_of_month=day,
            time=datetime.time(19, 30),
            duration_minutes=fields.pop("duration_minutes", 120),
            place="Hội trường ấp Long Hòa",
            **fields,
        ),
        actor=None,
    )


def starts(meetings):
    return [m.local_start.strftime("%d/%m/%Y %H:%M") for m in meetings]


def test_plans_the_next_months_from_the_next_date_ahead():
    created = schedules.plan_from_schedule(schedule(), actor=None, months=3)
    # 05/03 has passed: April, May, June.
    assert starts(created) == ["05/04/2026 19:30", "05/05/2026 19:30", "05/06/2026 19:30"]
    first = created[0]
    assert first.place == "Hội trường ấp Long Hòa" and first.duration_minutes == 120
    assert first.attendances.count() == 3 and first.agenda_items.get().required
    assert first.schedule is not None


def test_is_idempotent_and_skips_months_that_already_have_one():
    plan(starts_at=datetime.datetime(2026, 5, 8, 8, 0, tzinfo=TZ))  # May planned by hand
    rule = schedule()
    first = schedules.plan_from_schedule(rule, actor=None, months=3)
    assert starts(first) == ["05/04/2026 19:30", "05/06/2026 19:30"]
    assert schedules.plan_from_schedule(rule, actor=None, months=3) == []
    assert Meeting.objects.filter(unit=unit("LB-01"), kind__code="monthly").count() == 3


def test_another_kind_in_the_month_does_not_count():
    plan("chi_uy", starts_at=datetime.datetime(2026, 4, 4, 8, 0, tzinfo=TZ))
    assert len(schedules.plan_from_schedule(schedule(), actor=None, months=1)) == 1


def test_a_day_past_the_months_end_is_its_last_day():
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, 0, tzinfo=TZ), tick=False):
        created = schedules.plan_from_schedule(schedule(day=31), actor=None, months=4)
    assert starts(created) == ["31/01/2026 19:30", "28/02/2026 19:30", "31/03/2026 19:30", "30/04/2026 19:30"]


def test_later_today_still_counts():
    with time_machine.travel(datetime.datetime(2026, 4, 5, 8, 0, tzinfo=TZ), tick=False):
        created = schedules.plan_from_schedule(schedule(), actor=None, months=1)
    assert starts(created) == ["05/04/2026 19:30"]


def test_an_inactive_schedule_plans_nothing():
    with pytest.raises(ValidationError):
        schedules.plan_from_schedule(schedule(active=False), actor=None, months=2)
    assert not Meeting.objects.exists()


def test_day_out_of_range_is_refused(login, secretary):
    response = login(secretary).post(
        reverse("meetings:schedule", args=[unit("LB-01").pk]),
        {"kind": kind("monthly").pk, "day_of_month": 32, "time": "19:30", "duration_minutes": 120},
    )
    assert response.status_code == 200 and not MeetingSchedule.objects.exists()


def test_schedule_page_sets_and_plans_ahead(login, secretary):
    client = login(secretary)
    url = reverse("meetings:schedule", args=[unit("LB-01").pk])
    response = client.post(
        url,
        {
            "kind": kind("monthly").pk,
            "day_of_month": 5,
            "time": "19:30",
            "duration_minutes": 120,
            "place": "Nhà văn hóa ấp",
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule = MeetingSchedule.objects.get()
    assert AuditEvent.objects.filter(action="meeting.schedule").exists()
    page = client.get(url).content.decode()
    assert "Sinh hoạt chi bộ thường kỳ ngày 5 hằng tháng lúc 19:30" in page
    response = client.post(reverse("meetings:schedule_plan", args=[rule.pk]), {"months": 2}, follow=True)
    assert "Đã lên lịch 2 cuộc họp: 05/04/2026, 05/05/2026." in response.content.decode()
    response = client.post(reverse("meetings:schedule_plan", args=[rule.pk]), {"months": 2}, follow=True)
    assert "không tạo thêm cuộc họp nào" in response.content.decode()
    assert Meeting.objects.count() == 2


def test_a_second_schedule_of_the_same_kind_is_refused(login, secretary):
    schedule()
    response = login(secretary).post(
        reverse("meetings:schedule", args=[unit("LB-01").pk]),
        {"kind": kind("monthly").pk, "day_of_month": 6, "time": "19:30", "duration_minutes": 120},
    )
    assert response.status_code == 200 and MeetingSchedule.objects.count() == 1


def test_editing_a_schedule(login, secretary):
    rule = schedule()
    url = reverse("meetings:schedule", args=[unit("LB-01").pk]) + f"?sua={rule.pk}"
    response = login(secretary).post(
        url, {"kind": kind("monthly").pk, "day_of_month": 7, "time": "08:00", "duration_minutes": 90}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.day_of_month, rule.active) == (7, False)


def test_plan_ahead_permissions(login, member, outsider, secretary):
    rule = schedule()
    url = reverse("meetings:schedule_plan", args=[rule.pk])
    assert login(secretary).get(url).status_code == 405
    assert login(member).post(url, {"months": 1}).status_code == 403
    assert login(outsider).post(url, {"months": 1}).status_code == 404
    assert not Meeting.objects.exists()


def test_the_audit_note_is_one_whole_sentence():
    rule = schedule()
    note = AuditEvent.objects.filter(action="meeting.schedule").latest("pk").note
    assert note == "Sinh hoạt chi bộ thường kỳ ngày 5 hằng tháng lúc 19:30 tại Hội trường ấp Long Hòa."
    rule.active, rule.place = False, ""
    schedules.save_schedule(rule, actor=None)
    note = AuditEvent.objects.filter(action="meeting.schedule").latest("pk").note
    assert note == "Sinh hoạt chi bộ thường kỳ ngày 5 hằng tháng lúc 19:30 (ngừng áp dụng)."
    rule.place = "Nhà văn hóa"
    assert schedules.describe(rule) == (
        "Sinh hoạt chi bộ thường kỳ ngày 5 hằng tháng lúc 19:30 tại Nhà văn hóa (ngừng áp dụng)."
    )
