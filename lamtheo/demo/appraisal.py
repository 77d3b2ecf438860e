"""The demo's year-end review (QĐ 366-QĐ/TW) of the last ended year in the commune whose people log in (Cù Lao
Giêng), through the actions (lamtheo.appraisal), as a committee runs it: the commune opens the round; members write
their bản kiểm điểm (the first SELF_ASSESSED of the commune, so the demo's size does not grow with its people); each
chi bộ proposes their levels with its vote; the commune's first decision goes over the 20% cap and is refused, the
committee lowers the excess and decides, rating its chi bộ too; the results are published; one level is amended
after the lock, with its reason.
"""

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, User
from lamtheo.appraisal import actions
from lamtheo.appraisal.models import Appraisal, AppraisalRound, Level, at_least
from lamtheo.pledges.models import Pledge
from lamtheo.units.models import Unit

SELF_ASSESSED = 40
# The self-assessed total by the year's registration rating (no rating: a usual year).
TOTALS = {
    Level.EXCELLENT: (90, 97),
    Level.GOOD: (72, 88),
    Level.DONE: (55, 68),
    Level.NOT_DONE: (35, 48),
    "": (70, 86),
}


def build_appraisal(
    root: Unit, rng: random.Random, *, today: datetime.date, progress=lambda message: None
) -> None:
    leader = User.objects.filter(username="bithuxa").first()
    commune = leader.role_assignments.get(role=Role.COMMITTEE_LEADER).unit if leader else None
    if commune is None:
        return
    with transaction.atomic():
        round_, refused = _cycle(commune, rng, today.year - 1)
    decided = Appraisal.objects.filter(round=round_).exclude(level="").count()
    progress(
        _(
            "Đánh giá, xếp loại năm %(year)s: %(people)s người đã xếp loại, %(refused)s lần quyết định bị từ chối vì vượt 20%%"
        )
        % {"year": round_.year, "people": decided, "refused": refused}
    )


def _scores(round_: AppraisalRound, total: int, rng: random.Random) -> dict:
    """Points per criterion summing `total`, each within its most points."""
    criteria = list(round_.criteria.all())
    share = Decimal(total) / 100
    scores = {
        c.pk: (min(Decimal(c.points), (c.points * share).quantize(Decimal("0.5"))), "") for c in criteria
    }
    left = Decimal(total) - sum(points for points, _n in scores.values())
    for c in rng.sample(criteria, len(criteria)):
        points, note = scores[c.pk]
        step = max(min(left, Decimal(c.points) - points), -points)
        scores[c.pk] = (points + step, note)
        left -= step
    return scores


