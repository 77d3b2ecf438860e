"""Writes on meetings: plan, record as held with attendance, minutes per agenda item, assignments. Each atomic
and audited; a meeting with any number of attendees is written in a fixed number of queries.

Each checks its rule first (lamtheo.meetings.rules: PermissionDenied with the reason). Attendance is a dict
{person id: Mark(status, reason)}; the rules:

- only people who belonged to the host unit's subtree on the meeting's date (by their stays, as for study);
- a meeting starting after now cannot be recorded as held; one cannot end before it starts;
- an edit names the version it was read at; if someone saved the meeting since, nothing is written.

Giao ban and conferences (sơ kết, tổng kết) invite the secretaries of chosen units below the host, record
contributions by unit, and turn conclusions into assignments to those units in one step.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib import vn
from lamtheo.lib.attendance import ATTENDED, AWAY, Mark, Presence
from lamtheo.lib.concurrency import save_versioned
from lamtheo.meetings.models import (
    AgendaItem,
    Assignment,
    Contribution,
    Meeting,
    MeetingAttendance,
    MeetingGuest,
    MemberAssessment,
    attendance_counts,
    normalized,
)
from lamtheo.people.leaders import leaders_of
from lamtheo.people.models import Person, Position
from lamtheo.people.naming import names_for
from lamtheo.study.models import people_on, units_on
from lamtheo.units.models import Unit

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
INVITED = MeetingAttendance.INVITED


def _snapshot(meeting: Meeting) -> dict:
    values = audit.snapshot(meeting, MEETING_FIELDS)
    for field in ("starts_at", "ends_at", "documents_sent_at"):
        value = getattr(meeting, field)
        values[field] = timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else None
    return values


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
    """The kind's required items, then its suggested ones (a giao ban's four discussion topics)."""
    titles = list(kind.required_titles)
    seen = {normalized(t) for t in titles}
    titles.extend(t for t in kind.suggested_titles if normalized(t) not in seen)
    return titles


def secretaries_of(host, units, date: datetime.date) -> tuple[dict[int, Mark], list]:
    """The leaders of `units` on `date` (lamtheo.people.leaders), for a giao ban hosted by `host`. Returns
    (invitees, units with nobody found). A fixed number of queries whatever the number of units."""
    by_unit = leaders_of([u.pk for u in units], date)
    found = units_on(host, date, set().union(*by_unit.values())) if units else {}
    missing = [u for u in units if not any(pk in found for pk in by_unit[u.pk])]
    return {pk: Mark(INVITED) for pk in found}, missing


def units_below_choices(host):
    """The open units directly below `host`: those a giao ban invites and assigns to by default."""
    return Unit.objects.children_of(host).active().sorted()


def default_invitees(unit, date: datetime.date) -> dict[int, Mark]:
    """The people of the unit's subtree on `date`; those exempted from meetings are marked so."""
    rows = people_on(unit, date).values_list("pk", "status")
    return {pk: Mark(Presence.EXEMPT if status == Person.Status.EXEMPT else INVITED) for pk, status in rows}


def _rows(meeting: Meeting, marks: dict[int, Mark], *, actor) -> list[MeetingAttendance]:
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
                % {
                    "names": names_for(outside, actor=actor),
                    "date": vn.short_date(date),
                    "unit": meeting.unit,
                }
            }
        )
    return [
        MeetingAttendance(
            meeting=meeting,
            person_id=pk,
            status=mark.status,
            reason=mark.kept_reason if mark.status != INVITED else "",
        )
        for pk, mark in marks.items()
    ]


ATTENDANCE_COLUMNS = ["n_listed", "n_present", "n_exempt"]


def _count_attendance(meeting, rows) -> list[str]:
    """Set the meeting's attendance columns from the rows about to be written; returns the fields to save with it
    (the figures read the columns, never the rows)."""
    for name, value in attendance_counts(row.status for row in rows).items():
        setattr(meeting, name, value)
    return ATTENDANCE_COLUMNS


