"""The sơ kết / tổng kết of an initiative: the first draft of its three parts written from the records the way a
committee writes them (seed 003: "Đối với Tổ 2 - Khối chính quyền, qua thực hiện mô hình với chủ đề ..."), and the
report printed in the Party format through the one renderer in lamtheo.lib.docx.

The figures are those up to the end of the review's month: each goal's latest value by then against its baseline
and target, the months a team left empty, the notes the teams wrote with their values, the replicas' progress."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lamtheo.documents.actions import profile_for
from lamtheo.initiatives.models import Goal, GoalValue, Initiative, Review, Team
from lamtheo.initiatives.progress import GoalRow, goal_progress, progress_text
from lamtheo.lib import docx, vn
from lamtheo.lib.docx import PartyDocument, Table, party_language
from lamtheo.people.leaders import secretary_name
from lamtheo.units.models import Unit

GOAL_WIDTHS = (3.3, 4.3, 1.9, 1.9, 2.0, 2.0)  # after the STT column (1,1 cm): 16,5 cm in all
TASK_WIDTHS = (8.0, 4.6, 2.8)


def month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass
class TeamState:
    team: Team
    rows: list[GoalRow]
    missing: list[datetime.date]  # months of the period up to the review with no value for some goal
    notes: list[GoalValue]


def teams_until(initiative: Initiative, until: datetime.date) -> list[TeamState]:
    """Each team with its goals' values up to the end of `until`'s month (three queries whatever the size)."""
    last = until.replace(day=1)
    values = GoalValue.objects.filter(month__lte=last).order_by("month")
    teams = list(
        initiative.teams.select_related("leader")
        .prefetch_related(
            "members", Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("values", values)))
        )
        .order_by("name")
    )
    due = _months(initiative.starts_on, min(last, initiative.ends_on))
    states = []
    for team in teams:
        goals = list(team.goals.all())
        rows = [goal_progress(goal, list(goal.values.all())) for goal in goals]
        recorded = [{v.month for v in row.values} for row in rows]
        missing = [m for m in due if any(m not in months for months in recorded)] if goals else []
        notes = sorted((v for row in rows for v in row.values if v.note.strip()), key=lambda v: v.month)
        states.append(TeamState(team, rows, missing, notes))
    return states


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def goal_sentence(row: GoalRow) -> str:
    """`hồ sơ trễ hạn giảm từ 14 hồ sơ xuống 3 hồ sơ (mục tiêu 0 hồ sơ)`, `..., đạt mục tiêu đề ra`."""
    name = _lower_first(row.goal.name)
    if row.latest is None:
        return _("%(goal)s chưa có số liệu") % {"goal": name}
    values = {"goal": name, "from": row.baseline_text, "to": row.latest_text, "target": row.target_text}
    if row.latest.value == row.goal.baseline:
        moved = _("%(goal)s vẫn ở mức %(to)s") % values
    elif row.latest.value < row.goal.baseline:
        moved = _("%(goal)s giảm từ %(from)s xuống %(to)s") % values
    else:
        moved = _("%(goal)s tăng từ %(from)s lên %(to)s") % values
    if row.reached:
        return _("%(moved)s, đạt mục tiêu đề ra") % {"moved": moved}
    return _("%(moved)s (mục tiêu %(target)s)") % {"moved": moved, "target": row.target_text}


def _month_list(months: list[datetime.date]) -> str:
    return ", ".join(f"{m:%m/%Y}" for m in months)


def draft_results(initiative: Initiative, until: datetime.date, states: list[TeamState], replicas) -> str:
    """Part I as a committee writes it: the setting-up, each team's results on its theme, the replicas."""
    members = len({p.pk for s in states for p in s.team.members.all()})
    goals = [row for s in states for row in s.rows]
    last = min(until.replace(day=1), initiative.ends_on.replace(day=1))
    opening = _(
        "Từ tháng %(start)s đến hết tháng %(until)s, %(unit)s triển khai thực hiện %(kind)s “%(name)s” "
        "qua %(teams)s tổ với %(members)s thành viên; mỗi tổ có chủ đề riêng, hằng tháng ghi nhận kết quả "
        "theo các chỉ tiêu đã đăng ký."
    ) % {
        "start": f"{initiative.starts_on:%m/%Y}",
        "until": f"{last:%m/%Y}",
        "unit": initiative.unit.name,
        "kind": initiative.get_kind_display().lower(),
        "name": initiative.name,
        "teams": vn.count(len(states)),
        "members": vn.count(members),
    }
    decision = initiative.decision
    if decision is not None and decision.code:
        opening = _("Thực hiện %(type)s số %(code)s ngày %(date)s của %(issuer)s, %(rest)s") % {
            "type": decision.doc_type.name,
            "code": decision.code,
            "date": vn.short_date(decision.date),
            "issuer": decision.unit.name,
            "rest": _lower_first(opening),
        }
    lines = [opening]
    if goals:
        reached = sum(1 for row in goals if row.reached)
        lines.append(
            _("Đến hết tháng %(until)s, có %(reached)s/%(goals)s chỉ tiêu của các tổ đạt mục tiêu đề ra.")
            % {"until": f"{last:%m/%Y}", "reached": vn.count(reached), "goals": vn.count(len(goals))}
        )
    for state in states:
        team = state.team
        if team.theme:
            said = _("Đối với %(team)s, qua thực hiện mô hình với chủ đề “%(theme)s”") % {
                "team": team.name,
                "theme": team.theme.strip().rstrip("."),
            }
        else:
            said = _("Đối với %(team)s") % {"team": team.name}
        if state.rows:
            said += ": " + "; ".join(goal_sentence(row) for row in state.rows) + "."
        else:
            said += _(": tổ chưa đăng ký chỉ tiêu.")
        if state.notes:
            said += " " + _("Tổ ghi nhận: %(notes)s.") % {
                "notes": "; ".join(
                    f"{note.note.strip().rstrip('.')} ({_('tháng')} {note.month:%m/%Y})"
                    for note in state.notes
                )
            }
        lines.append(said)
    if replicas:
        lines.append(replicas_sentence(replicas))
    return "\n".join(lines)


