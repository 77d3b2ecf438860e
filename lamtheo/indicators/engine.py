"""The indicators engine: every figure of any set of units over their whole subtrees, in a fixed number of queries.

How: the units of the subtrees asked for are read once (id, path, kind, dates). Each *source* (people, study
sessions, meetings, assignments, codes of conduct, plans) is then one grouped query over those subtrees,
aggregated per unit where the record sits (GROUP BY unit id), with no per-unit loop and nothing read row by row;
the rows are summed up in Python by path prefix into every unit asked for (a record of a unit counts for each unit
above it). Several indicators share a source (all the people figures come from one query; the monthly meetings,
their attendance and the thematic meetings from one pass over the meetings), so the whole dashboard of a province
and its communes takes about ten queries whatever the number of units, and the rollup of one indicator to every
unit of the tree takes two or three. Months and quarters are told apart in SQL by comparisons with their bounds
in the project's time zone (period_case), the same on both databases and without a function call per row. The
attendance rate reads the meetings' tallies (tally.py: attendance counted per meeting and status by triggers),
not the million and a half attendance rows of a province's year. trend() splits the month-additive sources by
month in the same single query.

Outside a transaction the sources' queries run side by side, each on its own connection (_compute_side_by_side,
INDICATORS_QUERY_THREADS); the passes over meetings, tallies and assignments read covering indexes only.

Cache, per source: a source's counts are kept in Django's cache under the versions of the tables it reads
(SOURCE_TABLES; versioning.py: a token per table that database triggers change on every write to it) with the
arguments and today's date, so a figure is never served stale after a write, whoever made it, and a write
recomputes only the sources that read the table written (ticking attendance leaves the registrations figures
cached). The per-unit counts before the sum are kept too, keyed by the subtrees read, so the figures of a unit and
its children and the rollup over the same subtree share them. `cache=False` computes afresh;
INDICATORS_CACHE_SECONDS (setting, default 600; 0 turns it off) bounds how long an unused result stays.

Units merged into another stay in the tree, moved under the unit they merged into: their records (meetings,
sessions, codes) count under it by the same path prefix. People count where they are today.

Definitions agree with the per-app figure code for the same unit and period (tests check it):
study.coverage (sessions, studied n/N), pledges.figures (people, registered, reviewed, year-end levels),
conduct.coverage (adopted, copied), meetings.figures (monthly meetings held / expected, required item,
attendance rate, thematic meetings, assignments), topics.deployment (plans issued by the deadline).
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models import Value as SqlValue
from django.utils import timezone

from lamtheo.accounts.scoping import subtree_q
from lamtheo.indicators import registry, versioning
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.lib.db import DayEnd
from lamtheo.units.models import Unit

PLAN_TYPE_CODE = "KH"  # as topics.deployment
THEMATIC = "thematic"  # as meetings.figures


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int | None = None  # None for a plain count

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator

    @property
    def text(self) -> str:
        """`40.539/41.324`, or `731` for a plain count."""
        if self.denominator is None:
            return vn.number(self.numerator)
        return f"{vn.number(self.numerator)}/{vn.number(self.denominator)}"

    @property
    def percent_text(self) -> str:
        """`98,1%`; empty for a plain count or an empty denominator."""
        if self.denominator is None:
            return ""
        return vn.percent(self.numerator, self.denominator)

    def __add__(self, other: "Value") -> "Value":
        if self.denominator is None and other.denominator is None:
            return Value(self.numerator + other.numerator)
        return Value(self.numerator + other.numerator, (self.denominator or 0) + (other.denominator or 0))

    def __str__(self) -> str:
        return f"{self.text} ({self.percent_text})" if self.percent_text else self.text


# The units -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    pk: int
    path: str
    kind: str
    active_from: datetime.date | None
    active_to: datetime.date | None
    sort_key: str

    def active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to > day
        )

    @property
    def is_active(self) -> bool:
        return self.active_to is None


def _tops(paths: Iterable[str]) -> list[str]:
    """The paths not nested in another of them."""
    tops: list[str] = []
    for path in sorted(set(paths)):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def _in_paths(tops: list[str], path_field: str = "path") -> Q:
    q = Q(pk__in=[])
    for top in tops:
        q |= subtree_q(top, path_field)
    return q


class Tree:
    """The units of some subtrees, read in one query, and the units whose figures are asked for."""

    def __init__(self, targets: list[tuple[int, str]], *, whole_subtrees: list[str] | None = None):
        self.targets = targets  # (pk, path) of the units asked for
        self.tops = whole_subtrees if whole_subtrees is not None else _tops(path for _pk, path in targets)
        rows = (
            Unit.objects.filter(_in_paths(self.tops))
            .order_by()
            .values_list("pk", "path", "kind", "active_from", "active_to", "sort_key")
        )
        self.nodes: dict[int, Node] = {row[0]: Node(*row) for row in rows}
        self.target_by_path = {path: pk for pk, path in targets}
        self._chains: dict[int, list[int]] = {}

    def ids(self):
        """The ids of the units of the subtrees, as a subquery (the records' unit index does the rest)."""
        return Unit.objects.filter(_in_paths(self.tops)).values("pk")

    def cell_ids(self):
        return Unit.objects.filter(_in_paths(self.tops), kind__in=Unit.CELL_KINDS).values("pk")

    def targets_of(self, unit_id: int) -> list[int]:
        """The units asked for that `unit_id` counts under: itself and those above it."""
        chain = self._chains.get(unit_id)
        if chain is None:
            node = self.nodes.get(unit_id)
            chain = []
            if node is not None:
                steplen = Unit.steplen
                for end in range(steplen, len(node.path) + 1, steplen):
                    target = self.target_by_path.get(node.path[:end])
                    if target is not None:
                        chain.append(target)
            self._chains[unit_id] = chain
        return chain

    def cells(self) -> list[Node]:
        return [node for node in self.nodes.values() if node.kind in Unit.CELL_KINDS]

    @property
    def every_unit_asked(self) -> bool:
        return len(self.targets) == len(self.nodes)

    def upward(self) -> list[tuple[int, int]]:
        """(unit, the unit directly above it) of every unit of the subtrees below their tops, the deepest first."""
        by_path = {node.path: pk for pk, node in self.nodes.items()}
        steplen = Unit.steplen
        deepest_first = sorted(self.nodes.values(), key=lambda node: len(node.path), reverse=True)
        return [
            (node.pk, by_path[node.path[:-steplen]])
            for node in deepest_first
            if node.path[:-steplen] in by_path
        ]


# Sources: each a grouped query, giving {unit id: {name: count}} --------------------------------------------------

Counts = dict[int, dict[str, int]]


@dataclass
class Context:
    tree: Tree
    period: Period
    split: str | None
    today: datetime.date
    codes: list[str]
    cache: dict = field(default_factory=dict)

    def source(self, name: str) -> Counts:
        if name not in self.cache:
            self.cache[name] = SOURCES[name](self)
        return self.cache[name]

    @property
    def months(self) -> list[Period]:
        """The months of the period that have begun."""
        return [month for month in self.period.months() if month.start <= self.today]

    @property
    def quarters(self) -> list[Period]:
        return [quarter for quarter in self.period.quarters() if quarter.start <= self.today]


def _split_q(split: str | None, prefix: str = "") -> Q:
    from lamtheo.people.models import Person, Position

    if split is None:
        return Q()
    if split == "members":
        return ~Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "non_members":
        return Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "key_cadres":
        positions = Position.objects.filter(
            person=OuterRef(f"{prefix}pk"), kind__in=Position.KEY_CADRE_KINDS, end_date__isnull=True
        )
        return Q(Exists(positions))
    raise ValueError(f"unknown split {split!r}")


def _per_unit(queryset) -> Counts:
    """{first column: {alias: count}} of a grouped `values(unit).annotate(counts)` queryset, read with the cursor:
    the counts come as the database gives them (integers), without Django's converter call per value (70.000 over
    a province's people)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet (e.g. a meeting kind that does not exist)
        return {}
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description[1:]]
        return {row[0]: dict(zip(names, row[1:], strict=True)) for row in cursor.fetchall()}


STUDY_CODES = {"studied_topic"}
PLEDGE_CODES = {"registered", "registrations_reviewed", *registry.LEVEL_CODES}


def _people(ctx: Context) -> Counts:
    """People active in the subtrees today, by their unit: how many, and (when asked) who studied a yearly topic in
    the period, who registered for the period's year, who was reviewed, rated and at which level. One query (and on
    PostgreSQL one more for who studied)."""
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Pledge
    from lamtheo.study.models import Attendance
    from lamtheo.topics.models import Topic

    people = (
        Person.objects.filter(unit__in=ctx.tree.ids(), status__in=Person.ACTIVE_STATUSES)
        .filter(_split_q(ctx.split))
        .order_by()
    )
    counts = {"people": Count("pk"), "active": Count("pk", filter=Q(status=Person.Status.ACTIVE))}
    codes = set(ctx.codes)
    # Who studied: the set of those present at a session of a yearly topic, read once. On SQLite it is probed per
    # person in the same pass (an index built once); inside the FILTER of an aggregate PostgreSQL probes it without
    # a hash (three times slower over a province), so there it is counted in its own query, as a semi-join.
    studied = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            topic__kind=Topic.Kind.YEAR,
            session__date__gte=ctx.period.start,
            session__date__lte=min(ctx.period.end, ctx.today),
        ).values("person_id")
        if codes & STUDY_CODES
        else None
    )
    apart = studied is not None and connection.vendor == "postgresql"
    if studied is not None and not apart:
        counts["studied"] = Count("pk", filter=Q(status=Person.Status.ACTIVE) & Q(pk__in=studied))
    if codes & PLEDGE_CODES:
        people = people.annotate(
            year_pledge=FilteredRelation("pledges", condition=Q(pledges__year=ctx.period.year_of))
        )
        registered = Q(year_pledge__status__in=Pledge.REGISTERED_STATES)
        if ctx.period.kind != "year":  # within the year: those registered by the end of the period
            registered &= Q(year_pledge__first_submitted_at__isnull=True) | Q(
                year_pledge__first_submitted_at__lt=ctx.period.bounds()[1]
            )
        rated = Q(year_pledge__status__in=Pledge.RATED_STATES)
        counts.update(
            registered=Count("pk", filter=registered),
            all_registered=Count("pk", filter=Q(year_pledge__status__in=Pledge.REGISTERED_STATES)),
            reviewed=Count("pk", filter=Q(year_pledge__status__in=Pledge.REVIEWED_STATES)),
            rated=Count("pk", filter=rated),
            **{
                f"level_{level}": Count("pk", filter=rated & Q(year_pledge__result_level=level))
                for level in Pledge.Level.values
            },
        )
    result = _per_unit(people.values("unit_id").annotate(**counts))
    if apart:
        for figures in result.values():
            figures["studied"] = 0
        rows = _per_unit(
            Person.objects.filter(unit__in=ctx.tree.ids(), status=Person.Status.ACTIVE, pk__in=studied)
            .filter(_split_q(ctx.split))
            .order_by()
            .values("unit_id")
            .annotate(studied=Count("pk"))
        )
        for unit_id, row in rows.items():
            result[unit_id]["studied"] = row["studied"]
    return result


def period_case(
    field_name: str, periods: list[Period], values: list, output_field, *, dates: bool = False
) -> Case:
    """`values[i]` for a moment in `field_name` within the i-th of the consecutive `periods`, NULL after the last:
    plain comparisons with their bounds in the project's time zone. The same on both databases, and no function
    call per row (SQLite's TruncMonth calls Python once per row: most of the time of a year of meetings). With
    `dates`, the field is a date compared with the periods' days."""
    return Case(
        *(
            When(
                **{
                    f"{field_name}__lt": period.end + datetime.timedelta(days=1)
                    if dates
                    else period.bounds()[1]
                },
                then=SqlValue(value, output_field=output_field),
            )
            for period, value in zip(periods, values, strict=True)
        ),
        default=None,
        output_field=output_field,
    )


def period_index(field_name: str, periods: list[Period], *, dates: bool = False) -> Case:
    """Which of the consecutive `periods` (0, 1, ...) the moment in `field_name` falls in (see period_case)."""
    return period_case(field_name, periods, list(range(len(periods))), IntegerField(), dates=dates)


# Sources by month, for trend(): {index of the month in ctx.months: {name: count}} over the whole tree read (the
# subtree of the one unit whose trend is asked). The month-additive sources (a record counts in the month of its
# date) are computed this way in ONE query grouped by month.

MonthTotals = dict[int, dict[str, int]]


def _sessions_by_month(ctx: Context) -> MonthTotals:
    from lamtheo.study.models import StudySession

    months = ctx.months
    if not months:
        return {}
    rows = (
        StudySession.objects.filter(
            unit__in=ctx.tree.ids(), date__gte=ctx.period.start, date__lte=min(ctx.period.end, ctx.today)
        )
        .order_by()
        .annotate(month=period_index("date", months, dates=True))
        .values("month")
        .annotate(sessions=Count("pk"))
    )
    return {row["month"]: {"sessions": row["sessions"]} for row in rows}


def _sessions(ctx: Context) -> Counts:
    from lamtheo.study.models import StudySession

    rows = (
        StudySession.objects.filter(
            unit__in=ctx.tree.ids(), date__gte=ctx.period.start, date__lte=min(ctx.period.end, ctx.today)
        )
        .order_by()
        .values("unit_id")
        .annotate(sessions=Count("pk"))
    )
    return {row["unit_id"]: {"sessions": row["sessions"]} for row in rows}


def _monthly_meetings(ctx: Context):
    """The held monthly meetings of the subtrees' chi bộ in the months of the period that have begun, each with
    the first day of its month (`month`), kept only when the chi bộ was active on that day (as meetings.figures)."""
    from lamtheo.meetings.models import Meeting, MeetingKind

    months = ctx.months
    if not months:
        return None
    return (
        Meeting.objects.filter(
            unit__in=ctx.tree.cell_ids(),
            kind_id=_kind_id(ctx, MeetingKind.MONTHLY),
            starts_at__gte=months[0].bounds()[0],
            starts_at__lt=months[-1].bounds()[1],
        )
        .held()
        .order_by()
        .annotate(month=period_case("starts_at", months, [month.start for month in months], DateField()))
        .filter(_active_on_q("unit__", "month"))
    )


def _active_on_q(prefix: str, day: str) -> Q:
    """The unit at `prefix` active on the date in the expression `day` (as Node.active_on)."""
    return (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": F(day)})) & (
        Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gt": F(day)})
    )


def _expected_months(ctx: Context) -> dict[int, int]:
    """For each chi bộ, how many months of the period that have begun it was active on the first day of."""
    months = ctx.months
    result = {}
    for cell in ctx.tree.cells():
        if cell.active_to is None and (cell.active_from is None or cell.active_from <= months[0].start):
            result[cell.pk] = len(months)
        else:
            result[cell.pk] = sum(1 for month in months if cell.active_on(month.start))
    return result


def _month_index(ctx: Context) -> dict[datetime.date, int]:
    return {month.start: index for index, month in enumerate(ctx.months)}


def _meetings_by_month(ctx: Context) -> MonthTotals:
    """Month by month over the whole tree read: chi bộ expected (active on the month's first day), chi bộ that held
    their monthly meeting, and with the required item(s). One query grouped by month (and the kinds)."""
    from lamtheo.meetings.models import AgendaItem

    meetings = _monthly_meetings(ctx)
    if meetings is None:
        return {}
    needed = _required_needed(ctx)
    if needed == 1:  # the usual case: one probe of the agenda's index per meeting
        complete = Q(Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), required=True)))
    elif needed:
        complete = Q(
            pk__in=AgendaItem.objects.filter(meeting__in=meetings.values("pk"), required=True)
            .order_by()
            .values("meeting")
            .annotate(c=Count("pk"))
            .filter(c__gte=needed)
            .values("meeting")
        )
    else:
        complete = Q()
    rows = meetings.values("month").annotate(
        held=Count("unit_id", distinct=True), required=Count("unit_id", distinct=True, filter=complete)
    )
    index = _month_index(ctx)
    cells = ctx.tree.cells()
    result: MonthTotals = {
        i: {"expected": sum(1 for cell in cells if cell.active_on(month.start)), "held": 0, "required": 0}
        for i, month in enumerate(ctx.months)
    }
    for row in rows:
        result[index[row["month"]]].update(held=row["held"], required=row["required"])
    return result