def _check_leaders_present(meeting: Meeting, marks: dict[int, Mark]) -> None:
    """The chair and the secretary run the meeting: marking either absent is refused, naming who could chair."""
    present = {pk for pk, mark in marks.items() if mark.attended}
    if meeting.chair_id and meeting.chair_id in marks and marks[meeting.chair_id].status in AWAY:
        deputies = [
            position.person
            for position in Position.objects.filter(
                unit=meeting.unit,
                kind__in=(Position.Kind.DEPUTY_SECRETARY, Position.Kind.CELL_COMMITTEE_MEMBER),
                end_date__isnull=True,
                person_id__in=present - {meeting.secretary_id},
            )
            .select_related("person")
            .order_by("kind", "person__sort_key")
        ]
        names = {"chair": meeting.chair.full_name}
        if deputies:
            names["deputy"] = deputies[0].full_name
            message = _(
                "Đồng chí %(chair)s chủ trì cuộc họp nên không thể ghi vắng mặt. Nếu đồng chí vắng, hãy đổi người "
                "chủ trì trước, ví dụ đồng chí %(deputy)s đang có mặt."
            )
        else:
            message = _(
                "Đồng chí %(chair)s chủ trì cuộc họp nên không thể ghi vắng mặt. Nếu đồng chí vắng, hãy đổi người "
                "chủ trì trước: một cấp ủy viên có mặt."
            )
        raise ValidationError({"attendance": message % names})
    if meeting.secretary_id and meeting.secretary_id in marks and marks[meeting.secretary_id].status in AWAY:
        raise ValidationError(
            {
                "attendance": _(
                    "Đồng chí %(secretary)s là thư ký cuộc họp nên không thể ghi vắng mặt. Nếu đồng chí vắng, hãy "
                    "cử thư ký khác trong số người có mặt trước."
                )
                % {"secretary": meeting.secretary.full_name}
            }
        )


def _replace_attendance(meeting, rows) -> None:
    """The attendance rows replaced (the caller saved the meeting's columns counted from them)."""
    MeetingAttendance.objects.filter(meeting=meeting).delete()
    MeetingAttendance.objects.bulk_create(rows, batch_size=1000)


@dataclass
class MeetingRecord:
    """A meeting to insert with what is recorded of it. Its rows need not name the meeting (`write_meetings` sets
    their key once it is inserted: cheaper than the object on hundreds of thousands of rows); a contribution names
    its agenda item by the object."""

    meeting: Meeting
    agenda: list[AgendaItem] = dataclasses.field(default_factory=list)
    attendance: list[MeetingAttendance] = dataclasses.field(default_factory=list)
    invited_units: list[Unit] = dataclasses.field(default_factory=list)
    contributions: list[Contribution] = dataclasses.field(default_factory=list)
    assessments: list[MemberAssessment] = dataclasses.field(default_factory=list)
    assignments: list[Assignment] = dataclasses.field(default_factory=list)


