"""The model chi bộ source: per chi bộ, whether it should count (active) and whether a committee recognised it a
model chi bộ for the period's year by the period's end (one query; the indicators in registry.py name its counts)."""

from collections import defaultdict

from django.db.models import Count

from lamtheo.indicators.source import Context, Counts, Source, register, rows_of


def _model_cells(ctx: Context) -> Counts:
    from lamtheo.modelcells.models import ModelCell

    result: Counts = defaultdict(lambda: {"cells": 0, "model_cells": 0})
    for node in ctx.tree.cells():
        if node.is_active:
            result[node.pk]["cells"] = 1
    rows = rows_of(
        ModelCell.objects.recognised()
        .filter(
            unit__in=ctx.tree.cell_ids(),
            unit__active_to__isnull=True,
            standard__year=ctx.period.year_of,
            recognised_on__lte=min(ctx.period.end, ctx.today),
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("standard", distinct=True))
    )
    for unit_id, _n in rows:
        result[unit_id]["model_cells"] = 1  # a chi bộ named a model by two committees is one model chi bộ
    return result


MODEL_CELLS = register(Source("model_cells", apps=("modelcells",), compute=_model_cells))