def replicas_sentence(replicas) -> str:
    """`Mô hình đã được nhân rộng tại 08 đơn vị: Chi bộ Ấp A (tiến độ 62%), ...`."""
    return _("Mô hình đã được nhân rộng tại %(count)s đơn vị: %(units)s.") % {
        "count": vn.count(len(replicas)),
        "units": "; ".join(
            _("%(unit)s (tiến độ %(progress)s)")
            % {"unit": r.unit.name, "progress": progress_text(r.progress)}
            if r.progress is not None
            else _("%(unit)s (chưa có số liệu)") % {"unit": r.unit.name}
            for r in replicas
        ),
    }


def behind_phrase(team: Team, row: GoalRow) -> str:
    """`Tổ 3 - Cơ sở đảng: chi bộ họp chi ủy trước mới đạt 70% (mục tiêu 100%)`."""
    values = {"team": team.name, "goal": _lower_first(row.goal.name), "target": row.target_text}
    if row.latest is None:
        return _("%(team)s: %(goal)s chưa có số liệu (mục tiêu %(target)s)") % values
    values["value"] = row.latest_text
    if row.goal.lower_is_better:
        return _("%(team)s: %(goal)s còn %(value)s (mục tiêu %(target)s)") % values
    return _("%(team)s: %(goal)s mới đạt %(value)s (mục tiêu %(target)s)") % values


def draft_limitations(states: list[TeamState]) -> str:
    """Part II: the goals not reached, and the months a team did not record."""
    behind = [(s.team, row) for s in states for row in s.rows if not row.reached]
    goals = sum(len(s.rows) for s in states)
    lines = []
    if behind:
        lines.append(
            _("Còn %(count)s/%(goals)s chỉ tiêu chưa đạt mục tiêu: %(list)s.")
            % {
                "count": vn.count(len(behind)),
                "goals": vn.count(goals),
                "list": "; ".join(behind_phrase(team, row) for team, row in behind),
            }
        )
    for state in states:
        if state.missing:
            lines.append(
                _("%(team)s chưa ghi đủ số liệu các tháng %(months)s.")
                % {"team": state.team.name, "months": _month_list(state.missing)}
            )
    return "\n".join(lines)


def draft_directions(initiative: Initiative, states: list[TeamState]) -> str:
    """Part III, one task a line (each may become an assignment): every goal not reached, to its team."""
    lines = []
    for state in states:
        for row in state.rows:
            if row.reached:
                continue
            values = {
                "team": state.team.name,
                "goal": _lower_first(row.goal.name),
                "target": row.target_text,
                "date": vn.short_date(initiative.ends_on),
            }
            if row.goal.lower_is_better:
                lines.append(_("%(team)s tập trung đưa %(goal)s về %(target)s trước ngày %(date)s.") % values)
            else:
                lines.append(
                    _("%(team)s tập trung nâng %(goal)s lên %(target)s trước ngày %(date)s.") % values
                )
    return "\n".join(f"- {line}" for line in lines)


