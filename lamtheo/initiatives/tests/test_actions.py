"""Launching, teams and goals, monthly values and replication of models and breakthrough tasks."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.audit.models import AuditEvent
from lamtheo.initiatives import actions
from lamtheo.initiatives.actions import TeamSpec
from lamtheo.initiatives.models import Goal, GoalValue, Initiative
from lamtheo.initiatives.progress import initiative_progress
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
YEAR = dict(starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))


@pytest.fixture
def model(commune_leader):
    """Seed 003's model at xã Long Bình: three teams, one goal each."""
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    tam = Person.objects.get(full_name="Lê Văn Tám")
    initiative = actions.launch_initiative(
        unit("LB"),
        actor=commune_leader,
        name="Nâng cao chất lượng cải cách hành chính",
        teams=[
            TeamSpec("Tổ 1 - Khối Vận xã", "Vận động nhân dân", tam, [ngoc]),
            TeamSpec("Tổ 2 - Khối chính quyền", "Hồ sơ hành chính"),
            TeamSpec("Tổ 3 - Cơ sở đảng"),
        ],
        **YEAR,
    )
    return initiative


def _goal(initiative, actor, team_name, **values):
    team = initiative.teams.get(name=team_name)
    defaults = dict(name="Hồ sơ giải quyết đúng hạn", measure="%", baseline=Decimal(80), target=Decimal(100))
    return actions.add_goal(team, actor=actor, **(defaults | values))


def test_a_committee_launches_a_model_with_its_teams_and_the_leader_among_the_members(model):
    assert [t.name for t in model.teams.order_by("name")] == [
        "Tổ 1 - Khối Vận xã",
        "Tổ 2 - Khối chính quyền",
        "Tổ 3 - Cơ sở đảng",
    ]
    first = model.teams.get(name="Tổ 1 - Khối Vận xã")
    assert first.leader.full_name == "Lê Văn Tám"
    assert {p.full_name for p in first.members.all()} == {"Lê Văn Tám", "Nguyễn Thị Kim Ngọc"}
    assert AuditEvent.objects.filter(action="initiatives.launch", target_id=model.pk).exists()


def test_only_who_runs_the_unit_launches_and_people_come_from_its_subtree(secretary, commune_leader):
    with pytest.raises(PermissionDenied):
        actions.launch_initiative(unit("LB"), actor=secretary, name="X", **YEAR)
    outsider_person = Person.objects.get(full_name="Võ Văn Bình")  # of phường Châu Đốc
    with pytest.raises(ValidationError) as refused:
        actions.launch_initiative(
            unit("LB"),
            actor=commune_leader,
            name="X",
            teams=[TeamSpec("Tổ 1", leader=outsider_person), TeamSpec("tổ 1")],
            **YEAR,
        )
    messages = refused.value.message_dict["teams"]
    assert "Tổ «Tổ 1»: Võ Văn Bình không thuộc đơn vị thực hiện." in messages
    assert "Tên tổ «tổ 1» bị trùng." in messages
    assert not Initiative.objects.filter(name="X").exists()  # nothing half-written
    with pytest.raises(ValidationError, match="Ngày kết thúc phải sau ngày bắt đầu"):
        actions.launch_initiative(
            unit("LB"),
            actor=commune_leader,
            name="X",
            starts_on=datetime.date(2025, 5, 1),
            ends_on=datetime.date(2025, 4, 1),
        )


