import datetime

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from lamtheo.meetings import actions
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance
from lamtheo.meetings.tests.helpers import NOW, add_people, at, everyone_present, kind, plan
from lamtheo.people.models import Person
from lamtheo.testing import PERSONAS, unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting():
    return plan()


@pytest.fixture
def assignment(meeting):
    return actions.create_assignment(
        Assignment(
            meeting=meeting,
            what="Rà soát bản đăng ký",
            assignee_person=Person.objects.get(full_name="Lê Văn Tám"),
            deadline=datetime.date(2026, 3, 15),
        ),
        actor=None,
    )


def urls(meeting):
    lb01 = unit("LB-01").pk
    return {
        "meetings:unit_meetings": reverse("meetings:unit_meetings", args=[lb01]),
        "meetings:plan": reverse("meetings:plan", args=[lb01]),
        "meetings:assignments": reverse("meetings:assignments", args=[lb01]),
        "meetings:detail": reverse("meetings:detail", args=[meeting.pk]),
        "meetings:edit": reverse("meetings:edit", args=[meeting.pk]),
        "meetings:hold": reverse("meetings:hold", args=[meeting.pk]),
        "meetings:minutes": reverse("meetings:minutes", args=[meeting.pk]),
        "meetings:minutes_docx": reverse("meetings:minutes_docx", args=[meeting.pk]),
        "meetings:assignment_create": reverse("meetings:assignment_create", args=[meeting.pk]),
        "meetings:month": reverse("meetings:month", args=[lb01]),
        "meetings:calendar": reverse("meetings:calendar", args=[lb01]),
        "meetings:cancel": reverse("meetings:cancel", args=[meeting.pk]),
        "meetings:conclude": reverse("meetings:conclude", args=[meeting.pk]),
        "meetings:schedule": reverse("meetings:schedule", args=[lb01]),
        "meetings:mine": reverse("meetings:mine"),
    }


MANAGE = {
    "admin": 200,
    "province_staff": 200,
    "commune_leader": 200,
    "secretary": 200,
    "member": 403,
    "outsider": 404,
}
# GET status by persona, on LB-01's meeting (the member was invited to it).
MATRIX = {
    "meetings:unit_meetings": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 200,
        "outsider": 404,
    },
    "meetings:plan": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:assignments": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 200,
        "outsider": 404,
    },
    "meetings:detail": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 200,
        "outsider": 404,
    },
    "meetings:edit": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:hold": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:minutes": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:minutes_docx": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:assignment_create": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:month": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 403,
        "outsider": 404,
    },
    "meetings:calendar": {
        "admin": 200,
        "province_staff": 200,
        "commune_leader": 200,
        "secretary": 200,
        "member": 200,
        "outsider": 404,
    },
    "meetings:cancel": MANAGE,
    "meetings:conclude": MANAGE,
    "meetings:schedule": MANAGE,
    "meetings:mine": dict.fromkeys(PERSONAS, 200),
}


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, django_user_model, meeting, name, persona):
    client.force_login(django_user_model.objects.get(username=persona))
    assert client.get(urls(meeting)[name]).status_code == MATRIX[name][persona]


@pytest.mark.parametrize("name", list(MATRIX))
def test_anonymous_is_sent_to_login(client, meeting, name):
    response = client.get(urls(meeting)[name])
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_assignment_done_refuses_get(login, secretary, assignment):
    url = reverse("meetings:assignment_done", args=[assignment.pk])
    assert login(secretary).get(url).status_code == 405