@transaction.atomic
def write_meetings(records: list[MeetingRecord]) -> None:
    """Insert the meetings of `records` with their agenda, attendance (each meeting's attendance columns counted
    from its rows, which the figures read), invited units, contributions, members' assessments and assignments:
    what `plan_meeting` writes once its rule and checks have passed. The demo loader writes its two years of chi
    bộ life through it, thousands of meetings at a time, so the two cannot drift. No history row: the caller
    records the one its step calls for."""
    for record in records:
        _count_attendance(record.meeting, record.attendance)
    Meeting.objects.bulk_create([r.meeting for r in records], batch_size=1000)
    for record in records:
        pk = record.meeting.pk
        for rows in (record.agenda, record.attendance, record.contributions, record.assessments):
            for row in rows:
                row.meeting_id = pk
        for assignment in record.assignments:
            assignment.meeting_id = pk
    AgendaItem.objects.bulk_create([item for r in records for item in r.agenda], batch_size=1000)
    Invited = Meeting.invited_units.through
    Invited.objects.bulk_create(
        [Invited(meeting_id=r.meeting.pk, unit_id=unit.pk) for r in records for unit in r.invited_units],
        batch_size=1000,
    )
    for model, rows in (
        (MeetingAttendance, [row for r in records for row in r.attendance]),
        (Contribution, [row for r in records for row in r.contributions]),
        (MemberAssessment, [row for r in records for row in r.assessments]),
        (Assignment, [row for r in records for row in r.assignments]),
    ):
        model.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def plan_meeting(
    meeting: Meeting,
    *,
    actor,
    agenda: list[str] | None = None,
    invitees=None,
    invited_units=None,
) -> Meeting:
    """Save `meeting` (unsaved) as planned, with its agenda (the kind's required and suggested items by default)
    and its invitees: for a giao ban or conference, the secretaries of `invited_units` (the units directly
    below by default); otherwise the unit's people on the meeting's date.

    `meeting.units_without_secretary` then lists the invited units where no secretary was found."""
    require(actor, "meetings.manage", meeting.unit)
    meeting.status = Meeting.Status.PLANNED
    meeting.created_by = user_of(actor)
    _check_times(meeting)
    meeting.full_clean(exclude=["created_by"])
    date = meeting.local_start.date()
    missing = []
    if meeting.kind.is_conference and invitees is None:
        units = list(units_below_choices(meeting.unit) if invited_units is None else invited_units)
        _check_below(meeting.unit, units, "invited_units")
        invitees, missing = secretaries_of(meeting.unit, units, date)
    else:
        units = []
    marks = invitees if invitees is not None else default_invitees(meeting.unit, date)
    rows = _rows(meeting, marks, actor=actor)
    titles = agenda if agenda is not None else default_agenda(meeting.kind)
    write_meetings([MeetingRecord(meeting, _agenda(meeting, titles), rows, invited_units=units)])
    changes = {f: [None, v] for f, v in _snapshot(meeting).items() if v not in (None, "", False)}
    if units:
        changes["invited_units"] = [None, ", ".join(u.name for u in units)]
    audit.record(meeting, "meeting.plan", actor=actor, changes=changes)
    meeting.units_without_secretary = missing
    return meeting


def _check_below(host, units, field_name: str) -> None:
    """Every one of `units` lies strictly below `host`."""
    outside = [u for u in units if u.pk == host.pk or not u.path.startswith(host.path)]
    if outside:
        raise ValidationError(
            {
                field_name: _("Chỉ chọn được đơn vị trực thuộc %(host)s; không thuộc: %(units)s.")
                % {"host": host, "units": ", ".join(u.name for u in outside)}
            }
        )


@transaction.atomic
def cancel_meeting(
    meeting: Meeting, *, actor, reason: str, expected_version: int, now: datetime.datetime | None = None
) -> Meeting:
    """Cancel a planned meeting with a reason the invitees see. A cancelled meeting counts in no figure."""
    require(actor, "meetings.manage", meeting.unit)
    reason = " ".join(reason.split())
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            {
                "reason": _("Chỉ hủy được cuộc họp đang lên lịch; cuộc họp này: %(status)s.")
                % {"status": meeting.get_status_display().lower()}
            }
        )
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do hủy cuộc họp để người được mời biết.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason
    meeting.cancelled_at = now or timezone.now()
    meeting.updated_at = meeting.cancelled_at
    save_versioned(meeting, expected_version, ["status", "cancel_reason", "cancelled_at", "updated_at"])
    audit.record(
        meeting,
        "meeting.cancel",
        actor=actor,
        changes={"status": [Meeting.Status.PLANNED, Meeting.Status.CANCELLED]},
        note=reason,
    )
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting,
    *,
    actor,
    expected_version: int,
    agenda: list[str] | None = None,
    invited_units=None,
) -> Meeting:
    """Save the edited plan. With `agenda`, the titles replace the agenda: items whose title stays keep their
    minutes, votes and contributions. With `invited_units` (a planned giao ban or conference), the invitees become
    the secretaries of those units."""
    require(actor, "meetings.manage", meeting.unit)
    current = Meeting.objects.select_related("kind", "chair", "secretary").get(pk=meeting.pk)
    meeting.unit_id = current.unit_id
    _check_times(meeting)
    meeting.full_clean(exclude=["created_by"])
    reinvite = None
    if invited_units is not None and meeting.kind.is_conference and current.status == Meeting.Status.PLANNED:
        units = list(invited_units)
        if {u.pk for u in units} != set(current.invited_units.values_list("pk", flat=True)):
            _check_below(meeting.unit, units, "invited_units")
            marks, missing = secretaries_of(meeting.unit, units, meeting.local_start.date())
            reinvite = (units, _rows(meeting, marks, actor=actor))
            meeting.units_without_secretary = missing
    meeting.updated_at = timezone.now()
    counted = _count_attendance(meeting, reinvite[1]) if reinvite is not None else []
    save_versioned(meeting, expected_version, [*MEETING_FIELDS, "updated_at", *counted])
    if agenda is not None:
        _replace_agenda(meeting, agenda)
    changes = audit.diff(_snapshot(current), _snapshot(meeting))
    if reinvite is not None:
        units, rows = reinvite
        meeting.invited_units.set(units)
        _replace_attendance(meeting, rows)
        changes["invited_units"] = [None, ", ".join(u.name for u in units)]
    if changes:
        audit.record(meeting, "meeting.plan", actor=actor, changes=changes)
    return meeting


