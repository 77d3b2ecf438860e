"""What the records of the period say of each person under review, shown to the assessors beside the self-assessment
(the chi bộ's sheet, the committee's decision, the person's page): the registration and its year-end rating, the
attendance at the monthly meetings, the assignments done on time, the deeds logged and the exemplars recognised;
and the flags toward "Không hoàn thành nhiệm vụ" that those records justify. A fixed number of queries for any
number of people: the meetings' counts come from their per-person readers (lamtheo.meetings.figures), defined as
the indicators count them.

Not recorded in the product yet, so neither shown nor flagged: discipline, inspection findings, citizens' feedback
found to be founded, the remark of the chi ủy where a member lives (README).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.appraisal.models import AppraisalRound
from lamtheo.exemplars.models import Exemplar
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.meetings.figures import assignments_by_person, attendance_by_person
from lamtheo.pledges.models import Deed, Pledge


@dataclass
class Evidence:
    pledge: Pledge | None = None
    present: int = 0
    listed: int = 0
    assignments_due: int = 0
    assignments_done: int = 0
    assignments_on_time: int = 0
    assignments_overdue: int = 0
    deeds: int = 0
    exemplars: list = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def attendance(self) -> str:
        """ "11/12 (91,7%)", or "" when the person was on no monthly meeting's list in the period."""
        if not self.listed:
            return ""
        return f"{self.present}/{self.listed} ({vn.percent(self.present, self.listed)})"

    @property
    def assignments(self) -> str:
        """ "3/4 đúng hạn", or "" with no assignment due in the period."""
        if not self.assignments_due:
            return ""
        return _("%(on_time)s/%(due)s việc đúng hạn") % {
            "on_time": self.assignments_on_time,
            "due": self.assignments_due,
        }


def period_of(round_: AppraisalRound) -> Period:
    """The days the round reviews (its year, its quarter, or the dates of an ad hoc round)."""
    return Period.custom(round_.starts_on, round_.ends_on)


def _flags(evidence: Evidence, year: int) -> list[str]:
    flags = []
    pledge = evidence.pledge
    if (
        pledge is not None
        and pledge.status in Pledge.RATED_STATES
        and pledge.result_level == Pledge.Level.NOT_DONE
    ):
        flags.append(
            _("Bản đăng ký học tập và làm theo năm %(year)s được chi bộ xếp loại Không hoàn thành nhiệm vụ.")
            % {"year": year}
        )
    if evidence.assignments_due and evidence.assignments_done * 2 < evidence.assignments_due:
        flags.append(
            _("Hoàn thành %(done)s/%(due)s việc được giao có hạn trong kỳ, dưới 50%%.")
            % {"done": evidence.assignments_done, "due": evidence.assignments_due}
        )
    return flags


def evidence_for(
    round_: AppraisalRound, person_ids, today: datetime.date | None = None
) -> dict[int, Evidence]:
    """{person id: Evidence} for the round's period, in five queries whatever the number of people."""
    person_ids = list(person_ids)
    today = today or timezone.localdate()
    period = period_of(round_)
    result = {pk: Evidence() for pk in person_ids}
    for pledge in Pledge.objects.filter(person__in=person_ids, year=round_.year).only(
        "pk", "person_id", "year", "status", "result_level"
    ):
        result[pledge.person_id].pledge = pledge
    for pk, row in attendance_by_person(person_ids, period).items():
        result[pk].present, result[pk].listed = row["present"], row["listed"]
    for pk, row in assignments_by_person(person_ids, period, today).items():
        evidence = result[pk]
        evidence.assignments_due, evidence.assignments_done = row["total"], row["done"]
        evidence.assignments_on_time, evidence.assignments_overdue = row["on_time"], row["overdue"]
    deeds = (
        Deed.objects.filter(person__in=person_ids, date__gte=period.start, date__lte=period.end)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    for row in deeds:
        result[row["person_id"]].deeds = row["n"]
    for exemplar in (
        Exemplar.objects.recognised().filter(person__in=person_ids, year=round_.year).order_by("pk")
    ):
        result[exemplar.person_id].exemplars.append(exemplar)
    for evidence in result.values():
        evidence.flags = _flags(evidence, round_.year)
    return result