def _kinds(ctx: Context) -> dict:
    """{code: MeetingKind} of the monthly and thematic meeting kinds (one query per computation)."""
    from lamtheo.meetings.models import MeetingKind

    if "kinds" not in ctx.cache:
        kinds = MeetingKind.objects.filter(code__in=[MeetingKind.MONTHLY, THEMATIC])
        ctx.cache["kinds"] = {kind.code: kind for kind in kinds}
    return ctx.cache["kinds"]


def _kind_id(ctx: Context, code: str) -> int | None:
    kind = _kinds(ctx).get(code)
    return kind.pk if kind else None


def _required_needed(ctx: Context) -> int:
    """How many required items a monthly meeting must have had (0: none)."""
    from lamtheo.meetings.models import MeetingKind

    kind = _kinds(ctx).get(MeetingKind.MONTHLY)
    return len(kind.required_titles) if kind else 0


def _attendance_counts(ctx: Context, *, by_month: bool = False):
    """Present (late included) and expected (listed − exempt) at the chi bộ's monthly meetings, in the months it
    was active on the first day (as meetings.figures): one query over the meetings' tallies (tally.py: the
    attendance counted per meeting and status, kept by triggers), a few rows per meeting instead of the million
    and a half attendance rows of a province's year."""
    from lamtheo.indicators.models import MeetingTally
    from lamtheo.meetings.models import ATTENDED, Meeting, MeetingAttendance, MeetingKind

    months = ctx.months
    if not months:
        return []
    group = ("month",) if by_month else ("meeting__unit_id",)  # by month: over the whole tree read
    # By the kind's id, not its code: PostgreSQL then estimates the meetings from the column's statistics (a join
    # on the code underestimates them fivefold and probes the tallies one meeting at a time, twice as slow).
    kind_id = _kind_id(ctx, MeetingKind.MONTHLY)
    return (
        MeetingTally.objects.filter(
            meeting__unit__in=ctx.tree.cell_ids(),
            meeting__kind_id=kind_id,
            meeting__status=Meeting.Status.HELD,
            meeting__starts_at__gte=months[0].bounds()[0],
            meeting__starts_at__lt=months[-1].bounds()[1],
        )
        .order_by()
        .annotate(
            month=period_case("meeting__starts_at", months, [month.start for month in months], DateField())
        )
        .filter(_active_on_q("meeting__unit__", "month"))
        .values(*group)
        .annotate(
            present=Sum("n", filter=Q(status__in=ATTENDED)),
            expected=Sum("n", filter=~Q(status=MeetingAttendance.Status.EXEMPT)),
        )
    )


