import datetime

import pytest
import time_machine
from django.urls import reverse

from lamtheo.meetings import actions, calendar
from lamtheo.meetings.models import Meeting
from lamtheo.meetings.tests.helpers import NOW, at, kind, plan
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):  # Friday 20/03/2026
        yield


def url(code="LB-01", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("meetings:calendar_month", args=[unit(code).pk]) + (f"?{query}" if query else "")


def cancel(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)


def test_the_grid_runs_monday_to_sunday_over_whole_weeks():
    grid = calendar.month_grid(
        datetime.date(2026, 3, 1), Meeting.objects.none(), today=datetime.date(2026, 3, 20)
    )
    assert [len(week) for week in grid.weeks] == [7] * 6
    assert grid.weeks[0][0].date == datetime.date(2026, 2, 23) and not grid.weeks[0][0].in_month
    assert grid.weeks[-1][-1].date == datetime.date(2026, 4, 5)
    assert [d.date for w in grid.weeks for d in w if d.is_today] == [datetime.date(2026, 3, 20)]
    assert calendar.weekday_names()[0] == "Thứ hai" and calendar.weekday_names()[-1] == "Chủ nhật"
    assert (grid.previous, grid.next) == ("2026-02", "2026-04")


def test_a_units_month(login, secretary):
    held = plan(starts_at=at(5, 8))
    cancelled = plan(starts_at=at(12, 14, 30), title="Họp bất thường")
    cancel(cancelled)
    plan(starts_at=at(5, 8, month=4))  # next month
    response = login(secretary).get(url(thang="2026-03"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Lịch họp tháng 03/2026 – Chi bộ Ấp Long Hòa" in text
    assert f'href="{held.get_absolute_url()}"' in text and ">08:00</time> Sinh hoạt chi bộ thường kỳ" in text
    assert "<s><time" in text and "14:30</time> Sinh hoạt chi bộ thường kỳ: Họp bất thường</s>" in text
    assert (
        text.count('aria-current="date"') == 1
    )  # today, in the grid (no meeting today: not in the phone list)
    assert "thang=2026-02" in text and "thang=2026-04" in text
    assert "2 cuộc họp trong tháng" in text
    assert '<th scope="col">Thứ hai</th>' in text


def test_the_phone_list_holds_only_days_with_meetings(login, secretary):
    plan(starts_at=at(5, 8))
    text = login(secretary).get(url(thang="2026-03")).content.decode()
    list_part = text.split('<ol class="cal-list">')[1]
    assert list_part.count("<h2>") == 1 and "Thứ năm 05/03/2026" in list_part


def test_the_subtree_view_with_filters(login, commune_leader):
    in_lb01 = plan(starts_at=at(5, 8))
    in_lb02 = plan(unit_code="LB-02", starts_at=at(6, 8))
    committee = plan(code="chi_uy", unit_code="LB-02", starts_at=at(4, 8), title="Chi ủy họp")
    own = plan(unit_code="LB", code="giao_ban", starts_at=at(10, 8), title="Giao ban tháng 3")
    client = login(commune_leader)

    def links(response):
        assert response.status_code == 200
        text = response.content.decode()
        return {m.pk for m in (in_lb01, in_lb02, committee, own) if f'href="{m.get_absolute_url()}"' in text}

    assert links(client.get(url("LB"))) == {own.pk}
    assert links(client.get(url("LB", **{"toan-bo": 1}))) == {in_lb01.pk, in_lb02.pk, committee.pk, own.pk}
    assert links(client.get(url("LB", **{"toan-bo": 1, "loai": "chi_uy"}))) == {committee.pk}
    lb02 = unit("LB-02").pk
    assert links(client.get(url("LB", **{"toan-bo": 1, "don-vi": lb02}))) == {in_lb02.pk, committee.pk}
    page = client.get(url("LB", **{"toan-bo": 1, "don-vi": lb02})).content.decode()
    assert f"don-vi={lb02}" in page.split('rel="prev"')[0]  # month links keep the filters


def test_a_unit_outside_the_subtree_cannot_be_chosen(login, commune_leader):
    assert (
        login(commune_leader).get(url("LB", **{"toan-bo": 1, "don-vi": unit("CD-01").pk})).status_code == 404
    )
    assert login(commune_leader).get(url("LB", **{"toan-bo": 1, "don-vi": "x"})).status_code == 404


def test_a_member_sees_only_the_meetings_they_are_invited_to(login, member):
    invited = plan(starts_at=at(5, 8))
    other = actions.plan_meeting(
        Meeting(unit=unit("LB-01"), kind=kind("monthly"), starts_at=at(9, 8)), actor=None, invitees={}
    )
    text = login(member).get(url()).content.decode()
    assert invited.get_absolute_url() in text and other.get_absolute_url() not in text


def test_outsiders_anonymous_and_bad_months(client, login, outsider, secretary):
    assert client.get(url()).status_code == 302
    assert login(outsider).get(url()).status_code == 404
    assert login(secretary).get(url(thang="2026-13")).status_code == 404
    assert login(secretary).get(url(thang="tháng-ba")).status_code == 404


def test_too_many_meetings_show_counts_per_day(login, commune_leader, monkeypatch):
    monkeypatch.setattr(calendar, "LIST_MAX", 2)
    for hour in (7, 9, 14):
        plan(starts_at=at(5, hour))
    plan(unit_code="LB-02", starts_at=at(6, 8))
    text = login(commune_leader).get(url("LB", **{"toan-bo": 1})).content.decode()
    assert "Quá nhiều để liệt kê" in text
    assert (
        '<div class="cal-count">3 cuộc họp</div>' in text
        and '<div class="cal-count">1 cuộc họp</div>' in text
    )
    assert "4 cuộc họp trong tháng" in text
    assert "/sinh-hoat/" not in text.split('<table class="cal-grid">')[1].split("</table>")[0]


def test_the_page_reads_a_fixed_number_of_queries(login, commune_leader, django_assert_max_num_queries):
    client = login(commune_leader)
    plan(starts_at=at(5, 8))
    client.get(url("LB", **{"toan-bo": 1}))  # warm the session and caches
    with django_assert_max_num_queries(13) as few:  # incl. the bell's unread count
        client.get(url("LB", **{"toan-bo": 1}))
    for day in range(6, 26):
        plan(unit_code="LB-02" if day % 2 else "LB-01", starts_at=at(day, 8))
    with django_assert_max_num_queries(len(few)):
        response = client.get(url("LB", **{"toan-bo": 1}))
    assert "21 cuộc họp trong tháng" in response.content.decode()


# The personal feed ------------------------------------------------------------------------------------------------


def test_my_calendar_holds_the_meetings_i_am_invited_to_or_chair(login, member, secretary):
    invited = plan(starts_at=at(25, 8))
    chaired = plan(unit_code="LB-02", starts_at=at(26, 8), chair=Person.objects.get(full_name="Lê Văn Tám"))
    old = plan(starts_at=datetime.datetime(2025, 11, 5, 8, tzinfo=NOW.tzinfo))  # more than three months back
    response = login(secretary).get(reverse("meetings:my_calendar"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "lich-hop-cua-toi.ics" in response["Content-Disposition"]
    assert f"UID:meeting-{invited.pk}@" in body and f"UID:meeting-{chaired.pk}@" in body
    assert f"UID:meeting-{old.pk}@" not in body
    member_body = login(member).get(reverse("meetings:my_calendar")).content.decode()
    assert f"UID:meeting-{invited.pk}@" in member_body and f"UID:meeting-{chaired.pk}@" not in member_body


def test_my_calendar_of_a_user_without_a_person_is_empty(login, outsider, client):
    plan(starts_at=at(25, 8))
    body = login(outsider).get(reverse("meetings:my_calendar")).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" not in body
    client.logout()
    assert client.get(reverse("meetings:my_calendar")).status_code == 302


def test_a_cancelled_meeting_is_cancelled_in_the_feed(login, secretary):
    meeting = plan(starts_at=at(25, 8))
    cancel(meeting)
    body = login(secretary).get(reverse("meetings:my_calendar")).content.decode()
    assert "STATUS:CANCELLED" in body


def test_the_feed_reads_a_fixed_number_of_queries(login, secretary, django_assert_max_num_queries):
    client = login(secretary)
    plan(starts_at=at(25, 8))
    client.get(reverse("meetings:my_calendar"))
    with django_assert_max_num_queries(6) as few:  # session, user, the meetings
        client.get(reverse("meetings:my_calendar"))
    for day in range(21, 31):
        plan(starts_at=at(day, 9))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("meetings:my_calendar"))


# Who gets what ----------------------------------------------------------------------------------------------------

SCOPED = {
    "admin": 200,
    "province_staff": 200,
    "commune_leader": 200,
    "secretary": 200,
    "member": 200,
    "outsider": 404,
}
EVERYONE = dict.fromkeys(SCOPED, 200)


@pytest.mark.parametrize(
    ("name", "query", "expected"),
    [
        ("meetings:calendar_month", "thang=2026-03", SCOPED),
        ("meetings:calendar_month", "thang=2026-03&toan-bo=1", SCOPED),
        ("meetings:my_calendar", "", EVERYONE),
    ],
)
@pytest.mark.parametrize("persona", ["anonymous", *SCOPED])
def test_status_by_persona(name, query, expected, persona, client, request):
    plan(starts_at=at(5, 8))
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    kwargs = {"unit_pk": unit("LB-01").pk} if name == "meetings:calendar_month" else None
    response = client.get(f"{reverse(name, kwargs=kwargs)}?{query}")
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("breaker", ["\r", "\n", "\r\n", "\x0b", "\x85"])
def test_a_line_break_in_a_place_cannot_add_a_line_to_the_ics(breaker, secretary):
    meeting = plan(actor=secretary, place=f"Hội trường{breaker}X-INJECTED:1{breaker}END:VCALENDAR")
    text = calendar.ics([meeting], host="lamtheo.test")
    lines = text.split("\r\n")
    assert "\r" not in text.replace("\r\n", "")  # no lone CR, which some readers take for a line end
    assert not any(line.startswith(("X-INJECTED", "END:VCALENDAR")) for line in lines[:-2])
    assert any(line.startswith("LOCATION:Hội trường") for line in lines)