def _replace_agenda(meeting: Meeting, titles: list[str]) -> None:
    """Keep the rows of titles that stay (with their minutes, votes and contributions), renumbered; drop the
    others; add the new ones."""
    existing = {}
    for item in AgendaItem.objects.filter(meeting=meeting):
        existing.setdefault(item.title, item)
    kept, added = [], []
    for item in _agenda(meeting, titles):
        old = existing.pop(item.title, None)
        if old is None:
            added.append(item)
        else:
            old.position, old.required = item.position, item.required
            kept.append(old)
    AgendaItem.objects.filter(pk__in=[item.pk for item in existing.values()]).delete()
    # Two steps, so that no two rows share a position in between (a unique constraint).
    final = [item.position for item in kept]
    for item in kept:
        item.position += 1000
    AgendaItem.objects.bulk_update(kept, ["position", "required"])
    for item, position in zip(kept, final, strict=True):
        item.position = position
    AgendaItem.objects.bulk_update(kept, ["position"])
    AgendaItem.objects.bulk_create(added)


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
    require(actor, "meetings.manage", meeting.unit)
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            {
                "starts_at": _("Cuộc họp này đã hủy (%(reason)s) nên không ghi nhận đã họp được.")
                % {"reason": meeting.cancel_reason}
            }
        )
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
    rows = _rows(meeting, marks, actor=actor)
    _check_leaders_present(meeting, marks)
    meeting.status = Meeting.Status.HELD
    meeting.updated_at = now
    counted = _count_attendance(meeting, rows)
    save_versioned(meeting, expected_version, ["starts_at", "ends_at", "status", "updated_at", *counted])
    _replace_attendance(meeting, rows)
    present = sum(row.status in ATTENDED for row in rows)
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
    require(actor, "meetings.manage", meeting.unit)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError({"attendance": _("Chỉ điểm danh được cuộc họp đã diễn ra.")})
    rows = _rows(meeting, marks, actor=actor)
    _check_leaders_present(meeting, marks)
    meeting.updated_at = timezone.now()
    save_versioned(meeting, expected_version, ["updated_at", *_count_attendance(meeting, rows)])
    _replace_attendance(meeting, rows)
    audit.record(
        meeting, "meeting.attendance", actor=actor, note=_("Sửa điểm danh %(n)s người.") % {"n": len(rows)}
    )
    return meeting


@dataclass(frozen=True)
class Vote:
    """A vote on an item's resolution; all counts None means no vote was taken."""

    subject: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None

    @property
    def total(self) -> int:
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.votes_abstain))


@dataclass(frozen=True)
class Said:
    """A unit's contribution on an item of a giao ban."""

    unit_id: int
    content: str
    speaker: str = ""


@dataclass(frozen=True)
class Remark:
    """A member's part of the minutes."""

    assessment: str = ""
    self_criticism: str = ""
    criticism: str = ""


