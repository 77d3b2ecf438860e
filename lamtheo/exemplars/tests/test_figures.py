"""The exemplars' figures (exemplars.figures): recognitions counted at the level that recognised them, in the period
of their day, collectives and individuals, members and non-members; written through by the actions."""

import datetime

import pytest

from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 28)
CODES = ["exemplars_recognised", "exemplars_collectives", "exemplars_members"]


def figures(period, *codes):
    ids = [unit(code).pk for code in codes]
    values = engine.figures(ids, period, CODES, today=TODAY)
    return {code: tuple(values[pk][c].text for c in CODES) for code, pk in zip(codes, ids, strict=True)}


def recognised(unit_code, actor, on, **nominee):
    exemplar = actions.nominate(unit(unit_code), actor=None, year=on.year, summary="Việc tốt", **nominee)
    actions.verify(exemplar, actor=actor, expected_version=exemplar.version, accept=True)
    exemplar.refresh_from_db()
    return actions.recognise(
        exemplar, actor=actor, expected_version=exemplar.version, honour=Exemplar.Honour.CERTIFICATE, on=on
    )


def test_recognitions_per_level_collectives_and_members(commune_leader, province_staff):
    year = Period.year(2026)
    before = figures(year, "TU", "LB", "LB-01")
    assert before["LB"] == ("0", "0/0", "0/0")
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    anh = Person.objects.get(full_name="Trần Thị Ánh")  # not a Party member
    first = recognised("LB-01", commune_leader, datetime.date(2026, 5, 19), person=ngoc)
    recognised("LB-01", commune_leader, datetime.date(2026, 9, 2), person=anh)
    recognised(
        "LB-01",
        commune_leader,
        datetime.date(2026, 9, 2),
        kind=Exemplar.Kind.COLLECTIVE,
        collective="Chi hội Phụ nữ ấp Long Hòa",
    )
    recognised("LB-01", commune_leader, datetime.date(2025, 12, 20), person=ngoc)  # last year's
    waiting = actions.nominate(
        unit("LB-01"), actor=None, year=2026, person=anh, summary="Chờ"
    )  # not recognised
    assert waiting.status == Exemplar.Status.NOMINATED
    # The province recognises the commune's exemplar again once forwarded: a second recognition, at its level.
    forwarded = actions.forward(first, actor=commune_leader)
    actions.verify(forwarded, actor=province_staff, expected_version=forwarded.version, accept=True)
    forwarded.refresh_from_db()
    actions.recognise(
        forwarded,
        actor=province_staff,
        expected_version=forwarded.version,
        honour=Exemplar.Honour.MERIT,
        on=datetime.date(2026, 11, 5),
    )
    after = figures(year, "TU", "LB", "LB-01")
    assert after["LB"] == ("3", "1/3", "1/2")  # recognised by the commune: Ngọc, Ánh, the women's branch
    assert after["TU"] == ("4", "1/4", "2/3")  # and by the province: Ngọc again
    assert after["LB-01"] == ("0", "0/0", "0/0")  # a chi bộ recognises no one itself
    assert figures(Period.quarter(2026, 2), "LB")["LB"] == ("1", "0/1", "1/1")  # by the day of recognition
