"""Writes on codes of conduct: drafting, editing, adopting, retiring. Each atomic and audited.

Views, the admin and the demo loader call these; each checks its rule first (lamtheo.conduct.rules: PermissionDenied
with the reason), like every other action of the project. Every other refusal is a ValidationError whose message
names the field, and nothing is written.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.conduct import similarity
from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode, ConductRule
from lamtheo.lib import vn
from lamtheo.lib.concurrency import ConflictError, save_versioned
from lamtheo.lib.uploads import check_upload

RULE_MAX_LENGTH = 200  # a slogan to print large and remember, not a paragraph
MAX_RULES = 15
FIRST_YEAR, LAST_YEAR = 2000, 2100  # only catch typing mistakes
MAX_PERIOD_YEARS = 6  # a term: 2025–2030 spans six calendar years
MINUTES_TYPES = ("pdf", "docx", "jpg", "jpeg", "png")
CODE_FIELDS = ["title", "start_year", "end_year", "template"]

# "1. ", "2) ", "a) ", "- ", "• ": the poster numbers the rules itself.
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.):]|[a-zđ]\)|[-•+*–—])\s*", re.IGNORECASE)


def parse_rules(text: str) -> list[str]:
    """One rule per line, without blank lines, leading numbers or bullets."""
    rules = []
    for line in (text or "").splitlines():
        rule = " ".join(_LEADING_NUMBER.sub("", line, count=1).split())
        if rule:
            rules.append(rule)
    return rules


def default_title(unit, start_year: int, end_year: int) -> str:
    if start_year == end_year:
        return _("Chuẩn mực đạo đức của %(unit)s năm %(year)s") % {"unit": unit.name, "year": start_year}
    return _("Chuẩn mực đạo đức của %(unit)s giai đoạn %(start)s – %(end)s") % {
        "unit": unit.name,
        "start": start_year,
        "end": end_year,
    }


# --- checks ------------------------------------------------------------------------------------------------


def rule_errors(rules: list[str]) -> list[str]:
    if not rules:
        return [_("Bộ chuẩn mực chưa có điều nào: hãy ghi ít nhất một điều, mỗi dòng một điều.")]
    errors = []
    if len(rules) > MAX_RULES:
        errors.append(
            _(
                "Bộ chuẩn mực có %(count)s điều, nhiều hơn mức %(max)s điều: chuẩn mực cần ngắn gọn để mọi người "
                "nhớ và làm theo."
            )
            % {"count": len(rules), "max": MAX_RULES}
        )
    seen: dict[str, int] = {}
    for number, rule in enumerate(rules, 1):
        if len(rule) > RULE_MAX_LENGTH:
            errors.append(
                _(
                    "Điều %(number)s dài %(length)s ký tự, quá %(max)s ký tự: chuẩn mực là khẩu hiệu ngắn, hãy "
                    "viết gọn lại («%(start)s…»)."
                )
                % {"number": number, "length": len(rule), "max": RULE_MAX_LENGTH, "start": rule[:40]}
            )
        key = similarity.normalise(rule)
        if key in seen:
            errors.append(
                _("Điều %(number)s trùng với điều %(first)s.") % {"number": number, "first": seen[key]}
            )
        else:
            seen[key] = number
    return errors


def period_errors(start_year, end_year) -> dict:
    errors = {}
    for field, year in (("start_year", start_year), ("end_year", end_year)):
        if year is None:
            errors[field] = _("Hãy nhập năm.")
        elif not FIRST_YEAR <= year <= LAST_YEAR:
            errors[field] = _("Năm %(year)s không hợp lệ: hãy nhập năm trong khoảng %(first)s–%(last)s.") % {
                "year": year,
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if errors:
        return errors
    if end_year < start_year:
        errors["end_year"] = _("«Đến năm» (%(end)s) không thể trước «Từ năm» (%(start)s).") % {
            "end": end_year,
            "start": start_year,
        }
    elif end_year - start_year + 1 > MAX_PERIOD_YEARS:
        errors["end_year"] = _(
            "Giai đoạn %(start)s – %(end)s dài hơn một nhiệm kỳ: chuẩn mực được xây dựng cho một năm hoặc một "
            "nhiệm kỳ (tối đa %(max)s năm)."
        ) % {"start": start_year, "end": end_year, "max": MAX_PERIOD_YEARS}
    return errors


def unit_errors(unit) -> dict:
    if unit.kind not in EXPECTED_KINDS:
        return {
            "unit": _(
                "%(unit)s là %(kind)s: tổ đảng thực hiện chuẩn mực của chi bộ, không xây dựng chuẩn mực riêng."
            )
            % {"unit": unit.name, "kind": unit.get_kind_display().lower()}
        }
    if not unit.is_active:
        return {
            "unit": _("%(unit)s đã ngừng hoạt động từ %(date)s, không xây dựng chuẩn mực mới.")
            % {"unit": unit.name, "date": vn.short_date(unit.active_to)}
        }
    return {}


def _template_errors(unit, template) -> dict:
    if template is None:
        return {}
    if template.unit_id == unit.pk:
        return {
            "template": _(
                "Chuẩn mực mẫu phải là của cấp trên hoặc đơn vị khác; muốn sửa chuẩn mực của chính đơn vị, hãy "
                "soạn phiên bản mới."
            )
        }
    if template.is_draft:
        return {
            "template": _("«%(title)s» còn là dự thảo; chỉ chọn chuẩn mực đã thông qua làm mẫu.")
            % {"title": template.title}
        }
    return {}


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _refuse_unless_draft(code: ConductCode) -> None:
    if code.status == ConductCode.Status.ADOPTED:
        raise ValidationError(
            _(
                "Bộ chuẩn mực «%(title)s» đã được thông qua ngày %(date)s nên không sửa được nữa. Muốn thay đổi, "
                "hãy soạn phiên bản mới: khi phiên bản mới được thông qua, bản này hết hiệu lực."
            )
            % {"title": code.title, "date": vn.short_date(code.adopted_on)}
        )
    if code.status == ConductCode.Status.RETIRED:
        raise ValidationError(
            _("Bộ chuẩn mực «%(title)s» đã hết hiệu lực nên không sửa được nữa.") % {"title": code.title}
        )


# --- rules and similarity ----------------------------------------------------------------------------------


def _texts(rules) -> str:
    """Rules as one line for the history: `1. Đúng hẹn với dân / 2. Nói đi đôi với làm`."""
    return " / ".join(f"{number}. {text}" for number, text in enumerate(rules, 1))


def _write_rules(code: ConductCode, texts: list[str]) -> list[ConductRule]:
    """Make the code's rules `texts`, in order; rows keep their id where a rule stays at its position."""
    existing = list(code.rules.order_by("position"))
    for rule, text in zip(existing, texts, strict=False):
        rule.text = text
    extra = [ConductRule(code=code, position=n, text=t) for n, t in enumerate(texts, 1) if n > len(existing)]
    if len(existing) > len(texts):
        ConductRule.objects.filter(pk__in=[r.pk for r in existing[len(texts) :]]).delete()
    kept = existing[: len(texts)]
    ConductRule.objects.bulk_update(kept, ["text"])
    ConductRule.objects.bulk_create(extra)
    return [*kept, *extra]


