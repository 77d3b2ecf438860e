"""Builders the appraisal tests share: a round of xã Long Bình for 2026, people added to its chi bộ, a whole
bản kiểm điểm at a given total."""

import datetime
from decimal import Decimal

from lamtheo.appraisal import actions
from lamtheo.appraisal.models import Appraisal, AppraisalRound
from lamtheo.people.models import Person
from lamtheo.testing import unit

DEADLINES = {
    "self_assessment_due": datetime.date(2026, 12, 5),
    "cell_review_due": datetime.date(2026, 12, 12),
    "appraisal_due": datetime.date(2026, 12, 20),
    "decision_due": datetime.date(2026, 12, 28),
}


def open_round(actor=None, code="LB", **fields) -> AppraisalRound:
    values = {
        "title": "Đánh giá, xếp loại đảng viên năm 2026",
        "period_kind": AppraisalRound.PeriodKind.YEAR,
        "year": 2026,
        "deadlines": DEADLINES,
    }
    return actions.open_round(unit(code), actor=actor, **(values | fields))


def add_members(code, count, prefix="Đảng viên") -> list[Person]:
    people = []
    for index in range(count):
        person = Person(
            unit=unit(code), full_name=f"{prefix} Số {index:03d}", party_status=Person.PartyStatus.FULL
        )
        person.refresh_derived()
        people.append(person)
    return Person.objects.bulk_create(people)


def scores_for(round_, total: int) -> dict:
    """A whole sheet summing `total`: each criterion full until the total is reached, the rest 0."""
    left, scores = Decimal(total), {}
    for criterion in round_.criteria.all():
        points = min(left, Decimal(criterion.points))
        scores[criterion.pk] = (points, "")
        left -= points
    return scores


def self_assess(appraisal: Appraisal, total: int, actor=None) -> Appraisal:
    return actions.self_assess(
        appraisal, actor=actor, expected_version=appraisal.version, scores=scores_for(appraisal.round, total)
    )


def rate(round_, people_levels: dict, actor=None) -> None:
    """Each person self-assessed and proposed by their chi bộ at `people_levels[person]` (3 for, 0, 0)."""
    totals = {"xuat_sac": 95, "tot": 80, "hoan_thanh": 60, "khong_hoan_thanh": 30}
    by_unit: dict = {}
    for person, level in people_levels.items():
        appraisal = Appraisal.objects.get(round=round_, person=person)
        self_assess(appraisal, totals[level])
        by_unit.setdefault(appraisal.unit, {})[appraisal.pk] = {
            "level": level,
            "for": 3,
            "against": 0,
            "abstain": 0,
        }
    for cell, rows in by_unit.items():
        actions.propose(round_, cell, rows, actor=actor)
