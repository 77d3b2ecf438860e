"""The registrations page's figures, read from the indicators (lamtheo/people/figures.py is their one source):
the page, its Excel export, the dashboard and the reports show the same numbers by construction.

For a unit and a year: those who must register (active in the unit's subtree, the exempt left out), how many
registered (submitted by the year's end: a registration returned for fixing was submitted once), split members /
non-members / key cadres (the holders of the key positions of each level), how many the chi bộ reviewed, and the
year-end results by the four levels of QĐ 366 (indicators "registered", "registrations_reviewed", "result_*").
Rolled up the tree, and for each unit directly below (drill down); the people attached to the unit itself (a
committee's own staff) are the unit's total less its units below.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lamtheo.indicators import engine, registry
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
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
    rated: int = 0
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

    def add(self, other: "Figures", sign: int = 1) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + sign * getattr(other, name))
        for level, count in other.levels.items():
            self.levels[level] += sign * count

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


COUNTS = (
    "members",
    "non_members",
    "key_cadres",
    "registered_members",
    "registered_non_members",
    "registered_key_cadres",
    "reviewed",
    "rated",
)
CODES = ["registrations_reviewed", *registry.LEVEL_CODES]


def _figures(units: list[Unit], year: int) -> dict[int, Figures]:
    """The figures of each of `units` (its whole subtree): the indicators, whole and split (each source's counts
    cached as the dashboard's)."""
    period = Period.year(year)
    ids = [unit.pk for unit in units]
    whole = engine.figures(ids, period, CODES)
    split = {name: engine.figures(ids, period, ["registered"], split=name) for name in registry.PEOPLE_SPLITS}
    result = {}
    for unit in units:
        values = whole.get(unit.pk, {})
        if not values:
            continue
        members = split["members"][unit.pk]["registered"]
        non_members = split["non_members"][unit.pk]["registered"]
        key_cadres = split["key_cadres"][unit.pk]["registered"]
        result[unit.pk] = Figures(
            unit,
            year,
            members=members.denominator,
            non_members=non_members.denominator,
            key_cadres=key_cadres.denominator,
            registered_members=members.numerator,
            registered_non_members=non_members.numerator,
            registered_key_cadres=key_cadres.numerator,
            reviewed=values["registrations_reviewed"].numerator,
            rated=values["result_excellent"].denominator,
            levels={level: values[code].numerator for code, level in registry.LEVEL_CODES.items()},
        )
    return result


def figures_for(unit: Unit, year: int, user=None) -> FiguresTable:
    """The figures of `unit` for `year`, rolled up, and of each unit directly below it that `user` may see."""
    below = list(Unit.objects.children_of(unit))  # all of them: what is left is the unit's own people
    shown = Unit.objects.filter(pk__in=[child.pk for child in below]).active()
    if user is not None:
        shown = shown.visible_to(user)
    children = list(shown.sorted())
    figures = _figures([unit, *below], year)
    total = figures.get(unit.pk, Figures(unit, year))
    rows = [figures.get(child.pk, Figures(child, year)) for child in children]
    own = None
    if children:
        own = Figures(unit, year)
        own.add(total)
        for child in below:
            if child.pk in figures:
                own.add(figures[child.pk], sign=-1)
        if not (own.people or own.rated):
            own = None
    return FiguresTable(unit=unit, year=year, total=total, rows=rows, own=own)


def unit_figures(unit: Unit, year: int) -> Figures:
    """The rolled-up figures of `unit` alone."""
    return _figures([unit], year).get(unit.pk, Figures(unit, year))
