"""The initiatives source: per unit, the models and breakthrough tasks it runs in the period (launched there, or
replicated to it from a unit above), and of their teams' goals those measured and those that reached their target
(two grouped queries; the indicators in registry.py name its counts).

A goal has reached its target when its latest value recorded up to the period's end stands at the target or beyond
it, in the goal's direction (a target below the baseline is reached by going down), as initiatives.progress says it
on a model's page.
"""

from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery

from lamtheo.indicators.source import Context, Counts, Source, register, rows_of


def running(ctx: Context):
    """The initiatives of the units read whose period overlaps the report's."""
    from lamtheo.initiatives.models import Initiative

    return Initiative.objects.filter(
        unit__in=ctx.tree.ids(), starts_on__lte=ctx.period.end, ends_on__gte=ctx.period.start
    )


def _initiatives(ctx: Context) -> Counts:
    from lamtheo.initiatives.models import Goal, GoalValue

    result: Counts = defaultdict(lambda: {"initiatives": 0, "replicas": 0, "goals": 0, "reached": 0})
    rows = rows_of(
        running(ctx)
        .order_by()
        .values("unit_id")
        .annotate(
            own=Count("pk", filter=Q(origin__isnull=True)),
            replicas=Count("pk", filter=Q(origin__isnull=False)),
        )
    )
    for unit_id, own, replicas in rows:
        result[unit_id].update(initiatives=own, replicas=replicas)
    latest = (
        GoalValue.objects.filter(goal=OuterRef("pk"), month__lte=ctx.period.end)
        .order_by("-month")
        .values("value")[:1]
    )
    reached = Q(target__gt=F("baseline"), latest__gte=F("target")) | Q(
        target__lt=F("baseline"), latest__lte=F("target")
    )
    goals = (
        Goal.objects.filter(team__initiative__in=running(ctx).values("pk"))
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .order_by()
        .values("team__initiative__unit_id")
        .annotate(goals=Count("pk"), reached=Count("pk", filter=reached))
    )
    for unit_id, measured, done in rows_of(goals):
        result[unit_id].update(goals=measured, reached=done)
    return result


INITIATIVES = register(Source("initiatives", apps=("initiatives",), compute=_initiatives))
