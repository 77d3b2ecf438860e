"""The units of the subtrees whose figures are asked for, read once, and the sum of per-unit counts up the tree.

A record counts for the unit where it sits and for every unit above it: each source gives its counts per unit
(GROUP BY unit id) and they are summed here by path prefix, in Python, into every unit asked for. Units merged into
another stay in the tree, moved under the unit they merged into, so their records count under it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from lamtheo.accounts.scoping import subtree_q
from lamtheo.units.models import Unit

Counts = dict[int, dict[str, int]]
# Fewer units read than this: Tree.is_small.
SMALL = 1000


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


def tops_of(paths: Iterable[str]) -> list[str]:
    """The paths not nested in another of them."""
    tops: list[str] = []
    for path in sorted(set(paths)):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def in_paths(tops: list[str], path_field: str = "path") -> Q:
    q = Q(pk__in=[])
    for top in tops:
        q |= subtree_q(top, path_field)
    return q


class Tree:
    """The units of some subtrees, read in one query, and the units whose figures are asked for."""

    def __init__(self, targets: list[tuple[int, str]], *, whole_subtrees: list[str] | None = None):
        self.targets = targets  # (pk, path) of the units asked for
        self.tops = whole_subtrees if whole_subtrees is not None else tops_of(path for _pk, path in targets)
        rows = (
            Unit.objects.filter(in_paths(self.tops))
            .order_by()
            .values_list("pk", "path", "kind", "active_from", "active_to", "sort_key")
        )
        self.nodes: dict[int, Node] = {row[0]: Node(*row) for row in rows}
        self.target_by_path = {path: pk for pk, path in targets}
        self._chains: dict[int, list[int]] = {}

    def ids(self):
        """The ids of the units of the subtrees, as a subquery (the records' unit index does the rest)."""
        return Unit.objects.filter(in_paths(self.tops)).values("pk")

    def cell_ids(self):
        return Unit.objects.filter(in_paths(self.tops), kind__in=Unit.CELL_KINDS).values("pk")

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
    def is_small(self) -> bool:
        """Few units (a commune's page): the sources read their records by these units' indexes rather than in
        one pass over the period's records, and one after the other rather than side by side."""
        return len(self.nodes) < SMALL

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


# A source's values named so are moments kept per unit (for completeness), not counts: they are not summed.
PER_UNIT_ONLY = "latest_"


def summed(tree: Tree, counts: Counts) -> Counts:
    """Per-unit `counts` summed into every unit asked for (each of them present, empty when nothing counts).

    The units are grouped first by the units asked for that they count under (a province's 5.000 units fall in
    about a hundred such chains), each group summed once with the builtin sum, then added to each unit of its chain."""
    if tree.every_unit_asked:
        return _summed_upward(tree, counts)
    per_target: Counts = {pk: {} for pk, _path in tree.targets}
    groups: dict[tuple[int, ...], list[dict[str, int]]] = defaultdict(list)
    for unit_id, unit_counts in counts.items():
        chain = tree.targets_of(unit_id)
        if chain:
            groups[tuple(chain)].append(unit_counts)
    for chain, group in groups.items():
        names = [name for name in set().union(*group) if not name.startswith(PER_UNIT_ONLY)]
        totals = {name: sum(one.get(name, 0) for one in group) for name in names}
        for target in chain:
            bucket = per_target[target]
            for name, total in totals.items():
                bucket[name] = bucket.get(name, 0) + total
    return per_target


def _summed_upward(tree: Tree, counts: Counts) -> Counts:
    """summed() when every unit of the tree is asked for (a rollup): each unit's totals added into the unit directly
    above it, the deepest first, so that each unit is added once rather than once per unit above it."""
    per_target: Counts = {pk: {} for pk in tree.nodes}
    for unit_id, unit_counts in counts.items():
        if unit_id in per_target:
            per_target[unit_id] = {
                name: count for name, count in unit_counts.items() if not name.startswith(PER_UNIT_ONLY)
            }
    for pk, parent in tree.upward():
        bucket = per_target[parent]
        for name, count in per_target[pk].items():
            bucket[name] = bucket.get(name, 0) + count
    return per_target