def compare_with_template(code: ConductCode, rules: list[ConductRule]) -> similarity.Comparison:
    """Store on the code and each rule how close they are to the template's rules."""
    template_rules = list(code.template.rules.order_by("position")) if code.template_id else []
    comparison = similarity.compare([r.text for r in rules], [t.text for t in template_rules])
    for rule, pair in zip(rules, comparison.pairs, strict=True):
        rule.template_rule = template_rules[pair.match_index] if pair.match_index is not None else None
        rule.similarity = pair.score if template_rules else None
    code.similarity, code.is_copied = comparison.similarity, comparison.is_copied
    return comparison


@transaction.atomic
def write_codes(entries: list[tuple[ConductCode, list[str], list[ConductRule]]]) -> None:
    """Insert the codes of `entries` ((code, its rules' texts, its template's rules in order)) with their rules, each
    rule paired with its closest rule of the template and the code flagged when it copies it: what `create_code`
    writes once its rule and checks have passed. The demo loader writes a province's codes through it, a level of
    the tree at a time, so the two cannot drift. The rules are on `code.rule_list` afterwards."""
    for code, texts, template_rules in entries:
        comparison = similarity.compare(texts, [rule.text for rule in template_rules])
        code.similarity, code.is_copied = comparison.similarity, comparison.is_copied
        code.rule_list = [
            ConductRule(
                code=code,
                position=position,
                text=pair.text,
                template_rule=template_rules[pair.match_index] if pair.match_index is not None else None,
                similarity=pair.score if template_rules else None,
            )
            for position, pair in enumerate(comparison.pairs, 1)
        ]
    ConductCode.objects.bulk_create([code for code, _texts, _template in entries], batch_size=1000)
    ConductRule.objects.bulk_create(
        [rule for code, _texts, _template in entries for rule in code.rule_list], batch_size=1000
    )


