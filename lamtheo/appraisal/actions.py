"""Writes of a year-end review: opening a round with its criteria and its people, the self-assessment, the chi bộ's
proposals with their vote, the committee's decision within the cap, an amendment after the lock, publishing.
Each atomic, audited, asked of the rules (lamtheo.appraisal.rules)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.appraisal.models import (
    Amendment,
    Appraisal,
    AppraisalRound,
    CellAppraisal,
    Criterion,
    Level,
    Score,
    at_least,
    level_for,
)
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Person
from lamtheo.units.models import Unit

G, R = Criterion.Group.GENERAL, Criterion.Group.RESULTS
# The criteria a new round starts from (QĐ 366-QĐ/TW: 30 points of general criteria, 70 of results), as a
# committee writes them; the form shows them to edit. Data in the committee's language, stored with the round.
DEFAULT_CRITERIA = (
    (G, "Phẩm chất chính trị", 6),
    (G, "Đạo đức, lối sống", 6),
    (G, "Trách nhiệm nêu gương", 6),
    (G, "Tinh thần đổi mới, sáng tạo", 6),
    (G, "Tự phê bình và phê bình", 6),
    (R, "Kết quả thực hiện nhiệm vụ chính trị, chuyên môn được giao", 40),
    (R, "Thực hiện bản đăng ký học tập và làm theo", 15),
    (R, "Thực hiện nhiệm vụ đảng viên, sinh hoạt chi bộ", 15),
)
# A grassroots Party organisation (tổ chức cơ sở đảng): where the cap on "xuất sắc" is counted.
GRASSROOTS_KINDS = (Unit.Kind.COMMUNE_COMMITTEE, Unit.Kind.GRASSROOTS_COMMITTEE, Unit.Kind.GRASSROOTS_CELL)
# "Xuất sắc" at most this share of those rated "tốt" in a grassroots unit (HD 21, QĐ 366); a chi bộ is "xuất sắc"
# only with every member at least "hoàn thành" and this share at least "tốt".
CAP_PERCENT = 20
CELL_GOOD_PERCENT = 80
NAMES_SHOWN = 10


def _names(people) -> str:
    names = [str(p) for p in people]
    if len(names) > NAMES_SHOWN:
        return _("%(names)s và %(more)s người khác") % {
            "names": ", ".join(names[:NAMES_SHOWN]),
            "more": vn.number(len(names) - NAMES_SHOWN),
        }
    return ", ".join(names)


def _period_errors(
    period_kind, year, quarter, starts_on, ends_on
) -> tuple[dict, datetime.date, datetime.date]:
    errors = {}
    if period_kind == AppraisalRound.PeriodKind.YEAR:
        year_ = Period.year(year)
        return errors, year_.start, year_.end
    if period_kind == AppraisalRound.PeriodKind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            return {"quarter": [_("Hãy chọn quý (từ 1 đến 4).")]}, None, None
        quarter_ = Period.quarter(year, quarter)
        return errors, quarter_.start, quarter_.end
    if starts_on is None or ends_on is None:
        errors["ends_on"] = [_("Đợt đánh giá đột xuất cần ngày bắt đầu và ngày kết thúc.")]
    elif ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    return errors, starts_on, ends_on


STEPS = (
    ("self_assessment_due", None),
    ("cell_review_due", "self_assessment_due"),
    ("appraisal_due", "cell_review_due"),
    ("decision_due", "appraisal_due"),
)


def _deadline_errors(deadlines: dict) -> dict:
    labels = {
        "self_assessment_due": _("hạn tự đánh giá"),
        "cell_review_due": _("hạn chi bộ đánh giá"),
        "appraisal_due": _("hạn cấp ủy thẩm định"),
        "decision_due": _("hạn quyết định xếp loại"),
    }
    errors = {}
    for name, before in STEPS:
        if deadlines.get(name) is None:
            errors[name] = [_("Hãy ghi %(step)s.") % {"step": labels[name]}]
        elif before and deadlines.get(before) and deadlines[name] < deadlines[before]:
            errors[name] = [
                _("%(step)s không thể trước %(before)s.")
                % {"step": labels[name].capitalize(), "before": labels[before]}
            ]
    return errors


def criteria_errors(criteria) -> dict:
    """The criteria (group, text, most points): each with its text and at least 1 point, the general ones summing
    30 and the results 70."""
    errors = {}
    fields = {G: "general_criteria", R: "result_criteria"}
    for group, points_due in Criterion.GROUP_POINTS.items():
        mine = [(text, points) for g, text, points in criteria if g == group]
        if any(not text.strip() or points < 1 for text, points in mine):
            errors[fields[group]] = [_("Mỗi tiêu chí cần có nội dung và ít nhất 1 điểm.")]
            continue
        total = sum(points for _text, points in mine)
        if total != points_due:
            message = (
                _("Các tiêu chí chung phải cộng lại đúng %(due)s điểm (hiện là %(total)s điểm).")
                if group == G
                else _(
                    "Các tiêu chí kết quả thực hiện nhiệm vụ phải cộng lại đúng %(due)s điểm (hiện là %(total)s điểm)."
                )
            )
            errors[fields[group]] = [message % {"due": points_due, "total": vn.number(total)}]
    return errors


@transaction.atomic
def open_round(
    unit,
    *,
    actor,
    title: str,
    period_kind: str,
    year: int,
    deadlines: dict,
    quarter: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    include_non_members: bool = False,
    criteria=None,
) -> AppraisalRound:
    """A committee's round over its subtree for a period: its criteria (by default DEFAULT_CRITERIA) and an
    appraisal for each active member of the subtree (and each non-member official with `include_non_members`)."""
    require(actor, "appraisal.manage", unit)
    if not unit.is_committee:
        raise ValidationError(_("Chỉ cấp ủy mở đợt đánh giá, xếp loại cho đảng bộ của mình."))
    criteria = list(criteria or DEFAULT_CRITERIA)
    errors, starts_on, ends_on = _period_errors(period_kind, year, quarter, starts_on, ends_on)
    errors |= _deadline_errors(deadlines)
    errors |= criteria_errors(criteria)
    if not title.strip():
        errors["title"] = [_("Hãy ghi tên đợt đánh giá.")]
    if (
        not errors
        and AppraisalRound.objects.filter(
            unit=unit, period_kind=period_kind, year=year, quarter=quarter, starts_on=starts_on
        ).exists()
    ):
        errors["year"] = [_("%(unit)s đã mở một đợt đánh giá cho kỳ này.") % {"unit": unit}]
    if errors:
        raise ValidationError(errors)
    round_ = AppraisalRound.objects.create(
        unit=unit,
        title=title.strip(),
        period_kind=period_kind,
        year=year,
        quarter=quarter if period_kind == AppraisalRound.PeriodKind.QUARTER else None,
        starts_on=starts_on,
        ends_on=ends_on,
        include_non_members=include_non_members,
        created_by=user_of(actor),
        **{name: deadlines[name] for name, _before in STEPS},
    )
    Criterion.objects.bulk_create(
        Criterion(round=round_, group=group, position=index, text=text.strip(), points=points)
        for index, (group, text, points) in enumerate(criteria, start=1)
    )
    people = Person.objects.in_subtree(unit).active()
    if not include_non_members:
        people = people.members()
    Appraisal.objects.bulk_create(
        (
            Appraisal(round=round_, person_id=pk, unit_id=unit_id)
            for pk, unit_id in people.values_list("pk", "unit_id")
        ),
        batch_size=2000,
    )
    audit.record(
        round_,
        "appraisal.open",
        actor=actor,
        changes={"criteria": [None, [text for _g, text, _p in criteria]], "people": [None, people.count()]},
    )
    return round_


def _open_or_refuse(round_: AppraisalRound) -> None:
    if round_.is_locked:
        raise ValidationError(
            _(
                "Đợt đánh giá đã có quyết định xếp loại và đã khóa: mọi thay đổi sau đó là một điều chỉnh có ghi "
                "lý do, do cấp ủy thực hiện."
            )
        )


@transaction.atomic
def self_assess(
    appraisal: Appraisal,
    *,
    actor,
    expected_version: int,
    scores: dict[int, tuple[Decimal | None, str]],
    summary="",
) -> Appraisal:
    """The bản kiểm điểm: {criterion id: (points, note)} for every criterion of the round; the total and the level
    its band gives are kept with it. Before the chi bộ has proposed a level only."""
    require(actor, "appraisal.self_assess", appraisal)
    _open_or_refuse(appraisal.round)
    if appraisal.status in (Appraisal.Status.PROPOSED, Appraisal.Status.DECIDED):
        raise ValidationError(_("Chi bộ đã đề xuất xếp loại: bản kiểm điểm không sửa được nữa."))
    criteria = list(appraisal.round.criteria.all())
    errors = []
    for criterion in criteria:
        points, _note = scores.get(criterion.pk, (None, ""))
        if points is None:
            errors.append(_("Tiêu chí «%(criterion)s»: hãy chấm điểm.") % {"criterion": criterion.text})
        elif not 0 <= points <= criterion.points:
            errors.append(
                _("Tiêu chí «%(criterion)s»: điểm phải từ 0 đến %(max)s.")
                % {"criterion": criterion.text, "max": vn.number(criterion.points)}
            )
    if errors:
        raise ValidationError(errors)
    Score.objects.filter(appraisal=appraisal).delete()
    Score.objects.bulk_create(
        Score(appraisal=appraisal, criterion=c, points=scores[c.pk][0], note=scores[c.pk][1].strip())
        for c in criteria
    )
    total = sum((scores[c.pk][0] for c in criteria), Decimal(0))
    appraisal.self_total = total
    appraisal.self_level = level_for(total)
    appraisal.self_summary = summary.strip()
    appraisal.status = Appraisal.Status.SELF_ASSESSED
    appraisal.self_assessed_at = timezone.now()
    appraisal.self_assessed_by = user_of(actor)
    save_versioned(
        appraisal,
        expected_version,
        ["self_total", "self_level", "self_summary", "status", "self_assessed_at", "self_assessed_by"],
    )
    audit.record(
        appraisal,
        "appraisal.self_assess",
        actor=actor,
        unit=appraisal.unit,
        changes={"self_total": [None, str(total)], "self_level": [None, appraisal.self_level]},
    )
    return appraisal


def cell_people(round_: AppraisalRound, unit) -> list[Appraisal]:
    """The appraisals a chi bộ proposes in the round: its own people's, by name."""
    return list(
        Appraisal.objects.in_round(round_)
        .filter(unit=unit)
        .select_related("person")
        .order_by("person__sort_key", "pk")
    )


