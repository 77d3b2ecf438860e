import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.meetings import actions
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance
from lamtheo.meetings.tests.helpers import NOW, add_people, at, everyone_present, plan
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
Status = MeetingAttendance.Status


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(meeting):
    return Meeting.objects.with_figures().get(pk=meeting.pk)


def hold(meeting, marks=None, *, starts_at=None, ends_at=None, actor=None):
    return actions.hold_meeting(
        meeting,
        everyone_present(meeting) if marks is None else marks,
        actor=actor,
        expected_version=meeting.version,
        starts_at=starts_at or meeting.starts_at,
        ends_at=ends_at or meeting.starts_at + datetime.timedelta(minutes=100),
    )


def test_plan_invites_the_units_people_and_adds_the_required_item(secretary):
    meeting = plan(actor=secretary)
    names = set(meeting.attendances.values_list("person__full_name", flat=True))
    assert names == {"Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh"}
    assert set(meeting.attendances.values_list("status", flat=True)) == {MeetingAttendance.INVITED}
    [item] = meeting.agenda_items.all()
    assert item.required and item.title.startswith("Đánh giá việc học tập và làm theo")
    assert AuditEvent.objects.filter(action="meeting.plan", target_id=meeting.pk).exists()


def test_exempt_people_are_invited_as_exempt():
    Person.objects.filter(full_name="Trần Thị Ánh").update(status=Person.Status.EXEMPT)
    meeting = plan()
    assert meeting.attendances.get(person__full_name="Trần Thị Ánh").status == Status.EXEMPT


def test_hold_records_attendance_and_the_rate(secretary):
    meeting = plan()
    marks = everyone_present(meeting)
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc").pk
    anh = Person.objects.get(full_name="Trần Thị Ánh").pk
    marks[ngoc] = actions.Mark(Status.EXCUSED, "Đi công tác")
    marks[anh] = actions.Mark(Status.EXEMPT)
    hold(meeting, marks, actor=secretary)
    meeting = figures(meeting)
    assert meeting.status == Meeting.Status.HELD
    assert (meeting.n_listed, meeting.n_present, meeting.n_exempt) == (3, 1, 1)
    assert meeting.attendance_percent == 50
    assert meeting.attendance_rate_text == "50,0%"
    assert meeting.below_bar
    assert MeetingAttendance.objects.get(meeting=meeting, person=ngoc).reason == "Đi công tác"
    assert AuditEvent.objects.filter(action="meeting.hold", target_id=meeting.pk).exists()


def test_late_counts_as_present():
    meeting = plan()
    marks = {pk: actions.Mark(Status.LATE) for pk in everyone_present(meeting)}
    hold(meeting, marks)
    assert figures(meeting).attendance_percent == 100


def test_a_future_meeting_cannot_be_held():
    meeting = plan(starts_at=at(25))
    with pytest.raises(ValidationError) as error:
        hold(meeting)
    assert "chưa diễn ra" in str(error.value)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_ending_before_starting_is_refused():
    with pytest.raises(ValidationError) as error:
        plan(ends_at=at(5, 7))
    assert "Giờ kết thúc phải sau giờ bắt đầu" in str(error.value)
    assert not Meeting.objects.exists()
    meeting = plan()
    with pytest.raises(ValidationError):
        hold(meeting, ends_at=at(5, 7))
    assert Meeting.objects.get().status == Meeting.Status.PLANNED


def test_attendance_of_someone_outside_the_unit_is_refused_by_name_and_nothing_is_saved():
    meeting = plan()
    marks = everyone_present(meeting)
    outsider = Person.objects.get(full_name="Võ Văn Bình")
    marks[outsider.pk] = actions.Mark(Status.PRESENT)
    with pytest.raises(ValidationError) as error:
        hold(meeting, marks)
    assert "Võ Văn Bình" in str(error.value)
    assert "Chi bộ Ấp Long Hòa" in str(error.value)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.version) == (Meeting.Status.PLANNED, 1)
    assert set(meeting.attendances.values_list("status", flat=True)) == {MeetingAttendance.INVITED}


def test_concurrent_minutes_edits_are_detected():
    meeting = plan()
    item = meeting.agenda_items.get()
    stale = Meeting.objects.get(pk=meeting.pk)
    actions.save_minutes(meeting, {item.pk: ("Ý kiến A", "Kết luận A")}, actor=None, expected_version=1)
    with pytest.raises(ConflictError):
        actions.save_minutes(stale, {item.pk: ("Ý kiến B", "Kết luận B")}, actor=None, expected_version=1)
    item.refresh_from_db()
    assert (item.notes, item.conclusion) == ("Ý kiến A", "Kết luận A")


def test_flags_missing_item_short_late_documents_and_no_committee_meeting():
    meeting = plan(documents_sent_at=at(4, 20))
    actions.update_meeting(meeting, actor=None, expected_version=1, agenda=["Thông tin thời sự"])
    hold(meeting, ends_at=at(5, 9))
    flags = figures(meeting).flags
    assert any("Thiếu nội dung bắt buộc" in f for f in flags)
    assert any("60 phút, ít hơn 90 phút" in f for f in flags)
    assert any("Tài liệu gửi muộn" in f for f in flags)
    assert any("Chi ủy chưa họp" in f for f in flags)


def test_a_good_monthly_meeting_has_no_flags():
    plan("chi_uy", starts_at=at(4))
    meeting = plan(documents_sent_at=at(3, 8))
    hold(meeting, ends_at=at(5, 10))
    assert figures(meeting).flags == []


