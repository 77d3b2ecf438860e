"""The codes of conduct source: which committees and chi bộ should have a code of their own, have one in force for
the period's year, and whether it is flagged as copied (one query)."""

from collections import defaultdict

from django.db.models import Count, Q

from lamtheo.indicators.source import Context, Counts, Source, register


def _conduct(ctx: Context) -> Counts:
    """Per unit: whether it should have a code (active committee or chi bộ), has one in force for the period's year,
    and whether that code is flagged as copied. One query; the codes of conduct page reads it too (conduct/coverage.py)."""
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


CONDUCT = register(Source("conduct", apps=("conduct",), compute=_conduct))
