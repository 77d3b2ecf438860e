"""Who has deployed a topic, and who is late (seed 002: "the topic arrives late every year").

A unit has deployed a topic when it has issued its own plan (a document of type KH) for the topic or for a topic
issued under it: the dates come from topics.figures.first_plans, which the indicator "documents_deployed" counts
with (on time: topics.figures.on_time), so the page and the dashboard agree by construction. For a chosen unit,
the table lists the units directly below it: its committees when it has any (a committee's deployment is its own
plan), otherwise its chi bộ. Three queries whatever the number of units: the units below, one aggregate of the
first plan date per unit over the chosen unit's subtree, and the units between the issuer and the chosen unit (to
climb back up).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import subtree_q
from lamtheo.lib import vn
from lamtheo.topics.figures import first_plans, on_time
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit


class Status:
    ON_TIME = "on_time"  # plan issued on or before the deadline
    DONE = "done"  # plan issued; the topic has no deadline
    LATE = "late"  # plan issued after the deadline
    PENDING = "pending"  # no plan yet, the deadline has not passed (or there is none)
    OVERDUE = "overdue"  # no plan yet, the deadline has passed


@dataclass
class Row:
    unit: Unit
    plan_date: datetime.date | None
    deploy_by: datetime.date | None
    today: datetime.date

    @property
    def deployed(self) -> bool:
        return self.plan_date is not None

    @property
    def days_late(self) -> int:
        """Days past the deadline: to the plan's date, or to today while there is no plan."""
        if self.deploy_by is None:
            return 0
        return max(((self.plan_date or self.today) - self.deploy_by).days, 0)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def status(self) -> str:
        if self.deployed:
            if self.deploy_by is None:
                return Status.DONE
            return Status.ON_TIME if on_time(self.plan_date, self.deploy_by) else Status.LATE
        return Status.OVERDUE if self.is_late else Status.PENDING


@dataclass
class Deployment:
    topic: Topic
    unit: Unit  # the unit whose units below are listed
    rows: list[Row]
    own: Row | None  # the chosen unit's own plan, when it is not the issuer
    today: datetime.date
    trail: list[Unit] = field(default_factory=list)  # visible units from the issuer down to `unit`

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(row.deployed for row in self.rows)

    @property
    def late(self) -> int:
        return sum(row.is_late for row in self.rows)

    @property
    def summary(self) -> str:
        """`12/15 đơn vị đã triển khai, 3 chậm`: late counts plans issued late and missing plans past the deadline."""
        values = {"done": vn.number(self.done), "total": vn.number(self.total), "late": vn.number(self.late)}
        if self.late:
            return _("%(done)s/%(total)s đơn vị đã triển khai, %(late)s chậm") % values
        return _("%(done)s/%(total)s đơn vị đã triển khai") % values


def plan_dates(topic: Topic, unit: Unit, *, depth: int | None = None) -> dict[int, datetime.date]:
    """The date of the first issued plan for `topic` (or a topic under it) of each unit in `unit`'s subtree
    (topics.figures.first_plans, as the indicator counts them). One query; `depth` limits it to the units at that
    depth (and `unit` itself)."""
    units = Unit.objects.filter(subtree_q(unit.path, "path"))
    if depth is not None:
        units = units.filter(depth__in=[unit.depth, depth])
    return {unit_id: date for (unit_id, _topic), date in first_plans([topic.pk], units.values("pk")).items()}


def units_below(unit: Unit, user) -> list[Unit]:
    """The units whose deployment is listed under `unit`: its committees if it has any, else its chi bộ."""
    children = list(Unit.objects.children_of(unit).visible_to(user).active().sorted())
    committees = [child for child in children if child.is_committee]
    return committees or [child for child in children if child.kind in Unit.CELL_KINDS]


def deployment_for(topic: Topic, unit: Unit, user, *, today: datetime.date) -> Deployment:
    """The deployment of `topic` by the units directly below `unit`, as `user` may see them."""
    units = units_below(unit, user)
    first = plan_dates(topic, unit, depth=unit.depth + 1)
    rows = [Row(child, first.get(child.pk), topic.deploy_by, today) for child in units]
    own = None if unit.pk == topic.unit_id else Row(unit, first.get(unit.pk), topic.deploy_by, today)
    trail = [*unit.ancestors().filter(depth__gte=topic.unit.depth).visible_to(user), unit]
    return Deployment(topic=topic, unit=unit, rows=rows, own=own, today=today, trail=trail)