@transaction.atomic
def propose(round_: AppraisalRound, unit, rows: dict[int, dict], *, actor) -> int:
    """The chi bộ's proposals: {appraisal id: {"level", "for", "against", "abstain", "remark"}}, each for someone
    of the chi bộ who has self-assessed, passed by more than half of the votes cast. Checked whole, then written;
    returns how many proposals were written."""
    require(actor, "appraisal.review", unit)
    _open_or_refuse(round_)
    mine = {a.pk: a for a in cell_people(round_, unit)}
    errors = []
    for pk, row in rows.items():
        appraisal = mine.get(pk)
        if appraisal is None:
            errors.append(_("Có người không thuộc chi bộ trong đợt đánh giá này; hãy tải lại trang."))
            continue
        who = appraisal.person
        if row["level"] not in Level.values:
            errors.append(_("%(who)s: hãy chọn mức xếp loại đề xuất.") % {"who": who})
        elif appraisal.status == Appraisal.Status.WAITING:
            errors.append(_("%(who)s chưa tự đánh giá: chi bộ chưa đề xuất xếp loại được.") % {"who": who})
        votes = [row.get(key) for key in ("for", "against", "abstain")]
        if any(v is None or v < 0 for v in votes):
            errors.append(
                _("%(who)s: hãy ghi số phiếu tán thành, không tán thành và không biểu quyết.") % {"who": who}
            )
        elif votes[0] * 2 <= sum(votes):
            errors.append(
                _("%(who)s: đề xuất cần quá nửa số phiếu tán thành (%(for)s/%(cast)s).")
                % {"who": who, "for": votes[0], "cast": sum(votes)}
            )
    if errors:
        raise ValidationError(sorted(set(errors), key=errors.index))
    now = timezone.now()
    changed = []
    for pk, row in rows.items():
        appraisal = mine[pk]
        appraisal.proposed_level = row["level"]
        appraisal.votes_for, appraisal.votes_against, appraisal.votes_abstain = (
            row["for"],
            row["against"],
            row["abstain"],
        )
        appraisal.proposal_remark = (row.get("remark") or "").strip()
        appraisal.status = Appraisal.Status.PROPOSED
        appraisal.proposed_at, appraisal.proposed_by = now, user_of(actor)
        appraisal.version += 1
        changed.append(appraisal)
    Appraisal.objects.bulk_update(
        changed,
        [
            "proposed_level",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "proposal_remark",
            "status",
            "proposed_at",
            "proposed_by",
            "version",
        ],
    )
    if changed:
        audit.record(
            round_, "appraisal.propose", actor=actor, unit=unit, changes={"proposals": [None, len(changed)]}
        )
    return len(changed)