def _attendance_by_month(ctx: Context) -> MonthTotals:
    index = _month_index(ctx)
    return {
        index[row["month"]]: {"present": row["present"] or 0, "listed": row["expected"] or 0}
        for row in _attendance_counts(ctx, by_month=True)
    }


HELD_CODES = {"meetings_held", "meetings_required"}
ATTENDANCE_CODES = {"attendance_rate"}
THEMATIC_CODES = {"thematic_meetings"}


def _tally(meeting_ref: str, statuses: Q):
    """The attendance rows of the meeting at `meeting_ref` whose status matches `statuses`, from its tally."""
    from lamtheo.indicators.models import MeetingTally

    return Subquery(
        MeetingTally.objects.filter(statuses, meeting=OuterRef(meeting_ref))
        .order_by()
        .values("meeting")
        .annotate(s=Sum("n"))
        .values("s")
    )


def _meetings(ctx: Context) -> Counts:
    """Per chi bộ, what the meeting indicators asked for need, in one pass over its meetings:

    - monthly meetings: chi bộ-months expected (active on the month's first day, as meetings.figures), held and
      held with the required item (COUNT DISTINCT of the month);
    - thematic meetings: quarters expected (active on the first day of the quarter's last begun month) and those
      with a thematic meeting held (of the thematic kind, or a monthly one combined with a thematic item);
    - attendance at the monthly meetings: present (late included) and listed − exempt, from the meetings'
      tallies (tally.py). On SQLite in the same pass (a probe of the tally per meeting); on PostgreSQL, whose
      correlated subqueries cost more than a join, in a second query joining the tallies.

    The chi bộ's activity is checked in SQL, the month given by comparisons with its bounds (period_case)."""
    from lamtheo.meetings.models import ATTENDED, AgendaItem, Meeting, MeetingAttendance, MeetingKind

    codes = set(ctx.codes)
    want_held, want_attendance = bool(codes & HELD_CODES), bool(codes & ATTENDANCE_CODES)
    want_thematic = bool(codes & THEMATIC_CODES)
    result: Counts = defaultdict(dict)
    months, quarters = ctx.months, ctx.quarters
    if not months:
        return result
    cells = ctx.tree.cells()
    if want_held:
        for pk, expected in _expected_months(ctx).items():
            result[pk]["expected"] = expected
    checked_on = [min(quarter.end, ctx.today).replace(day=1) for quarter in quarters]
    if want_thematic:
        for cell in cells:
            result[cell.pk]["thematic_expected"] = sum(1 for day in checked_on if cell.active_on(day))
    inline_attendance = want_attendance and connection.vendor != "postgresql"
    # The kinds by id, not by code: PostgreSQL estimates the meetings from the column's statistics then.
    monthly_kind, thematic_kind = _kind_id(ctx, MeetingKind.MONTHLY), _kind_id(ctx, THEMATIC)
    monthly = Q(
        kind_id=monthly_kind, starts_at__gte=months[0].bounds()[0], starts_at__lt=months[-1].bounds()[1]
    ) & _active_on_q("unit__", "month")
    counts = {}
    if want_held:
        needed = _required_needed(ctx)
        if needed == 1:  # the usual case: one probe of the agenda's index per meeting
            complete = Q(Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), required=True)))
        elif needed:
            complete = Q(
                pk__in=AgendaItem.objects.filter(
                    required=True,
                    meeting__unit__in=ctx.tree.cell_ids(),
                    meeting__starts_at__gte=months[0].bounds()[0],
                    meeting__starts_at__lt=months[-1].bounds()[1],
                )
                .order_by()
                .values("meeting")
                .annotate(c=Count("pk"))
                .filter(c__gte=needed)
                .values("meeting")
            )
        else:
            complete = Q()
        counts["held"] = Count("month", distinct=True, filter=monthly)
        counts["required"] = Count("month", distinct=True, filter=monthly & complete)
    if inline_attendance:
        counts["present"] = Sum(_tally("pk", Q(status__in=ATTENDED)), filter=monthly)
        counts["listed"] = Sum(_tally("pk", ~Q(status=MeetingAttendance.Status.EXEMPT)), filter=monthly)
    thematic = Q(kind_id=thematic_kind) | Q(kind_id=monthly_kind, is_combined=True)
    if want_thematic:
        counts["thematic_held"] = Count(
            "checked_on", distinct=True, filter=thematic & _active_on_q("unit__", "checked_on")
        )
    if counts:
        start, end = months[0].bounds()[0], months[-1].bounds()[1]
        kinds = [monthly_kind]
        if want_thematic:
            start, end = min(start, quarters[0].bounds()[0]), max(end, quarters[-1].bounds()[1])
            kinds.append(thematic_kind)
        # The kinds as a list (not OR'ed conditions): the meetings are then read from their figures index alone.
        rows = _per_unit(
            Meeting.objects.held()
            .filter(kind_id__in=kinds, unit__in=ctx.tree.cell_ids(), starts_at__gte=start, starts_at__lt=end)
            .order_by()
            .annotate(
                month=period_case("starts_at", months, [month.start for month in months], DateField()),
                checked_on=period_case("starts_at", quarters, checked_on, DateField()),
            )
            .values("unit_id")
            .annotate(**counts)
        )
        for unit_id, row in rows.items():
            result[unit_id].update({name: count or 0 for name, count in row.items()})
    if want_attendance and not inline_attendance:
        for unit_id, row in _per_unit(_attendance_counts(ctx, by_month=False)).items():
            result[unit_id].update(present=row["present"] or 0, listed=row["expected"] or 0)
    return result


