"""Which units have adopted their code of conduct, and which copied it: the one place these figures come from.

For a committee and a year: each unit directly below it, with over its whole subtree the units that should have a
code (every active committee and chi bộ), those with a code in force for the year (ConductCodeQuerySet.in_force),
the share, the codes flagged as copied and the units still without a code; the committee's own code; the totals;
and the flagged codes of the subtree with their similar pairs. The counts are the indicators conduct_adopted and
conduct_copied, read from their one source (conduct/figures.py) as the dashboard reads them; the committee's own
figures are its total less its units below. A fixed number of queries whatever the number of units: the units
below, the figures (cached as the dashboard's), the committee's own code, and the flagged codes with their rules.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from lamtheo.accounts.scoping import subtree_q
from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode, ConductRule
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.units.models import Unit

FLAGGED_LIMIT = 200


@dataclass
class Figures:
    expected: int = 0  # units that should have a code
    adopted: int = 0  # of them, units with a code in force for the year
    copied: int = 0  # of them, units whose code in force is flagged as copied

    @property
    def missing(self) -> int:
        return max(self.expected - self.adopted, 0)

    @property
    def percent(self) -> str:
        """`85,7%`; empty when no unit should have a code."""
        return vn.percent(self.adopted, self.expected)

    @property
    def share(self) -> float | None:
        return self.adopted / self.expected if self.expected else None

    def add(self, other: "Figures", sign: int = 1) -> None:
        self.expected += sign * other.expected
        self.adopted += sign * other.adopted
        self.copied += sign * other.copied


@dataclass
class Row:
    unit: Unit
    figures: Figures

    @property
    def drills_down(self) -> bool:
        """A committee's row opens its own table; a chi bộ's opens its codes."""
        return self.unit.is_committee


@dataclass
class Coverage:
    unit: Unit
    year: int
    rows: list[Row]
    own: Figures  # the committee itself
    own_code: ConductCode | None
    total: Figures  # the committee and its whole subtree
    flagged: list[ConductCode] = field(default_factory=list)  # at most FLAGGED_LIMIT, each with .pairs

    @property
    def flagged_more(self) -> int:
        return max(self.total.copied - len(self.flagged), 0)


def _figures(units: list[Unit], year: int) -> dict[int, Figures]:
    """Each unit's figures over its whole subtree, from the indicators."""
    values = engine.figures(
        [unit.pk for unit in units], Period.year(year), ["conduct_adopted", "conduct_copied"]
    )
    return {
        pk: Figures(
            expected=unit_values["conduct_adopted"].denominator,
            adopted=unit_values["conduct_adopted"].numerator,
            copied=unit_values["conduct_copied"].numerator,
        )
        for pk, unit_values in values.items()
    }


def flagged_codes(unit: Unit, year: int, *, limit: int = FLAGGED_LIMIT) -> list[ConductCode]:
    """Codes in force in `unit`'s subtree flagged as copied, each with its rules and their template matches."""
    rules = ConductRule.objects.select_related("template_rule").order_by("position")
    return list(
        ConductCode.objects.in_force(year)
        .copied()
        .filter(subtree_q(unit.path, "unit__path"), unit__active_to__isnull=True)
        .select_related("unit", "template__unit")
        .prefetch_related(Prefetch("rules", queryset=rules))
        .order_by("-similarity", "unit__sort_key", "pk")[:limit]
    )


def coverage_for(unit: Unit, user, year: int) -> Coverage:
    """The figures of `unit` (a committee) and of each visible active unit directly below it, for `year`."""
    below = list(Unit.objects.children_of(unit))  # all of them: what is left is the committee's own
    children = list(
        Unit.objects.filter(pk__in=[child.pk for child in below])
        .visible_to(user)
        .active()
        .filter(kind__in=EXPECTED_KINDS)
        .sorted()
    )
    figures = _figures([unit, *below], year)
    total = figures.get(unit.pk, Figures())
    rows = [Row(child, figures.get(child.pk, Figures())) for child in children]
    own = Figures()
    own.add(total)
    for child in below:
        own.add(figures.get(child.pk, Figures()), sign=-1)
    own_code = (
        ConductCode.objects.in_force(year).filter(unit=unit).order_by("-adopted_on", "-pk").first()
        if own.adopted
        else None
    )
    return Coverage(
        unit=unit,
        year=year,
        rows=rows,
        own=own,
        own_code=own_code,
        total=total,
        flagged=flagged_codes(unit, year) if total.copied else [],
    )
