import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from lamtheo.accounts.models import User
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance, MeetingKind
from lamtheo.meetings.tests.helpers import NOW, at, plan
from lamtheo.notifications import reminders
from lamtheo.notifications.models import Notification
from lamtheo.people.models import Person
from lamtheo.pledges import actions as pledge_actions
from lamtheo.pledges.models import Pledge, RegistrationDeadline
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):  # Friday 20/03/2026 10:00 in Hồ Chí Minh City
        yield


def run() -> str:
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def tam():
    return Person.objects.get(full_name="Lê Văn Tám")


def texts(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("text", flat=True))


def test_invitees_hear_of_a_meeting_two_days_ahead_once(
    member, secretary, django_capture_on_commit_callbacks
):
    soon = plan(starts_at=at(21, 8), place="Hội trường ấp", documents_sent_at=at(19, 8))
    plan(starts_at=at(23, 8), documents_sent_at=at(19, 8))  # three days ahead: not yet
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    expected = [
        "Mời họp: Sinh hoạt chi bộ thường kỳ – Chi bộ Ấp Long Hòa, lúc 08:00 Thứ bảy 21/03/2026, tại Hội trường ấp."
    ]
    assert texts(member) == expected and texts(secretary) == expected
    assert Notification.objects.get(recipient=member).link == soon.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.vn", "secretary@example.vn"]
    assert "2 thông báo mới" in output
    with django_capture_on_commit_callbacks(execute=True):
        again = run()
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    assert "Tổng cộng 0 thông báo mới" in again


def test_a_moved_meeting_is_announced_again(member):
    meeting = plan(starts_at=at(21, 8), documents_sent_at=at(19, 8))
    run()
    meeting.starts_at = at(22, 9)
    meeting.save(update_fields=["starts_at"])
    run()
    assert len(texts(member, Notification.Kind.MEETING)) == 2


def test_a_cancelled_meeting_is_announced_as_cancelled_and_a_held_one_not_at_all(member):
    cancelled = plan(starts_at=at(21, 8), documents_sent_at=at(19, 8))
    run()
    Meeting.objects.filter(pk=cancelled.pk).update(
        status=Meeting.Status.CANCELLED, cancel_reason="Trùng lịch xã"
    )
    held = plan(starts_at=at(22, 8), documents_sent_at=at(19, 8))
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    run()
    run()
    assert texts(member, Notification.Kind.MEETING) == [
        "Mời họp: Sinh hoạt chi bộ thường kỳ – Chi bộ Ấp Long Hòa, lúc 08:00 Thứ bảy 21/03/2026.",
        "Đã hủy cuộc họp Sinh hoạt chi bộ thường kỳ – Chi bộ Ấp Long Hòa lúc 08:00 Thứ bảy 21/03/2026. Lý do: "
        "Trùng lịch xã",
    ]


def test_those_exempted_from_meetings_are_not_reminded(member, secretary):
    meeting = plan(starts_at=at(21, 8), documents_sent_at=at(19, 8))
    meeting.attendances.filter(person__user=member).update(status=MeetingAttendance.Status.EXEMPT)
    run()
    assert texts(member) == [] and len(texts(secretary)) == 1


def test_documents_not_sent_reach_the_chair_and_secretary(secretary, member):
    plan(starts_at=at(21, 8), chair=tam())
    run()
    assert texts(secretary, Notification.Kind.DOCUMENTS) == [
        "Chưa gửi tài liệu cuộc họp Sinh hoạt chi bộ thường kỳ – Chi bộ Ấp Long Hòa (08:00 Thứ bảy 21/03/2026): "
        "cần gửi trước ít nhất một ngày."
    ]
    assert texts(member, Notification.Kind.DOCUMENTS) == []


def test_documents_not_sent_fall_back_to_the_units_secretaries(secretary):
    plan(starts_at=at(21, 8))  # no chair, no secretary named
    run()
    assert len(texts(secretary, Notification.Kind.DOCUMENTS)) == 1


def test_assignments_due_then_overdue_once_per_stage(secretary):
    meeting = plan(starts_at=at(5, 8))
    meeting_actions.create_assignment(
        Assignment(
            meeting=meeting,
            what="Rà soát bản đăng ký",
            assignee_person=tam(),
            deadline=datetime.date(2026, 3, 23),
        ),
        actor=None,
    )
    meeting_actions.create_assignment(
        Assignment(
            meeting=meeting, what="Việc còn xa", assignee_person=tam(), deadline=datetime.date(2026, 3, 30)
        ),
        actor=None,
    )
    run()
    run()
    assert texts(secretary, Notification.Kind.ASSIGNMENT) == [
        "Việc được giao «Rà soát bản đăng ký» đến hạn ngày 23/03/2026."
    ]
    with time_machine.travel(datetime.datetime(2026, 3, 24, 7, 0, tzinfo=NOW.tzinfo), tick=False):
        run()
        run()
    assert texts(secretary, Notification.Kind.ASSIGNMENT) == [
        "Việc được giao «Rà soát bản đăng ký» đã quá hạn ngày 23/03/2026 mà chưa báo hoàn thành.",
        "Việc được giao «Rà soát bản đăng ký» đến hạn ngày 23/03/2026.",
    ]