def _assignments_query(ctx: Context):
    from lamtheo.meetings.models import Assignment

    # The subtrees by the hosting unit's path (not a list of unit ids): the assignments are then read by their
    # deadline from their figures index, not through every meeting of every unit.
    return Assignment.objects.filter(
        _in_paths(ctx.tree.tops, "meeting__unit__path"),
        deadline__gte=ctx.period.start,
        deadline__lte=ctx.period.end,
    ).order_by()


def _assignment_counts() -> dict:
    done = Q(done_at__isnull=False)
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(done_at__lt=DayEnd("deadline"))),
    }


def _assignments(ctx: Context) -> Counts:
    """Per unit hosting the meeting: assignments due in the period, done, done on time, overdue. One query."""
    return _per_unit(
        _assignments_query(ctx)
        .values("meeting__unit_id")
        .annotate(
            **_assignment_counts(),
            overdue=Count("pk", filter=Q(done_at__isnull=True, deadline__lt=ctx.today)),
        )
    )


def _assignments_by_month(ctx: Context) -> MonthTotals:
    """As _assignments, by the month of the deadline (within the months of the period that have begun)."""
    months = ctx.months
    if not months:
        return {}
    rows = (
        _assignments_query(ctx)
        .filter(deadline__lte=months[-1].end)
        .annotate(month=period_index("deadline", months, dates=True))
        .values("month")
        .annotate(
            **_assignment_counts(),
            overdue=Count("pk", filter=Q(done_at__isnull=True, deadline__lt=ctx.today)),
        )
    )
    return {row.pop("month"): row for row in rows}


