"""Writes on study sessions: recording a session with its attendance, editing it, ticking attendance, adding
material. Each atomic and audited; a session with any number of attendees is written in a fixed number of queries.

Views and the admin call these; each checks its rule first (lamtheo.study.rules: PermissionDenied with the reason),
then writes through the same function as the demo loader (`write_sessions`).
Attendance is a dict {person id: Mark} (lamtheo.lib.attendance, as for meetings) covering the people listed on
the form: present, late, excused, absent or exempt, with a reason when known. The rules:

- only people who belonged to the session unit's subtree on the session's date (by their stays, Membership);
- a session dated after today cannot have anyone marked present: it has not taken place;
- a list with everyone absent and no reason given is a list not taken yet, and makes no rows;
- an edit names the version it was read at; if someone saved the session since, nothing is written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib import vn
from lamtheo.lib.attendance import Mark, Presence
from lamtheo.lib.concurrency import save_versioned
from lamtheo.lib.uploads import check_upload, store
from lamtheo.people.naming import names_for
from lamtheo.study.models import Attendance, StudyMaterial, StudySession, units_on

SESSION_FIELDS = [
    "topic",
    "title",
    "date",
    "start_time",
    "place",
    "form",
    "lecturers",
    "audience",
    "is_makeup",
    "makeup_for",
    "note",
]


def _snapshot(session: StudySession) -> dict:
    values = audit.snapshot(session, SESSION_FIELDS)
    values["start_time"] = session.start_time.strftime("%H:%M") if session.start_time else None
    return values


def _present_count(session: StudySession) -> int:
    return Attendance.objects.filter(session=session).present().count()


def _rows(session: StudySession, marks: dict[int, Mark], *, actor, today: datetime.date) -> list[Attendance]:
    """The attendance rows for `marks`, or ValidationError (on "attendance") saying whom (of those `actor` sees:
    lamtheo.people.naming) and why.

    A list with everyone absent and no reason given has not been taken yet: it makes no rows.
    """
    if all(mark.status == Presence.ABSENT and not mark.reason.strip() for mark in marks.values()):
        return []
    if session.is_future(today):
        if any(mark.attended for mark in marks.values()):
            raise ValidationError(
                {
                    "attendance": _(
                        "Buổi học ngày %(date)s chưa diễn ra nên chưa thể điểm danh có mặt. Hãy lưu buổi học "
                        "không điểm danh, rồi điểm danh sau khi học."
                    )
                    % {"date": vn.short_date(session.date)}
                }
            )
        return []  # a planned session: nobody is marked yet
    where = units_on(session.unit, session.date, marks)
    outside = [pk for pk in marks if pk not in where]
    if outside:
        raise ValidationError(
            {
                "attendance": _(
                    "Không thể điểm danh %(names)s: vào ngày %(date)s họ không sinh hoạt tại %(unit)s hoặc "
                    "đơn vị trực thuộc."
                )
                % {
                    "names": names_for(outside, actor=actor, with_unit=True),
                    "date": vn.short_date(session.date),
                    "unit": session.unit,
                }
            }
        )
    return [
        Attendance(
            session=session,
            person_id=pk,
            topic_id=session.topic_id,
            unit_id=where[pk],
            status=mark.status,
            reason=mark.kept_reason,
        )
        for pk, mark in marks.items()
    ]


def _today(today):
    return today or timezone.localdate()


def _waits_for_main(session: StudySession) -> bool:
    """A make-up session whose main session is being inserted with it (named by the object, not yet saved)."""
    field = StudySession._meta.get_field("makeup_for")
    return session.makeup_for_id is None and field.is_cached(session) and session.makeup_for is not None


@transaction.atomic
def write_sessions(entries: list[tuple[StudySession, list[Attendance]]], *, actor) -> None:
    """Insert the sessions of `entries` with their attendance rows and one history row each (its fields and how
    many were present): what `create_session` writes once its rule and checks have passed. The demo loader writes
    its year of sessions through it, thousands at a time, so the two cannot drift. A make-up session may name a
    main session of the same call: the main ones are inserted first."""
    sessions = [session for session, _rows in entries]
    for session in sessions:
        session.created_by = user_of(actor)
    first = [session for session in sessions if not _waits_for_main(session)]
    StudySession.objects.bulk_create(first, batch_size=1000)
    StudySession.objects.bulk_create([s for s in sessions if _waits_for_main(s)], batch_size=1000)
    Attendance.objects.bulk_create([row for _session, rows in entries for row in rows], batch_size=1000)
    events = []
    for session, rows in entries:
        changes = {
            field: [None, value]
            for field, value in _snapshot(session).items()
            if value not in (None, "", False)
        }
        changes["present_count"] = [None, sum(row.is_present for row in rows)]
        events.append(audit.build(session, "study.session_create", actor=actor, changes=changes))
    audit.record_many(events)


@transaction.atomic
def create_session(
    session: StudySession,
    *,
    actor,
    attendance: dict[int, Mark] | None = None,
    today: datetime.date | None = None,
    materials=(),
) -> StudySession:
    """Record `session` (unsaved) with the attendance of the listed people and its `materials` (uploads), in one
    write: if anything is refused, nothing is saved."""
    require(actor, "study.record", session.unit)
    for upload in materials:
        try:
            check_upload(upload, allowed=StudyMaterial.KINDS)
        except ValidationError as error:
            raise ValidationError({"material": error.messages}) from None
    session.created_by = user_of(actor)
    session.is_makeup = session.is_makeup or bool(session.makeup_for_id)
    session.full_clean(exclude=["created_by"])
    rows = _rows(session, attendance or {}, actor=actor, today=_today(today))
    write_sessions([(session, rows)], actor=actor)
    for upload in materials:
        add_material(session, upload, actor=actor)
    return session


@transaction.atomic
def update_session(
    session: StudySession,
    *,
    actor,
    expected_version: int,
    attendance: dict[int, Mark] | None = None,
    today: datetime.date | None = None,
) -> StudySession:
    """Save the edited `session`; with `attendance`, it replaces the whole attendance list.

    Without it, the attendance stays, and must still fit the session (a new date or topic is checked
    against everyone already marked; the unit that held it stays). ConflictError if someone saved the session
    since `expected_version`.
    """
    require(actor, "study.record", session.unit)
    today = _today(today)
    current = (
        StudySession.objects.select_for_update(of=("self",))
        .select_related("topic", "makeup_for")
        .get(pk=session.pk)
    )
    session.unit_id = current.unit_id  # a session stays with the unit that held it
    session.is_makeup = session.is_makeup or bool(session.makeup_for_id)
    session.full_clean(exclude=["created_by"])
    before_present = _present_count(current)
    session.updated_at = timezone.now()
    save_versioned(session, expected_version, [*SESSION_FIELDS, "updated_at"])
    if attendance is not None:
        rows = _rows(session, attendance, actor=actor, today=today)
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(rows, batch_size=1000)
    elif (session.date, session.topic_id) != (current.date, current.topic_id):
        existing = Attendance.objects.filter(session=session).values_list("person_id", "status", "reason")
        marks = {pk: Mark(status, reason) for pk, status, reason in existing}
        rows = _rows(session, marks, actor=actor, today=today)
        Attendance.objects.filter(session=session).delete()
        Attendance.objects.bulk_create(rows, batch_size=1000)
    changes = audit.diff(_snapshot(current), _snapshot(session))
    after_present = _present_count(session)
    if after_present != before_present:
        changes["present_count"] = [before_present, after_present]
    if changes:
        audit.record(session, "study.session_update", actor=actor, changes=changes)
    return session


@transaction.atomic
def record_attendance(
    session: StudySession,
    marks: dict[int, Mark],
    *,
    actor,
    expected_version: int,
    today: datetime.date | None = None,
) -> StudySession:
    """Mark the people in `marks` (one chi bộ's list, a printed list ticked off), leaving the others as they are."""
    require(actor, "study.record", session.unit)
    rows = _rows(session, marks, actor=actor, today=_today(today))
    before_present = _present_count(session)
    session.updated_at = timezone.now()
    save_versioned(session, expected_version, ["updated_at"])
    Attendance.objects.filter(session=session, person__in=list(marks)).delete()
    Attendance.objects.bulk_create(rows, batch_size=1000)
    after_present = _present_count(session)
    absent = sum(not row.is_present for row in rows)
    audit.record(
        session,
        "study.attendance",
        actor=actor,
        changes={"present_count": [before_present, after_present]} if before_present != after_present else {},
        note=_("Điểm danh %(listed)s người: %(present)s có mặt, %(absent)s vắng.")
        % {
            "listed": vn.number(len(rows)),
            "present": vn.number(len(rows) - absent),
            "absent": vn.number(absent),
        },
    )
    return session


def add_material(session: StudySession, upload, *, actor, name: str = "") -> StudyMaterial:
    """Store `upload` (PDF or DOCX, checked for size and content) as material of `session` (lib.uploads.store)."""
    require(actor, "study.record", session.unit)
    material = StudyMaterial(session=session, uploaded_by=user_of(actor))
    store(
        material,
        upload,
        name=name,
        then=lambda: audit.record(session, "study.material", actor=actor, note=material.name),
    )
    return material
