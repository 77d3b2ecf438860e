"""The indicators' public API: every figure of any set of units over their whole subtrees, in a fixed number of
queries, whatever the number of units.

How: the units of the subtrees asked for are read once (tree.py). Each *source* the indicators asked for name
(registry.py: an indicator says which source and which of its counts it divides) is one grouped query over those
subtrees, declared by the app owning the records (`lamtheo/<app>/figures.py`, source.py), aggregated per unit where
the record sits; the counts are summed up the tree by path prefix into every unit asked for. Several indicators
share a source (all the people figures come from one query; the monthly meetings, their attendance and the
thematic meetings from one pass over the meetings), so a province's dashboard takes about ten queries and the
rollup of one indicator to every unit of the tree two or three. trend() reads the sources split by month in one
query each. Results are cached per source until an action writes what it reads (cache.py, freshness.py).

Units merged into another stay in the tree, moved under the unit they merged into: their records (meetings,
sessions, codes) count under it by the same path prefix. People count where they are today.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from lamtheo.indicators import registry
from lamtheo.indicators.cache import compute_summed, per_source
from lamtheo.indicators.periods import Period
from lamtheo.indicators.source import Context, sources
from lamtheo.indicators.tree import Tree
from lamtheo.indicators.values import Value
from lamtheo.units.models import Unit

__all__ = ["Value", "figures", "rollup", "trend"]


def _codes(codes: Iterable[str] | None, split: str | None) -> list[str]:
    codes = list(registry.INDICATORS) if codes is None else list(codes)
    for code in codes:
        registry.get(code)  # KeyError for an unknown code
    if split is not None:
        if split not in registry.SPLITS:
            raise ValueError(f"unknown split {split!r}")
        codes = [code for code in codes if split in registry.get(code).splits]
    return codes


def _source_names(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(registry.get(code).source for code in codes))


def _values(summed: dict[str, dict[int, dict[str, int]]], codes: list[str]) -> dict[int, dict[str, Value]]:
    """The indicators' values of every unit asked for, from their sources' summed counts."""
    targets = next(iter(summed.values()), {})
    indicators = [registry.get(code) for code in codes]
    return {
        pk: {
            indicator.code: indicator.value(summed[indicator.source].get(pk, {})) for indicator in indicators
        }
        for pk in targets
    }


def figures(
    unit_ids: Iterable[int],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    split: str | None = None,
    today: datetime.date | None = None,
    cache: bool = True,
    topic: int | None = None,
) -> dict[int, dict[str, Value]]:
    """Each unit's figures over its whole subtree for `period`, for every indicator of `codes` (all if None).

    With `split` ("members", "non_members", "key_cadres"), only the indicators that support it are given, counting
    those people only. One query for the units, then one grouped query per source whatever the number of units.
    Unknown ids are left out of the result. Each source's counts are cached until an action writes in an app it
    reads, unless `cache` is False. With `topic` (a topic's id), the study figures count that topic's sessions and
    who studied it, up to the period's end, instead of the year's topics (a topic's coverage page).
    """
    codes = _codes(codes, split)
    unit_ids = sorted(set(unit_ids))
    today = today or timezone.localdate()
    if not unit_ids:
        return {}
    if not codes:  # a split no indicator asked for supports: the units, with no figure
        return {pk: {} for pk in Unit.objects.filter(pk__in=unit_ids).values_list("pk", flat=True)}

    def compute(names, generations):
        targets = list(Unit.objects.filter(pk__in=unit_ids).order_by().values_list("pk", "path"))
        ctx = Context(Tree(targets), period, split, today, codes, topic=topic)
        return compute_summed(ctx, names, generations, codes)

    key = ("figures", tuple(unit_ids), period, split, today, topic)
    return _values(per_source(key, _source_names(codes), codes, compute, cache), codes)


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
    for the units and the indicator's grouped queries. Cached as figures() unless `cache` is False."""
    codes = _codes([code], split)
    if not codes:
        raise ValueError(f"{code!r} has no split {split!r}")
    today = today or timezone.localdate()

    def compute(names, generations):
        if root_id is None:
            tops = list(Unit.objects.filter(depth=1).order_by().values_list("path", flat=True))
        else:
            tops = list(Unit.objects.filter(pk=root_id).values_list("path", flat=True))
        tree = Tree([], whole_subtrees=tops)
        tree.targets = [(node.pk, node.path) for node in tree.nodes.values()]
        tree.target_by_path = {path: pk for pk, path in tree.targets}
        ctx = Context(tree, period, split, today, codes)
        return compute_summed(ctx, names, generations, codes)

    key = ("rollup", root_id, period, split, today)
    values = _values(per_source(key, _source_names(codes), codes, compute, cache), codes)
    return {pk: unit_values[code] for pk, unit_values in values.items()}


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

    An indicator with a `month_source` (sessions, meetings, attendance, assignments: a record counts in the month
    of its date) takes one query grouped by month for all the months; the others (people: who studied, who
    registered by the month's end; thematic meetings per quarter; codes; deployment) take figures() once per month,
    each month cached on its own."""
    today = today or timezone.localdate()
    codes = _codes(codes, split)
    result: dict[str, list[tuple[Period, Value]]] = {code: [] for code in codes}
    months = [month for month in period.months() if month.start <= today]
    if not months:
        return result
    whole = Period.custom(months[0].start, months[-1].end)
    monthly = [code for code in codes if registry.get(code).month_source]

    def compute(names, _generations):
        targets = list(Unit.objects.filter(pk=unit_id).order_by().values_list("pk", "path"))
        ctx = Context(Tree(targets), whole, split, today, codes)
        computed = {}
        for name in names:  # the tree read is the unit's subtree: every record counts for it
            per_month: dict[int, dict[str, int]] = {index: {} for index in range(len(months))}
            if targets:
                for index, counts in sources()[name].by_month(ctx).items():
                    per_month[index].update(counts)
            computed[name] = per_month if targets else {}
        return computed

    if monthly:
        key = ("trend", unit_id, whole, split, today)
        names = list(dict.fromkeys(registry.get(code).month_source for code in monthly))
        by_source = per_source(key, names, monthly, compute, cache)
        for code in monthly:
            indicator = registry.get(code)
            per_month = by_source[indicator.month_source]
            if per_month:
                for index, month in enumerate(months):
                    result[code].append((month, indicator.value(per_month[index])))
    others = [code for code in codes if code not in monthly]
    if others:
        for month in months:
            values = figures([unit_id], month, others, split=split, today=today, cache=cache).get(unit_id, {})
            for code in others:
                if code in values:
                    result[code].append((month, values[code]))
    return result
