"""What the daily reminders say and to whom (`lamtheo send_reminders`), one function per kind of reminder.

Each function reads its rows in a fixed number of queries and returns `Message`s; `notify` then skips the keys
already used, so running the command twice a day, or again after a failure, sends nothing twice. Keys carry the
stage (an assignment is reminded once when due soon and once when overdue) and the date that matters (a meeting
moved to another day is announced again).
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import User
from lamtheo.accounts.scoping import subtree_q
from lamtheo.lib import vn
from lamtheo.meetings.models import Assignment, Meeting, MeetingAttendance
from lamtheo.notifications.actions import READ_KEPT, Message, notify
from lamtheo.notifications.models import Notification
from lamtheo.people.leaders import leader_accounts  # who answers for a unit given a task
from lamtheo.people.models import Person
from lamtheo.pledges.models import Pledge, RegistrationDeadline
from lamtheo.units.models import Unit

MEETING_AHEAD = datetime.timedelta(days=2)  # invitees hear of a meeting two days before
ASSIGNMENT_DAYS_AHEAD = 3  # an assignment due within three days
PLEDGE_DAYS_AHEAD = 7  # a registration deadline within a week (and again on its last day)
# An overdue assignment is reminded once; past this many days the inbox may have deleted that reminder, so the
# run stops looking at it rather than send it again (a reminder is sent at least a day after the deadline and
# kept at least READ_KEPT).
OVERDUE_REMINDED = READ_KEPT


def _user_of(person) -> User | None:
    """The active account linked to `person` (read through select_related, so no query)."""
    if person is None:
        return None
    try:
        user = person.user
    except User.DoesNotExist:
        return None
    return user if user.is_active else None


def _when(value: datetime.datetime) -> str:
    """`08:00 Thứ năm 05/03/2026`."""
    local = timezone.localtime(value)
    return f"{local:%H:%M} {vn.weekday(local.date())} {vn.short_date(local.date())}"


def _window(now: datetime.datetime):
    return Meeting.objects.filter(starts_at__gt=now, starts_at__lte=now + MEETING_AHEAD)


def _upcoming(now: datetime.datetime):
    return _window(now).filter(status=Meeting.Status.PLANNED)


def _invitees(meetings):
    """Attendance rows, with their meeting and the invitee's active account, of `meetings`; those exempted from
    meetings (miễn sinh hoạt) are not expected and not reminded."""
    return (
        MeetingAttendance.objects.filter(meeting__in=meetings, person__user__is_active=True)
        .exclude(status=MeetingAttendance.Status.EXEMPT)
        .select_related("meeting__unit", "meeting__kind", "person__user")
        .order_by("meeting__starts_at", "pk")
    )


def meeting_invitations(now: datetime.datetime) -> list[Message]:
    """Every invitee with an account, for each planned meeting starting in the next two days; and, for a meeting
    of those days that was cancelled, the news that it will not take place."""
    messages = []
    for row in _invitees(_window(now).exclude(status=Meeting.Status.HELD)):
        meeting = row.meeting
        values = {
            "meeting": meeting.display_title,
            "unit": meeting.unit.name,
            "when": _when(meeting.starts_at),
            "place": meeting.place or meeting.online_link,
            "reason": meeting.cancel_reason,
        }
        if meeting.status == Meeting.Status.CANCELLED:
            text = (
                _("Đã hủy cuộc họp %(meeting)s – %(unit)s lúc %(when)s. Lý do: %(reason)s")
                if meeting.cancel_reason
                else _("Đã hủy cuộc họp %(meeting)s – %(unit)s lúc %(when)s.")
            ) % values
            key = f"meeting-cancelled:{meeting.pk}"
        else:
            text = (
                _("Mời họp: %(meeting)s – %(unit)s, lúc %(when)s, tại %(place)s.")
                if values["place"]
                else _("Mời họp: %(meeting)s – %(unit)s, lúc %(when)s.")
            ) % values
            key = f"meeting:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}"
        messages.append(
            Message(
                recipient=row.person.user,
                text=text,
                link=meeting.get_absolute_url(),
                key=key,
                kind=Notification.Kind.MEETING,
                unit=meeting.unit,
            )
        )
    return messages


def documents_not_sent(now: datetime.datetime) -> list[Message]:
    """The chair and the secretary of each planned meeting in the next two days whose documents are not sent yet
    (the rules ask for them one day before); the unit's secretaries when neither has an account."""
    meetings = list(
        _upcoming(now)
        .filter(documents_sent_at__isnull=True)
        .select_related("unit", "kind", "chair__user", "secretary__user")
        .order_by("starts_at", "pk")
    )
    leaders = leader_accounts({m.unit_id for m in meetings}) if meetings else {}
    messages = []
    for meeting in meetings:
        recipients = [u for u in (_user_of(meeting.chair), _user_of(meeting.secretary)) if u is not None]
        for user in recipients or leaders.get(meeting.unit_id, []):
            messages.append(
                Message(
                    recipient=user,
                    text=_(
                        "Chưa gửi tài liệu cuộc họp %(meeting)s – %(unit)s (%(when)s): cần gửi trước ít nhất một ngày."
                    )
                    % {
                        "meeting": meeting.display_title,
                        "unit": meeting.unit.name,
                        "when": _when(meeting.starts_at),
                    },
                    link=meeting.get_absolute_url(),
                    key=f"documents:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}",
                    kind=Notification.Kind.DOCUMENTS,
                    unit=meeting.unit,
                )
            )
    return messages