def _save_rules(code: ConductCode, texts: list[str]) -> None:
    rules = _write_rules(code, texts)
    compare_with_template(code, rules)
    ConductRule.objects.bulk_update(rules, ["template_rule", "similarity"])


# --- actions -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_code(
    unit,
    *,
    actor,
    start_year: int,
    end_year: int | None = None,
    title: str = "",
    template: ConductCode | None = None,
    rules: list[str] | None = None,
) -> ConductCode:
    """A draft code for `unit`. With `rules` None, the template's rules are copied for the unit to rewrite."""
    require(actor, "conduct.edit", unit)
    end_year = start_year if end_year is None else end_year
    if rules is None and template is not None:
        rules = template.rule_texts()
    errors = {**unit_errors(unit), **period_errors(start_year, end_year), **_template_errors(unit, template)}
    if messages := rule_errors(rules or []):
        errors["rules"] = messages
    _raise(errors)
    code = ConductCode(
        unit=unit,
        title=(title or "").strip() or default_title(unit, start_year, end_year),
        start_year=start_year,
        end_year=end_year,
        template=template,
        created_by=user_of(actor),
    )
    template_rules = list(template.rules.order_by("position")) if template is not None else []
    write_codes([(code, rules, template_rules)])
    changes = {
        field: [None, value]
        for field, value in audit.snapshot(code, CODE_FIELDS).items()
        if value not in (None, "")
    }
    changes["rules"] = [None, _texts(rules)]
    audit.record(code, "conduct.create", actor=actor, changes=changes)
    return code


@transaction.atomic
def update_code(
    code: ConductCode,
    *,
    actor,
    expected_version: int,
    title: str,
    start_year: int,
    end_year: int | None,
    rules: list[str],
) -> ConductCode:
    """Save a draft's title, period and rules; the similarity to the template is computed again.

    ConflictError if someone saved it since `expected_version`; ValidationError if it is no longer a draft.
    """
    require(actor, "conduct.edit", code.unit)
    current = ConductCode.objects.select_for_update().get(pk=code.pk)
    _refuse_unless_draft(current)
    if current.version != expected_version:
        raise ConflictError
    end_year = start_year if end_year is None else end_year
    errors = period_errors(start_year, end_year)
    if messages := rule_errors(rules):
        errors["rules"] = messages
    _raise(errors)
    before = {**audit.snapshot(current, CODE_FIELDS), "rules": _texts(current.rule_texts())}
    code.title = (title or "").strip() or default_title(current.unit, start_year, end_year)
    code.start_year, code.end_year = start_year, end_year
    code.template_id = current.template_id
    _save_rules(code, rules)
    save_versioned(code, expected_version, ["title", "start_year", "end_year", "similarity", "is_copied"])
    after = {**audit.snapshot(code, CODE_FIELDS), "rules": _texts(rules)}
    if changes := audit.diff(before, after):
        audit.record(code, "conduct.update", actor=actor, changes=changes)
    return code


def _meeting_errors(code: ConductCode, meeting) -> dict:
    """A meeting chosen as the adoption's must be one the code's own unit held (not planned, not cancelled)."""
    if meeting is None:
        return {}
    if meeting.unit_id != code.unit_id:
        return {
            "meeting": _(
                "Cuộc họp «%(meeting)s» là của %(other)s, không phải của %(unit)s: bộ chuẩn mực chỉ được thông "
                "qua tại cuộc họp của chính đơn vị."
            )
            % {"meeting": meeting, "other": meeting.unit.name, "unit": code.unit.name}
        }
    if meeting.status != meeting.Status.HELD:
        return {
            "meeting": _(
                "Cuộc họp «%(meeting)s» %(status)s, chưa được ghi nhận là đã họp: chỉ chọn cuộc họp đã diễn ra."
            )
            % {"meeting": meeting, "status": meeting.get_status_display().lower()}
        }
    return {}


