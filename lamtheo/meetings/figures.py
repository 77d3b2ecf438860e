"""The meetings sources: per chi bộ, its monthly meetings held and with the required item, the attendance at them,
its thematic meetings per quarter (one pass over the meetings); the assignments by deadline; and month by month
the same over a whole subtree, for the trend. The indicators (registry.py) name their counts.

The attendance is read from the meeting's own columns (n_listed, n_present, n_exempt: written by the action that
records attendance), never from the attendance rows. The meetings are read from their covering index
(meeting_figures_idx) and the assignments from theirs (assignment_figures_idx).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, DateTimeField, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from lamtheo.indicators.completeness import GRACE_DAYS
from lamtheo.indicators.periods import Period
from lamtheo.indicators.source import (
    Context,
    Counts,
    MonthTotals,
    Source,
    month_index,
    per_unit,
    period_case,
    period_index,
    register,
    rows_of,
)
from lamtheo.indicators.tree import in_paths
from lamtheo.lib.db import DayEnd

THEMATIC = "thematic"
# Which of its passes the counts asked for need (the indicators name the counts, registry.py).
HELD = {"held", "required", "expected"}
ATTENDANCE = {"present", "listed"}
THEMATIC_COUNTS = {"thematic_held", "thematic_expected"}


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


def _recorded_required() -> Q:
    """A required item counts when something was recorded under it (what was said or concluded), not merely put on
    the agenda."""
    return Q(required=True) & (~Q(notes="") | ~Q(conclusion=""))


def _complete(ctx: Context, months: list) -> Q:
    """A monthly meeting with every required item recorded (with one required item, the usual case: one probe of
    the agenda's index per meeting)."""
    from lamtheo.meetings.models import AgendaItem

    needed = _required_needed(ctx)
    if needed == 1:
        return Q(Exists(AgendaItem.objects.filter(_recorded_required(), meeting=OuterRef("pk"))))
    if needed:
        return Q(
            pk__in=AgendaItem.objects.filter(
                _recorded_required(),
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
    return Q()


def _ended(periods: list, today) -> list:
    """The periods whose deadline (their last day) has passed: a due item counts from then on, or once done."""
    return [period for period in periods if period.end < today]


def _expected_months(ctx: Context) -> dict[int, int]:
    """For each chi bộ, how many months of the period that have ended it was active on the first day of (the month
    in progress is added where its meeting was held)."""
    months = _ended(ctx.months, ctx.today)
    result = {}
    for cell in ctx.tree.cells():
        if not months:
            result[cell.pk] = 0
        elif cell.active_to is None and (cell.active_from is None or cell.active_from <= months[0].start):
            result[cell.pk] = len(months)
        else:
            result[cell.pk] = sum(1 for month in months if cell.active_on(month.start))
    return result


def _meetings_by_month(ctx: Context) -> MonthTotals:
    """Month by month over the whole tree read: chi bộ expected (active on the month's first day; in the month in
    progress, those that held it), chi bộ that held their monthly meeting, and with the required item(s) recorded.
    One query (and the kinds)."""
    months = ctx.months
    if not months:
        return {}
    index = month_index(ctx)
    cells = ctx.tree.cells()
    result: MonthTotals = {
        i: {"expected": sum(1 for cell in cells if cell.active_on(month.start)), "held": 0, "required": 0}
        for i, month in enumerate(months)
    }
    for node, month, row in _chi_bo_months(ctx, held=True, attendance=False, thematic=False):
        i = index.get(month)
        if i is not None and row["n_held"] and node.active_on(month):
            result[i]["held"] += 1
            result[i]["required"] += 1 if row["n_complete"] else 0
    for i, month in enumerate(months):
        if month.end >= ctx.today:  # in progress: not due yet, counted where held
            result[i]["expected"] = result[i]["held"]
    return result


def _attendance_by_month(ctx: Context) -> MonthTotals:
    """Present (late included) and expected (listed − exempt) at the chi bộ's monthly meetings, in the months it
    was active on the first day, month by month over the whole tree read: one query over the meetings' own
    attendance columns (written by the action that records attendance)."""
    index = month_index(ctx)
    result: MonthTotals = {}
    for node, month, row in _chi_bo_months(ctx, held=False, attendance=True, thematic=False):
        i = index.get(month)
        if i is not None and node.active_on(month):
            totals = result.setdefault(i, {"present": 0, "listed": 0})
            totals["present"] += row["present"] or 0
            totals["listed"] += row["listed"] or 0
    return result


def _chi_bo_months(ctx: Context, *, held: bool, attendance: bool, thematic: bool) -> list[tuple]:
    """(chi bộ's node, first day of the month, {count: value}) of each chi bộ of the tree read and month in which it
    held meetings of the kinds asked for: one query grouped by chi bộ and month (the month told by comparisons with
    its bounds, period_case) reading nothing else than the meetings' figures index, led by the unit. Which of these
    count (the chi bộ active on the month's first day, the month in progress) is for the callers to decide from the
    units already read, one test per chi bộ-month instead of a join per meeting.

    The months are those of the period and, with `thematic`, of its quarters. The counts: with `held`, n_held (the
    monthly meetings), n_complete (with the required item(s) recorded) and n_on_time (entered by GRACE_DAYS after
    the month ended, for completeness.py); with `attendance`, present and listed (− exempt) at the monthly
    meetings; with `thematic`, n_thematic (of the thematic kind, or monthly combined with a thematic item)."""
    from lamtheo.meetings.models import Meeting, MeetingKind

    months, quarters = ctx.months, ctx.quarters
    cells = ctx.tree.cells()
    if not months or not cells:
        return []
    # The kinds by id, not by code: PostgreSQL estimates the meetings from the column's statistics then.
    monthly_kind, thematic_kind = _kind_id(ctx, MeetingKind.MONTHLY), _kind_id(ctx, THEMATIC)
    # The months the meetings read fall in: those of the period and, for the thematic meetings, of its quarters.
    start, end = months[0].start, months[-1].end
    kinds = [monthly_kind]
    if thematic:
        start, end = min(start, quarters[0].start), max(end, quarters[-1].end)
        kinds.append(thematic_kind)
    buckets = Period.custom(start, end).months()
    monthly = Q(kind_id=monthly_kind)
    aggregates = {}
    if held:
        # Entered in time (completeness.py): by GRACE_DAYS after the month of the meeting ended.
        entered_by = [month.bounds()[1] + datetime.timedelta(days=GRACE_DAYS) for month in buckets]
        aggregates["n_held"] = Count("pk", filter=monthly)
        aggregates["n_complete"] = Count("pk", filter=monthly & _complete(ctx, months))
        aggregates["n_on_time"] = Count(
            "pk",
            filter=monthly & Q(created_at__lt=period_case("starts_at", buckets, entered_by, DateTimeField())),
        )
    if attendance:
        aggregates["present"] = Sum("n_present", filter=monthly)
        aggregates["listed"] = Sum(F("n_listed") - F("n_exempt"), filter=monthly)
    if thematic:
        aggregates["n_thematic"] = Count(
            "pk", filter=Q(kind_id=thematic_kind) | Q(kind_id=monthly_kind, is_combined=True)
        )
    # The kinds as a list (not OR'ed conditions): the meetings are then read from their figures index alone.
    rows = (
        Meeting.objects.held()
        .filter(
            kind_id__in=kinds,
            unit__in=[cell.pk for cell in cells],
            starts_at__gte=buckets[0].bounds()[0],
            starts_at__lt=buckets[-1].bounds()[1],
        )
        .order_by()
        .annotate(bucket=period_index("starts_at", buckets))
        .values("unit_id", "bucket")
        .annotate(**aggregates)
    )
    names = list(aggregates)
    nodes = ctx.tree.nodes
    result = []
    for unit_id, bucket, *values in rows_of(rows):
        node = nodes.get(unit_id)
        if node is not None and bucket is not None:
            result.append((node, buckets[bucket].start, dict(zip(names, values, strict=True))))
    return result


def _meetings(ctx: Context) -> Counts:
    """Per chi bộ, what the meeting indicators asked for need, in one pass over its meetings:

    - monthly meetings: chi bộ-months expected (the months ended, active on the month's first day; the month in
      progress where it was held), held and held with the required item recorded (each month counted once);
    - thematic meetings: quarters expected (the quarters ended, active on the first day of the quarter's last
      month; the quarter in progress where one was held) and those with a thematic meeting held (of the thematic
      kind, or a monthly one combined with a thematic item);
    - attendance at the monthly meetings: present (late included) and listed − exempt, summed from the
      meetings' own attendance columns in the same pass.

    The query groups the meetings by chi bộ and month (the month told by comparisons with its bounds, period_case)
    and reads nothing else than the meetings' figures index; which months count (the chi bộ active on their first
    day, the month in progress) is decided here from the units already read, one test per chi bộ-month."""

    counts_asked = ctx.counts
    want_held, want_attendance = bool(counts_asked & HELD), bool(counts_asked & ATTENDANCE)
    want_thematic = bool(counts_asked & THEMATIC_COUNTS)
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
        ended = [day for quarter, day in zip(quarters, checked_on, strict=True) if quarter.end < ctx.today]
        for cell in cells:
            result[cell.pk]["thematic_expected"] = sum(1 for day in ended if cell.active_on(day))
    if not (want_held or want_attendance or want_thematic):
        return result
    rows = _chi_bo_months(ctx, held=want_held, attendance=want_attendance, thematic=want_thematic)
    period_month = {month.start: index for index, month in enumerate(months)}
    quarter_of = {}
    for index, quarter in enumerate(quarters):
        for month in quarter.months():
            quarter_of[month.start] = index
    in_progress = months[-1].end >= ctx.today  # the month in progress is due where its meeting was held
    quarter_in_progress = quarters[-1].end >= ctx.today
    thematic_seen: dict[int, set] = defaultdict(set)
    for node, month, row in rows:
        unit_id = node.pk
        figures = result[unit_id]
        index = period_month.get(month)
        if index is not None and node.active_on(month):
            if want_held and row["n_held"]:
                figures["held"] = figures.get("held", 0) + 1
                figures["required"] = figures.get("required", 0) + (1 if row["n_complete"] else 0)
                figures["on_time"] = figures.get("on_time", 0) + (1 if row["n_on_time"] else 0)
                if in_progress and index == len(months) - 1:
                    figures["expected"] = figures.get("expected", 0) + 1
            if want_attendance:
                figures["present"] = figures.get("present", 0) + (row["present"] or 0)
                figures["listed"] = figures.get("listed", 0) + (row["listed"] or 0)
        quarter = quarter_of.get(month)
        if (
            want_thematic
            and row["n_thematic"]
            and quarter is not None
            and node.active_on(checked_on[quarter])
        ):
            thematic_seen[unit_id].add(quarter)
    for unit_id, seen in thematic_seen.items():
        figures = result[unit_id]
        figures["thematic_held"] = len(seen)
        if quarter_in_progress and len(quarters) - 1 in seen:
            figures["thematic_expected"] = figures.get("thematic_expected", 0) + 1
    return result


def _assignments_query(ctx: Context):
    from lamtheo.meetings.models import Assignment

    # The subtrees by the hosting unit's path (not a list of unit ids): the assignments are then read by their
    # deadline from their figures index, not through every meeting of every unit.
    return Assignment.objects.filter(
        in_paths(ctx.tree.tops, "meeting__unit__path"),
        deadline__gte=ctx.period.start,
        deadline__lte=ctx.period.end,
    ).order_by()


def _assignment_counts(today) -> dict:
    """Due (the deadline passed, or done: an assignment counts once its deadline has passed), done, done on time
    (before the deadline's local day ended), and overdue (open past the deadline)."""
    done = Q(done_at__isnull=False)
    return {
        "total": Count("pk", filter=done | Q(deadline__lt=today)),
        "done": Count("pk", filter=done),
        "on_time": Count("pk", filter=done & Q(done_at__lt=DayEnd("deadline"))),
        "overdue": Count("pk", filter=Q(done_at__isnull=True, deadline__lt=today)),
    }


def _assignments(ctx: Context) -> Counts:
    """ "Đã giao": per unit hosting the meeting that gave them, the assignments with a deadline in the period. One
    query."""
    return per_unit(
        _assignments_query(ctx).values("meeting__unit_id").annotate(**_assignment_counts(ctx.today))
    )


def _received(ctx: Context) -> Counts:
    """ "Được giao": the same, per unit the assignment was given to (the assignee unit, else the assignee's unit,
    else the host itself). One query, by the deadline."""
    from lamtheo.meetings.models import Assignment

    return per_unit(
        Assignment.objects.filter(deadline__gte=ctx.period.start, deadline__lte=ctx.period.end)
        .annotate(assignee=Coalesce("assignee_unit_id", "assignee_person__unit_id", "meeting__unit_id"))
        .filter(assignee__in=ctx.tree.ids())
        .order_by()
        .values("assignee")
        .annotate(**_assignment_counts(ctx.today))
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
        .annotate(**_assignment_counts(ctx.today))
    )
    return {row.pop("month"): row for row in rows}


MEETINGS = register(
    Source(
        "meetings",
        apps=("meetings",),
        compute=_meetings,
        variant=lambda counts: tuple(bool(counts & wanted) for wanted in (HELD, ATTENDANCE, THEMATIC_COUNTS)),
        full_variant=(True, True, True),
        order=1,
        prepare=_kinds,
    )
)
MEETING_MONTHS = register(Source("meeting_months", apps=("meetings",), by_month=_meetings_by_month))
ATTENDANCE_MONTHS = register(Source("attendance_months", apps=("meetings",), by_month=_attendance_by_month))
ASSIGNMENTS = register(
    Source("assignments", apps=("meetings",), compute=_assignments, by_month=_assignments_by_month, order=2)
)
RECEIVED = register(Source("assignments_received", apps=("meetings", "people"), compute=_received))
