"""Writes on model chi bộ: declaring a year's criteria, registering a chi bộ, assessing the registered chi bộ from
their records, recognising one. Each atomic, audited, asked of the rules and version-checked where a page was read
first."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.lib.concurrency import save_versioned
from lamtheo.modelcells import assessment
from lamtheo.modelcells.models import CRITERIA, Criterion, ModelCell, Standard
from lamtheo.units.models import Unit


def _criteria_errors(criteria: list[tuple[str, Decimal]]) -> dict:
    if not criteria:
        return {"criteria": [_("Hãy chọn ít nhất một tiêu chí chi bộ mẫu.")]}
    codes = [code for code, _bar in criteria]
    if any(code not in CRITERIA for code in codes) or len(set(codes)) != len(codes):
        return {"criteria": [_("Mỗi tiêu chí chỉ chọn một lần, trong danh sách có sẵn.")]}
    if any(bar is None or not 0 <= bar <= 100 for _code, bar in criteria):
        return {"criteria": [_("Mức yêu cầu của mỗi tiêu chí là một tỷ lệ từ 0% đến 100%.")]}
    return {}


@transaction.atomic
def declare_standard(unit, *, actor, year: int, name: str, criteria: list[tuple[str, Decimal]]) -> Standard:
    """The criteria (indicator code, bar in percent) of the committee's model chi bộ for `year`; one per year."""
    require(actor, "modelcells.manage", unit)
    errors = _criteria_errors(criteria)
    if not (name or "").strip():
        errors["name"] = [_("Hãy ghi tên danh hiệu (ví dụ: Chi bộ 4 tốt).")]
    if Standard.objects.filter(unit=unit, year=year).exists():
        errors["year"] = [
            _("%(unit)s đã ban hành tiêu chí chi bộ mẫu năm %(year)s.") % {"unit": unit, "year": year}
        ]
    if errors:
        raise ValidationError(errors)
    standard = Standard.objects.create(unit=unit, year=year, name=name.strip(), created_by=user_of(actor))
    Criterion.objects.bulk_create(
        Criterion(standard=standard, position=index, code=code, bar=bar)
        for index, (code, bar) in enumerate(criteria, start=1)
    )
    audit.record(
        standard,
        "modelcells.declare",
        actor=actor,
        changes={"criteria": [None, [f"{c} {b}" for c, b in criteria]]},
    )
    return standard


@transaction.atomic
def register(standard: Standard, cell, *, actor) -> ModelCell:
    """The chi bộ `cell` of the committee's subtree registers for the standard (once)."""
    require(actor, "modelcells.register", cell)
    if cell.kind not in Unit.CELL_KINDS or not cell.path.startswith(standard.unit.path) or cell.active_to:
        raise ValidationError(
            _("Chỉ chi bộ đang hoạt động thuộc %(unit)s đăng ký được.") % {"unit": standard.unit}
        )
    if ModelCell.objects.filter(standard=standard, unit=cell).exists():
        raise ValidationError(_("%(cell)s đã đăng ký.") % {"cell": cell})
    entry = ModelCell.objects.create(standard=standard, unit=cell, registered_by=user_of(actor))
    audit.record(entry, "modelcells.register", actor=actor, unit=cell)
    return entry


@transaction.atomic
def assess(standard: Standard, *, actor, expected_version: int, today: datetime.date | None = None) -> int:
    """Every chi bộ registered and not yet recognised, against the criteria from its records as of `today` (within
    the standard's year); returns how many were assessed. Version-checked on the standard: two staff pressing at
    once assess once."""
    require(actor, "modelcells.manage", standard.unit)
    today = today or timezone.localdate()
    entries = list(standard.cells.exclude(status=ModelCell.Status.RECOGNISED).select_for_update())
    if not entries:
        raise ValidationError(_("Chưa có chi bộ nào đăng ký chờ đánh giá."))
    save_versioned(standard, expected_version, [])
    results = assessment.assess(standard, [entry.unit_id for entry in entries], today)
    for entry in entries:
        own = results[entry.unit_id]
        entry.results = [result.as_json() for result in own]
        entry.meets = all(result.met for result in own)
        entry.assessed_on = assessment.as_of(standard, today)
        entry.status = ModelCell.Status.ASSESSED
        entry.version += 1
    ModelCell.objects.bulk_update(entries, ["results", "meets", "assessed_on", "status", "version"])
    audit.record(
        standard,
        "modelcells.assess",
        actor=actor,
        changes={
            "meets": [None, sum(1 for entry in entries if entry.meets)],
            "assessed": [None, len(entries)],
        },
    )
    return len(entries)


@transaction.atomic
def recognise(
    entry: ModelCell, *, actor, expected_version: int, on: datetime.date, decision=None
) -> ModelCell:
    """The committee names the chi bộ a model for the year: only once assessed as meeting every criterion."""
    require(actor, "modelcells.manage", entry.standard.unit)
    if entry.status != ModelCell.Status.ASSESSED or not entry.meets:
        raise ValidationError(
            _("Chỉ công nhận được chi bộ đã được đánh giá đạt tất cả các tiêu chí; hãy đánh giá lại.")
        )
    if on.year < entry.standard.year:
        raise ValidationError({"on": [_("Ngày công nhận không được trước năm của tiêu chí.")]})
    entry.status = ModelCell.Status.RECOGNISED
    entry.recognised_on = on
    entry.decision = decision
    save_versioned(entry, expected_version, ["status", "recognised_on", "decision"])
    audit.record(
        entry,
        "modelcells.recognise",
        actor=actor,
        unit=entry.unit,
        changes={"status": ["assessed", "recognised"]},
    )
    return entry
