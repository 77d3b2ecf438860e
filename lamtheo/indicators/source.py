"""What a source of figures is, and the SQL helpers the apps' sources share.

A *source* is one grouped query over the units of some subtrees, giving {unit id: {count name: count}}; it is
declared by the app that owns the records it counts, next to its query (`lamtheo/<app>/figures.py`), with the
apps whose records it reads (for freshness.py) and, when its records count in the month of their date, the same
counts split by month in one query (for the trend). The indicators (registry.py) name the source and the counts
they divide; the engine sums the counts up the tree (tree.py) and caches them (cache.py).

Months and quarters are told apart in SQL by comparisons with their bounds in the project's time zone
(period_case), the same on both databases and without a function call per row.
"""

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, When
from django.db.models import Value as SqlValue

from lamtheo.indicators.periods import Period
from lamtheo.indicators.tree import Counts, Tree

MonthTotals = dict[int, dict[str, int]]  # {index of the month in Context.months: {count name: count}}

# The apps' modules declaring sources, imported at the first computation (not when this module loads: the apps'
# modules import this one).
SOURCE_MODULES = (
    "lamtheo.people.figures",
    "lamtheo.study.figures",
    "lamtheo.meetings.figures",
    "lamtheo.conduct.figures",
    "lamtheo.topics.figures",
    "lamtheo.initiatives.figures",
    "lamtheo.exemplars.figures",
    "lamtheo.emulation.figures",
    "lamtheo.modelcells.figures",
)


@dataclass(frozen=True)
class Source:
    name: str
    apps: tuple[str, ...]  # the apps whose records it reads, besides the units (freshness.py)
    compute: Callable[["Context"], Counts] | None = None  # per unit
    by_month: Callable[["Context"], MonthTotals] | None = None  # over the whole tree read, month by month
    variant: Callable[[set[str]], tuple] = lambda counts: ()  # which passes the counts asked for need
    full_variant: tuple = ()  # the variant with every count (a cached one serves any other)
    order: int = 9  # the longest first when computed side by side
    prepare: Callable[["Context"], object] | None = None  # what to read once before computing in threads


_SOURCES: dict[str, Source] = {}


def counts_of(codes) -> set[str]:
    """The names of the counts the indicators `codes` divide (registry.py)."""
    from lamtheo.indicators import registry

    names = set()
    for code in codes:
        indicator = registry.get(code)
        names.update(name for name in (indicator.count, indicator.over) if name)
    return names


def register(source: Source) -> Source:
    _SOURCES[source.name] = source
    return source


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def sources() -> dict[str, Source]:
    """Every source declared, by name."""
    for module in SOURCE_MODULES:
        importlib.import_module(module)
    return _SOURCES


@dataclass
class Context:
    tree: Tree
    period: Period
    split: str | None
    today: datetime.date
    codes: list[str]
    cache: dict = field(default_factory=dict)
    topic: int | None = None  # one topic's study (its coverage page) instead of the year's topics

    def source(self, name: str) -> Counts:
        if name not in self.cache:
            self.cache[name] = sources()[name].compute(self)
        return self.cache[name]

    @property
    def counts(self) -> set[str]:
        """The names of the counts the indicators asked for divide (a source computes only what they need)."""
        return counts_of(self.codes)

    @property
    def months(self) -> list[Period]:
        """The months of the period that have begun."""
        return [month for month in self.period.months() if month.start <= self.today]

    @property
    def quarters(self) -> list[Period]:
        return [quarter for quarter in self.period.quarters() if quarter.start <= self.today]


def split_q(split: str | None, prefix: str = "") -> Q:
    from lamtheo.people.models import Person, Position

    if split is None:
        return Q()
    if split == "members":
        return ~Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "non_members":
        return Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "key_cadres":
        return Q(Exists(Position.objects.key_cadres().filter(person=OuterRef(f"{prefix}pk"))))
    raise ValueError(f"unknown split {split!r}")


def rows_of(queryset) -> list[tuple]:
    """The rows of a `values(...).annotate(counts)` queryset read with the cursor: the counts come as the database
    gives them (integers), without Django's converter call per value (70.000 over a province's people)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet (e.g. a meeting kind that does not exist)
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def per_unit(queryset) -> Counts:
    """{first column: {alias: count}} of a grouped `values(unit).annotate(counts)` queryset (read as rows_of)."""
    names = [*queryset.query.values_select, *queryset.query.annotation_select][1:]
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows_of(queryset)}


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


def active_on_q(prefix: str, day: str) -> Q:
    """The unit at `prefix` active on the date in the expression `day` (as Node.active_on)."""
    return (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": F(day)})) & (
        Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gt": F(day)})
    )


def month_index(ctx: Context) -> dict[datetime.date, int]:
    return {month.start: index for index, month in enumerate(ctx.months)}
