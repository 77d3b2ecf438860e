"""The study source: the sessions held in the period, per unit and month by month, and who studied (the people who
studied are counted in the people source's pass over the people, lamtheo/people/figures.py, with studied_people).

Two ways to count, the same code for both:
- the dashboard's and the reports' (no topic): sessions of any topic dated in the period up to today; who studied the
  year's topic: present (or late) at a session of a yearly topic of the period's year held by the period's end (cumulative: a
  month or a half-year counts whoever studied it since the year began, not only in that month);
- a topic's coverage page (`Context.topic`): that topic's sessions and who was present at one, up to the period's
  end, whenever they began (a term-long topic spans years; a make-up session may come after its year).
"""

import datetime

from django.db.models import Count

from lamtheo.indicators.source import Context, Counts, MonthTotals, Source, per_unit, period_index, register
from lamtheo.lib.attendance import ATTENDED


def _cutoff(ctx: Context) -> datetime.date:
    return min(ctx.period.end, ctx.today)


def studied_people(ctx: Context):
    """Ids of the people who studied, as the indicator "studied_topic" counts them (a subquery)."""
    from lamtheo.study.models import Attendance
    from lamtheo.topics.models import Topic

    present = Attendance.objects.filter(
        status__in=ATTENDED, session__date__lte=_cutoff(ctx)
    )  # late studied too
    if ctx.topic is not None:
        return present.filter(topic=ctx.topic).values("person_id")
    return present.filter(topic__kind=Topic.Kind.YEAR, topic__start_year=ctx.period.year_of).values(
        "person_id"
    )


def held_sessions(ctx: Context):
    """The sessions the indicator "study_sessions" counts, over the units read."""
    from lamtheo.study.models import StudySession

    sessions = StudySession.objects.filter(unit__in=ctx.tree.ids(), date__lte=_cutoff(ctx))
    if ctx.topic is not None:
        return sessions.filter(topic=ctx.topic)
    return sessions.filter(date__gte=ctx.period.start)


def _sessions_by_month(ctx: Context) -> MonthTotals:
    months = ctx.months
    if not months:
        return {}
    rows = (
        held_sessions(ctx)
        .order_by()
        .annotate(month=period_index("date", months, dates=True))
        .values("month")
        .annotate(sessions=Count("pk"))
    )
    return {row["month"]: {"sessions": row["sessions"]} for row in rows}


def _sessions(ctx: Context) -> Counts:
    return per_unit(held_sessions(ctx).order_by().values("unit_id").annotate(sessions=Count("pk")))


SESSIONS = register(Source("sessions", apps=("study",), compute=_sessions, by_month=_sessions_by_month))