def _conduct(ctx: Context) -> Counts:
    """Per unit: whether it should have a code (active committee or chi bộ), has one in force for the period's year,
    and whether that code is flagged as copied (as conduct.coverage). One query."""
    from lamtheo.conduct.models import EXPECTED_KINDS, ConductCode

    result: Counts = defaultdict(lambda: {"expected": 0, "adopted": 0, "copied": 0})
    for node in ctx.tree.nodes.values():
        if node.is_active and node.kind in EXPECTED_KINDS:
            result[node.pk]["expected"] = 1
    rows = (
        ConductCode.objects.in_force(ctx.period.year_of)
        .filter(unit__in=ctx.tree.ids(), unit__active_to__isnull=True, unit__kind__in=EXPECTED_KINDS)
        .order_by()
        .values("unit_id")
        .annotate(copied=Count("pk", filter=Q(is_copied=True)))
    )
    for row in rows:
        figures = result[row["unit_id"]]
        figures["adopted"] = 1
        figures["copied"] = 1 if row["copied"] else 0
    return result


def _deployment(ctx: Context) -> Counts:
    """Per committee: the topics with a deployment deadline in the period that it had to deploy (issued by a
    committee above it) and of them those it deployed on time (its first plan issued by the deadline, as
    topics.deployment). Two queries."""
    from lamtheo.documents.models import Document
    from lamtheo.topics.models import Topic

    result: Counts = defaultdict(lambda: {"expected": 0, "on_time": 0})
    topics = list(
        Topic.objects.filter(deploy_by__gte=ctx.period.start, deploy_by__lte=ctx.period.end)
        .order_by()
        .values_list("pk", "unit__path", "deploy_by")
    )
    if not topics:
        return result
    topic_ids = [pk for pk, _path, _deadline in topics]
    plans = (
        Document.objects.filter(
            Q(topic__in=topic_ids) | Q(topic__parent__in=topic_ids),
            unit__in=ctx.tree.ids(),
            status=Document.Status.ISSUED,
            doc_type__code=PLAN_TYPE_CODE,
            date__isnull=False,
        )
        .order_by()
        .values_list("unit_id", "topic_id", "topic__parent_id")
        .annotate(first=Min("date"))
    )
    first: dict[tuple[int, int], datetime.date] = {}
    for unit_id, topic_id, parent_id, date in plans:
        for pk in (topic_id, parent_id):
            if pk in topic_ids and ((unit_id, pk) not in first or date < first[(unit_id, pk)]):
                first[(unit_id, pk)] = date
    committees = [
        node for node in ctx.tree.nodes.values() if node.is_active and node.kind in Unit.COMMITTEE_KINDS
    ]
    for pk, issuer_path, deadline in topics:
        for node in committees:
            if node.path.startswith(issuer_path) and node.path != issuer_path:
                result[node.pk]["expected"] += 1
                plan = first.get((node.pk, pk))
                if plan is not None and plan <= deadline:
                    result[node.pk]["on_time"] += 1
    return result