def _adoption_errors(code: ConductCode, adopted_on, minutes, meeting) -> dict:
    errors = _meeting_errors(code, meeting)
    today = timezone.localdate()
    if adopted_on is None:
        errors["adopted_on"] = _("Hãy nhập ngày cuộc họp chi bộ thảo luận và thông qua bộ chuẩn mực.")
    elif adopted_on > today:
        errors["adopted_on"] = _(
            "Ngày thông qua %(date)s còn ở phía trước: chỉ ghi nhận sau khi cuộc họp đã diễn ra."
        ) % {"date": vn.short_date(adopted_on)}
    elif adopted_on < datetime.date(code.start_year - 1, 1, 1):
        errors["adopted_on"] = _(
            "Ngày thông qua %(date)s quá sớm so với thời gian áp dụng (%(period)s) của bộ chuẩn mực."
        ) % {"date": vn.short_date(adopted_on), "period": code.period}
    elif meeting is not None and "meeting" not in errors and adopted_on != meeting.local_start.date():
        errors["adopted_on"] = _(
            "Ngày thông qua %(date)s khác ngày của cuộc họp đã chọn (%(meeting_date)s): hãy để trống hoặc ghi "
            "đúng ngày cuộc họp."
        ) % {"date": vn.short_date(adopted_on), "meeting_date": vn.short_date(meeting.local_start.date())}
    if minutes is None:
        if meeting is None:
            errors["minutes"] = _(
                "Hãy đính kèm biên bản cuộc họp chi bộ đã thảo luận và thông qua bộ chuẩn mực (PDF, Word hoặc ảnh "
                "chụp), hoặc chọn cuộc họp đó trong danh sách các cuộc họp đã diễn ra của đơn vị."
            )
    else:
        try:
            check_upload(minutes, allowed=MINUTES_TYPES)
        except ValidationError as error:
            errors["minutes"] = error.messages
    return errors


def adopt_code(
    code: ConductCode, *, actor, expected_version: int, adopted_on=None, minutes=None, meeting=None
) -> ConductCode:
    """Record the adoption of a draft at a chi bộ meeting; the code becomes read-only.

    The meeting is named by `meeting` (a held Meeting of the code's unit, whose biên bản is in the app) or by
    its `minutes` file, or both; with a meeting, `adopted_on` defaults to its date. The unit's adopted codes
    whose period overlaps this one retire on the same day. The minutes are written to storage before the rows;
    if anything fails after that, the file is removed again, so a refused or failed adoption leaves neither a
    change nor a stray file. Returns the adopted code, read again.
    """
    require(actor, "conduct.edit", code.unit)
    if adopted_on is None and meeting is not None and not _meeting_errors(code, meeting):
        adopted_on = meeting.local_start.date()
    _raise(_adoption_errors(code, adopted_on, minutes, meeting))
    stored = ""
    try:
        with transaction.atomic():
            current = ConductCode.objects.select_for_update().select_related("unit").get(pk=code.pk)
            _refuse_unless_draft(current)
            if current.version != expected_version:
                raise ConflictError
            rules = list(current.rules.order_by("position"))
            if messages := rule_errors([rule.text for rule in rules]):
                raise ValidationError({"rules": messages})
            compare_with_template(current, rules)
            ConductRule.objects.bulk_update(rules, ["template_rule", "similarity"])
            if minutes is not None:
                current.minutes.save(minutes.name, minutes, save=False)
                stored = current.minutes.name
                current.minutes_name = (minutes.name or "")[:200]
            current.meeting = meeting
            current.status = ConductCode.Status.ADOPTED
            current.adopted_on = adopted_on
            current.adopted_by = user_of(actor)
            save_versioned(
                current,
                expected_version,
                [
                    "status",
                    "adopted_on",
                    "adopted_by",
                    "minutes",
                    "minutes_name",
                    "meeting",
                    "similarity",
                    "is_copied",
                ],
            )
            replaced = (
                ConductCode.objects.adopted()
                .filter(
                    unit=current.unit_id, start_year__lte=current.end_year, end_year__gte=current.start_year
                )
                .exclude(pk=current.pk)
                .select_for_update()
            )
            for old in replaced:
                _retire(old, actor=actor, on=adopted_on, replaced_by=current)
            changes = {
                "status": [ConductCode.Status.DRAFT, ConductCode.Status.ADOPTED],
                "adopted_on": [None, adopted_on.isoformat()],
                "similarity": [None, current.similarity],
                "is_copied": [None, current.is_copied],
            }
            if meeting is not None:
                changes["meeting"] = [None, str(meeting)]
            audit.record(current, "conduct.adopt", actor=actor, changes=changes, note=current.minutes_name)
    except BaseException:
        if stored:
            ConductCode._meta.get_field("minutes").storage.delete(stored)
        raise
    return current


