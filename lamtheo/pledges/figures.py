"""The registration figures: the one place the numbers come from (pages, exports, and later the Indicators).

For a unit and a year: the people (active, in the unit's subtree today), how many registered (submitted, or
further along: a registration returned for fixing was submitted once), split members / non-members / key cadres
(current bí thư, phó bí thư, người đứng đầu, cán bộ chủ chốt, whatever their unit), how many the chi bộ reviewed
(accepted or further), and the year-end results by the four levels of QĐ 366. Rolled up the tree, and for each
unit directly below (drill down).

Three queries whatever the number of units: the units below, one aggregate of the people (with their registration
of the year joined on person and year, one row at most) grouped by the branch of the tree each sits in
(`Substr(unit__path)`), and the same for key cadres from their positions.
"""

from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import subtree_q
from lamtheo.lib import vn
from lamtheo.people.models import Person, Position
from lamtheo.pledges.models import Pledge
from lamtheo.units.models import Unit

LEVELS = list(Pledge.Level)


def _percent(numerator: int, denominator: int) -> str:
    return vn.percent(numerator, denominator) or "—"


@dataclass
class Figures:
    """The figures of one unit (its whole subtree) for one year."""

    unit: Unit | None
    year: int
    members: int = 0
    non_members: int = 0
    key_cadres: int = 0
    registered_members: int = 0
    registered_non_members: int = 0
    registered_key_cadres: int = 0
    reviewed: int = 0
    levels: dict = field(default_factory=lambda: dict.fromkeys(Pledge.Level.values, 0))

    @property
    def people(self) -> int:
        return self.members + self.non_members

    @property
    def registered(self) -> int:
        return self.registered_members + self.registered_non_members

    @property
    def missing(self) -> int:
        return self.people - self.registered

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    @property
    def registered_pct(self) -> str:
        return _percent(self.registered, self.people)

    @property
    def members_pct(self) -> str:
        return _percent(self.registered_members, self.members)

    @property
    def non_members_pct(self) -> str:
        return _percent(self.registered_non_members, self.non_members)

    @property
    def key_cadres_pct(self) -> str:
        return _percent(self.registered_key_cadres, self.key_cadres)

    @property
    def reviewed_pct(self) -> str:
        """Of the registrations submitted, the share the chi bộ has reviewed (accepted or further)."""
        return _percent(self.reviewed, self.registered)

    def level_rows(self) -> list[tuple[str, int, str]]:
        """(level's name, count, % of those rated), best level first."""
        return [
            (level.label, self.levels[level.value], _percent(self.levels[level.value], self.rated))
            for level in LEVELS
        ]

    def add(self, other: "Figures") -> None:
        for name in (
            "members",
            "non_members",
            "key_cadres",
            "registered_members",
            "registered_non_members",
            "registered_key_cadres",
            "reviewed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for level, count in other.levels.items():
            self.levels[level] += count

    def sentences(self) -> list[str]:
        """The figures as committees write them in their reports (seed 002)."""
        values = {
            "members": vn.number(self.registered_members),
            "members_pct": self.members_pct,
            "non_members": vn.number(self.registered_non_members),
            "non_members_pct": self.non_members_pct,
            "key": vn.number(self.registered_key_cadres),
            "key_total": vn.number(self.key_cadres),
            "key_pct": self.key_cadres_pct,
            "reviewed": vn.number(self.reviewed),
            "reviewed_pct": self.reviewed_pct,
            "year": self.year,
        }
        lines = [
            _(
                "Năm %(year)s có %(members)s đảng viên, chiếm %(members_pct)s và %(non_members)s cán bộ, công chức, "
                "viên chức chưa là đảng viên viết bản đăng ký học tập và làm theo, chiếm %(non_members_pct)s."
            )
            % values
        ]
        if self.key_cadres:
            lines.append(_("%(key)s/%(key_total)s cán bộ chủ chốt đã đăng ký, chiếm %(key_pct)s.") % values)
        if self.registered:
            lines.append(
                _(
                    "Chi bộ đã xem xét, chấp nhận %(reviewed)s bản đăng ký, đạt %(reviewed_pct)s số bản đã nộp."
                )
                % values
            )
        if self.rated:
            parts = [
                _("%(count)s %(level)s (%(pct)s)")
                % {"count": vn.number(count), "level": label.lower(), "pct": pct}
                for label, count, pct in self.level_rows()
                if count
            ]
            lines.append(_("Kết quả cuối năm: %(parts)s.") % {"parts": "; ".join(parts)})
        return lines


@dataclass
class FiguresTable:
    unit: Unit
    year: int
    total: Figures
    rows: list[Figures]  # one per unit directly below, visible to the user
    own: Figures | None = None  # people attached to the unit itself (a committee's own staff), when any


_MEMBER = ~Q(party_status=Person.PartyStatus.NON_MEMBER)


def _by_branch(unit: Unit, year: int) -> dict[str, Figures]:
    """Figures of each branch directly below `unit` (and of `unit` itself, under its own path)."""
    length = (unit.depth + 1) * Unit.steplen
    registered = Q(year_pledge__status__in=Pledge.REGISTERED_STATES)
    rated = Q(year_pledge__status__in=Pledge.RATED_STATES)
    people = (
        Person.objects.in_subtree(unit)
        .active()
        .annotate(
            year_pledge=FilteredRelation("pledges", condition=Q(pledges__year=year)),
            branch=Substr("unit__path", 1, length),
        )
        .order_by()
        .values("branch")
        .annotate(
            members=Count("pk", filter=_MEMBER),
            non_members=Count("pk", filter=~_MEMBER),
            registered_members=Count("pk", filter=_MEMBER & registered),
            registered_non_members=Count("pk", filter=~_MEMBER & registered),
            reviewed=Count("pk", filter=Q(year_pledge__status__in=Pledge.REVIEWED_STATES)),
            **{
                f"level_{level}": Count("pk", filter=rated & Q(year_pledge__result_level=level))
                for level in Pledge.Level.values
            },
        )
    )
    result: dict[str, Figures] = {}
    for row in people:
        figures = result.setdefault(row["branch"], Figures(None, year))
        for name in ("members", "non_members", "registered_members", "registered_non_members", "reviewed"):
            setattr(figures, name, row[name])
        figures.levels = {level: row[f"level_{level}"] for level in Pledge.Level.values}
    key_cadres = (
        Position.objects.key_cadres()
        .filter(subtree_q(unit.path, "person__unit__path"), person__status__in=Person.ACTIVE_STATUSES)
        .annotate(
            year_pledge=FilteredRelation("person__pledges", condition=Q(person__pledges__year=year)),
            branch=Substr("person__unit__path", 1, length),
        )
        .order_by()
        .values("branch")
        .annotate(
            n=Count("person", distinct=True),
            registered=Count("person", distinct=True, filter=registered),
        )
    )
    for row in key_cadres:
        figures = result.setdefault(row["branch"], Figures(None, year))
        figures.key_cadres, figures.registered_key_cadres = row["n"], row["registered"]
    return result


def figures_for(unit: Unit, year: int, user=None) -> FiguresTable:
    """The figures of `unit` for `year`, rolled up, and of each unit directly below it that `user` may see."""
    children = Unit.objects.children_of(unit).active()
    if user is not None:
        children = children.visible_to(user)
    children = list(children.sorted())
    branches = _by_branch(unit, year)
    total = Figures(unit, year)
    for figures in branches.values():
        total.add(figures)
    rows = []
    for child in children:
        figures = Figures(child, year)
        figures.add(branches.get(child.path, Figures(child, year)))
        rows.append(figures)
    own = None
    if unit.path in branches and children:
        own = Figures(unit, year)
        own.add(branches[unit.path])
    return FiguresTable(unit=unit, year=year, total=total, rows=rows, own=own)


def unit_figures(unit: Unit, year: int) -> Figures:
    """The rolled-up figures of `unit` alone (two queries)."""
    total = Figures(unit, year)
    for figures in _by_branch(unit, year).values():
        total.add(figures)
    return total