def test_secretary_plans_a_meeting(login, secretary):
    tam = Person.objects.get(full_name="Lê Văn Tám")
    response = login(secretary).post(
        reverse("meetings:plan", args=[unit("LB-01").pk]),
        {
            "kind": kind("monthly").pk,
            "starts_at": "2026-04-05T08:00",
            "place": "Hội trường ấp",
            "chair": tam.pk,
            "agenda": "",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert meeting.chair == tam and meeting.attendances.count() == 3
    assert meeting.agenda_items.get().required


def test_plan_refuses_ending_before_starting(login, secretary):
    response = login(secretary).post(
        reverse("meetings:plan", args=[unit("LB-01").pk]),
        {"kind": kind("monthly").pk, "starts_at": "2026-04-05T08:00", "ends_at": "2026-04-05T07:00"},
    )
    assert response.status_code == 200
    assert "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    assert not Meeting.objects.exists()


def test_secretary_holds_the_meeting_on_the_tick_list(login, secretary, meeting):
    client = login(secretary)
    page = client.get(reverse("meetings:hold", args=[meeting.pk])).content.decode()
    assert "Nguyễn Thị Kim Ngọc" in page
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc").pk
    response = client.post(
        reverse("meetings:hold", args=[meeting.pk]),
        {
            "starts_at": "2026-03-05T08:00",
            "ends_at": "2026-03-05T09:45",
            "version": 1,
            f"status-{ngoc}": "excused",
            f"reason-{ngoc}": "Ốm",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.attendances.get(person=ngoc).reason == "Ốm"
    assert meeting.attendances.filter(status=MeetingAttendance.Status.PRESENT).count() == 2
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "66,7%" in detail and "Chi ủy chưa họp" in detail


def test_tick_list_refuses_a_future_meeting(login, secretary):
    meeting = plan(starts_at=at(25))
    response = login(secretary).post(
        reverse("meetings:hold", args=[meeting.pk]),
        {"starts_at": "2026-03-25T08:00", "ends_at": "2026-03-25T10:00", "version": 1},
    )
    assert response.status_code == 200 and "chưa diễn ra" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_minutes_conflict_keeps_the_typed_text(login, secretary, meeting):
    item = meeting.agenda_items.get()
    actions.save_minutes(meeting, {item.pk: ("Trước", "")}, actor=None, expected_version=1)
    response = login(secretary).post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"version": 1, f"notes-{item.pk}": "Văn bản của tôi", f"conclusion-{item.pk}": "Kết luận của tôi"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "người khác sửa" in page and "Văn bản của tôi" in page
    item.refresh_from_db()
    assert item.notes == "Trước"


def test_minutes_are_saved(login, secretary, meeting):
    item = meeting.agenda_items.get()
    response = login(secretary).post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"version": 1, f"notes-{item.pk}": "Các đồng chí phát biểu", f"conclusion-{item.pk}": "Thống nhất"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.conclusion == "Thống nhất"


def test_member_cannot_write(login, member, meeting):
    own = actions.create_assignment(
        Assignment(
            meeting=meeting,
            what="Viết bản đăng ký",
            assignee_person=member.person,
            deadline=datetime.date(2026, 4, 1),
        ),
        actor=None,
    )
    client = login(member)
    assert client.post(reverse("meetings:minutes", args=[meeting.pk]), {"version": 1}).status_code == 403
    assert client.post(reverse("meetings:hold", args=[meeting.pk]), {"version": 1}).status_code == 403
    assert client.get(reverse("meetings:assignments", args=[unit("LB-01").pk])).status_code == 200
    done = reverse("meetings:assignment_done", args=[own.pk])
    assert client.post(done, {"evidence": "x"}).status_code == 403
    own.refresh_from_db()
    assert own.done_at is None


def test_outsider_gets_404_on_writes(login, outsider, meeting, assignment):
    client = login(outsider)
    assert client.post(reverse("meetings:minutes", args=[meeting.pk]), {"version": 1}).status_code == 404
    assert (
        client.post(reverse("meetings:assignment_done", args=[assignment.pk]), {"evidence": "x"}).status_code
        == 404
    )


def test_assignments_list_highlights_overdue_and_marks_done(login, secretary, assignment):
    client = login(secretary)
    page = client.get(reverse("meetings:assignments", args=[unit("LB-01").pk])).content.decode()
    assert 'class="overdue"' in page and "quá hạn" in page
    response = client.post(reverse("meetings:assignment_done", args=[assignment.pk]), {"evidence": "Đã xong"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.done_at is not None and assignment.evidence == "Đã xong"


def test_assignment_create_view(login, secretary, meeting):
    tam = Person.objects.get(full_name="Lê Văn Tám")
    response = login(secretary).post(
        reverse("meetings:assignment_create", args=[meeting.pk]),
        {"what": "Vận động đăng ký", "assignee_person": tam.pk, "deadline": "2026-04-01"},
    )
    assert response.status_code == 302
    assert meeting.assignments.get().assignee_person == tam


def test_assignee_outside_the_subtree_is_not_a_choice(login, secretary, meeting):
    binh = Person.objects.get(full_name="Võ Văn Bình")
    response = login(secretary).post(
        reverse("meetings:assignment_create", args=[meeting.pk]),
        {"what": "x", "assignee_person": binh.pk, "deadline": "2026-04-01"},
    )
    assert response.status_code == 200 and not Assignment.objects.exists()


def test_commune_sees_its_subtree_not_the_sibling(login, commune_leader):
    plan(unit_code="LB-02")
    plan(unit_code="CD-01")
    page = login(commune_leader).get(reverse("meetings:unit_meetings", args=[unit("LB").pk])).content.decode()
    assert "Chi bộ Ấp Long Thạnh" in page and "Chi bộ Khóm 1" not in page


def test_member_sees_only_meetings_they_were_invited_to(login, member, meeting):
    other = plan(starts_at=at(6))
    other.attendances.filter(person__full_name="Nguyễn Thị Kim Ngọc").delete()
    assert login(member).get(other.get_absolute_url()).status_code == 404


def test_biên_bản_docx(login, secretary, meeting):
    from io import BytesIO

    from docx import Document

    item = meeting.agenda_items.get()
    actions.save_minutes(
        meeting, {item.pk: ("Phát biểu", "Thống nhất đánh giá")}, actor=None, expected_version=1
    )
    response = login(secretary).get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "BIÊN BẢN" in text and "sinh hoạt chi bộ tháng 3 năm 2026" in text
    assert "Thống nhất đánh giá" in text and "Tỷ lệ dự họp" in text


def test_meetings_list_queries_do_not_grow(login, commune_leader, django_assert_max_num_queries):
    client = login(commune_leader)
    url = reverse("meetings:unit_meetings", args=[unit("LB").pk])
    plan(unit_code="LB-02")
    client.get(url)
    with django_assert_max_num_queries(10):
        client.get(url)
    for day in range(6, 26):
        m = plan(unit_code="LB-01", starts_at=at(day, month=2))
        actions.hold_meeting(
            m,
            everyone_present(m),
            actor=None,
            expected_version=1,
            starts_at=m.starts_at,
            ends_at=at(day, 10, month=2),
        )
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_holding_with_5_or_60_attendees_takes_fixed_queries(
    login, secretary, count, django_assert_max_num_queries
):
    add_people("LB-01", count - 3)
    meeting = plan()
    post = {"starts_at": "2026-03-05T08:00", "ends_at": "2026-03-05T09:45", "version": 1}
    client = login(secretary)
    with django_assert_max_num_queries(16):
        response = client.post(reverse("meetings:hold", args=[meeting.pk]), post)
    assert response.status_code == 302
    assert meeting.attendances.filter(status="present").count() == count


def test_tick_list_falls_back_to_the_units_people(login, secretary):
    meeting = plan(starts_at=at(4))
    meeting.attendances.all().delete()
    page = login(secretary).get(reverse("meetings:hold", args=[meeting.pk])).content.decode()
    assert "Lê Văn Tám" in page and "Trần Thị Ánh" in page


def test_planning_a_giao_ban_at_the_commune(login, commune_leader):
    response = login(commune_leader).post(
        reverse("meetings:plan", args=[unit("LB").pk]),
        {
            "kind": kind("giao_ban").pk,
            "starts_at": "2026-03-25T14:00",
            "online_link": "meet.example.vn/giao-ban",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.online_link == "https://meet.example.vn/giao-ban"
    # The four discussion topics of seed 004; the secretaries of the chi bộ below are invited.
    assert meeting.agenda_items.count() == 4 and not meeting.agenda_items.filter(required=True).exists()
    assert set(meeting.invited_units.values_list("code", flat=True)) == {"LB-01", "LB-02"}
    assert list(meeting.attendances.values_list("person__full_name", flat=True)) == ["Lê Văn Tám"]


def test_tick_list_never_names_people_outside_the_users_scope(login, secretary, meeting):
    binh = Person.objects.get(full_name="Võ Văn Bình").pk
    response = login(secretary).post(
        reverse("meetings:hold", args=[meeting.pk]),
        {
            "starts_at": "2026-03-05T08:00",
            "ends_at": "2026-03-05T10:00",
            "version": 1,
            f"status-{binh}": "present",
        },
    )
    assert "Võ Văn Bình" not in response.content.decode()
    assert not meeting.attendances.filter(person=binh).exists()


def test_commune_leader_is_refused_by_name_for_someone_of_another_chi_bo(login, commune_leader, meeting):
    add_people("LB-02", 1)
    other = Person.objects.get(unit__code="LB-02")
    response = login(commune_leader).post(
        reverse("meetings:hold", args=[meeting.pk]),
        {
            "starts_at": "2026-03-05T08:00",
            "ends_at": "2026-03-05T10:00",
            "version": 1,
            f"status-{other.pk}": "present",
        },
    )
    assert (
        response.status_code == 200
        and "Không thể ghi dự họp cho Đảng viên Số 000" in response.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_tick_list_refuses_ending_before_starting(login, secretary, meeting):
    response = login(secretary).post(
        reverse("meetings:hold", args=[meeting.pk]),
        {"starts_at": "2026-03-05T08:00", "ends_at": "2026-03-05T07:30", "version": 1},
    )
    assert response.status_code == 200 and "Giờ kết thúc phải sau giờ bắt đầu" in response.content.decode()
    meeting.refresh_from_db()
    assert (
        meeting.status == Meeting.Status.PLANNED
        and not meeting.attendances.exclude(status="invited").exists()
    )


def test_a_cancelled_meeting_cannot_be_recorded_as_held(login, secretary, meeting):
    actions.cancel_meeting(meeting, actor=None, reason="Mưa bão", expected_version=1)
    response = login(secretary).post(
        reverse("meetings:hold", args=[meeting.pk]),
        {"starts_at": "2026-03-05T08:00", "ends_at": "2026-03-05T10:00", "version": 2},
    )
    assert response.status_code == 200 and "đã hủy (Mưa bão)" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_editing_a_plan_someone_saved_meanwhile_keeps_the_form(login, secretary, meeting):
    actions.update_meeting(meeting, actor=None, expected_version=1)
    response = login(secretary).post(
        reverse("meetings:edit", args=[meeting.pk]),
        {"kind": meeting.kind_id, "starts_at": "2026-03-05T08:00", "place": "Nhà văn hóa mới", "version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "người khác sửa" in page and "Nhà văn hóa mới" in page
    meeting.refresh_from_db()
    assert meeting.place == ""