def grassroots_of(round_: AppraisalRound, unit_paths: set[str]) -> dict[str, Unit]:
    """{unit path: the grassroots organisation it belongs to} (the nearest unit of GRASSROOTS_KINDS at or above it
    within the round's subtree; the round's unit where there is none). One query."""
    from lamtheo.accounts.scoping import subtree_q

    grassroots = list(
        Unit.objects.filter(subtree_q(round_.unit.path), kind__in=GRASSROOTS_KINDS).order_by("-depth")
    )
    result = {}
    for path in unit_paths:
        result[path] = next((u for u in grassroots if path.startswith(u.path)), round_.unit)
    return result


@dataclass
class CapCount:
    """One grassroots organisation's count under the cap, for members or for non-member officials."""

    unit: Unit
    is_member: bool
    excellent: int
    good: int

    @property
    def most(self) -> int:
        return self.good * CAP_PERCENT // 100

    @property
    def broken(self) -> bool:
        return self.excellent > self.most


def cap_counts(round_: AppraisalRound, appraisals, levels: dict[int, str]) -> list[CapCount]:
    """In each grassroots organisation, those rated "xuất sắc" and "tốt" by `levels`, counted apart for members and
    for non-member officials. `appraisals` with their person and unit loaded."""
    grassroots = grassroots_of(round_, {a.unit.path for a in appraisals})
    counts: dict[tuple, CapCount] = {}
    for appraisal in appraisals:
        unit = grassroots[appraisal.unit.path]
        key = (unit.path, not appraisal.person.is_member)
        tally = counts.setdefault(key, CapCount(unit, appraisal.person.is_member, 0, 0))
        level = levels.get(appraisal.pk)
        if level == Level.EXCELLENT:
            tally.excellent += 1
        elif level == Level.GOOD:
            tally.good += 1
    return [counts[key] for key in sorted(counts)]