def test_a_unit_assignment_reaches_the_units_secretaries(secretary, commune_leader):
    meeting = plan(unit_code="LB", code="monthly", starts_at=at(5, 8))
    meeting_actions.create_assignment(
        Assignment(
            meeting=meeting,
            what="Báo cáo sơ kết",
            assignee_unit=unit("LB-01"),
            deadline=datetime.date(2026, 3, 10),
        ),
        actor=None,
    )
    run()
    assert texts(secretary, Notification.Kind.ASSIGNMENT) == [
        "Việc được giao «Báo cáo sơ kết» đã quá hạn ngày 10/03/2026 mà chưa báo hoàn thành."
    ]
    assert texts(commune_leader, Notification.Kind.ASSIGNMENT) == []


def test_registrations_missing_as_the_deadline_approaches(member, secretary, outsider):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2026, due_date=datetime.date(2026, 3, 25))
    RegistrationDeadline.objects.create(unit=unit("CD"), year=2026, due_date=datetime.date(2026, 3, 26))
    Pledge.objects.create(person=tam(), unit=unit("LB-01"), year=2026, status=Pledge.Status.SUBMITTED)
    run()
    run()
    assert texts(member, Notification.Kind.PLEDGE) == [
        "Anh/chị chưa nộp bản đăng ký học tập và làm theo năm 2026; hạn nộp ngày 25/03/2026."
    ]
    assert texts(secretary, Notification.Kind.PLEDGE) == []  # submitted
    assert texts(outsider, Notification.Kind.PLEDGE) == []  # no person linked


def test_a_nearer_later_deadline_of_ones_own_unit_wins(member):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2026, due_date=datetime.date(2026, 3, 25))
    RegistrationDeadline.objects.create(unit=unit("LB-01"), year=2026, due_date=datetime.date(2026, 4, 30))
    run()
    assert texts(member, Notification.Kind.PLEDGE) == []


def test_the_pledges_remind_action_notifies(secretary, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pledge_actions.remind_missing(unit("LB-01"), 2026, actor=secretary)
        pledge_actions.remind_missing(unit("LB-01"), 2026, actor=secretary)  # twice the same day: once
    assert texts(member, Notification.Kind.PLEDGE) == [
        "Anh/chị chưa nộp bản đăng ký học tập và làm theo năm 2026."
    ]
    assert texts(secretary, Notification.Kind.PLEDGE) == [
        "Anh/chị chưa nộp bản đăng ký học tập và làm theo năm 2026."
    ]
    assert "member@example.vn" in [m.to[0] for m in mail.outbox]


def test_the_daily_run_reads_a_fixed_number_of_queries(member, django_assert_max_num_queries):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2026, due_date=datetime.date(2026, 3, 25))

    def scene(count):
        for hour in range(count):
            meeting = plan(starts_at=at(21, 7 + hour), chair=tam())
            meeting_actions.create_assignment(
                Assignment(
                    meeting=meeting, what="Việc", assignee_person=tam(), deadline=datetime.date(2026, 3, 21)
                ),
                actor=None,
            )

    scene(1)
    with django_assert_max_num_queries(8) as few:
        small = reminders.daily(NOW)
    scene(5)
    with django_assert_max_num_queries(len(few)):
        large = reminders.daily(NOW)
    assert sum(map(len, large.values())) > sum(map(len, small.values()))
    User.objects.update(is_active=False)
    assert not any(reminders.daily(NOW)[k] for k in (Notification.Kind.MEETING, Notification.Kind.PLEDGE))


# The last day of the registration deadline --------------------------------------------------------------------


def test_a_registration_is_reminded_a_week_before_and_on_the_last_day(member):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2026, due_date=datetime.date(2026, 3, 25))
    run()
    for day in (
        24,
        25,
        25,
        26,
    ):  # the day before: nothing; the last day: once, even if run twice; after: nothing
        with time_machine.travel(datetime.datetime(2026, 3, day, 6, 30, tzinfo=NOW.tzinfo), tick=False):
            run()
    assert texts(member, Notification.Kind.PLEDGE) == [
        "Anh/chị chưa nộp bản đăng ký học tập và làm theo năm 2026; hạn nộp ngày 25/03/2026.",
        "Hôm nay (25/03/2026) là hạn cuối nộp bản đăng ký học tập và làm theo năm 2026; anh/chị chưa nộp.",
    ]
    assert Notification.objects.get(recipient=member, key__endswith=":last").key == (
        f"pledge:2026:{member.person_id}:20260325:last"
    )


def test_a_deadline_set_on_its_own_last_day_is_reminded_once(member):
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2026, due_date=datetime.date(2026, 3, 20))
    run()
    run()
    assert texts(member, Notification.Kind.PLEDGE) == [
        "Hôm nay (20/03/2026) là hạn cuối nộp bản đăng ký học tập và làm theo năm 2026; anh/chị chưa nộp."
    ]


# Links an assignee can open -----------------------------------------------------------------------------------


