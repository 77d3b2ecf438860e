"""Writes on models and breakthrough tasks: launching, changing, teams and goals, monthly values, replication.
Each atomic, audited and asked of the rules; the views, the API and the demo loader call these."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.audit.actions import user_of
from lamtheo.initiatives.models import Goal, GoalValue, Initiative, Review, Team
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Person

INITIATIVE_FIELDS = ["kind", "name", "theme", "starts_on", "ends_on", "decision"]


@dataclass
class TeamSpec:
    name: str
    theme: str = ""
    leader: Person | None = None
    members: list[Person] = field(default_factory=list)


def _period_errors(starts_on, ends_on) -> dict:
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": [_("Ngày kết thúc phải sau ngày bắt đầu.")]}
    return {}


def _decision_errors(unit, decision) -> dict:
    """The decision is a document of the unit or of a unit above it (the committee that set it up)."""
    if decision is not None and not unit.path.startswith(decision.unit.path):
        return {"decision": [_("Quyết định phải do đơn vị này hoặc cấp trên của đơn vị ban hành.")]}
    return {}


def _people_errors(unit, spec: TeamSpec) -> list[str]:
    people = [p for p in [spec.leader, *spec.members] if p is not None]
    outside = [p for p in people if not p.unit.path.startswith(unit.path)] if people else []
    if outside:
        return [
            _("Tổ «%(team)s»: %(names)s không thuộc đơn vị thực hiện.")
            % {"team": spec.name, "names": ", ".join(sorted({p.full_name for p in outside}))}
        ]
    return []


def _teams_errors(unit, teams: list[TeamSpec], existing: set[str] = frozenset()) -> dict:
    messages = []
    seen = set(existing)
    for spec in teams:
        if not spec.name.strip():
            messages.append(_("Mỗi tổ cần có tên."))
            continue
        if spec.name.strip().casefold() in seen:
            messages.append(_("Tên tổ «%(team)s» bị trùng.") % {"team": spec.name})
        seen.add(spec.name.strip().casefold())
        messages += _people_errors(unit, spec)
    return {"teams": messages} if messages else {}


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _make_team(initiative: Initiative, spec: TeamSpec) -> Team:
    team = Team.objects.create(
        initiative=initiative, name=spec.name.strip(), theme=spec.theme, leader=spec.leader
    )
    members = {p.pk for p in spec.members} | ({spec.leader.pk} if spec.leader else set())
    team.members.set(members)
    return team


@transaction.atomic
def launch_initiative(
    unit,
    *,
    actor,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    kind: str = Initiative.Kind.MODEL,
    theme: str = "",
    decision=None,
    teams: list[TeamSpec] = (),
) -> Initiative:
    """A committee (or a chi bộ) launches a model or a breakthrough task for a period, with its teams."""
    require(actor, "initiatives.manage", unit)
    teams = list(teams)
    _raise(_period_errors(starts_on, ends_on) | _decision_errors(unit, decision) | _teams_errors(unit, teams))
    initiative = Initiative.objects.create(
        unit=unit,
        kind=kind,
        name=name.strip(),
        theme=theme,
        starts_on=starts_on,
        ends_on=ends_on,
        decision=decision,
        created_by=user_of(actor),
    )
    for spec in teams:
        _make_team(initiative, spec)
    audit.record(
        initiative,
        "initiatives.launch",
        actor=actor,
        changes={f: [None, v] for f, v in audit.snapshot(initiative, INITIATIVE_FIELDS).items()},
    )
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, actor, expected_version: int, **values) -> Initiative:
    """Change the initiative's name, theme, period or decision; refused if someone saved it since it was read."""
    require(actor, "initiatives.manage", initiative.unit)
    before = audit.snapshot(initiative, INITIATIVE_FIELDS)
    for name, value in values.items():
        if name not in INITIATIVE_FIELDS:
            raise TypeError(name)
        setattr(initiative, name, value)
    _raise(
        _period_errors(initiative.starts_on, initiative.ends_on)
        | _decision_errors(initiative.unit, initiative.decision)
        | _values_outside_errors(initiative)
    )
    save_versioned(initiative, expected_version, INITIATIVE_FIELDS)
    if changes := audit.diff(before, audit.snapshot(initiative, INITIATIVE_FIELDS)):
        audit.record(initiative, "initiatives.update", actor=actor, changes=changes)
    return initiative


def _values_outside_errors(initiative: Initiative) -> dict:
    first = initiative.starts_on.replace(day=1)
    outside = GoalValue.objects.filter(goal__team__initiative=initiative).exclude(
        month__gte=first, month__lte=initiative.ends_on
    )
    if outside.exists():
        return {
            "starts_on": [
                _("Đã có số liệu tháng ngoài thời gian mới; hãy giữ thời gian bao gồm các tháng đó.")
            ]
        }
    return {}