def replicas_until(initiative: Initiative, until: datetime.date) -> list[Initiative]:
    """The replicas with their median progress by the end of `until`'s month (None without a value)."""
    import statistics

    replicas = list(initiative.replicas.select_related("unit").order_by("unit__path"))
    values = GoalValue.objects.filter(month__lte=until.replace(day=1)).order_by("month")
    goals = Goal.objects.filter(team__initiative__in=replicas).select_related("team")
    goals = goals.prefetch_related(Prefetch("values", values))
    by_replica: dict[int, list[float]] = {}
    for goal in goals:
        row = goal_progress(goal, list(goal.values.all()))
        if row.progress is not None:
            by_replica.setdefault(goal.team.initiative_id, []).append(min(row.progress, 100.0))
    for replica in replicas:
        progress = by_replica.get(replica.pk)
        replica.progress = statistics.median(progress) if progress else None
    return replicas


def draft(initiative: Initiative, until: datetime.date) -> dict[str, str]:
    """The three parts of a new review, written from the records up to `until`'s month."""
    states = teams_until(initiative, until)
    return {
        "results": draft_results(initiative, until, states, replicas_until(initiative, until)),
        "limitations": draft_limitations(states),
        "directions": draft_directions(initiative, states),
    }


def _body(review: Review) -> str:
    parts = [
        (_("KẾT QUẢ THỰC HIỆN"), review.results),
        (_("HẠN CHẾ, KHÓ KHĂN"), review.limitations),
        (_("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), review.directions),
    ]
    written = [(title, text.strip()) for title, text in parts if text.strip()]
    roman = ("I", "II", "III")
    return "\n".join(f"{roman[n]}. {title}\n{text}" for n, (title, text) in enumerate(written))


def review_document(review: Review) -> PartyDocument:
    initiative = review.initiative
    unit = initiative.unit
    profile = profile_for(unit)
    states = teams_until(initiative, review.until)
    last = review.until.replace(day=1)
    goal_rows = [
        [
            state.team.name,
            row.goal.name,
            row.baseline_text,
            row.target_text,
            row.latest_text or "—",
            _("Đạt") if row.reached else _("Chưa đạt"),
        ]
        for state in states
        for row in state.rows
    ]
    tables = []
    if goal_rows:
        tables.append(
            Table(
                [_("Tổ"), _("Chỉ tiêu"), _("Khởi điểm"), _("Mục tiêu"), f"{last:%m/%Y}", _("Đánh giá")],
                goal_rows,
                _("KẾT QUẢ CÁC CHỈ TIÊU CỦA CÁC TỔ"),
                GOAL_WIDTHS,
                numbered=True,
            )
        )
    assignments = list(review.meeting.assignments.select_related("assignee_person", "assignee_unit"))
    if assignments:
        tables.append(
            Table(
                [_("Nhiệm vụ"), _("Người, đơn vị thực hiện"), _("Thời hạn")],
                [[a.what, str(a.assignee), vn.short_date(a.deadline)] for a in assignments],
                _("NHIỆM VỤ ĐƯỢC GIAO SAU HỘI NGHỊ"),
                TASK_WIDTHS,
                numbered=True,
            )
        )
    parent = Unit.objects.get_parent(unit)
    cell = unit.kind in Unit.CELL_KINDS
    return PartyDocument(
        superior_body=profile.superior_body,
        issuing_body=profile.issuing_body,
        code="",
        type_code="BC",
        issuer_code=profile.issuer_code,
        place=profile.place,
        date=review.meeting.local_start.date(),
        type_name=_("BÁO CÁO"),
        summary=_("%(kind)s thực hiện %(initiative)s “%(name)s”")
        % {
            "kind": review.get_kind_display().lower(),
            "initiative": initiative.get_kind_display().lower(),
            "name": initiative.name,
        },
        body=_body(review),
        signing_form=_("T/M CHI BỘ") if cell else profile.signing_form,
        signer_title=_("BÍ THƯ"),
        signer_name=secretary_name(unit),
        recipients=[
            *([_("%(unit)s (để báo cáo)") % {"unit": parent.name}] if parent else []),
            _("Các tổ thực hiện mô hình"),
            _("Lưu Chi bộ") if cell else _("Lưu Văn phòng"),
        ],
        tables=tables,
    )


@party_language
def render_review(review: Review) -> bytes:
    return docx.render(review_document(review))