SOURCES = {
    "people": _people,
    "sessions": _sessions,
    "meetings": _meetings,
    "assignments": _assignments,
    "conduct": _conduct,
    "deployment": _deployment,
}


def _ratio(numerator: str, denominator: str | None = None):
    def value(counts: dict[str, int]) -> Value:
        if denominator is None:
            return Value(counts.get(numerator, 0))
        return Value(counts.get(numerator, 0), counts.get(denominator, 0))

    return value


# Indicator code -> (source, Value from the summed counts of a unit's subtree).
COMPUTE = {
    "people": ("people", _ratio("people")),
    "study_sessions": ("sessions", _ratio("sessions")),
    "studied_topic": ("people", _ratio("studied", "active")),
    "registered": ("people", _ratio("registered", "people")),
    "registrations_reviewed": ("people", _ratio("reviewed", "all_registered")),
    **{code: ("people", _ratio(f"level_{level}", "rated")) for code, level in registry.LEVEL_CODES.items()},
    "conduct_adopted": ("conduct", _ratio("adopted", "expected")),
    "conduct_copied": ("conduct", _ratio("copied", "adopted")),
    "meetings_held": ("meetings", _ratio("held", "expected")),
    "meetings_required": ("meetings", _ratio("required", "held")),
    "attendance_rate": ("meetings", _ratio("present", "listed")),
    "thematic_meetings": ("meetings", _ratio("thematic_held", "thematic_expected")),
    "assignments_on_time": ("assignments", _ratio("on_time", "done")),
    "assignments_overdue": ("assignments", _ratio("overdue", "total")),
    "documents_deployed": ("deployment", _ratio("on_time", "expected")),
}


def _codes(codes: Iterable[str] | None, split: str | None) -> list[str]:
    codes = list(registry.INDICATORS) if codes is None else list(codes)
    for code in codes:
        registry.get(code)  # KeyError for an unknown code
    if split is not None:
        if split not in registry.SPLITS:
            raise ValueError(f"unknown split {split!r}")
        codes = [code for code in codes if split in registry.get(code).splits]
    return codes


def _summed(ctx: Context, source: str) -> dict[int, dict[str, int]]:
    """A source's counts summed into every unit asked for (each of them present, empty when nothing counts).

    The units are grouped first by the units asked for that they count under (a province's 5.000 units fall in
    about a hundred such chains), each group summed once with the builtin sum, then added to each unit of its chain."""
    if ctx.tree.every_unit_asked:
        return _summed_upward(ctx, source)
    per_target: dict[int, dict[str, int]] = {pk: {} for pk, _path in ctx.tree.targets}
    groups: dict[tuple[int, ...], list[dict[str, int]]] = defaultdict(list)
    for unit_id, counts in ctx.source(source).items():
        chain = ctx.tree.targets_of(unit_id)
        if chain:
            groups[tuple(chain)].append(counts)
    for chain, group in groups.items():
        totals = {name: sum(counts.get(name, 0) for counts in group) for name in set().union(*group)}
        for target in chain:
            bucket = per_target[target]
            for name, total in totals.items():
                bucket[name] = bucket.get(name, 0) + total
    return per_target


def _summed_upward(ctx: Context, source: str) -> dict[int, dict[str, int]]:
    """_summed when every unit of the tree is asked for (a rollup): each unit's totals added into the unit directly
    above it, the deepest first, so that each unit is added once rather than once per unit above it."""
    per_target: dict[int, dict[str, int]] = {pk: {} for pk in ctx.tree.nodes}
    for unit_id, counts in ctx.source(source).items():
        if unit_id in per_target:
            per_target[unit_id] = dict(counts)
    for pk, parent in ctx.tree.upward():
        bucket = per_target[parent]
        for name, count in per_target[pk].items():
            bucket[name] = bucket.get(name, 0) + count
    return per_target


def _values(summed: dict[str, dict[int, dict[str, int]]], codes: list[str]) -> dict[int, dict[str, Value]]:
    """The indicators' values of every unit asked for, from their sources' summed counts."""
    targets = next(iter(summed.values()), {})
    return {
        pk: {code: COMPUTE[code][1](summed[COMPUTE[code][0]].get(pk, {})) for code in codes} for pk in targets
    }


# The cache: per source, keyed by the versions of the tables it reads ----------------------------------------------

# The tables each source reads (besides units_unit, which every source reads through the tree). A write to any
# other table leaves the source's cached counts in place (versioning.py).
SOURCE_TABLES = {
    "people": [
        ("people", "Person"),
        ("people", "Position"),
        ("study", "Attendance"),
        ("study", "StudySession"),
        ("topics", "Topic"),
        ("pledges", "Pledge"),
    ],
    "sessions": [("study", "StudySession")],
    "meetings": [
        ("meetings", "Meeting"),
        ("meetings", "MeetingKind"),
        ("meetings", "AgendaItem"),
        ("meetings", "MeetingAttendance"),  # through its tally
    ],
    # Month by month (trend): the monthly meetings, and the attendance at them.
    "meeting_months": [("meetings", "Meeting"), ("meetings", "MeetingKind"), ("meetings", "AgendaItem")],
    "attendance_months": [
        ("meetings", "Meeting"),
        ("meetings", "MeetingKind"),
        ("meetings", "MeetingAttendance"),
    ],
    "assignments": [("meetings", "Meeting"), ("meetings", "Assignment")],
    "conduct": [("conduct", "ConductCode")],
    "deployment": [("topics", "Topic"), ("documents", "Document"), ("documents", "DocumentType")],
}