def assignments_due(today: datetime.date) -> list[Message]:
    """Open assignments due within three days (stage `due`) or past their deadline (stage `overdue`), to the
    assignee's account, or to the secretaries of the assignee unit."""
    assignments = list(
        Assignment.objects.open()
        .filter(
            deadline__lte=today + datetime.timedelta(days=ASSIGNMENT_DAYS_AHEAD),
            deadline__gte=today - OVERDUE_REMINDED,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__unit", "meeting__kind", "assignee_person__user", "assignee_unit")
        .order_by("deadline", "pk")
    )
    unit_ids = {
        a.assignee_unit_id for a in assignments if a.assignee_person_id is None and a.assignee_unit_id
    }
    leaders = leader_accounts(unit_ids) if unit_ids else {}
    messages = []
    for assignment in assignments:
        overdue = assignment.deadline < today
        values = {"what": assignment.what, "date": vn.short_date(assignment.deadline)}
        text = (
            _("Việc được giao «%(what)s» đã quá hạn ngày %(date)s mà chưa báo hoàn thành.")
            if overdue
            else _("Việc được giao «%(what)s» đến hạn ngày %(date)s.")
        ) % values
        if assignment.assignee_person_id:
            user = _user_of(assignment.assignee_person)
            recipients = [user] if user else []
        else:
            recipients = leaders.get(assignment.assignee_unit_id, [])
        for user in recipients:
            messages.append(
                Message(
                    recipient=user,
                    text=text,
                    link=assignment_link(assignment),
                    key=f"assignment:{assignment.pk}:{'overdue' if overdue else 'due'}",
                    kind=Notification.Kind.ASSIGNMENT,
                    unit=assignment.meeting.unit,
                )
            )
    return messages


def assignment_link(assignment) -> str:
    """A page the assignee opens, which the host's meeting may not be: a unit's leaders get their unit's list of
    assignments (where they report it done), a person the list of what was given to them."""
    if assignment.assignee_person_id:
        return f"{reverse('notifications:assignments')}#phan-cong-{assignment.pk}"
    return f"{reverse('meetings:assignments', args=[assignment.assignee_unit_id])}#phan-cong-{assignment.pk}"


def _pledge_text(year: int, due_date: datetime.date | None) -> str:
    if due_date is None:
        return _("Anh/chị chưa nộp bản đăng ký học tập và làm theo năm %(year)s.") % {"year": year}
    return _("Anh/chị chưa nộp bản đăng ký học tập và làm theo năm %(year)s; hạn nộp ngày %(date)s.") % {
        "year": year,
        "date": vn.short_date(due_date),
    }


def _pledge_last_day_text(year: int, due_date: datetime.date) -> str:
    return _(
        "Hôm nay (%(date)s) là hạn cuối nộp bản đăng ký học tập và làm theo năm %(year)s; anh/chị chưa nộp."
    ) % {"year": year, "date": vn.short_date(due_date)}


def registrations_missing(today: datetime.date) -> list[Message]:
    """The people with an account who have not submitted this year's registration, when the deadline that applies
    to their unit (its own, else the nearest above) falls within a week; and again on the deadline itself."""
    year = today.year
    deadlines = {
        d.unit.path: d for d in RegistrationDeadline.objects.filter(year=year).select_related("unit")
    }
    soon = today + datetime.timedelta(days=PLEDGE_DAYS_AHEAD)
    approaching = [d for d in deadlines.values() if today <= d.due_date <= soon]
    if not approaching:
        return []
    in_scope = Q(pk__in=[])
    for deadline in approaching:
        in_scope |= subtree_q(deadline.unit.path, "person__unit__path")
    submitted = Pledge.objects.filter(year=year, status__in=Pledge.REGISTERED_STATES).values("person")
    users = (
        User.objects.filter(in_scope, is_active=True, person__status__in=Person.ACTIVE_STATUSES)
        .exclude(person__in=submitted)
        .select_related("person__unit")
        .order_by("pk")
    )
    link = reverse("pledges:mine")
    messages = []
    for user in users:
        path = user.person.unit.path
        levels = range(len(path) // Unit.steplen, 0, -1)
        deadline = next(
            (deadlines[p] for p in (path[: i * Unit.steplen] for i in levels) if p in deadlines), None
        )
        if deadline is None or not today <= deadline.due_date <= soon:
            continue  # a nearer deadline of their own unit applies, and it is not close yet
        last_day = deadline.due_date == today
        messages.append(
            Message(
                recipient=user,
                text=(
                    _pledge_last_day_text(year, deadline.due_date)
                    if last_day
                    else _pledge_text(year, deadline.due_date)
                ),
                link=link,
                key=f"pledge:{year}:{user.person_id}:{deadline.due_date:%Y%m%d}{':last' if last_day else ''}",
                kind=Notification.Kind.PLEDGE,
                unit=user.person.unit,
            )
        )
    return messages


def pledge_reminders(people, unit, year: int, today: datetime.date) -> list[Message]:
    """For the secretary's "remind" button: each of `people` who has an account, once a day."""
    deadline = RegistrationDeadline.objects.for_unit(unit, year)
    text = _pledge_text(year, deadline.due_date if deadline else None)
    link = reverse("pledges:mine")
    users = User.objects.filter(person__in=[p.pk for p in people], is_active=True).order_by("pk")
    return [
        Message(
            recipient=user,
            text=text,
            link=link,
            key=f"pledge-remind:{year}:{user.person_id}:{today:%Y%m%d}",
            kind=Notification.Kind.PLEDGE,
            unit=unit,
        )
        for user in users
    ]


def daily(now: datetime.datetime) -> dict[str, list[Message]]:
    """Everything the daily run sends, by kind."""
    today = timezone.localdate(now)
    return {
        Notification.Kind.MEETING: meeting_invitations(now),
        Notification.Kind.DOCUMENTS: documents_not_sent(now),
        Notification.Kind.ASSIGNMENT: assignments_due(today),
        Notification.Kind.PLEDGE: registrations_missing(today),
    }


def remind_pledges(people, unit, year: int, *, actor) -> list[Notification]:
    """Notify the people (of `unit`) who have not submitted their registration: called by the pledges' remind
    action, so the secretary's button really reaches those with an account."""
    return notify(pledge_reminders(people, unit, year, timezone.localdate()), actor=actor)
