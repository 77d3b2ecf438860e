"""Writes on meetings: plan, record as held with attendance, minutes per agenda item, assignments. Each atomic
and audited; a meeting with any number of attendees is written in a fixed number of queries.

Who may call them (permissions.may_manage) is checked by the caller. Attendance is a dict
{person id: Mark(status, reason)}; the rules:

- only people who belonged to the host unit's subtree on the meeting's date (by their stays, as for study);
- a meeting starting after now cannot be recorded as held; one cannot end before it starts;
- an edit names the version it was read at; if someone saved the meeting since, nothing is written.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.audit import actions as audit
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.meetings.models import AgendaItem, Assignment, Meeting, MeetingAttendance
from lamtheo.people.models import Person
from lamtheo.study.models import people_on, units_on

MEETING_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "is_combined",
    "place",
    "online_link",
    "chair",
    "secretary",
    "status",
    "documents_sent_at",
]
NAMES_SHOWN = 10
REASON_MAX = 200
Status = MeetingAttendance.Status


@dataclass(frozen=True)
class Mark:
    status: str
    reason: str = ""


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _snapshot(meeting: Meeting) -> dict:
    values = audit.snapshot(meeting, MEETING_FIELDS)
    for field in ("starts_at", "ends_at", "documents_sent_at"):
        value = getattr(meeting, field)
        values[field] = timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else None
    return values


def _names(person_ids) -> str:
    people = list(Person.objects.filter(pk__in=person_ids).sorted()[: NAMES_SHOWN + 1])
    shown = [p.full_name for p in people[:NAMES_SHOWN]]
    if len(person_ids) > NAMES_SHOWN:
        shown.append(_("và %(count)s người khác") % {"count": vn.number(len(person_ids) - NAMES_SHOWN)})
    return ", ".join(shown)


def _check_times(meeting: Meeting) -> None:
    if meeting.ends_at and meeting.starts_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("Giờ kết thúc phải sau giờ bắt đầu.")})


def _agenda(meeting: Meeting, titles: list[str]) -> list[AgendaItem]:
    kind = meeting.kind
    return [
        AgendaItem(meeting=meeting, position=index, title=title[:300], required=kind.is_required(title))
        for index, title in enumerate(titles, start=1)
    ]


def default_agenda(kind) -> list[str]:
    return list(kind.required_titles)


def default_invitees(unit, date: datetime.date) -> dict[int, Mark]:
    """The people of the unit's subtree on `date`; those exempted from meetings are marked so."""
    rows = people_on(unit, date).values_list("pk", "status")
    return {
        pk: Mark(Status.EXEMPT if status == Person.Status.EXEMPT else Status.INVITED) for pk, status in rows
    }


def _rows(meeting: Meeting, marks: dict[int, Mark]) -> list[MeetingAttendance]:
    """Rows for `marks`, or ValidationError on "attendance" naming whoever did not belong to the unit then."""
    date = meeting.local_start.date()
    where = units_on(meeting.unit, date, marks)
    outside = [pk for pk in marks if pk not in where]
    if outside:
        raise ValidationError(
            {
                "attendance": _(
                    "Không thể ghi dự họp cho %(names)s: vào ngày %(date)s họ không sinh hoạt tại %(unit)s hoặc "
                    "đơn vị trực thuộc."
                )
                % {"names": _names(outside), "date": vn.short_date(date), "unit": meeting.unit}
            }
        )
    return [
        MeetingAttendance(
            meeting=meeting,
            person_id=pk,
            status=mark.status,
            reason=""
            if mark.status in (Status.PRESENT, Status.INVITED)
            else mark.reason.strip()[:REASON_MAX],
        )
        for pk, mark in marks.items()
    ]


def _replace_attendance(meeting, rows) -> None:
    MeetingAttendance.objects.filter(meeting=meeting).delete()
    MeetingAttendance.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def plan_meeting(meeting: Meeting, *, actor, agenda: list[str] | None = None, invitees=None) -> Meeting:
    """Save `meeting` (unsaved) as planned, with its agenda (the kind's required items by default) and its
    invitees (the unit's people on the meeting's date by default)."""
    meeting.status = Meeting.Status.PLANNED
    meeting.created_by = _user(actor)
    _check_times(meeting)
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    titles = agenda if agenda is not None else default_agenda(meeting.kind)
    AgendaItem.objects.bulk_create(_agenda(meeting, titles))
    marks = invitees if invitees is not None else default_invitees(meeting.unit, meeting.local_start.date())
    MeetingAttendance.objects.bulk_create(_rows(meeting, marks), batch_size=1000)
    changes = {f: [None, v] for f, v in _snapshot(meeting).items() if v not in (None, "", False)}
    audit.record(meeting, "meeting.plan", actor=actor, changes=changes)
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor, expected_version: int, agenda: list[str] | None = None
) -> Meeting:
    """Save the edited plan; with `agenda`, the titles replace the agenda (minutes kept for titles that stay)."""
    current = Meeting.objects.select_related("kind", "chair", "secretary").get(pk=meeting.pk)
    meeting.unit_id = current.unit_id
    _check_times(meeting)
    meeting.full_clean(exclude=["created_by"])
    meeting.updated_at = timezone.now()
    save_versioned(meeting, expected_version, [*MEETING_FIELDS, "updated_at"])
    if agenda is not None:
        kept = {item.title: item for item in AgendaItem.objects.filter(meeting=meeting)}
        items = _agenda(meeting, agenda)
        for item in items:
            if item.title in kept:
                item.notes, item.conclusion = kept[item.title].notes, kept[item.title].conclusion
        AgendaItem.objects.filter(meeting=meeting).delete()
        AgendaItem.objects.bulk_create(items)
    changes = audit.diff(_snapshot(current), _snapshot(meeting))
    if changes:
        audit.record(meeting, "meeting.plan", actor=actor, changes=changes)
    return meeting