@transaction.atomic
def link_adoption_meeting(code: ConductCode, *, actor, expected_version: int, meeting) -> ConductCode:
    """Name (or change) the meeting that adopted a code already adopted, e.g. one recorded with its minutes file
    before the meeting was in the app. The meeting must be a held one of the code's unit, on the adoption's day;
    None removes the link, only where the minutes file keeps a record of the adoption."""
    require(actor, "conduct.edit", code.unit)
    current = (
        ConductCode.objects.select_for_update(of=("self",))
        .select_related("unit", "meeting__kind")
        .get(pk=code.pk)
    )
    if current.is_draft:
        raise ValidationError(
            {"meeting": _("Bộ chuẩn mực còn là dự thảo: hãy chọn cuộc họp khi ghi nhận chi bộ thông qua.")}
        )
    if current.version != expected_version:
        raise ConflictError
    errors = _meeting_errors(current, meeting)
    if meeting is None and not current.minutes:
        errors["meeting"] = _(
            "Bộ chuẩn mực không có tệp biên bản: bỏ cuộc họp thì không còn gì ghi lại việc thông qua. Hãy chọn "
            "cuộc họp đã thông qua bộ chuẩn mực."
        )
    elif meeting is not None and not errors and meeting.local_start.date() != current.adopted_on:
        errors["meeting"] = _(
            "Cuộc họp «%(meeting)s» diễn ra ngày %(meeting_date)s, còn bộ chuẩn mực được thông qua ngày %(date)s: "
            "hãy chọn cuộc họp của ngày thông qua."
        ) % {
            "meeting": meeting,
            "meeting_date": vn.short_date(meeting.local_start.date()),
            "date": vn.short_date(current.adopted_on),
        }
    _raise(errors)
    before = str(current.meeting) if current.meeting_id else None
    current.meeting = meeting
    save_versioned(current, expected_version, ["meeting"])
    after = str(meeting) if meeting is not None else None
    if before != after:
        audit.record(current, "conduct.adoption_meeting", actor=actor, changes={"meeting": [before, after]})
    return current


def _retire(code: ConductCode, *, actor, on: datetime.date, replaced_by: ConductCode | None = None) -> None:
    code.status = ConductCode.Status.RETIRED
    code.retired_on = on
    code.version += 1
    code.save(update_fields=["status", "retired_on", "version"])
    note = _("Thay bằng «%(title)s»") % {"title": replaced_by.title} if replaced_by is not None else ""
    audit.record(
        code,
        "conduct.retire",
        actor=actor,
        changes={
            "status": [ConductCode.Status.ADOPTED, ConductCode.Status.RETIRED],
            "retired_on": [None, on.isoformat()],
        },
        note=note,
    )


@transaction.atomic
def retire_code(code: ConductCode, *, actor, on: datetime.date | None = None) -> ConductCode:
    """End an adopted code (the unit stops using it without adopting a new one yet)."""
    require(actor, "conduct.edit", code.unit)
    current = ConductCode.objects.select_for_update().get(pk=code.pk)
    if current.status != ConductCode.Status.ADOPTED:
        raise ValidationError(
            _("Chỉ bộ chuẩn mực đang có hiệu lực mới cho hết hiệu lực được; «%(title)s» là %(status)s.")
            % {"title": current.title, "status": current.get_status_display().lower()}
        )
    _retire(current, actor=actor, on=on or timezone.localdate())
    code.status, code.retired_on, code.version = current.status, current.retired_on, current.version
    return code
