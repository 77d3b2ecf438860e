"""The study sessions source: sessions held in the period, per unit and month by month (the people who studied are
counted by the people source, lamtheo/people/figures.py)."""

from django.db.models import Count

from lamtheo.indicators.source import Context, Counts, MonthTotals, Source, period_index, register


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


SESSIONS = register(Source("sessions", apps=("study",), compute=_sessions, by_month=_sessions_by_month))