def cap_errors(round_: AppraisalRound, appraisals, levels: dict[int, str]) -> list[str]:
    """The cap: in each grassroots organisation, those rated "xuất sắc" at most CAP_PERCENT % of those rated "tốt"."""
    errors = []
    for count in cap_counts(round_, appraisals, levels):
        if not count.broken:
            continue
        numbers = {
            "unit": count.unit,
            "excellent": vn.count(count.excellent),
            "good": vn.count(count.good),
            "most": vn.count(count.most) if count.most else "0",
        }
        errors.append(
            (
                _(
                    "%(unit)s: %(excellent)s đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ, vượt quá 20%% của "
                    "%(good)s đảng viên xếp loại Hoàn thành tốt nhiệm vụ (nhiều nhất %(most)s)."
                )
                if count.is_member
                else _(
                    "%(unit)s: %(excellent)s cán bộ, công chức chưa là đảng viên xếp loại Hoàn thành xuất sắc "
                    "nhiệm vụ, vượt quá 20%% của %(good)s người xếp loại Hoàn thành tốt nhiệm vụ (nhiều nhất "
                    "%(most)s)."
                )
            )
            % numbers
        )
    return errors


def cell_errors(
    appraisals, levels: dict[int, str], cell_levels: dict[int, str], units: dict[int, Unit]
) -> list[str]:
    """A chi bộ rated "xuất sắc" has every member at least "hoàn thành" and CELL_GOOD_PERCENT % at least "tốt"."""
    members: dict[int, list[str]] = {}
    for appraisal in appraisals:
        if appraisal.person.is_member:
            members.setdefault(appraisal.unit_id, []).append(levels.get(appraisal.pk) or Level.NOT_DONE)
    errors = []
    for unit_id, level in cell_levels.items():
        if level != Level.EXCELLENT:
            continue
        theirs = members.get(unit_id, [])
        n = len(theirs)
        done = sum(at_least(lv, Level.DONE) for lv in theirs)
        good = sum(at_least(lv, Level.GOOD) for lv in theirs)
        if not n or done < n or good * 100 < CELL_GOOD_PERCENT * n:
            errors.append(
                _(
                    "%(unit)s không thể xếp loại Hoàn thành xuất sắc nhiệm vụ: %(done)s/%(n)s đảng viên hoàn thành "
                    "nhiệm vụ trở lên (cần 100%%) và %(good)s/%(n)s đảng viên hoàn thành tốt nhiệm vụ trở lên (cần "
                    "80%%)."
                )
                % {"unit": units[unit_id], "done": done, "good": good, "n": n}
            )
    return errors