def test_combined_meeting_needs_120_minutes():
    plan("chi_uy", starts_at=at(4))
    meeting = plan(is_combined=True)
    hold(meeting, ends_at=at(5, 9, 45))
    assert any("105 phút, ít hơn 120 phút" in f for f in figures(meeting).flags)


def test_a_committee_meeting_in_another_month_does_not_count():
    plan("chi_uy", starts_at=at(27, month=2))
    assert any("Chi ủy chưa họp" in f for f in figures(plan()).flags)


def _queries_to_hold(count):
    add_people("LB-02", count - 0)
    meeting = plan(unit_code="LB-02")
    assert meeting.attendances.count() == count
    with CaptureQueriesContext(connection) as captured:
        hold(meeting)
    return len(captured)


def test_holding_takes_the_same_queries_for_5_and_60_attendees():
    small = _queries_to_hold(5)
    Meeting.objects.all().delete()
    Person.objects.filter(unit__code="LB-02").delete()
    assert _queries_to_hold(60) == small


def test_assignments_create_and_done(secretary):
    meeting = plan()
    tam = Person.objects.get(full_name="Lê Văn Tám")
    assignment = actions.create_assignment(
        Assignment(
            meeting=meeting,
            what="Rà soát bản đăng ký",
            assignee_person=tam,
            deadline=datetime.date(2026, 3, 15),
        ),
        actor=secretary,
    )
    assert Assignment.objects.overdue(NOW.date()).get() == assignment
    with pytest.raises(ValidationError):
        actions.create_assignment(
            Assignment(meeting=meeting, what="Không ai", deadline=datetime.date(2026, 4, 1)), actor=secretary
        )
    actions.mark_done(assignment, actor=secretary, evidence="Đã rà soát 3 bản")
    assert not Assignment.objects.overdue(NOW.date()).exists()
    with pytest.raises(ValidationError):
        actions.mark_done(assignment, actor=secretary, evidence="lần hai")
    labels = set(AuditEvent.objects.filter(target_id=meeting.pk).values_list("action", flat=True))
    assert {"assignment.create", "assignment.done"} <= labels


def test_assignment_to_a_unit():
    meeting = plan("giao_ban", unit_code="LB")
    assignment = actions.create_assignment(
        Assignment(
            meeting=meeting, what="Báo cáo", assignee_unit=unit("LB-02"), deadline=datetime.date(2026, 4, 1)
        ),
        actor=None,
    )
    assert assignment.assignee == unit("LB-02")


def test_attendance_can_be_corrected_after_the_meeting_only():
    meeting = plan()
    marks = everyone_present(meeting)
    with pytest.raises(ValidationError):
        actions.record_attendance(meeting, marks, actor=None, expected_version=1)
    hold(meeting)
    first = next(iter(marks))
    marks[first] = actions.Mark(Status.ABSENT)
    actions.record_attendance(meeting, marks, actor=None, expected_version=meeting.version)
    assert meeting.attendances.get(person=first).status == Status.ABSENT
    assert AuditEvent.objects.filter(action="meeting.attendance", target_id=meeting.pk).exists()


def test_editing_a_stale_plan_is_refused_and_writes_nothing():
    meeting = plan()
    stale = Meeting.objects.get(pk=meeting.pk)
    meeting.place = "Hội trường"
    actions.update_meeting(meeting, actor=None, expected_version=1)
    stale.place = "Nhà văn hóa"
    with pytest.raises(ConflictError):
        actions.update_meeting(stale, actor=None, expected_version=1, agenda=["Khác"])
    assert Meeting.objects.get().place == "Hội trường"
    assert meeting.agenda_items.get().required


def test_editing_the_agenda_keeps_minutes_of_items_that_stay():
    meeting = plan()
    item = meeting.agenda_items.get()
    actions.save_minutes(meeting, {item.pk: ("Ý kiến", "Kết luận")}, actor=None, expected_version=1)
    actions.update_meeting(meeting, actor=None, expected_version=2, agenda=["Thông tin thời sự", item.title])
    kept = meeting.agenda_items.get(position=2)
    assert (kept.title, kept.notes, kept.conclusion, kept.required) == (
        item.title,
        "Ý kiến",
        "Kết luận",
        True,
    )


def test_the_chair_cannot_be_marked_absent_and_the_refusal_names_a_deputy_present():
    from lamtheo.people.models import Position

    ngoc, tam, anh = (
        Person.objects.get(full_name=n) for n in ("Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh")
    )
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.DEPUTY_SECRETARY)
    meeting = plan(chair=ngoc, secretary=anh)
    marks = everyone_present(meeting)
    marks[ngoc.pk] = actions.Mark(Status.EXCUSED, "Đi công tác")
    with pytest.raises(ValidationError) as refused:
        hold(meeting, marks)
    message = refused.value.message_dict["attendance"][0]
    assert "Nguyễn Thị Kim Ngọc chủ trì cuộc họp" in message and "đồng chí Lê Văn Tám đang có mặt" in message
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED  # nothing written
    marks[ngoc.pk] = actions.Mark(Status.PRESENT)
    marks[anh.pk] = actions.Mark(Status.ABSENT)
    with pytest.raises(ValidationError, match="Trần Thị Ánh là thư ký cuộc họp"):
        hold(meeting, marks)
    marks[anh.pk] = actions.Mark(Status.PRESENT)
    marks[tam.pk] = actions.Mark(Status.ABSENT)  # anyone else may be absent
    held = hold(meeting, marks)
    marks[ngoc.pk] = actions.Mark(Status.ABSENT)
    with pytest.raises(ValidationError, match="chủ trì"):  # nor when the attendance is corrected afterwards
        actions.record_attendance(held, marks, actor=None, expected_version=held.version)