def _sources(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(COMPUTE[code][0] for code in codes))


def _variant(source: str, codes: list[str]) -> tuple:
    """What else than the arguments changes a source's counts: for people and meetings, which counts are asked."""
    if source == "people":
        return (bool(STUDY_CODES & set(codes)), bool(PLEDGE_CODES & set(codes)))
    if source == "meetings":
        return tuple(bool(set(codes) & wanted) for wanted in (HELD_CODES, ATTENDANCE_CODES, THEMATIC_CODES))
    return ()


def _versions(source: str, tokens: dict[str, str]) -> tuple | None:
    """The tokens of the tables `source` reads, None when one is missing (then it is not cached)."""
    tables = [versioning.table_of("units", "Unit")]
    tables += [versioning.table_of(*model) for model in SOURCE_TABLES[source]]
    versions = tuple(tokens.get(table) for table in tables if table is not None)
    return None if None in versions else versions


def _cache_seconds() -> int:
    return getattr(settings, "INDICATORS_CACHE_SECONDS", 600)


def _cache_name(*key) -> str:
    return "indicators:" + hashlib.sha256(repr(key).encode()).hexdigest()


FULL_VARIANT = {"people": (True, True), "meetings": (True, True, True)}


def _per_source(key: tuple, sources: list[str], codes: list[str], compute, use_cache: bool) -> dict:
    """{source: its counts summed into the units asked for} for each of `sources`, those whose tables were not
    written since taken from the cache: one query for the versions, one cache round trip to read, one to keep what
    was computed. `compute(sources, versions)` computes the others (sharing one tree of units); `versions` gives
    each source's table versions (None: not cached)."""
    seconds = _cache_seconds()
    tokens = versioning.tokens() if use_cache and seconds > 0 else {}
    versions = {source: _versions(source, tokens) if tokens else None for source in sources}
    names = {
        source: _cache_name(key, source, _variant(source, codes), versions[source])
        for source in sources
        if versions[source] is not None
    }
    found = django_cache.get_many(list(names.values())) if names else {}
    result = {source: found[names[source]] for source in sources if names.get(source) in found}
    missing = [source for source in sources if source not in result]
    if missing:
        computed = compute(missing, versions)
        result.update(computed)
        django_cache.set_many(
            {names[source]: computed[source] for source in missing if source in names}, seconds
        )
    return result


def _query_threads() -> int:
    return getattr(settings, "INDICATORS_QUERY_THREADS", 3)


def _may_read_side_by_side() -> bool:
    """Whether other connections see what this one sees: not inside a transaction (its writes, uncommitted, would be
    missing from them; tests run in one), and not an in-memory SQLite database (one per connection)."""
    if connection.in_atomic_block:
        return False
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()
    return connection.vendor == "postgresql"