def round_people(round_: AppraisalRound) -> list[Appraisal]:
    """Every appraisal of the round, with the person and the chi bộ, by chi bộ then name."""
    return list(
        Appraisal.objects.in_round(round_)
        .select_related("person", "unit")
        .order_by("unit__path", "person__sort_key", "pk")
    )


def round_cells(round_: AppraisalRound) -> list[Unit]:
    """The chi bộ of the round's subtree the committee rates: those with people in the round."""
    return list(
        Unit.objects.filter(
            pk__in=Appraisal.objects.in_round(round_).values("unit"), kind__in=Unit.CELL_KINDS
        ).order_by("path")
    )


@transaction.atomic
def decide(
    round_: AppraisalRound,
    *,
    actor,
    expected_version: int,
    levels: dict[int, str],
    cell_levels: dict[int, str],
    reference: str = "",
) -> AppraisalRound:
    """The committee's decision: a level for everyone of the round (the chi bộ's proposal unless `levels` says
    otherwise) and for its chi bộ (`cell_levels`, {unit id: level}); refused whole when the cap or the chi bộ's rule
    is broken, with the numbers. The round is then locked."""
    require(actor, "appraisal.manage", round_.unit)
    _open_or_refuse(round_)
    appraisals = round_people(round_)
    final = {a.pk: levels.get(a.pk) or a.proposed_level for a in appraisals}
    errors = []
    if any(level and level not in Level.values for level in [*final.values(), *cell_levels.values()]):
        errors.append(_("Có mức xếp loại không hợp lệ; hãy tải lại trang."))
    missing = [a.person for a in appraisals if not final[a.pk]]
    if missing:
        errors.append(_("Chưa có mức xếp loại cho: %(names)s.") % {"names": _names(missing)})
    cells = {unit.pk: unit for unit in round_cells(round_)}
    if set(cell_levels) - set(cells):
        errors.append(_("Có chi bộ không thuộc đợt đánh giá này; hãy tải lại trang."))
    if not errors:
        errors += cap_errors(round_, appraisals, final)
        errors += cell_errors(appraisals, final, cell_levels, cells)
    if errors:
        raise ValidationError(errors)
    for appraisal in appraisals:
        appraisal.level = final[appraisal.pk]
        appraisal.status = Appraisal.Status.DECIDED
        appraisal.version += 1
    Appraisal.objects.bulk_update(appraisals, ["level", "status", "version"], batch_size=2000)
    CellAppraisal.objects.bulk_create(
        CellAppraisal(round=round_, unit_id=unit_id, level=level)
        for unit_id, level in cell_levels.items()
        if level
    )
    round_.status = AppraisalRound.Status.DECIDED
    round_.decided_at, round_.decided_by = timezone.now(), user_of(actor)
    round_.decision_reference = reference.strip()
    save_versioned(round_, expected_version, ["status", "decided_at", "decided_by", "decision_reference"])
    tally = {level: sum(1 for v in final.values() if v == level) for level in Level.values}
    audit.record(round_, "appraisal.decide", actor=actor, changes={"levels": [None, tally]})
    return round_


