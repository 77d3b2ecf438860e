"""Writes on emulation drives: launching with the scoring sheet, scoring a unit's participants, concluding.
Each atomic, audited and asked of the rules."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.emulation.models import Criterion, EmulationDrive, Score
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Person
from lamtheo.units.models import Unit

SHEET_POINTS = 100  # a sheet made from a code of conduct shares 100 points among its rules


def sheet_from_code(code) -> list[tuple[str, int]]:
    """The code's rules as criteria sharing 100 points (the first ones take the remainder)."""
    texts = code.rule_texts()
    share, extra = divmod(SHEET_POINTS, len(texts)) if texts else (0, 0)
    return [(text, share + (1 if index < extra else 0)) for index, text in enumerate(texts)]


def _criteria_errors(criteria) -> dict:
    if not criteria:
        return {"criteria": [_("Phong trào cần ít nhất một tiêu chí chấm điểm.")]}
    wrong = [text for text, points in criteria if not text.strip() or not 1 <= points <= 100]
    if wrong:
        return {"criteria": [_("Mỗi tiêu chí cần có nội dung và điểm tối đa từ 1 đến 100.")]}
    return {}


@transaction.atomic
def launch_drive(
    unit,
    *,
    actor,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    subject: str = EmulationDrive.Subject.PEOPLE,
    code=None,
    criteria: list[tuple[str, int]] | None = None,
) -> EmulationDrive:
    """A drive for a period over the unit's people (or the units below it), scored on `criteria` (text, most
    points) or, without them, on the rules of `code` (the unit's code of conduct, or one above it)."""
    require(actor, "emulation.manage", unit)
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    if code is not None and not unit.path.startswith(code.unit.path):
        errors["code"] = [_("Bộ chuẩn mực phải của đơn vị này hoặc cấp trên.")]
    criteria = list(criteria or (sheet_from_code(code) if code is not None else []))
    errors |= _criteria_errors(criteria)
    if errors:
        raise ValidationError(errors)
    drive = EmulationDrive.objects.create(
        unit=unit,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        subject=subject,
        code=code,
        created_by=user_of(actor),
    )
    Criterion.objects.bulk_create(
        Criterion(drive=drive, position=index, text=text.strip(), points=points)
        for index, (text, points) in enumerate(criteria, start=1)
    )
    audit.record(
        drive, "emulation.launch", actor=actor, changes={"criteria": [None, [t for t, _p in criteria]]}
    )
    return drive


def participants(drive: EmulationDrive, unit) -> list:
    """Who `unit` scores in the drive: a chi bộ its active people; for a drive over units, the drive's unit scores
    the units directly below it."""
    if drive.subject == EmulationDrive.Subject.UNITS:
        return list(Unit.objects.children_of(drive.unit).filter(active_to=None).order_by("sort_key"))
    return list(Person.objects.filter(unit=unit).active().sorted())


def _unit_errors(drive: EmulationDrive, unit) -> None:
    if drive.status == EmulationDrive.Status.CONCLUDED:
        raise ValidationError(_("Phong trào đã tổng kết: không chấm điểm được nữa."))
    if drive.subject == EmulationDrive.Subject.UNITS:
        if unit != drive.unit:
            raise ValidationError(_("Các đơn vị trực thuộc do %(unit)s chấm điểm.") % {"unit": drive.unit})
    elif not unit.path.startswith(drive.unit.path) or unit.kind not in Unit.CELL_KINDS:
        raise ValidationError(
            _("Mỗi chi bộ trong %(unit)s chấm điểm đảng viên của mình.") % {"unit": drive.unit}
        )


@transaction.atomic
def score(drive: EmulationDrive, unit, sheet: dict[tuple[int, int], Decimal | None], *, actor) -> int:
    """The points `unit` gives its participants: {(participant id, criterion id): points or None to clear}. Every
    value is checked first (a participant of the unit, a criterion of the drive, 0 to its most points), then all
    are written; returns how many scores changed."""
    require(actor, "emulation.score", unit)
    _unit_errors(drive, unit)
    allowed = {p.pk: p for p in participants(drive, unit)}
    criteria = {c.pk: c for c in drive.criteria.all()}
    errors = []
    for (participant_id, criterion_id), points in sheet.items():
        criterion = criteria.get(criterion_id)
        if participant_id not in allowed or criterion is None:
            errors.append(_("Có người hoặc tiêu chí không thuộc bảng chấm điểm này; hãy tải lại trang."))
        elif points is not None and not 0 <= points <= criterion.points:
            errors.append(
                _("%(who)s, tiêu chí «%(criterion)s»: điểm phải từ 0 đến %(max)s.")
                % {
                    "who": allowed[participant_id],
                    "criterion": criterion.text,
                    "max": vn.number(criterion.points),
                }
            )
    if errors:
        raise ValidationError(sorted(set(errors), key=errors.index))
    field = "participant_unit_id" if drive.subject == EmulationDrive.Subject.UNITS else "person_id"
    existing = {
        (getattr(s, field), s.criterion_id): s
        for s in Score.objects.filter(drive=drive, **{f"{field}__in": allowed})
    }
    changed = 0
    for key, points in sheet.items():
        current = existing.get(key)
        if points is None:
            if current is not None:
                current.delete()
                changed += 1
        elif current is None:
            Score.objects.create(
                drive=drive, criterion_id=key[1], points=points, scored_by=user_of(actor), **{field: key[0]}
            )
            changed += 1
        elif current.points != points:
            current.points = points
            current.scored_by = user_of(actor)
            current.save(update_fields=["points", "scored_by", "scored_at"])
            changed += 1
    if changed:
        audit.record(drive, "emulation.score", actor=actor, unit=unit, changes={"scores": [None, changed]})
    return changed


@transaction.atomic
def conclude(drive: EmulationDrive, *, actor, expected_version: int, conclusion: str) -> EmulationDrive:
    """The review that closes the drive; its scores stay as they are."""
    require(actor, "emulation.manage", drive.unit)
    if not conclusion.strip():
        raise ValidationError({"conclusion": [_("Hãy ghi nội dung tổng kết phong trào.")]})
    drive.status = EmulationDrive.Status.CONCLUDED
    drive.conclusion = conclusion.strip()
    save_versioned(drive, expected_version, ["status", "conclusion"])
    audit.record(drive, "emulation.conclude", actor=actor, changes={"status": ["open", "concluded"]})
    return drive
