"""The month's meeting table for a unit's subtree: which chi bộ held their monthly meeting, the attendance rate,
which recorded the required item, which held a thematic meeting in the month's quarter, and the state of the
assignments given by the subtree's meetings. A constant number of queries whatever the size of the subtree.

The figures are the meetings source's (meetings/figures.py), the same that the dashboard, the reports and the
exports read: each chi bộ's counts for the month come from it, and the table only lists the meetings to link them.

Attendance rate over several meetings = all present (late included) / all expected (listed − exempt).
A thematic meeting is a held meeting of the "thematic" kind, or a monthly meeting combined with a thematic item.
Rows: a commune's page lists its chi bộ; a committee with committees below (the province) lists its direct
children rolled up, and the chi bộ that did not meet are listed apart, so the page stays short.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.indicators.periods import ROMAN, Period
from lamtheo.indicators.source import Context, sources
from lamtheo.indicators.tree import Tree
from lamtheo.lib import vn
from lamtheo.lib.db import DayEnd
from lamtheo.meetings.models import (
    ATTENDANCE_BAR,
    Assignment,
    Meeting,
    MeetingKind,
)
from lamtheo.units.models import Unit

# The indicators whose counts the table shows (registry.py): held, required item recorded, attendance, thematic.
FIGURES = ["meetings_held", "meetings_required", "attendance_rate", "thematic_meetings"]
UNIT_FIELDS = ("pk", "path", "depth", "code", "name", "short_name", "kind", "active_from", "active_to")


@dataclass
class MonthMeeting:
    """A held monthly meeting as the table needs it: read as values, not as a model (the province reads 5.000)."""

    pk: int
    unit_id: int
    starts_at: datetime.datetime
    n_listed: int
    n_present: int
    n_exempt: int

    @property
    def n_expected(self) -> int:
        return self.n_listed - self.n_exempt

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])


@dataclass
class CellMonth:
    unit: Unit
    meetings: list = field(default_factory=list)  # its held monthly meetings of the month, to link them
    counts: dict = field(default_factory=dict)  # the meetings source's counts of the chi bộ for the month

    @property
    def due(self) -> int:
        """1 when its monthly meeting was due (the month ended, or it met in the month in progress)."""
        return self.counts.get("expected", 0)

    @property
    def met(self) -> bool:
        return bool(self.counts.get("held"))

    @property
    def thematic(self) -> int:
        """1 when it held a thematic meeting in the month's quarter."""
        return self.counts.get("thematic_held", 0)

    @property
    def present(self) -> int:
        return self.counts.get("present", 0)

    @property
    def expected(self) -> int:
        """Attendance expected (listed − exempt) at its monthly meetings of the month."""
        return self.counts.get("listed", 0)

    @property
    def rate(self) -> str:
        return vn.percent(self.present, self.expected)

    @property
    def below_bar(self) -> bool:
        return bool(self.expected) and 100 * self.present < ATTENDANCE_BAR * self.expected

    @property
    def with_required(self) -> bool:
        return bool(self.counts.get("required"))


@dataclass
class Group:
    """A row of the table: one chi bộ, or a unit below the page's unit with its chi bộ rolled up."""

    unit: Unit
    cells: list[CellMonth] = field(default_factory=list)

    @property
    def cell(self) -> CellMonth | None:
        """The row's own figures when the row is a chi bộ."""
        return self.cells[0] if len(self.cells) == 1 and self.cells[0].unit.pk == self.unit.pk else None

    @property
    def expected(self) -> int:
        return sum(c.due for c in self.cells)

    @property
    def held(self) -> int:
        return sum(c.met for c in self.cells)

    @property
    def with_required(self) -> int:
        return sum(c.with_required for c in self.cells)

    @property
    def with_thematic(self) -> int:
        return sum(bool(c.thematic) for c in self.cells)

    @property
    def present(self) -> int:
        return sum(c.present for c in self.cells)

    @property
    def listed(self) -> int:
        return sum(c.expected for c in self.cells)

    @property
    def rate(self) -> str:
        return vn.percent(self.present, self.listed)

    @property
    def below_bar(self) -> bool:
        return bool(self.listed) and 100 * self.present < ATTENDANCE_BAR * self.listed


@dataclass
class AssignmentFigures:
    """Assignments given by the subtree's meetings, as of `today`."""

    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.open + self.overdue

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> str:
        return vn.percent(self.on_time, self.done)