@dataclass
class MinutesInput:
    """Everything the minutes page writes; None leaves that part as it is."""

    items: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict)
    votes: dict[int, Vote] | None = None
    contributions: dict[int, list[Said]] | None = None
    remarks: dict[int, Remark] | None = None
    guests: list[tuple[str, str]] | None = None


def _check_votes(meeting, items, votes: dict[int, Vote]) -> None:
    """Each vote's counts add up to at most the number present; errors name the item and the figures."""
    present = MeetingAttendance.objects.filter(meeting=meeting, status__in=ATTENDED).count()
    errors = []
    for item in items:
        vote = votes.get(item.pk)
        if vote is None:
            continue
        if vote.total > present:
            errors.append(
                _(
                    "Biểu quyết ở nội dung «%(item)s»: tán thành %(yes)s + không tán thành %(no)s + không biểu quyết "
                    "%(abstain)s = %(total)s, nhiều hơn số người có mặt (%(present)s)."
                )
                % {
                    "item": item.title,
                    "yes": vn.number(vote.votes_for or 0),
                    "no": vn.number(vote.votes_against or 0),
                    "abstain": vn.number(vote.votes_abstain or 0),
                    "total": vn.number(vote.total),
                    "present": vn.number(present),
                }
            )
    if errors:
        raise ValidationError({"votes": errors})


def _check_remarks(meeting, remarks: dict[int, Remark], *, actor) -> None:
    """Remarks only for people listed on the meeting."""
    listed = set(
        MeetingAttendance.objects.filter(meeting=meeting, person__in=list(remarks)).values_list(
            "person", flat=True
        )
    )
    outside = [pk for pk in remarks if pk not in listed]
    if outside:
        raise ValidationError(
            {
                "remarks": _("Không thể ghi đánh giá cho %(names)s: không có trong danh sách cuộc họp.")
                % {"names": names_for(outside, actor=actor)}
            }
        )


def _check_contributions(meeting, contributions: dict[int, list[Said]]) -> None:
    unit_ids = {said.unit_id for rows in contributions.values() for said in rows}
    units = list(Unit.objects.filter(pk__in=unit_ids))
    _check_below(meeting.unit, units, "contributions")
    if len(units) != len(unit_ids):
        raise ValidationError({"contributions": _("Đơn vị phát biểu không tồn tại.")})


