"""The month's meeting figures for a unit's subtree: which chi bộ held their monthly meeting, the attendance rate,
and how many meetings carried the required item. Two queries whatever the size of the subtree.

Attendance rate over several meetings = all present (late included) / all expected (listed − exempt).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from lamtheo.lib import vn
from lamtheo.meetings.models import ATTENDANCE_BAR, Meeting, MeetingKind
from lamtheo.units.models import Unit

CELL_KINDS = (Unit.Kind.CELL, Unit.Kind.GRASSROOTS_CELL)


@dataclass
class CellMonth:
    unit: Unit
    meetings: list = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.meetings)

    @property
    def present(self) -> int:
        return sum(m.n_present for m in self.meetings)

    @property
    def expected(self) -> int:
        return sum(m.n_expected for m in self.meetings)

    @property
    def rate(self) -> str:
        return vn.percent(self.present, self.expected)

    @property
    def below_bar(self) -> bool:
        return bool(self.expected) and 100 * self.present < ATTENDANCE_BAR * self.expected

    @property
    def with_required(self) -> bool:
        return any(m.n_required >= len(m.kind.required_titles) for m in self.meetings)


@dataclass
class MonthFigures:
    month: datetime.date  # the first day
    cells: list[CellMonth]

    @property
    def expected(self) -> int:
        return len(self.cells)

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
    def rate(self) -> str:
        return vn.percent(sum(c.present for c in self.cells), sum(c.expected for c in self.cells))


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()))


def month_figures(unit: Unit, month: datetime.date) -> MonthFigures:
    """The chi bộ of `unit`'s subtree active in `month`, each with the monthly meetings it held then."""
    month = month.replace(day=1)
    start, end = month_bounds(month)
    below = Unit.objects.subtree_of(unit).filter(kind__in=CELL_KINDS)
    cells = {cell.pk: CellMonth(cell) for cell in below.active(on=month).sorted()}
    meetings = (
        Meeting.objects.filter(
            unit__in=below.values("pk"), kind__code=MeetingKind.MONTHLY, starts_at__gte=start
        )
        .filter(starts_at__lt=end)
        .held()
        .with_figures()
        .order_by("starts_at")
    )
    for meeting in meetings:
        if meeting.unit_id in cells:  # a chi bộ closed before the month is not expected to meet
            cells[meeting.unit_id].meetings.append(meeting)
    return MonthFigures(month, list(cells.values()))
