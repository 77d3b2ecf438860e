"""The models' figures (initiatives.figures): models and replicas running in the period, per unit where they run, and
their teams' goals that reached their target by the period's end, in either direction; written through by the
actions (a figure cached before a month's values is not served after)."""

import datetime
from decimal import Decimal

import pytest

from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.initiatives import actions
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 20)
CODES = ["initiatives", "initiative_replicas", "goals_reached"]


def figures(period, *codes):
    ids = [unit(code).pk for code in codes]
    values = engine.figures(ids, period, CODES, today=TODAY)
    return {code: {c: values[pk][c].text for c in CODES} for code, pk in zip(codes, ids, strict=True)}


def test_models_replicas_and_goals_reached(commune_leader):
    model = actions.launch_initiative(
        unit("LB"),
        actor=commune_leader,
        name="Dân vận khéo",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        teams=[
            actions.TeamSpec("Tổ 2 - Khối chính quyền", leader=Person.objects.get(full_name="Lê Văn Tám"))
        ],
    )
    team = model.teams.get()
    on_time = actions.add_goal(
        team,
        actor=commune_leader,
        name="Hồ sơ đúng hạn",
        measure="%",
        baseline=Decimal(86),
        target=Decimal(100),
    )
    late = actions.add_goal(
        team,
        actor=commune_leader,
        name="Hồ sơ trễ hạn",
        measure="hồ sơ",
        baseline=Decimal(14),
        target=Decimal(0),
    )
    actions.add_goal(  # never measured: not counted
        team,
        actor=commune_leader,
        name="Hộ được vận động",
        measure="hộ",
        baseline=Decimal(0),
        target=Decimal(9),
    )
    # Ended last year: not running in 2026.
    actions.launch_initiative(
        unit("CD"),
        actor=None,
        name="Cũ",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        teams=[actions.TeamSpec("Tổ 1")],
    )
    year = Period.year(2026)
    assert figures(year, "TU", "LB")["LB"] == {
        "initiatives": "1",
        "initiative_replicas": "0",
        "goals_reached": "0/0",
    }
    actions.record_month(
        team,
        datetime.date(2026, 3, 1),
        {on_time.pk: Decimal(100), late.pk: Decimal(0)},
        actor=None,
        today=TODAY,
    )
    actions.record_month(
        team,
        datetime.date(2026, 4, 1),
        {on_time.pk: Decimal(97), late.pk: Decimal(0)},
        actor=None,
        today=TODAY,
    )
    replicas = actions.replicate(model, [unit("LB-01"), unit("LB-02")], actor=commune_leader)
    after = figures(year, "TU", "LB", "LB-01")
    # The latest value counts: on time fell back to 97% (not reached); late dossiers went down to 0 (reached).
    assert after["LB"] == {"initiatives": "1", "initiative_replicas": "2", "goals_reached": "1/2"}
    assert after["TU"] == after["LB"]
    assert after["LB-01"] == {"initiatives": "0", "initiative_replicas": "1", "goals_reached": "0/0"}
    # By the end of March, both goals had reached their target.
    march = figures(Period.month(2026, 3), "LB")["LB"]
    assert march["goals_reached"] == "2/2"
    replica_goal = replicas[0].teams.get().goals.get(name="Hộ được vận động")
    actions.record_month(
        replicas[0].teams.get(),
        datetime.date(2026, 5, 1),
        {replica_goal.pk: Decimal(9)},
        actor=None,
        today=TODAY,
    )
    assert figures(year, "LB-01")["LB-01"]["goals_reached"] == "1/1"