@transaction.atomic
def hold_meeting(
    meeting: Meeting,
    marks: dict[int, Mark],
    *,
    actor,
    expected_version: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Record the meeting as held between `starts_at` and `ends_at`, with the attendance of the listed people
    (the whole list is replaced), in one write."""
    now = now or timezone.now()
    if starts_at > now:
        raise ValidationError(
            {
                "starts_at": _(
                    "Cuộc họp bắt đầu lúc %(when)s, chưa diễn ra nên chưa thể ghi nhận đã họp. Hãy ghi nhận sau "
                    "khi họp."
                )
                % {"when": timezone.localtime(starts_at).strftime("%H:%M %d/%m/%Y")}
            }
        )
    before = _snapshot(meeting)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    _check_times(meeting)
    rows = _rows(meeting, marks)
    meeting.status = Meeting.Status.HELD
    meeting.updated_at = now
    save_versioned(meeting, expected_version, ["starts_at", "ends_at", "status", "updated_at"])
    _replace_attendance(meeting, rows)
    present = sum(row.status in (Status.PRESENT, Status.LATE) for row in rows)
    audit.record(
        meeting,
        "meeting.hold",
        actor=actor,
        changes=audit.diff(before, _snapshot(meeting)),
        note=_("Điểm danh %(listed)s người: %(present)s có mặt.")
        % {"listed": vn.number(len(rows)), "present": vn.number(present)},
    )
    return meeting


@transaction.atomic
def record_attendance(meeting: Meeting, marks: dict[int, Mark], *, actor, expected_version: int) -> Meeting:
    """Correct the attendance of a meeting already held (the whole list is replaced)."""
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError({"attendance": _("Chỉ điểm danh được cuộc họp đã diễn ra.")})
    rows = _rows(meeting, marks)
    meeting.updated_at = timezone.now()
    save_versioned(meeting, expected_version, ["updated_at"])
    _replace_attendance(meeting, rows)
    audit.record(
        meeting, "meeting.attendance", actor=actor, note=_("Sửa điểm danh %(n)s người.") % {"n": len(rows)}
    )
    return meeting


@transaction.atomic
def save_minutes(
    meeting: Meeting, minutes: dict[int, tuple[str, str]], *, actor, expected_version: int
) -> Meeting:
    """Write the notes and conclusion of each agenda item {item id: (notes, conclusion)}. ConflictError if
    someone saved the meeting since `expected_version`: then nothing is written."""
    meeting.updated_at = timezone.now()
    save_versioned(meeting, expected_version, ["updated_at"])
    items = list(AgendaItem.objects.filter(meeting=meeting, pk__in=list(minutes)))
    changed = []
    for item in items:
        notes, conclusion = minutes[item.pk]
        if (item.notes, item.conclusion) != (notes, conclusion):
            item.notes, item.conclusion = notes, conclusion
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["notes", "conclusion"])
    audit.record(
        meeting,
        "meeting.minutes",
        actor=actor,
        note=", ".join(item.title for item in changed),
    )
    return meeting


@transaction.atomic
def create_assignment(assignment: Assignment, *, actor) -> Assignment:
    if not assignment.assignee_person_id and not assignment.assignee_unit_id:
        raise ValidationError({"assignee_person": _("Hãy chọn người hoặc đơn vị thực hiện.")})
    assignment.full_clean()
    assignment.save()
    audit.record(
        assignment.meeting,
        "assignment.create",
        actor=actor,
        note=_("%(what)s – %(who)s, hạn %(deadline)s")
        % {
            "what": assignment.what,
            "who": assignment.assignee,
            "deadline": vn.short_date(assignment.deadline),
        },
    )
    return assignment


@transaction.atomic
def mark_done(assignment: Assignment, *, actor, evidence: str, now=None) -> Assignment:
    if assignment.done_at is not None:
        raise ValidationError(_("Công việc này đã được đánh dấu hoàn thành."))
    assignment.done_at = now or timezone.now()
    assignment.evidence = evidence.strip()
    assignment.save(update_fields=["done_at", "evidence"])
    audit.record(
        assignment.meeting, "assignment.done", actor=actor, note=f"{assignment.what} – {assignment.evidence}"
    )
    return assignment
