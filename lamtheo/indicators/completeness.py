"""Completeness and timeliness (as DHIS2 reports them): which chi bộ have recorded what they must, on time or late.

For a unit's subtree and a period, per requirement, over the chi bộ of the subtree:

- monthly_meeting: each chi bộ, each month of the period that has ended and on whose first day it was active
  (the due rule of the meetings source, meetings/figures.py, read from it), must hold its monthly meeting (cancelled ones do not count); the month in progress
  counts once its meeting is held, and is not yet due before (so the 1st of a month flags no one). On time when the meeting
  was entered in the app at the latest GRACE_DAYS after the month ended; late when entered after; missing when
  there is none. Counted in chi bộ-months.
- study_session: each chi bộ active at the end of the period (or today) must have held a study session (itself or
  a tổ đảng or merged chi bộ below it) between the start of the period's year and the end of the period. On time when the session was entered within
  GRACE_DAYS of its date; late when entered after; missing when there is none.
- registrations: each chi bộ with active people must have every one of them register for the period's year. On
  time when all did by the deadline that applies (its own or the nearest above, pledges.RegistrationDeadline;
  any date when there is none); late when all did, some after it; missing while someone has not.

A constant number of queries whatever the size of the subtree: the chi bộ, the monthly meetings, the study
sessions, the people with their registration, the deadlines.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache as django_cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.units.models import Unit

GRACE_DAYS = 5


@dataclass(frozen=True)
class Requirement:
    code: str
    name: str  # Vietnamese
    description: str  # Vietnamese: what is expected, and when it is on time


REQUIREMENTS = {
    "monthly_meeting": Requirement(
        "monthly_meeting",
        _("Sinh hoạt chi bộ thường kỳ hằng tháng"),
        _(
            "Mỗi chi bộ họp thường kỳ mỗi tháng; đúng hạn khi được ghi nhận chậm nhất 5 ngày sau khi hết tháng."
        ),
    ),
    "study_session": Requirement(
        "study_session",
        _("Tổ chức học tập chuyên đề"),
        _(
            "Mỗi chi bộ tổ chức ít nhất một buổi học tập chuyên đề trong kỳ; đúng hạn khi được ghi nhận trong 5 ngày."
        ),
    ),
    "registrations": Requirement(
        "registrations",
        _("Bản đăng ký học tập và làm theo"),
        _("Mọi người trong chi bộ nộp bản đăng ký của năm; đúng hạn khi tất cả nộp trước hạn nộp."),
    ),
}


class Cell(NamedTuple):
    """A chi bộ as completeness reads and lists it: its row's few columns, not a model instance (a province has
    about 5.000; building and caching them as Unit objects was most of completeness's time). Answers what the
    dashboard's attention lists, the reports and the export ask of a unit listed."""

    pk: int
    path: str
    kind: str
    code: str
    name: str
    sort_key: str
    active_from: datetime.date | None
    active_to: datetime.date | None

    FIELDS = ("pk", "path", "kind", "code", "name", "sort_key", "active_from", "active_to")

    @property
    def is_active(self) -> bool:
        return self.active_to is None

    def get_absolute_url(self) -> str:
        return Unit(pk=self.pk).get_absolute_url()


@dataclass
class Completeness:
    """One requirement for one unit's subtree over the period."""

    requirement: Requirement
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    missing_units: list[Cell] = field(default_factory=list)  # chi bộ concerned, sorted Vietnamese-wise
    late_units: list[Cell] = field(default_factory=list)
    _listed: set = field(
        default_factory=set, repr=False, compare=False
    )  # (list, chi bộ) pairs already listed

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def done_percent(self) -> str:
        """`85,7%`: the share recorded, on time or late."""
        return vn.percent(self.done, self.expected)

    @property
    def on_time_percent(self) -> str:
        return vn.percent(self.on_time, self.expected)

    def _count(self, cell: Cell, state: str | None) -> None:
        self.expected += 1
        if state == "on_time":
            self.on_time += 1
        elif state == "late":
            self.late += 1
            self._concerned(self.late_units, cell)
        else:
            self.missing += 1
            self._concerned(self.missing_units, cell)

    def _count_many(self, cell: Cell, expected: int, on_time: int, late: int) -> None:
        """`expected` requirements of `cell`, of which `on_time` met in time and `late` met late."""
        self.expected += expected
        self.on_time += on_time
        self.late += late
        self.missing += expected - on_time - late
        if late:
            self._concerned(self.late_units, cell)
        if expected - on_time - late:
            self._concerned(self.missing_units, cell)

    def _concerned(self, units: list[Cell], cell: Cell) -> None:
        key = (units is self.late_units, cell.pk)
        if key not in self._listed:
            self._listed.add(key)
            units.append(cell)


def _cell_of(cells_by_path: dict[str, Cell], path: str) -> Cell | None:
    """The chi bộ at `path` or the nearest above it."""
    for end in range(len(path), 0, -Unit.steplen):
        cell = cells_by_path.get(path[:end])
        if cell is not None:
            return cell
    return None


def _active_on(cell: Cell, day: datetime.date) -> bool:
    return (cell.active_from is None or cell.active_from <= day) and (
        cell.active_to is None or cell.active_to > day
    )


def _monthly(cells, due) -> Completeness:
    """Which chi bộ-months are due, held and held with the meeting entered in time: the meetings source's own
    counts per chi bộ (meetings/figures.py, the same due rule as the indicator meetings_held)."""
    result = Completeness(REQUIREMENTS["monthly_meeting"])
    for cell in cells:
        counts = due.get(cell.pk, {})
        expected, held = counts.get("expected", 0), counts.get("held", 0)
        if expected:
            in_time = counts.get("on_time", 0)
            result._count_many(cell, expected, in_time, held - in_time)
    return result