@time_machine.travel(datetime.datetime(2025, 7, 15, 9, tzinfo=datetime.UTC), tick=False)
def test_monthly_values_progress_and_who_records_them(model, commune_leader, secretary, member):
    goal = _goal(model, commune_leader, "Tổ 1 - Khối Vận xã")
    late = _goal(
        model,
        commune_leader,
        "Tổ 1 - Khối Vận xã",
        name="Hồ sơ trễ hạn",
        measure="hồ sơ",
        baseline=Decimal(40),
        target=Decimal(0),
    )
    team = goal.team
    # The team's leader (the secretary's person) records; a plain member does not.
    actions.record_month(
        team, datetime.date(2025, 5, 1), {goal.pk: Decimal(85), late.pk: Decimal(30)}, actor=secretary
    )
    actions.record_month(
        team, datetime.date(2025, 6, 20), {goal.pk: Decimal(90), late.pk: Decimal(10)}, actor=secretary
    )
    with pytest.raises(PermissionDenied):
        actions.record_month(team, datetime.date(2025, 6, 1), {goal.pk: Decimal(1)}, actor=member)
    assert list(goal.values.values_list("month", "value")) == [
        (datetime.date(2025, 5, 1), Decimal(85)),
        (datetime.date(2025, 6, 1), Decimal(90)),
    ]
    assert goal.progress(Decimal(90)) == 50.0
    assert late.progress(Decimal(10)) == 75.0  # down from 40 toward 0
    assert initiative_progress([model]) == {model.pk: 62.5}  # the median of 50 and 75
    # Recording again replaces; an empty value clears.
    actions.record_month(
        team, datetime.date(2025, 6, 1), {goal.pk: None, late.pk: Decimal(0)}, actor=commune_leader
    )
    assert not GoalValue.objects.filter(goal=goal, month=datetime.date(2025, 6, 1)).exists()
    assert initiative_progress([model]) == {model.pk: 62.5}  # 50 (May's 85 → 25%)… and 100
    with pytest.raises(ValidationError, match="Chưa đến tháng 08/2025"):
        actions.record_month(team, datetime.date(2025, 8, 1), {goal.pk: Decimal(1)}, actor=commune_leader)
    with pytest.raises(ValidationError, match="ngoài thời gian thực hiện"):
        actions.record_month(team, datetime.date(2024, 12, 1), {goal.pk: Decimal(1)}, actor=commune_leader)
    other_team = model.teams.get(name="Tổ 3 - Cơ sở đảng")
    with pytest.raises(ValidationError, match="Chỉ tiêu không thuộc tổ này"):
        actions.record_month(
            other_team, datetime.date(2025, 6, 1), {goal.pk: Decimal(1)}, actor=commune_leader
        )


def test_a_goal_needs_a_target_other_than_its_baseline(model, commune_leader):
    with pytest.raises(ValidationError, match="Mục tiêu phải khác mức khởi điểm"):
        _goal(model, commune_leader, "Tổ 3 - Cơ sở đảng", baseline=Decimal(5), target=Decimal(5))


def test_a_concurrent_edit_is_detected(model, commune_leader):
    stale = model.version
    actions.update_initiative(model, actor=commune_leader, expected_version=stale, name="Tên mới")
    with pytest.raises(ConflictError):
        actions.update_initiative(model, actor=commune_leader, expected_version=stale, name="Tên khác")
    model.refresh_from_db()
    assert model.name == "Tên mới"


def test_replication_copies_teams_and_goals_to_units_below_and_keeps_the_link(model, commune_leader):
    _goal(model, commune_leader, "Tổ 2 - Khối chính quyền")
    replicas = actions.replicate(
        model, [unit("LB-01"), unit("LB-02")], actor=commune_leader, starts_on=datetime.date(2025, 3, 1)
    )
    assert {r.unit.code for r in model.replicas.all()} == {"LB-01", "LB-02"}
    replica = replicas[0]
    assert replica.starts_on == datetime.date(2025, 3, 1) and replica.ends_on == model.ends_on
    assert replica.teams.count() == 3
    assert Goal.objects.filter(team__initiative=replica).get().target == Decimal(100)
    assert not replica.teams.filter(members__isnull=False).exists()  # each unit names its own people
    with pytest.raises(ValidationError) as refused:
        actions.replicate(model, [unit("LB-01"), unit("CD-01"), unit("LB")], actor=commune_leader)
    assert refused.value.message_dict["units"] == [
        "Chi bộ Ấp Long Hòa đã nhân rộng mô hình này.",
        "Chi bộ Khóm 1 không phải đơn vị trực thuộc Đảng ủy xã Long Bình.",
        "Đảng ủy xã Long Bình không phải đơn vị trực thuộc Đảng ủy xã Long Bình.",
    ]