@transaction.atomic
def add_team(initiative: Initiative, spec: TeamSpec, *, actor) -> Team:
    require(actor, "initiatives.manage", initiative.unit)
    existing = {name.casefold() for name in initiative.teams.values_list("name", flat=True)}
    _raise(_teams_errors(initiative.unit, [spec], existing))
    team = _make_team(initiative, spec)
    audit.record(
        team, "initiatives.add_team", actor=actor, unit=initiative.unit, changes={"name": [None, team.name]}
    )
    return team


@transaction.atomic
def add_goal(team: Team, *, actor, name: str, measure: str, baseline: Decimal, target: Decimal) -> Goal:
    """A measurable result of the team: where it starts (baseline) and where it should be (target)."""
    require(actor, "initiatives.manage", team.initiative.unit)
    if baseline == target:
        raise ValidationError({"target": [_("Mục tiêu phải khác mức khởi điểm.")]})
    goal = Goal.objects.create(
        team=team, name=name.strip(), measure=measure.strip(), baseline=baseline, target=target
    )
    audit.record(
        goal,
        "initiatives.add_goal",
        actor=actor,
        unit=team.initiative.unit,
        changes={"name": [None, goal.name], "baseline": [None, str(baseline)], "target": [None, str(target)]},
    )
    return goal


