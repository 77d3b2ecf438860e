"""The meetings sources: per chi bộ, its monthly meetings held and with the required item, the attendance at them,
its thematic meetings per quarter (one pass over the meetings); the assignments by deadline; and month by month
the same over a whole subtree, for the trend. The indicators (registry.py) name their counts.

The attendance is read from the meeting's own columns (n_listed, n_present, n_exempt: written by the action that
records attendance), never from the attendance rows. The meetings are read from their covering index
(meeting_figures_idx) and the assignments from theirs (assignment_figures_idx).
"""

import datetime
from collections import defaultdict

from django.db.models import Count, DateField, DateTimeField, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from lamtheo.indicators.completeness import GRACE_DAYS
from lamtheo.indicators.source import (
    Context,
    Counts,
    MonthTotals,
    Source,
    active_on_q,
    month_index,
    per_unit,
    period_case,
    period_index,
    register,
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
        .filter(active_on_q("unit__", "month"))
    )


def _recorded_required() -> Q:
    """A required item counts when something was recorded under it (what was said or concluded), not merely put on
    the agenda."""
    return Q(required=True) & (~Q(notes="") | ~Q(conclusion=""))


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
    One query grouped by month (and the kinds)."""
    from lamtheo.meetings.models import AgendaItem

    meetings = _monthly_meetings(ctx)
    if meetings is None:
        return {}
    needed = _required_needed(ctx)
    if needed == 1:  # the usual case: one probe of the agenda's index per meeting
        complete = Q(Exists(AgendaItem.objects.filter(_recorded_required(), meeting=OuterRef("pk"))))
    elif needed:
        complete = Q(
            pk__in=AgendaItem.objects.filter(_recorded_required(), meeting__in=meetings.values("pk"))
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
    index = month_index(ctx)
    cells = ctx.tree.cells()
    result: MonthTotals = {
        i: {"expected": sum(1 for cell in cells if cell.active_on(month.start)), "held": 0, "required": 0}
        for i, month in enumerate(ctx.months)
    }
    for row in rows:
        result[index[row["month"]]].update(held=row["held"], required=row["required"])
    for i, month in enumerate(ctx.months):
        if month.end >= ctx.today:  # in progress: not due yet, counted where held
            result[i]["expected"] = result[i]["held"]
    return result


def _attendance_by_month_rows(ctx: Context):
    """Present (late included) and expected (listed − exempt) at the chi bộ's monthly meetings, in the months it
    was active on the first day, month by month over the whole tree read: one query over the meetings' own
    attendance columns (written by the action that records attendance)."""
    from lamtheo.meetings.models import Meeting, MeetingKind

    months = ctx.months
    if not months:
        return []
    return (
        Meeting.objects.held()
        .filter(
            unit__in=ctx.tree.cell_ids(),
            kind_id=_kind_id(ctx, MeetingKind.MONTHLY),
            starts_at__gte=months[0].bounds()[0],
            starts_at__lt=months[-1].bounds()[1],
        )
        .order_by()
        .annotate(month=period_case("starts_at", months, [month.start for month in months], DateField()))
        .filter(active_on_q("unit__", "month"))
        .values("month")
        .annotate(present=Sum("n_present"), expected=Sum(F("n_listed") - F("n_exempt")))
    )


def _attendance_by_month(ctx: Context) -> MonthTotals:
    index = month_index(ctx)
    return {
        index[row["month"]]: {"present": row["present"] or 0, "listed": row["expected"] or 0}
        for row in _attendance_by_month_rows(ctx)
    }


def _meetings(ctx: Context) -> Counts:
    """Per chi bộ, what the meeting indicators asked for need, in one pass over its meetings:

    - monthly meetings: chi bộ-months expected (the months ended, active on the month's first day; the month in
      progress where it was held), held and held with the required item recorded (COUNT DISTINCT of the month);
    - thematic meetings: quarters expected (the quarters ended, active on the first day of the quarter's last
      month; the quarter in progress where one was held) and those with a thematic meeting held (of the thematic
      kind, or a monthly one combined with a thematic item);
    - attendance at the monthly meetings: present (late included) and listed − exempt, summed from the
      meetings' own attendance columns in the same pass.

    The chi bộ's activity is checked in SQL, the month given by comparisons with its bounds (period_case)."""
    from lamtheo.meetings.models import AgendaItem, Meeting, MeetingKind

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
    # The kinds by id, not by code: PostgreSQL estimates the meetings from the column's statistics then.
    monthly_kind, thematic_kind = _kind_id(ctx, MeetingKind.MONTHLY), _kind_id(ctx, THEMATIC)
    monthly = Q(
        kind_id=monthly_kind, starts_at__gte=months[0].bounds()[0], starts_at__lt=months[-1].bounds()[1]
    ) & active_on_q("unit__", "month")
    counts = {}
    if want_held:
        needed = _required_needed(ctx)
        if needed == 1:  # the usual case: one probe of the agenda's index per meeting
            complete = Q(Exists(AgendaItem.objects.filter(_recorded_required(), meeting=OuterRef("pk"))))
        elif needed:
            complete = Q(
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
        else:
            complete = Q()
        # Entered in time (completeness.py): by GRACE_DAYS after the month of the meeting ended.
        entered_by = [month.bounds()[1] + datetime.timedelta(days=GRACE_DAYS) for month in months]
        counts["held"] = Count("month", distinct=True, filter=monthly)
        counts["required"] = Count("month", distinct=True, filter=monthly & complete)
        counts["on_time"] = Count(
            "month",
            distinct=True,
            filter=monthly & Q(created_at__lt=period_case("starts_at", months, entered_by, DateTimeField())),
        )
        if months[-1].end >= ctx.today:  # the month in progress is due where its meeting was held
            counts["held_now"] = Count(
                "month", distinct=True, filter=monthly & Q(starts_at__gte=months[-1].bounds()[0])
            )
    if want_attendance:
        counts["present"] = Sum("n_present", filter=monthly)
        counts["listed"] = Sum(F("n_listed") - F("n_exempt"), filter=monthly)
    thematic = Q(kind_id=thematic_kind) | Q(kind_id=monthly_kind, is_combined=True)
    if want_thematic:
        counts["thematic_held"] = Count(
            "checked_on", distinct=True, filter=thematic & active_on_q("unit__", "checked_on")
        )
        if quarters[-1].end >= ctx.today:  # the quarter in progress is due where a thematic meeting was held
            counts["thematic_now"] = Count(
                "checked_on",
                distinct=True,
                filter=thematic
                & active_on_q("unit__", "checked_on")
                & Q(starts_at__gte=quarters[-1].bounds()[0]),
            )
    if counts:
        start, end = months[0].bounds()[0], months[-1].bounds()[1]
        kinds = [monthly_kind]
        if want_thematic:
            start, end = min(start, quarters[0].bounds()[0]), max(end, quarters[-1].bounds()[1])
            kinds.append(thematic_kind)
        # The kinds as a list (not OR'ed conditions): the meetings are then read from their figures index alone.
        rows = per_unit(
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
            figures = result[unit_id]
            figures.update({name: count or 0 for name, count in row.items()})
            if "held_now" in figures:
                figures["expected"] = figures.get("expected", 0) + figures.pop("held_now")
            if "thematic_now" in figures:
                figures["thematic_expected"] = figures.get("thematic_expected", 0) + figures.pop(
                    "thematic_now"
                )
    return result


def _assignments_query(ctx: Context):
    from lamtheo.meetings.models import Assignment, Meeting

    # A small subtree (a commune's page) by the meetings of its units (their index); a large one by the hosting
    # unit's path: the assignments are then read by their deadline from their figures index, not through every
    # meeting of every unit.
    hosted = (
        Q(meeting__in=Meeting.objects.filter(unit__in=ctx.tree.ids()).values("pk"))
        if ctx.tree.is_small
        else in_paths(ctx.tree.tops, "meeting__unit__path")
    )
    return Assignment.objects.filter(
        hosted, deadline__gte=ctx.period.start, deadline__lte=ctx.period.end
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
    from lamtheo.meetings.models import Assignment, Meeting
    from lamtheo.people.models import Person

    assignments = Assignment.objects.filter(deadline__gte=ctx.period.start, deadline__lte=ctx.period.end)
    if ctx.tree.is_small:  # a commune's page: those that may be its own first, each by its index
        units = ctx.tree.ids()
        assignments = assignments.filter(
            Q(assignee_unit__in=units)
            | Q(assignee_person__in=Person.objects.filter(unit__in=units).values("pk"))
            | Q(meeting__in=Meeting.objects.filter(unit__in=units).values("pk"))
        )
    return per_unit(
        assignments.annotate(
            assignee=Coalesce("assignee_unit_id", "assignee_person__unit_id", "meeting__unit_id")
        )
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


# --- per person (the year-end review's evidence, lamtheo.appraisal.evidence) --------------------------------------


def attendance_by_person(person_ids, period) -> dict[int, dict[str, int]]:
    """Per person, the attendance indicator's counts over their own marks: at the monthly meetings held in the
    period, present (late included) and expected (marked, less exempt). One query grouped by person."""
    from lamtheo.lib.attendance import ATTENDED, INVITED, Presence
    from lamtheo.meetings.models import Meeting, MeetingAttendance, MeetingKind

    start, end = period.bounds()
    rows = (
        MeetingAttendance.objects.filter(
            person__in=person_ids,
            meeting__status=Meeting.Status.HELD,
            meeting__kind__code=MeetingKind.MONTHLY,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .exclude(status__in=[Presence.EXEMPT, INVITED])
        .order_by()
        .values("person_id")
        .annotate(present=Count("pk", filter=Q(status__in=ATTENDED)), listed=Count("pk"))
    )
    return {row.pop("person_id"): row for row in rows}


def assignments_by_person(person_ids, period, today) -> dict[int, dict[str, int]]:
    """Per person, the assignments given to them with a deadline in the period, counted as the assignment
    indicators count them (_assignment_counts: due, done, done on time, overdue). One query grouped by person."""
    from lamtheo.meetings.models import Assignment

    rows = (
        Assignment.objects.filter(
            assignee_person__in=person_ids, deadline__gte=period.start, deadline__lte=period.end
        )
        .order_by()
        .values("assignee_person_id")
        .annotate(**_assignment_counts(today))
    )
    return {row.pop("assignee_person_id"): row for row in rows}