@transaction.atomic
def save_minutes(
    meeting: Meeting,
    minutes: dict[int, tuple[str, str]] | MinutesInput,
    *,
    actor,
    expected_version: int,
) -> Meeting:
    """Write the minutes: notes and conclusion of each agenda item {item id: (notes, conclusion)}, or a
    MinutesInput with votes, contributions by unit, members' remarks and guests. Everything is checked before
    anything is written; ConflictError if someone saved the meeting since `expected_version`: then nothing is
    written."""
    require(actor, "meetings.manage", meeting.unit)
    data = minutes if isinstance(minutes, MinutesInput) else MinutesInput(items=minutes)
    wanted = set(data.items) | set(data.votes or ()) | set(data.contributions or ())
    items = list(AgendaItem.objects.filter(meeting=meeting, pk__in=wanted))
    if data.votes is not None:
        _check_votes(meeting, items, data.votes)
    if data.remarks is not None:
        _check_remarks(meeting, data.remarks, actor=actor)
    if data.contributions:
        _check_contributions(meeting, data.contributions)
    meeting.updated_at = timezone.now()
    save_versioned(meeting, expected_version, ["updated_at"])
    changed = []
    for item in items:
        before = (
            item.notes,
            item.conclusion,
            item.vote_subject,
            item.votes_for,
            item.votes_against,
            item.votes_abstain,
        )
        if item.pk in data.items:
            item.notes, item.conclusion = data.items[item.pk]
        if data.votes is not None and item.pk in data.votes:
            vote = data.votes[item.pk]
            item.vote_subject = vote.subject[:300]
            item.votes_for, item.votes_against, item.votes_abstain = (
                vote.votes_for,
                vote.votes_against,
                vote.votes_abstain,
            )
        after = (
            item.notes,
            item.conclusion,
            item.vote_subject,
            item.votes_for,
            item.votes_against,
            item.votes_abstain,
        )
        if before != after:
            changed.append(item)
    AgendaItem.objects.bulk_update(
        changed, ["notes", "conclusion", "vote_subject", "votes_for", "votes_against", "votes_abstain"]
    )
    parts = [item.title for item in changed]
    if data.contributions is not None:
        known = {item.pk for item in items}
        Contribution.objects.filter(meeting=meeting, agenda_item__in=known).delete()
        Contribution.objects.bulk_create(
            Contribution(
                meeting=meeting,
                agenda_item_id=item_id,
                unit_id=said.unit_id,
                speaker=said.speaker[:200],
                content=said.content,
                position=index,
            )
            for item_id, rows in data.contributions.items()
            if item_id in known
            for index, said in enumerate(rows, start=1)
        )
        parts.append(_("ý kiến của các đơn vị"))
    if data.remarks is not None:
        MemberAssessment.objects.filter(meeting=meeting).delete()
        MemberAssessment.objects.bulk_create(
            MemberAssessment(
                meeting=meeting,
                person_id=pk,
                assessment=remark.assessment,
                self_criticism=remark.self_criticism,
                criticism=remark.criticism,
            )
            for pk, remark in data.remarks.items()
            if remark.assessment or remark.self_criticism or remark.criticism
        )
        parts.append(_("đánh giá, phê bình và tự phê bình"))
    if data.guests is not None:
        MeetingGuest.objects.filter(meeting=meeting).delete()
        MeetingGuest.objects.bulk_create(
            MeetingGuest(meeting=meeting, position=index, name=name[:200], title=title[:300])
            for index, (name, title) in enumerate(data.guests, start=1)
        )
        parts.append(_("khách mời"))
    audit.record(meeting, "meeting.minutes", actor=actor, note=", ".join(parts))
    return meeting


@transaction.atomic
def create_assignment(assignment: Assignment, *, actor) -> Assignment:
    require(actor, "meetings.manage", assignment.meeting.unit)
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
def assign_to_units(
    meeting: Meeting, *, actor, what: str, deadline: datetime.date, units, today: datetime.date | None = None
) -> list[Assignment]:
    """A conclusion of a giao ban or conference given to each of `units` (below the host) in one step."""
    require(actor, "meetings.manage", meeting.unit)
    what = " ".join(what.split())
    units = list(units)
    errors = {}
    if not what:
        errors["what"] = _("Hãy ghi nội dung công việc được giao.")
    if not units:
        errors["units"] = _("Hãy chọn ít nhất một đơn vị thực hiện.")
    if deadline < (today or timezone.localdate()):
        errors["deadline"] = _("Thời hạn %(date)s đã qua; hãy chọn một ngày từ hôm nay trở đi.") % {
            "date": vn.short_date(deadline)
        }
    if errors:
        raise ValidationError(errors)
    _check_below(meeting.unit, units, "units")
    rows = Assignment.objects.bulk_create(
        Assignment(meeting=meeting, what=what[:500], assignee_unit=unit, deadline=deadline) for unit in units
    )
    audit.record(
        meeting,
        "assignment.create",
        actor=actor,
        note=_("%(what)s – %(who)s, hạn %(deadline)s")
        % {"what": what, "who": ", ".join(u.name for u in units), "deadline": vn.short_date(deadline)},
    )
    return rows


@transaction.atomic
def mark_done(assignment: Assignment, *, actor, evidence: str, now=None) -> Assignment:
    require(actor, "meetings.mark_done", assignment)
    if assignment.done_at is not None:
        raise ValidationError(_("Công việc này đã được đánh dấu hoàn thành."))
    assignment.done_at = now or timezone.now()
    assignment.evidence = evidence.strip()
    assignment.save(update_fields=["done_at", "evidence"])
    audit.record(
        assignment.meeting, "assignment.done", actor=actor, note=f"{assignment.what} – {assignment.evidence}"
    )
    return assignment
