"""The emulation figures (emulation.figures): drives whose period overlaps the report's, where they were launched, and
the participants scored once per drive where they are; written through by the actions."""

import datetime
from decimal import Decimal

import pytest

from lamtheo.emulation import actions
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 20)
CODES = ["emulation_drives", "emulation_scored"]


def figures(period, *codes):
    ids = [unit(code).pk for code in codes]
    values = engine.figures(ids, period, CODES, today=TODAY)
    return {code: tuple(values[pk][c].text for c in CODES) for code, pk in zip(codes, ids, strict=True)}


def test_drives_and_participants_scored(commune_leader, secretary):
    second_quarter = Period.quarter(2026, 2)
    assert figures(second_quarter, "LB")["LB"] == ("0", "0")
    drive = actions.launch_drive(
        unit("LB"),
        actor=commune_leader,
        name="Thi đua quý II",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
        criteria=[("Đúng hẹn với dân", 60), ("Nói đi đôi với làm", 40)],
    )
    by_units = actions.launch_drive(
        unit("TU"),
        actor=None,
        name="Thi đua giữa các đảng bộ",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        subject="units",
        criteria=[("Hoàn thành chỉ tiêu", 100)],
    )
    first, second = drive.criteria.all()
    ngoc, tam = (Person.objects.get(full_name=name) for name in ("Nguyễn Thị Kim Ngọc", "Lê Văn Tám"))
    actions.score(
        drive,
        unit("LB-01"),
        {
            (ngoc.pk, first.pk): Decimal(50),
            (ngoc.pk, second.pk): Decimal(30),
            (tam.pk, first.pk): Decimal(40),
        },
        actor=secretary,
    )
    actions.score(
        by_units, unit("TU"), {(unit("LB").pk, by_units.criteria.get().pk): Decimal(90)}, actor=None
    )
    after = figures(second_quarter, "TU", "LB", "LB-01")
    assert after["LB-01"] == ("0", "2")  # Ngọc and Tám, each once whatever the criteria scored
    assert after["LB"] == ("1", "3")  # the commune's drive; and the commune scored in the province's
    assert after["TU"] == ("2", "3")
    assert figures(Period.quarter(2026, 1), "TU")["TU"] == (
        "1",
        "1",
    )  # the first quarter: the province's only
