"""How far an initiative's teams have come: each goal's latest value against its baseline and target, and an
initiative's progress as the median of its goals' (the goals are in different measures: only their progress can
be put together). Computed for many initiatives in one query."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from lamtheo.initiatives.models import Goal, GoalValue
from lamtheo.lib import charts, vn


@dataclass
class GoalRow:
    goal: Goal
    values: list  # GoalValue, by month
    latest: GoalValue | None
    progress: float | None  # percent of the way from the baseline to the target

    @property
    def reached(self) -> bool:
        return self.progress is not None and self.progress >= 100

    def _measured(self, value) -> str:
        """`80` → "80%", `12.5` hồ sơ → "12,5 hồ sơ": decimals only where the value has them."""
        if value is None:
            return "—"
        value = Decimal(str(value)).normalize()
        text = vn.number(value, max(0, -value.as_tuple().exponent))
        return f"{text}%" if self.goal.measure == "%" else f"{text} {self.goal.measure}"

    @property
    def baseline_text(self) -> str:
        return self._measured(self.goal.baseline)

    @property
    def target_text(self) -> str:
        return self._measured(self.goal.target)

    @property
    def latest_text(self) -> str:
        return self._measured(self.latest.value) if self.latest else ""

    @property
    def progress_text(self) -> str:
        return progress_text(self.progress)

    @property
    def chart(self):
        """The monthly values as columns, the target as a dashed line."""
        points = [(f"{value.month:%m/%y}", value.value) for value in self.values]
        return charts.trend_svg(
            points, title=self.goal.name, unit=self.goal.measure, target=self.goal.target, fmt=self._measured
        )


def progress_text(progress: float | None) -> str:
    return charts.format_value(progress, "%")


def goal_progress(goal: Goal, values: list) -> GoalRow:
    latest = values[-1] if values else None
    return GoalRow(goal, values, latest, goal.progress(latest.value if latest else None))


def initiative_progress(initiatives) -> dict[int, float | None]:
    """{initiative id: the median progress of its goals (capped at 100 each), None without a value yet}."""
    ids = [initiative.pk for initiative in initiatives]
    latest = GoalValue.objects.filter(goal=OuterRef("pk")).order_by("-month").values("value")[:1]
    goals = Goal.objects.filter(team__initiative__in=ids).annotate(latest=Subquery(latest))
    by_initiative: dict[int, list[float]] = {}
    for goal in goals.select_related("team"):
        value = goal.latest
        progress = goal.progress(Decimal(value) if value is not None else None)
        if progress is not None:
            by_initiative.setdefault(goal.team.initiative_id, []).append(min(progress, 100.0))
    return {pk: statistics.median(values) if values else None for pk, values in by_initiative.items()}