def _compute_side_by_side(ctx: Context, sources: list[str]) -> None:
    """Compute `sources` into ctx.cache at the same time, each in a thread with its own connection, when there are
    several and other connections see the same data (_may_read_side_by_side); otherwise they are computed one after
    the other when summed. The sources are independent grouped queries: the database runs them on its cores side by
    side (the database drivers release Python's lock while a query runs), and a province's dashboard takes about the
    time of its longest source instead of the sum of all of them."""
    threads = min(len(sources), _query_threads())
    if threads < 2 or not _may_read_side_by_side():
        return
    _kinds(ctx)  # read once, shared by the meeting sources

    def compute(source: str) -> Counts:
        try:
            return SOURCES[source](ctx)
        finally:
            connections.close_all()  # this thread's connections (each thread has its own)

    # The longest first, so that the short ones fill in behind them.
    ordered = sorted(sources, key=lambda source: SOURCE_ORDER.get(source, len(SOURCE_ORDER)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="indicators") as pool:
        for source, counts in zip(ordered, pool.map(compute, ordered), strict=True):
            ctx.cache[source] = counts


SOURCE_ORDER = {"people": 0, "meetings": 1, "assignments": 2}


def _compute_summed(ctx: Context, sources: list[str], versions: dict, codes: list[str]) -> dict:
    """Each of `sources` summed into the units asked for. A source's per-unit counts (before the sum) are kept in
    the cache too, keyed by the subtrees read rather than by the units asked for: the dashboard's figures of a unit
    and its children and the rollup of the attention bars to every unit of the same subtree share them."""
    seconds = _cache_seconds()
    base = ("units", tuple(ctx.tree.tops), ctx.period, ctx.split, ctx.today)
    wanted = {source: _variant(source, codes) for source in sources}
    names: dict[str, list[str]] = {}
    for source in sources:
        if versions.get(source) is not None and seconds > 0:
            variants = dict.fromkeys([FULL_VARIANT.get(source, ()), wanted[source]])  # the fullest first
            names[source] = [_cache_name(base, source, variant, versions[source]) for variant in variants]
    found = django_cache.get_many([name for group in names.values() for name in group]) if names else {}
    for source, group in names.items():
        for name in group:
            if name in found:
                ctx.cache[source] = found[name]
                break
    fresh = [source for source in sources if source not in ctx.cache]
    _compute_side_by_side(ctx, fresh)
    result = {source: _summed(ctx, source) for source in sources}
    to_keep = {
        names[source][-1]: {pk: dict(counts) for pk, counts in ctx.cache[source].items()}
        for source in fresh
        if source in names
    }
    if to_keep:
        django_cache.set_many(to_keep, seconds)
    return result


def figures(
    unit_ids: Iterable[int],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    split: str | None = None,
    today: datetime.date | None = None,
    cache: bool = True,
) -> dict[int, dict[str, Value]]:
    """Each unit's figures over its whole subtree for `period`, for every indicator of `codes` (all if None).

    With `split` ("members", "non_members", "key_cadres"), only the indicators that support it are given, counting
    those people only. One query for the units, then one grouped query per source whatever the number of units.
    Unknown ids are left out of the result. Each source's counts are cached under the versions of the tables it
    reads unless `cache` is False: a write recomputes only the sources that read what it wrote.
    """
    codes = _codes(codes, split)
    unit_ids = sorted(set(unit_ids))
    today = today or timezone.localdate()
    if not unit_ids:
        return {}
    if not codes:  # a split no indicator asked for supports: the units, with no figure
        return {pk: {} for pk in Unit.objects.filter(pk__in=unit_ids).values_list("pk", flat=True)}

    def compute(sources, versions):
        targets = list(Unit.objects.filter(pk__in=unit_ids).order_by().values_list("pk", "path"))
        ctx = Context(Tree(targets), period, split, today, codes)
        return _compute_summed(ctx, sources, versions, codes)

    key = ("figures", tuple(unit_ids), period, split, today)
    return _values(_per_source(key, _sources(codes), codes, compute, cache), codes)


def rollup(
    code: str,
    period: Period,
    root_id: int | None = None,
    *,
    split: str | None = None,
    today: datetime.date | None = None,
    cache: bool = True,
) -> dict[int, Value]:
    """The figure of every unit of `root_id`'s subtree (of the whole tree when None): a query for the roots, one
    for the units and the indicator's grouped queries. Cached under the versions of the tables the indicator reads
    unless `cache` is False."""
    codes = _codes([code], split)
    if not codes:
        raise ValueError(f"{code!r} has no split {split!r}")
    today = today or timezone.localdate()

    def compute(sources, versions):
        if root_id is None:
            tops = list(Unit.objects.filter(depth=1).order_by().values_list("path", flat=True))
        else:
            tops = list(Unit.objects.filter(pk=root_id).values_list("path", flat=True))
        tree = Tree([], whole_subtrees=tops)
        tree.targets = [(node.pk, node.path) for node in tree.nodes.values()]
        tree.target_by_path = {path: pk for pk, path in tree.targets}
        ctx = Context(tree, period, split, today, codes)
        return _compute_summed(ctx, sources, versions, codes)

    key = ("rollup", root_id, period, split, today)
    values = _values(_per_source(key, _sources(codes), codes, compute, cache), codes)
    return {pk: unit_values[code] for pk, unit_values in values.items()}


# Month by month: the month-additive sources split by month in their one query; the others month by month.
# Month by month: the month-additive indicators (a record counts in the month of its date) come from sources
# split by month, one query for all the months; the others are computed month by month.
BY_MONTH = {
    "sessions": _sessions_by_month,
    "meeting_months": _meetings_by_month,
    "attendance_months": _attendance_by_month,
    "assignments": _assignments_by_month,
}
MONTHLY_SOURCE = {
    "study_sessions": "sessions",
    "meetings_held": "meeting_months",
    "meetings_required": "meeting_months",
    "attendance_rate": "attendance_months",
    "assignments_on_time": "assignments",
    "assignments_overdue": "assignments",
}


def trend(
    unit_id: int,
    period: Period,
    codes: Iterable[str],
    *,
    split: str | None = None,
    today: datetime.date | None = None,
    cache: bool = True,
) -> dict[str, list[tuple[Period, Value]]]:
    """Month by month over `period` (the months that have begun), each month's figures of `unit_id`'s subtree.

    A month-additive source (sessions, meetings, attendance, assignments: a record counts in the month of its
    date) takes one query grouped by month for all the months; the others (people: who studied, who registered by
    the month's end; thematic meetings per quarter; codes; deployment) take figures() once per month, each month
    cached on its own."""
    today = today or timezone.localdate()
    codes = _codes(codes, split)
    result: dict[str, list[tuple[Period, Value]]] = {code: [] for code in codes}
    months = [month for month in period.months() if month.start <= today]
    if not months:
        return result
    whole = Period.custom(months[0].start, months[-1].end)
    monthly = [code for code in codes if code in MONTHLY_SOURCE]

    def compute(sources, _versions):
        targets = list(Unit.objects.filter(pk=unit_id).order_by().values_list("pk", "path"))
        ctx = Context(Tree(targets), whole, split, today, codes)
        computed = {}
        for source in sources:  # the tree read is the unit's subtree: every record counts for it
            per_month: dict[int, dict[str, int]] = {index: {} for index in range(len(months))}
            if targets:
                for index, counts in BY_MONTH[source](ctx).items():
                    per_month[index].update(counts)
            computed[source] = per_month if targets else {}
        return computed

    if monthly:
        key = ("trend", unit_id, whole, split, today)
        sources = list(dict.fromkeys(MONTHLY_SOURCE[code] for code in monthly))
        by_source = _per_source(key, sources, monthly, compute, cache)
        for code in monthly:
            per_month = by_source[MONTHLY_SOURCE[code]]
            if per_month:
                for index, month in enumerate(months):
                    result[code].append((month, COMPUTE[code][1](per_month[index])))
    others = [code for code in codes if code not in monthly]
    if others:
        for month in months:
            values = figures([unit_id], month, others, split=split, today=today, cache=cache).get(unit_id, {})
            for code in others:
                if code in values:
                    result[code].append((month, values[code]))
    return result
