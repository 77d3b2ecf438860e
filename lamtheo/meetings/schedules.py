"""Recurring schedules: a unit declares "sinh hoạt thường kỳ ngày 5 hằng tháng lúc 19:30 tại hội trường ấp" and
plans the coming months' meetings from it in one step, never twice for the same month."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.meetings.actions import plan_meeting
from lamtheo.meetings.models import Meeting, MeetingSchedule

# One whole sentence for each combination (a place or not, in force or not): nothing glued on.
DESCRIPTIONS = {
    (True, True): gettext_lazy("%(kind)s ngày %(day)s hằng tháng lúc %(time)s tại %(place)s."),
    (True, False): gettext_lazy("%(kind)s ngày %(day)s hằng tháng lúc %(time)s."),
    (False, True): gettext_lazy(
        "%(kind)s ngày %(day)s hằng tháng lúc %(time)s tại %(place)s (ngừng áp dụng)."
    ),
    (False, False): gettext_lazy("%(kind)s ngày %(day)s hằng tháng lúc %(time)s (ngừng áp dụng)."),
}


def describe(schedule: MeetingSchedule) -> str:
    """The schedule in one sentence: "Sinh hoạt chi bộ thường kỳ ngày 5 hằng tháng lúc 19:30 tại hội trường ấp."."""
    message = DESCRIPTIONS[schedule.active, bool(schedule.place)]
    return str(message) % {
        "kind": schedule.kind.name,
        "day": schedule.day_of_month,
        "time": schedule.time.strftime("%H:%M"),
        "place": schedule.place,
    }


@transaction.atomic
def save_schedule(schedule: MeetingSchedule, *, actor) -> MeetingSchedule:
    require(actor, "meetings.manage", schedule.unit)
    creating = schedule.pk is None
    if creating:
        schedule.created_by = user_of(actor)
    schedule.full_clean(exclude=["created_by"])
    schedule.save()
    audit.record(
        schedule.unit,
        "meeting.schedule",
        actor=actor,
        note=describe(schedule),
    )
    return schedule


def _months_from(year: int, month: int):
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@transaction.atomic
def plan_from_schedule(
    schedule: MeetingSchedule, *, actor, months: int, now: datetime.datetime | None = None
) -> list[Meeting]:
    """Plan the schedule's meetings for the next `months` occurrences still ahead of `now`. Idempotent: a month
    where the unit already has a meeting of that kind (planned, held or cancelled) gets none."""
    require(actor, "meetings.manage", schedule.unit)
    if not schedule.active:
        raise ValidationError(_("Lịch định kỳ này đang ngừng áp dụng."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    wanted = []
    for year, month in _months_from(today.year, today.month):
        if len(wanted) == months:
            break
        starts_at = schedule.starts_in(year, month)
        if starts_at > now:
            wanted.append(starts_at)
    if not wanted:
        return []
    first, last = wanted[0], wanted[-1]
    taken = {
        (start.year, start.month)
        for start in (
            timezone.localtime(value)
            for value in Meeting.objects.filter(
                unit=schedule.unit,
                kind=schedule.kind,
                starts_at__gte=first.replace(day=1, hour=0, minute=0),
                starts_at__lte=last + datetime.timedelta(days=31),
            ).values_list("starts_at", flat=True)
        )
    }
    created = []
    for starts_at in wanted:
        local = timezone.localtime(starts_at)
        if (local.year, local.month) in taken:
            continue
        meeting = Meeting(
            unit=schedule.unit,
            kind=schedule.kind,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=schedule.duration_minutes),
            place=schedule.place,
            schedule=schedule,
        )
        created.append(plan_meeting(meeting, actor=actor))
    return created
