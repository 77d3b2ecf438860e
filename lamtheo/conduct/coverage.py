"""Which units have adopted their code of conduct, and which copied it: the one place these figures come from.

For a committee and a year: each unit directly below it, with over its whole subtree the units that should have a
code (every active committee and chi bộ), those with a code in force for the year (ConductCodeQuerySet.in_force),
the share, the codes flagged as copied and the units still without a code; the committee's own code; the totals;
and the flagged codes of the subtree with their similar pairs. A fixed number of queries whatever the number of
units: the units below, two aggregates grouped by the branch of the path, the committee's own code, and the
flagged codes with their rules.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr

from lamtheo.accounts.scoping import subtree_q
from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode, ConductRule
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

    def add(self, other: "Figures") -> None:
        self.expected += other.expected
        self.adopted += other.adopted
        self.copied += other.copied


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


def _branch(unit: Unit, path_field: str) -> Substr:
    return Substr(path_field, 1, (unit.depth + 1) * Unit.steplen)


def expected_by_branch(unit: Unit) -> dict[str, int]:
    """Units that should have a code, per branch below `unit` (the unit itself under its own path)."""
    rows = (
        Unit.objects.subtree_of(unit)
        .active()
        .filter(kind__in=EXPECTED_KINDS)
        .annotate(branch=_branch(unit, "path"))
        .order_by()  # the manager orders by path, which would split every group into single units
        .values("branch")
        .annotate(n=Count("pk"))
    )
    return {row["branch"]: row["n"] for row in rows}


def adopted_by_branch(unit: Unit, year: int) -> dict[str, tuple[int, int]]:
    """(units with a code in force, of them flagged as copied), per branch below `unit`."""
    rows = (
        ConductCode.objects.in_force(year)
        .filter(
            subtree_q(unit.path, "unit__path"), unit__active_to__isnull=True, unit__kind__in=EXPECTED_KINDS
        )
        .annotate(branch=_branch(unit, "unit__path"))
        .order_by()
        .values("branch")
        .annotate(
            units=Count("unit", distinct=True),
            copied=Count("unit", distinct=True, filter=Q(is_copied=True)),
        )
    )
    return {row["branch"]: (row["units"], row["copied"]) for row in rows}


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
    children = list(
        Unit.objects.children_of(unit).visible_to(user).active().filter(kind__in=EXPECTED_KINDS).sorted()
    )
    expected = expected_by_branch(unit)
    adopted = adopted_by_branch(unit, year)

    def figures(path: str) -> Figures:
        units, copied = adopted.get(path, (0, 0))
        return Figures(expected=expected.get(path, 0), adopted=units, copied=copied)

    rows = [Row(child, figures(child.path)) for child in children]
    own = figures(unit.path)
    total = Figures()
    for path in expected.keys() | adopted.keys():
        total.add(figures(path))
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