def _commune_meeting():
    """A meeting of the commune committee LB to which nobody of the chi bộ LB-01 was invited."""
    return meeting_actions.plan_meeting(
        Meeting(unit=unit("LB"), kind=MeetingKind.objects.get(code="monthly"), starts_at=at(5, 8)),
        actor=None,
        invitees={},
    )


def _assign(meeting, **fields):
    return meeting_actions.create_assignment(
        Assignment(meeting=meeting, what="Báo cáo sơ kết", deadline=datetime.date(2026, 3, 21), **fields),
        actor=None,
    )


@pytest.mark.parametrize("persona", ["secretary", "commune_leader", "member", "outsider"])
def test_a_unit_assignment_links_to_the_assignee_units_list_not_the_hosts_meeting(persona, client, request):
    """A commune's meeting gives a task to the chi bộ LB-01: its secretary is told, and the link opens for them,
    while the commune's meeting itself stays out of the chi bộ's reach."""
    meeting = _commune_meeting()
    assignment = _assign(meeting, assignee_unit=unit("LB-01"))
    run()
    secretary = request.getfixturevalue("secretary")
    note = Notification.objects.get(recipient=secretary, kind=Notification.Kind.ASSIGNMENT)
    assert note.link == f"/sinh-hoat/don-vi/{unit('LB-01').pk}/phan-cong/#phan-cong-{assignment.pk}"
    client.force_login(request.getfixturevalue(persona))
    page = client.get(note.link)
    expected = {"secretary": 200, "commune_leader": 200, "member": 200, "outsider": 404}[persona]
    assert page.status_code == expected
    if persona == "secretary":
        assert "Báo cáo sơ kết" in page.content.decode()
        assert (
            client.get(meeting.get_absolute_url()).status_code == 404
        )  # no access gained to the host's meeting
    if persona == "member":
        assert "Báo cáo sơ kết" not in page.content.decode()  # the chi bộ's list, not the member's business


@pytest.mark.parametrize("persona", ["secretary", "commune_leader", "member", "outsider"])
def test_a_persons_assignment_links_to_their_own_list(persona, client, request):
    """A commune's meeting, which the chi bộ's secretary did not attend, gives him a task: the link opens his own
    list of assignments, with the meeting named but not linked; nobody else sees it there."""
    meeting = _commune_meeting()
    assignment = _assign(meeting, assignee_person=tam())
    run()
    secretary = request.getfixturevalue("secretary")
    note = Notification.objects.get(recipient=secretary, kind=Notification.Kind.ASSIGNMENT)
    assert note.link == f"/thong-bao/viec-duoc-giao/#phan-cong-{assignment.pk}"
    client.force_login(request.getfixturevalue(persona))
    page = client.get(note.link)
    text = page.content.decode()
    assert page.status_code == 200
    if persona == "secretary":
        assert f'id="phan-cong-{assignment.pk}"' in text and "Báo cáo sơ kết" in text
        assert meeting.get_absolute_url() not in text
        assert client.get(meeting.get_absolute_url()).status_code == 404
    else:
        assert "Báo cáo sơ kết" not in text


# Housekeeping -------------------------------------------------------------------------------------------------


def test_old_notifications_are_deleted_and_counted(member, secretary):
    def note(key, days_ago, read):
        created = NOW - datetime.timedelta(days=days_ago)
        return Notification.objects.create(
            recipient=member, text=key, key=key, created_at=created, read_at=created if read else None
        )

    note("read-recent", 89, read=True)
    note("read-old", 91, read=True)
    note("read-older", 400, read=True)
    note("unread-old", 300, read=False)
    note("unread-older", 366, read=False)
    output = run()
    assert sorted(Notification.objects.values_list("key", flat=True)) == ["read-recent", "unread-old"]
    assert "Đã xóa 2 thông báo đã đọc quá 90 ngày và 1 thông báo chưa đọc quá 365 ngày." in output
    assert "Đã xóa 0 thông báo đã đọc" in run()


def test_the_help_names_the_periods():
    from lamtheo.notifications.management.commands.send_reminders import Command

    assert "đã đọc quá 90 ngày" in Command.help and "chưa đọc quá 365 ngày" in Command.help


def test_an_overdue_assignment_is_not_reminded_again_once_its_reminder_is_deleted(secretary):
    meeting = plan(starts_at=at(5, 8))
    _assign(meeting, assignee_person=tam())
    with time_machine.travel(datetime.datetime(2026, 3, 22, 6, 30, tzinfo=NOW.tzinfo), tick=False):
        run()
    note = Notification.objects.get(recipient=secretary, kind=Notification.Kind.ASSIGNMENT)
    assert "quá hạn" in note.text
    Notification.objects.filter(pk=note.pk).update(read_at=note.created_at)
    for day in (datetime.date(2026, 6, 20), datetime.date(2026, 6, 21), datetime.date(2027, 3, 1)):
        with time_machine.travel(
            datetime.datetime.combine(day, datetime.time(6, 30), NOW.tzinfo), tick=False
        ):
            run()
    assert not Notification.objects.filter(recipient=secretary, kind=Notification.Kind.ASSIGNMENT).exists()