@transaction.atomic
def record_month(
    team: Team,
    month: datetime.date,
    values: dict[int, Decimal | None],
    *,
    actor,
    today: datetime.date | None = None,
) -> list[GoalValue]:
    """The team's values for one month, goal by goal (`values`: goal id → value; None clears it). The month lies in
    the initiative's period and is not after `today` (the demo's own day; by default today); every goal named
    belongs to the team."""
    require(actor, "initiatives.record", team)
    month = month.replace(day=1)
    initiative = team.initiative
    today = today or timezone.localdate()
    if month < initiative.starts_on.replace(day=1) or month > initiative.ends_on:
        raise ValidationError(
            {
                "month": [
                    _("Tháng %(month)s ngoài thời gian thực hiện (%(start)s – %(end)s).")
                    % {
                        "month": f"{month:%m/%Y}",
                        "start": vn.short_date(initiative.starts_on),
                        "end": vn.short_date(initiative.ends_on),
                    }
                ]
            }
        )
    if month > today:
        raise ValidationError({"month": [_("Chưa đến tháng %(month)s.") % {"month": f"{month:%m/%Y}"}]})
    goals = {goal.pk: goal for goal in team.goals.all()}
    if unknown := set(values) - set(goals):
        raise ValidationError(
            _("Chỉ tiêu không thuộc tổ này: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    saved = []
    changes = {}
    existing = {v.goal_id: v for v in GoalValue.objects.filter(goal__in=list(values), month=month)}
    for goal_id, value in values.items():
        before = existing.get(goal_id)
        if value is None:
            if before is not None:
                before.delete()
                changes[goals[goal_id].name] = [str(before.value), None]
            continue
        if before is not None and before.value == value:
            saved.append(before)
            continue
        row, _created = GoalValue.objects.update_or_create(
            goal_id=goal_id, month=month, defaults={"value": value, "recorded_by": user_of(actor)}
        )
        changes[goals[goal_id].name] = [None if before is None else str(before.value), str(value)]
        saved.append(row)
    if changes:
        audit.record(
            team,
            "initiatives.record_month",
            actor=actor,
            unit=initiative.unit,
            changes=changes,
            note=f"{month:%m/%Y}",
        )
    return saved


@transaction.atomic
def replicate(
    initiative: Initiative, units, *, actor, starts_on: datetime.date | None = None
) -> list[Initiative]:
    """Copy an initiative to units below its own (nhân rộng: "trên 08 ấp"): the same name, theme, period (from
    `starts_on` if given), teams with their themes and goals (baseline and target; each replica records its own
    values and names its own people), linked to the origin. A unit that already has a replica is refused."""
    require(actor, "initiatives.manage", initiative.unit)
    units = list(units)
    errors = []
    taken = set(initiative.replicas.values_list("unit_id", flat=True))
    for unit in units:
        if unit.pk == initiative.unit_id or not unit.path.startswith(initiative.unit.path):
            errors.append(
                _("%(unit)s không phải đơn vị trực thuộc %(origin)s.")
                % {"unit": unit, "origin": initiative.unit}
            )
        elif unit.pk in taken:
            errors.append(_("%(unit)s đã nhân rộng mô hình này.") % {"unit": unit})
        else:
            require(actor, "initiatives.manage", unit)
    if not units:
        errors.append(_("Hãy chọn ít nhất một đơn vị để nhân rộng."))
    start = starts_on or initiative.starts_on
    _raise(({"units": errors} if errors else {}) | _period_errors(start, initiative.ends_on))
    teams = list(initiative.teams.prefetch_related("goals"))
    replicas = []
    for unit in units:
        replica = Initiative.objects.create(
            unit=unit,
            kind=initiative.kind,
            name=initiative.name,
            theme=initiative.theme,
            starts_on=start,
            ends_on=initiative.ends_on,
            decision=initiative.decision,
            origin=initiative,
            created_by=user_of(actor),
        )
        for team in teams:
            copy = Team.objects.create(initiative=replica, name=team.name, theme=team.theme)
            Goal.objects.bulk_create(
                Goal(team=copy, name=g.name, measure=g.measure, baseline=g.baseline, target=g.target)
                for g in team.goals.all()
            )
        audit.record(
            replica, "initiatives.replicate", actor=actor, changes={"origin": [None, str(initiative)]}
        )
        replicas.append(replica)
    return replicas


REVIEW_FIELDS = ["until", "results", "limitations", "directions"]


def review_agenda(initiative: Initiative, kind: str) -> list[str]:
    """The conference's items: the report, the teams' contributions, the conclusions (given as assignments)."""
    label = dict(Review.Kind.choices)[kind]
    return [
        _("Báo cáo %(kind)s thực hiện mô hình “%(name)s”")
        % {"kind": str(label).lower(), "name": initiative.name},
        _("Tham luận của các tổ thực hiện mô hình"),
        _("Kết luận, giao nhiệm vụ"),
    ]


@transaction.atomic
def open_review(
    initiative: Initiative,
    *,
    actor,
    starts_at: datetime.datetime,
    until: datetime.date,
    kind: str = Review.Kind.INTERIM,
    place: str = "",
) -> Review:
    """The sơ kết (or tổng kết) of an initiative: its conference planned at the initiative's unit (a meeting of
    that kind, inviting the secretaries of the units where it was replicated, else of the units directly below)
    and its report drafted from the records up to `until`'s month, for the committee to rewrite."""
    from lamtheo.initiatives.review import draft
    from lamtheo.meetings import actions as meetings
    from lamtheo.meetings.models import Meeting, MeetingKind

    require(actor, "initiatives.manage", initiative.unit)
    until = until.replace(day=1)
    if until < initiative.starts_on.replace(day=1):
        raise ValidationError(
            {"until": [_("Mô hình bắt đầu từ tháng %(month)s.") % {"month": f"{initiative.starts_on:%m/%Y}"}]}
        )
    replicated = list(initiative.replicas.values_list("unit", flat=True))
    meeting = meetings.plan_meeting(
        Meeting(
            unit=initiative.unit,
            kind=MeetingKind.objects.get(code=kind),
            title=_("Hội nghị %(kind)s mô hình “%(name)s”")
            % {"kind": str(dict(Review.Kind.choices)[kind]).lower(), "name": initiative.name},
            starts_at=starts_at,
            place=place,
        ),
        actor=actor,
        agenda=review_agenda(initiative, kind),
        invited_units=type(initiative.unit).objects.filter(pk__in=replicated) if replicated else None,
    )
    review = Review.objects.create(
        initiative=initiative,
        kind=kind,
        until=until,
        meeting=meeting,
        created_by=user_of(actor),
        **draft(initiative, until),
    )
    audit.record(
        review,
        "initiatives.open_review",
        actor=actor,
        unit=initiative.unit,
        changes={"until": [None, f"{until:%m/%Y}"], "meeting": [None, str(meeting)]},
    )
    return review


@transaction.atomic
def update_review(review: Review, *, actor, expected_version: int, **values) -> Review:
    """The committee rewrites the report's parts (or the month it runs to); refused if saved by someone since."""
    require(actor, "initiatives.manage", review.initiative.unit)
    before = audit.snapshot(review, REVIEW_FIELDS)
    for name, value in values.items():
        if name not in REVIEW_FIELDS:
            raise TypeError(name)
        setattr(review, name, value.replace(day=1) if name == "until" else value.strip())
    save_versioned(review, expected_version, REVIEW_FIELDS)
    if changes := audit.diff(before, audit.snapshot(review, REVIEW_FIELDS)):
        audit.record(
            review, "initiatives.update_review", actor=actor, unit=review.initiative.unit, changes=changes
        )
    return review


@transaction.atomic
def redraft_review(review: Review, *, actor, expected_version: int) -> Review:
    """Write the parts again from today's records (values recorded since the draft), replacing the text."""
    from lamtheo.initiatives.review import draft

    return update_review(
        review, actor=actor, expected_version=expected_version, **draft(review.initiative, review.until)
    )
