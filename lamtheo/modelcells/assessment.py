"""A chi bộ against the criteria of a model chi bộ, read from the figures layer: one engine.figures call for every
chi bộ assessed, over the standard's year up to the day of the assessment, never a count of its own.

Each result carries its evidence: the figure itself (numerator over denominator, percent) and the page of the chi
bộ's records it comes from (its meetings, its registrations, the work given to it, its code of conduct).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from lamtheo.indicators import engine, registry
from lamtheo.indicators.periods import Period
from lamtheo.indicators.values import Value
from lamtheo.lib import vn

# Where the records behind each criterion are seen: the URL name of the chi bộ's page (it takes unit_pk).
EVIDENCE_PAGES = {
    "meetings_held": "meetings:unit_meetings",
    "meetings_required": "meetings:unit_meetings",
    "attendance_rate": "meetings:unit_meetings",
    "thematic_meetings": "meetings:unit_meetings",
    "registrations_reviewed": "pledges:cell",
    "assignments_received_overdue": "meetings:assignments",
    "conduct_adopted": "conduct:unit",
}


def meets(indicator, value: Value, bar) -> bool:
    """Whether `value` reaches the bar (a percent) in the indicator's direction. With nothing to count (no work due)
    a figure where lower is better is met, one where higher is better is not (no meeting held is no model)."""
    if not value.denominator:
        return not indicator.higher_is_better
    reached, needed = Decimal(value.numerator) * 100, bar * value.denominator  # exact: no float percent
    return reached >= needed if indicator.higher_is_better else reached <= needed


@dataclass
class Result:
    code: str
    bar: Decimal
    numerator: int
    denominator: int
    met: bool

    @property
    def indicator(self):
        return registry.get(self.code)

    @property
    def value(self) -> Value:
        return Value(self.numerator, self.denominator)

    @property
    def requirement(self) -> str:
        bar = vn.number(self.bar, 0 if self.bar == self.bar.to_integral() else 1) + "%"
        if self.indicator.higher_is_better:
            return _("từ %(bar)s trở lên") % {"bar": bar}
        return _("không quá %(bar)s") % {"bar": bar}

    @property
    def evidence(self) -> str:
        """`11/12 (91,7%)`, or that there was nothing to count."""
        if not self.denominator:
            return _("Không có số liệu trong năm")
        return f"{self.value.text} ({self.value.percent_text})"

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "bar": str(self.bar),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "met": self.met,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Result":
        return cls(data["code"], Decimal(data["bar"]), data["numerator"], data["denominator"], data["met"])


def evidence_url(code: str, unit_id: int) -> str:
    return reverse(EVIDENCE_PAGES[code], kwargs={"unit_pk": unit_id})


def as_of(standard, today: datetime.date) -> datetime.date:
    """The day the figures are read for: today within the standard's year, its last day after it."""
    return min(today, datetime.date(standard.year, 12, 31))


def assess(standard, unit_ids: list[int], today: datetime.date) -> dict[int, list[Result]]:
    """{chi bộ id: its result on each criterion of the standard}, in one figures() call for all."""
    criteria = list(standard.criteria.all())
    codes = [criterion.code for criterion in criteria]
    if not unit_ids or not codes:
        return {pk: [] for pk in unit_ids}
    values = engine.figures(unit_ids, Period.year(standard.year), codes, today=as_of(standard, today))
    results = {}
    for pk in unit_ids:
        own = values.get(pk, {})
        results[pk] = [
            Result(
                criterion.code,
                criterion.bar,
                own[criterion.code].numerator if criterion.code in own else 0,
                (own[criterion.code].denominator or 0) if criterion.code in own else 0,
                meets(criterion.indicator, own.get(criterion.code, Value(0, 0)), criterion.bar),
            )
            for criterion in criteria
        ]
    return results