@dataclass
class MonthFigures:
    month: datetime.date  # the first day
    cells: list[CellMonth]
    groups: list[Group] = field(default_factory=list)
    assignments: AssignmentFigures = field(default_factory=AssignmentFigures)

    @property
    def expected(self) -> int:
        """Chi bộ whose monthly meeting was due (the month ended, or they met in the month in progress)."""
        return sum(c.due for c in self.cells)

    @property
    def held(self) -> int:
        return sum(c.met for c in self.cells)

    @property
    def not_met(self) -> list[CellMonth]:
        return [c for c in self.cells if not c.met]

    @property
    def with_required(self) -> int:
        return sum(c.with_required for c in self.cells)

    @property
    def without_required(self) -> list[CellMonth]:
        """Chi bộ that met without the required item."""
        return [c for c in self.cells if c.met and not c.with_required]

    @property
    def meetings(self) -> int:
        return sum(len(c.meetings) for c in self.cells)

    @property
    def rate(self) -> str:
        """The average attendance rate of the month's monthly meetings (all present / all expected)."""
        return vn.percent(sum(c.present for c in self.cells), sum(c.expected for c in self.cells))

    @property
    def below_bar(self) -> bool:
        present, listed = sum(c.present for c in self.cells), sum(c.expected for c in self.cells)
        return bool(listed) and 100 * present < ATTENDANCE_BAR * listed

    @property
    def quarter(self) -> int:
        return (self.month.month - 1) // 3 + 1

    @property
    def quarter_label(self) -> str:
        """`quý I/2026`."""
        return _("quý %(quarter)s/%(year)s") % {
            "quarter": ROMAN[self.quarter],
            "year": self.month.year,
        }

    @property
    def with_thematic(self) -> int:
        return sum(bool(c.thematic) for c in self.cells)

    @property
    def without_thematic(self) -> list[CellMonth]:
        """Chi bộ with no thematic meeting this quarter (so far)."""
        return [c for c in self.cells if not c.thematic]

    @property
    def by_cell(self) -> bool:
        """Whether each row of `groups` is a chi bộ (a commune's page) rather than a rolled-up unit."""
        return all(g.cell is not None for g in self.groups)


def assignment_figures(units, today: datetime.date) -> AssignmentFigures:
    """Done on time / done late / open / overdue, for the meetings hosted by `units` (a queryset): one query.
    "Done on time": done before the deadline's local day ended."""
    done, in_time = Q(done_at__isnull=False), Q(done_at__lt=DayEnd("deadline"))
    return AssignmentFigures(
        **Assignment.objects.filter(meeting__unit__in=units)
        .order_by()
        .aggregate(
            on_time=Count("pk", filter=done & in_time),
            late=Count("pk", filter=done & ~in_time),
            open=Count("pk", filter=Q(done_at__isnull=True, deadline__gte=today)),
            overdue=Count("pk", filter=Q(done_at__isnull=True, deadline__lt=today)),
        )
    )


def _monthly_meetings(cell_ids, start, end) -> list[MonthMeeting]:
    """The held monthly meetings of the chi bộ between `start` and `end`, to list and link them, each with its
    attendance (the meeting's columns): one query."""
    rows = (
        Meeting.objects.filter(unit__in=cell_ids, kind__code=MeetingKind.MONTHLY, status=Meeting.Status.HELD)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
        .values_list("pk", "unit_id", "starts_at", "n_listed", "n_present", "n_exempt")
    )
    return [MonthMeeting(*row) for row in rows]


def month_figures(unit: Unit, month: datetime.date, *, today: datetime.date | None = None) -> MonthFigures:
    """The chi bộ of `unit`'s subtree active in `month`, each with its counts for the month from the meetings
    source and the monthly meetings it held then; the rows of the table; the assignments of the subtree as of
    `today`."""
    month = month.replace(day=1)
    today = today or timezone.localdate()
    start, end = Period.containing("month", month).bounds()
    subtree = Unit.objects.subtree_of(unit)
    below = subtree.filter(kind__in=Unit.CELL_KINDS)
    shown = below.active(on=month).sorted().only(*UNIT_FIELDS)
    cells = {cell.pk: CellMonth(cell) for cell in shown}
    ctx = Context(Tree([(unit.pk, unit.path)]), Period.month(month.year, month.month), None, today, FIGURES)
    for unit_id, counts in sources()["meetings"].compute(ctx).items():
        if unit_id in cells:  # a chi bộ closed before the month is not expected to meet
            cells[unit_id].counts = counts
    for meeting in _monthly_meetings(below.values("pk"), start, end):
        if meeting.unit_id in cells:
            cells[meeting.unit_id].meetings.append(meeting)
    return MonthFigures(
        month,
        list(cells.values()),
        groups=_groups(unit, subtree, cells, month),
        assignments=assignment_figures(subtree.values("pk"), today),
    )


def _groups(unit: Unit, subtree, cells: dict[int, CellMonth], month: datetime.date) -> list[Group]:
    """One row per chi bộ when `unit` is a chi bộ or has only chi bộ below it; else one row per unit directly
    below (chi bộ directly below stay rows of their own). One query."""
    if unit.kind in Unit.CELL_KINDS or all(c.unit.depth == unit.depth + 1 for c in cells.values()):
        return [Group(c.unit, [c]) for c in cells.values()]
    children = subtree.filter(depth=unit.depth + 1).active(on=month).sorted().only(*UNIT_FIELDS)
    groups = {child.path: Group(child) for child in children}
    prefix = (unit.depth + 1) * Unit.steplen
    for cell in cells.values():
        group = groups.get(cell.unit.path[:prefix])
        if group is None:  # below a unit closed since: a row of its own
            group = groups[cell.unit.path] = Group(cell.unit)
        group.cells.append(cell)
    return [g for g in groups.values() if g.cells]