def _study(cells, period, unit, today) -> Completeness:
    from lamtheo.study.models import StudySession

    result = Completeness(REQUIREMENTS["study_session"])
    last_day = min(period.end, today)
    if last_day < period.start:
        return result
    cells = [cell for cell in cells if _active_on(cell, last_day)]
    cells_by_path = {
        cell.path: cell for cell in cells
    }  # a merged chi bộ's sessions count for the one it joined
    sessions = (
        StudySession.objects.in_subtree(unit)
        .filter(date__gte=datetime.date(period.year_of, 1, 1), date__lte=last_day)  # cumulative over the year
        .order_by()
        .values_list("unit__path", "date", "created_at")
    )
    best: dict[int, str] = {}
    zone = timezone.get_default_timezone()
    for path, date, created in sessions:
        cell = _cell_of(cells_by_path, path)
        if cell is None:
            continue
        deadline = datetime.datetime.combine(
            date + datetime.timedelta(days=GRACE_DAYS + 1), datetime.time(), zone
        )
        state = "on_time" if created < deadline else "late"
        if best.get(cell.pk) != "on_time":
            best[cell.pk] = state
    for cell in cells:
        result._count(cell, best.get(cell.pk))
    return result


def _registrations(cells, cells_by_path, period, unit, nodes, people) -> Completeness:
    """From the people source's counts per unit (lamtheo/people/figures.py): those who must register (every active
    person, the exempt included), those registered for the year and the last first submission."""
    from lamtheo.pledges.models import RegistrationDeadline

    result = Completeness(REQUIREMENTS["registrations"])
    year = period.year_of
    deadlines = dict(
        RegistrationDeadline.objects.filter(year=year).order_by().values_list("unit__path", "due_date")
    )
    per_cell: dict[int, list] = {}
    for unit_id, counts in people.items():
        node = nodes.get(unit_id)
        cell = _cell_of(cells_by_path, node.path) if node is not None else None
        if cell is None or not counts.get("people"):
            continue
        figures = per_cell.setdefault(cell.pk, [0, 0, None])
        figures[0] += counts["people"]
        figures[1] += counts.get("registered_any", 0)
        last = counts.get("latest_registered")
        if last is not None and (figures[2] is None or last > figures[2]):
            figures[2] = last
    zone = timezone.get_default_timezone()
    for cell in cells:
        if cell.pk not in per_cell:
            continue  # no one to register
        people_count, done, last = per_cell[cell.pk]
        due = next(
            (
                deadlines[cell.path[:end]]
                for end in range(len(cell.path), 0, -Unit.steplen)
                if cell.path[:end] in deadlines
            ),
            None,
        )
        if done < people_count:
            state = None
        elif due is None or last is None:
            state = "on_time"
        else:
            limit = datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(), zone)
            state = "on_time" if last < limit else "late"
        result._count(cell, state)
    return result


# The apps whose records completeness reads: its result is cached under their generations (freshness.py).
APPS = ("units", "meetings", "study", "people", "pledges")


def completeness(
    unit: Unit, period: Period, *, today: datetime.date | None = None, cache: bool = True
) -> list[Completeness]:
    """Every requirement for `unit`'s subtree over `period`, each with the chi bộ missing or late. Cached under
    the generations of the apps it reads unless `cache` is False: never served after a write to one of them. The
    meetings and people sources' per-unit counts it reads are those the dashboard's figures keep (cache.py)."""
    from lamtheo.indicators import freshness
    from lamtheo.indicators.cache import cache_name, cache_seconds

    today = today or timezone.localdate()
    seconds = cache_seconds()
    if not cache or seconds <= 0:
        return _completeness(unit, period, today, cache=False)
    versions = freshness.generations(APPS)
    name = cache_name("completeness", unit.pk, period, today, versions)
    result = django_cache.get(name)
    if result is None:
        result = _completeness(unit, period, today, cache=True)
        django_cache.set(name, result, seconds)
    return result


# What completeness reads of the sources: the monthly meetings due and held, the people and their registrations
# (besides the indicators' counts, the people source's two kept for it: who registered whatever the period's end, and
# when the last of them did, per unit).
SOURCE_CODES = {"meetings": ["meetings_held"], "people": ["registered"]}
PEOPLE_COUNTS = frozenset({"registered_any", "latest_registered"})


def _completeness(unit: Unit, period: Period, today: datetime.date, *, cache: bool) -> list[Completeness]:
    from lamtheo.indicators.cache import current_generations, load_per_unit
    from lamtheo.indicators.source import Context
    from lamtheo.indicators.tree import Tree

    cells = [
        Cell(*row)
        for row in Unit.objects.subtree_of(unit)
        .filter(kind__in=Unit.CELL_KINDS)
        .order_by()
        .values_list(*Cell.FIELDS)
    ]
    active = [cell for cell in cells if cell.is_active]
    months = [month for month in period.months() if month.start <= today]
    codes = [code for codes in SOURCE_CODES.values() for code in codes]
    ctx = Context(Tree([(unit.pk, unit.path)]), period, None, today, codes, extra=PEOPLE_COUNTS)
    names = list(SOURCE_CODES)
    load_per_unit(ctx, names, current_generations(names, cache), codes)
    results = [
        _monthly(cells, ctx.cache["meetings"] if months else {}),
        _study(cells, period, unit, today),
        _registrations(
            active, {cell.path: cell for cell in active}, period, unit, ctx.tree.nodes, ctx.cache["people"]
        ),
    ]
    for result in results:
        result.missing_units.sort(key=lambda cell: (cell.sort_key, cell.pk))
        result.late_units.sort(key=lambda cell: (cell.sort_key, cell.pk))
        result._listed = set()  # needed while counting only: not kept in the cache
    return results