def _cycle(commune: Unit, rng: random.Random, year: int) -> tuple[AppraisalRound, int]:
    deadlines = {
        "self_assessment_due": datetime.date(year, 12, 5),
        "cell_review_due": datetime.date(year, 12, 12),
        "appraisal_due": datetime.date(year, 12, 20),
        "decision_due": datetime.date(year, 12, 28),
    }
    round_ = actions.open_round(
        commune,
        actor=None,
        title=_("Đánh giá, xếp loại chất lượng đảng viên năm %(year)s") % {"year": year},
        period_kind=AppraisalRound.PeriodKind.YEAR,
        year=year,
        deadlines=deadlines,
    )
    people = actions.round_people(round_)
    ratings = dict(
        Pledge.objects.filter(person__in=[a.person_id for a in people], year=year)
        .filter(status__in=Pledge.RATED_STATES)
        .values_list("person_id", "result_level")
    )
    writers = people[:SELF_ASSESSED]
    for appraisal in writers:
        low, high = TOTALS[ratings.get(appraisal.person_id, "")]
        actions.self_assess(
            appraisal,
            actor=None,
            expected_version=appraisal.version,
            scores=_scores(round_, rng.randint(low, high), rng),
            summary=_("Chấp hành nghiêm chủ trương, đường lối của Đảng; hoàn thành nhiệm vụ được giao."),
        )
    by_cell: dict[Unit, dict] = {}
    for appraisal in Appraisal.objects.filter(pk__in=[a.pk for a in writers]).select_related("unit"):
        voters = rng.randint(6, 15)
        against = rng.choice((0, 0, 0, 1))
        by_cell.setdefault(appraisal.unit, {})[appraisal.pk] = {
            "level": appraisal.self_level,
            "for": voters - against,
            "against": against,
            "abstain": 0,
        }
    for cell, rows in by_cell.items():
        actions.propose(round_, cell, rows, actor=None)
    people = actions.round_people(round_)
    # Those the chi bộ did not propose: the committee rates them from the year's registration, as a usual year.
    levels = {a.pk: a.proposed_level or ratings.get(a.person_id) or Level.GOOD for a in people}
    cells = _cell_levels(people, levels, rng)  # lowering "xuất sắc" to "tốt" below changes no chi bộ's rule
    refused = 0
    try:
        actions.decide(round_, actor=None, expected_version=round_.version, levels=levels, cell_levels=cells)
    except ValidationError:
        refused = 1
        _within_the_cap(round_, people, levels)
        actions.decide(round_, actor=None, expected_version=round_.version, levels=levels, cell_levels=cells)
    round_.refresh_from_db()
    actions.publish(round_, actor=None, expected_version=round_.version)
    raised = next(
        (a for a in actions.round_people(round_) if a.level == Level.DONE and a.person.is_member), None
    )
    if raised is not None:
        actions.amend(
            raised,
            actor=None,
            expected_version=raised.version,
            level=Level.GOOD,
            reason=_(
                "Bổ sung kết quả vận động hiến đất làm đường được Ủy ban nhân dân xã xác nhận sau quyết định."
            ),
        )
    return round_, refused


def _within_the_cap(round_: AppraisalRound, people: list[Appraisal], levels: dict) -> None:
    """Lower the excess "xuất sắc" of each grassroots organisation to "tốt", the lowest self-assessed first."""
    grassroots = actions.grassroots_of(round_, {a.unit.path for a in people})
    for count in actions.cap_counts(round_, people, levels):
        excess = count.excellent - count.most
        if excess <= 0:
            continue
        theirs = [
            a
            for a in people
            if levels[a.pk] == Level.EXCELLENT
            and grassroots[a.unit.path] == count.unit
            and a.person.is_member == count.is_member
        ]
        theirs.sort(key=lambda a: (a.self_total or Decimal(0), a.pk))
        for appraisal in theirs[:excess]:
            levels[appraisal.pk] = Level.GOOD


def _cell_levels(people: list[Appraisal], levels: dict, rng: random.Random) -> dict[int, str]:
    """Each chi bộ's level: "xuất sắc" for a few of those that may be (every member at least "hoàn thành", 80%
    "tốt"), "tốt" where every member is at least "hoàn thành", else "hoàn thành"."""
    members: dict[int, list[str]] = {}
    for appraisal in people:
        if appraisal.person.is_member and appraisal.unit.kind in Unit.CELL_KINDS:
            members.setdefault(appraisal.unit_id, []).append(levels[appraisal.pk])
    result = {}
    for unit_id, theirs in members.items():
        all_done = all(at_least(level, Level.DONE) for level in theirs)
        good = sum(at_least(level, Level.GOOD) for level in theirs)
        if all_done and good * 100 >= actions.CELL_GOOD_PERCENT * len(theirs) and rng.random() < 0.2:
            result[unit_id] = Level.EXCELLENT
        elif all_done:
            result[unit_id] = Level.GOOD
        else:
            result[unit_id] = Level.DONE
    return result


def delete_appraisal(units) -> None:
    """The rounds opened by `units` (a values("pk") queryset), with their appraisals: they PROTECT their units."""
    AppraisalRound.objects.filter(unit__in=units).delete()