@transaction.atomic
def amend(appraisal: Appraisal, *, actor, expected_version: int, level: str, reason: str) -> Amendment:
    """A change of a decided level after the lock, with its reason, kept and shown; the cap and the chi bộ's rule
    still hold after it."""
    round_ = appraisal.round
    require(actor, "appraisal.manage", round_.unit)
    if not round_.is_locked:
        raise ValidationError(
            _("Đợt đánh giá chưa có quyết định: hãy sửa mức xếp loại trong bảng quyết định.")
        )
    errors = {}
    if level not in Level.values:
        errors["level"] = [_("Hãy chọn mức xếp loại mới.")]
    elif level == appraisal.level:
        errors["level"] = [_("Mức xếp loại mới trùng với mức đã quyết định.")]
    if not reason.strip():
        errors["reason"] = [_("Hãy ghi lý do điều chỉnh.")]
    if errors:
        raise ValidationError(errors)
    appraisals = round_people(round_)
    levels = {a.pk: a.level for a in appraisals} | {appraisal.pk: level}
    cells = {c.unit_id: c.level for c in round_.cell_appraisals.all()}
    units = {a.unit_id: a.unit for a in appraisals}
    refused = cap_errors(round_, appraisals, levels) + cell_errors(appraisals, levels, cells, units)
    if refused:
        raise ValidationError(refused)
    before = appraisal.level
    appraisal.level = level
    save_versioned(appraisal, expected_version, ["level"])
    by = user_of(actor)
    amendment = Amendment.objects.create(
        appraisal=appraisal,
        from_level=before,
        to_level=level,
        reason=reason.strip(),
        by=by,
        by_name=by.get_full_name() or by.username if by else "",
    )
    audit.record(
        appraisal,
        "appraisal.amend",
        actor=actor,
        unit=appraisal.unit,
        changes={"level": [before, level]},
        note=reason,
    )
    return amendment


@transaction.atomic
def publish(round_: AppraisalRound, *, actor, expected_version: int) -> AppraisalRound:
    """Make the decided levels public to each chi bộ: its people see the levels of its members."""
    require(actor, "appraisal.manage", round_.unit)
    if round_.status != AppraisalRound.Status.DECIDED:
        raise ValidationError(_("Chỉ công khai được kết quả đã có quyết định xếp loại, chưa công khai."))
    round_.status = AppraisalRound.Status.PUBLISHED
    round_.published_at = timezone.now()
    save_versioned(round_, expected_version, ["status", "published_at"])
    audit.record(round_, "appraisal.publish", actor=actor, changes={"status": ["decided", "published"]})
    return round_
