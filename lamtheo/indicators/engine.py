"""The indicators engine: every figure of any set of units over their whole subtrees, in a fixed number of queries.

How: the units of the subtrees asked for are read once (id, path, kind, dates). Each *source* (people, study
sessions, meetings, attendance, assignments, codes of conduct, plans) is then one grouped query over those
subtrees, aggregated per unit where the record sits (GROUP BY unit id), with no per-unit loop; the rows are summed
up in Python by path prefix into every unit asked for (a record of a unit counts for each unit above it). Several
indicators share a source (all the people figures come from one query), so the whole dashboard of a province and
its communes takes about ten queries whatever the number of units, and the rollup of one indicator to every unit
of the tree takes two or three.

Cache: a result is kept in Django's cache under the data version (versioning.py: a token that database triggers
change on every write to the tables read here) with the arguments and today's date, so a figure is never served
stale after a write, whoever made it. `cache=False` computes afresh; INDICATORS_CACHE_SECONDS (setting, default
600; 0 turns it off) bounds how long an unused result stays.

Units merged into another stay in the tree, moved under the unit they merged into: their records (meetings,
sessions, codes) count under it by the same path prefix. People count where they are today.

Definitions agree with the per-app figure code for the same unit and period (tests check it):
study.coverage (sessions, studied n/N), pledges.figures (people, registered, reviewed, year-end levels),
conduct.coverage (adopted, copied), meetings.figures (monthly meetings held / expected, required item,
attendance rate, thematic meetings, assignments), topics.deployment (plans issued by the deadline).
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db.models import Count, DateField, Exists, F, FilteredRelation, Min, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from lamtheo.accounts.scoping import subtree_q
from lamtheo.indicators import registry, versioning
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.units.models import Unit

CELL_KINDS = (Unit.Kind.CELL, Unit.Kind.GRASSROOTS_CELL)
PLAN_TYPE_CODE = "KH"  # as topics.deployment
THEMATIC = "thematic"  # as meetings.figures


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int | None = None  # None for a plain count

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator

    @property
    def text(self) -> str:
        """`40.539/41.324`, or `731` for a plain count."""
        if self.denominator is None:
            return vn.number(self.numerator)
        return f"{vn.number(self.numerator)}/{vn.number(self.denominator)}"

    @property
    def percent_text(self) -> str:
        """`98,1%`; empty for a plain count or an empty denominator."""
        if self.denominator is None:
            return ""
        return vn.percent(self.numerator, self.denominator)

    def __add__(self, other: "Value") -> "Value":
        if self.denominator is None and other.denominator is None:
            return Value(self.numerator + other.numerator)
        return Value(self.numerator + other.numerator, (self.denominator or 0) + (other.denominator or 0))

    def __str__(self) -> str:
        return f"{self.text} ({self.percent_text})" if self.percent_text else self.text


# The units -----------------------------------------------------------------------------------------------------


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


def _tops(paths: Iterable[str]) -> list[str]:
    """The paths not nested in another of them."""
    tops: list[str] = []
    for path in sorted(set(paths)):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return tops


def _in_paths(tops: list[str], path_field: str = "path") -> Q:
    q = Q(pk__in=[])
    for top in tops:
        q |= subtree_q(top, path_field)
    return q


class Tree:
    """The units of some subtrees, read in one query, and the units whose figures are asked for."""

    def __init__(self, targets: list[tuple[int, str]], *, whole_subtrees: list[str] | None = None):
        self.targets = targets  # (pk, path) of the units asked for
        self.tops = whole_subtrees if whole_subtrees is not None else _tops(path for _pk, path in targets)
        rows = (
            Unit.objects.filter(_in_paths(self.tops))
            .order_by()
            .values_list("pk", "path", "kind", "active_from", "active_to", "sort_key")
        )
        self.nodes: dict[int, Node] = {row[0]: Node(*row) for row in rows}
        self.target_by_path = {path: pk for pk, path in targets}
        self._chains: dict[int, list[int]] = {}

    def ids(self):
        """The ids of the units of the subtrees, as a subquery (the records' unit index does the rest)."""
        return Unit.objects.filter(_in_paths(self.tops)).values("pk")

    def cell_ids(self):
        return Unit.objects.filter(_in_paths(self.tops), kind__in=CELL_KINDS).values("pk")

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
        return [node for node in self.nodes.values() if node.kind in CELL_KINDS]


# Sources: each a grouped query, giving {unit id: {name: count}} --------------------------------------------------

Counts = dict[int, dict[str, int]]


@dataclass
class Context:
    tree: Tree
    period: Period
    split: str | None
    today: datetime.date
    codes: list[str]
    cache: dict = field(default_factory=dict)

    def source(self, name: str) -> Counts:
        if name not in self.cache:
            self.cache[name] = SOURCES[name](self)
        return self.cache[name]

    @property
    def months(self) -> list[Period]:
        """The months of the period that have begun."""
        return [month for month in self.period.months() if month.start <= self.today]

    @property
    def quarters(self) -> list[Period]:
        return [quarter for quarter in self.period.quarters() if quarter.start <= self.today]


def _split_q(split: str | None, prefix: str = "") -> Q:
    from lamtheo.people.models import Person, Position
    from lamtheo.pledges.permissions import KEY_CADRE_KINDS

    if split is None:
        return Q()
    if split == "members":
        return ~Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "non_members":
        return Q(**{f"{prefix}party_status": Person.PartyStatus.NON_MEMBER})
    if split == "key_cadres":
        positions = Position.objects.filter(
            person=OuterRef(f"{prefix}pk"), kind__in=KEY_CADRE_KINDS, end_date__isnull=True
        )
        return Q(Exists(positions))
    raise ValueError(f"unknown split {split!r}")


STUDY_CODES = {"studied_topic"}
PLEDGE_CODES = {"registered", "registrations_reviewed", *registry.LEVEL_CODES}


def _people(ctx: Context) -> Counts:
    """People active in the subtrees today, by their unit: how many, and (when asked) who studied a yearly topic in
    the period, who registered for the period's year, who was reviewed, rated and at which level. One query."""
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Pledge
    from lamtheo.study.models import Attendance
    from lamtheo.topics.models import Topic

    people = (
        Person.objects.filter(unit__in=ctx.tree.ids(), status__in=Person.ACTIVE_STATUSES)
        .filter(_split_q(ctx.split))
        .order_by()
    )
    counts = {"people": Count("pk"), "active": Count("pk", filter=Q(status=Person.Status.ACTIVE))}
    codes = set(ctx.codes)
    if codes & STUDY_CODES:
        # An uncorrelated set of ids: read once, then probed per person (faster than EXISTS per person on both).
        studied = Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            topic__kind=Topic.Kind.YEAR,
            session__date__gte=ctx.period.start,
            session__date__lte=min(ctx.period.end, ctx.today),
        ).values("person_id")
        counts["studied"] = Count("pk", filter=Q(status=Person.Status.ACTIVE) & Q(pk__in=studied))
    if codes & PLEDGE_CODES:
        people = people.annotate(
            year_pledge=FilteredRelation("pledges", condition=Q(pledges__year=ctx.period.year_of))
        )
        registered = Q(year_pledge__status__in=Pledge.REGISTERED_STATES)
        if ctx.period.kind != "year":  # within the year: those registered by the end of the period
            registered &= Q(year_pledge__first_submitted_at__isnull=True) | Q(
                year_pledge__first_submitted_at__lt=ctx.period.bounds()[1]
            )
        rated = Q(year_pledge__status__in=Pledge.RATED_STATES)
        counts.update(
            registered=Count("pk", filter=registered),
            all_registered=Count("pk", filter=Q(year_pledge__status__in=Pledge.REGISTERED_STATES)),
            reviewed=Count("pk", filter=Q(year_pledge__status__in=Pledge.REVIEWED_STATES)),
            rated=Count("pk", filter=rated),
            **{
                f"level_{level}": Count("pk", filter=rated & Q(year_pledge__result_level=level))
                for level in Pledge.Level.values
            },
        )
    rows = people.values("unit_id").annotate(**counts)
    return {row.pop("unit_id"): row for row in rows}


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


def _month_key(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        moment = moment.date()
    return moment.replace(day=1)


def _monthly_meetings(ctx: Context):
    """The held monthly meetings of the subtrees' chi bộ in the months of the period that have begun."""
    from lamtheo.meetings.models import Meeting, MeetingKind

    months = ctx.months
    if not months:
        return None, None
    start = months[0].bounds()[0]
    end = months[-1].bounds()[1]
    meetings = Meeting.objects.filter(
        unit__in=ctx.tree.cell_ids(), kind__code=MeetingKind.MONTHLY, starts_at__gte=start, starts_at__lt=end
    ).held()
    return meetings, {month.start for month in months}


def _expected_cells(ctx: Context, months) -> dict[tuple[int, datetime.date], bool]:
    """(chi bộ, first day of the month) for each chi bộ active on the month's first day (as meetings.figures)."""
    return {(cell.pk, month): True for month in months for cell in ctx.tree.cells() if cell.active_on(month)}


def _meetings(ctx: Context) -> Counts:
    """Per chi bộ: cell-months expected, held, held with the required item. One query (and the kind's rules)."""
    from lamtheo.meetings.models import AgendaItem, MeetingKind

    meetings, months = _monthly_meetings(ctx)
    result: Counts = defaultdict(lambda: {"expected": 0, "held": 0, "required": 0})
    if meetings is None:
        return result
    kind = MeetingKind.objects.filter(code=MeetingKind.MONTHLY).first()
    needed = len(kind.required_titles) if kind else 0
    counts = {"n": Count("pk")}
    if needed == 1:  # the usual case: one probe of the agenda's index per meeting
        required = AgendaItem.objects.filter(meeting=OuterRef("pk"), required=True)
        counts["required"] = Count("pk", filter=Q(Exists(required)))
    elif needed:
        complete = (
            AgendaItem.objects.filter(meeting__in=meetings.values("pk"), required=True)
            .order_by()
            .values("meeting")
            .annotate(c=Count("pk"))
            .filter(c__gte=needed)
            .values("meeting")
        )
        counts["required"] = Count("pk", filter=Q(pk__in=complete))
    rows = (
        meetings.order_by()
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("unit_id", "month")
        .annotate(**counts)
    )
    expected = _expected_cells(ctx, sorted(months))
    for unit_id, _month in expected:
        result[unit_id]["expected"] += 1
    for row in rows:
        key = (row["unit_id"], _month_key(row["month"]))
        if (
            key not in expected
        ):  # a chi bộ not active on the month's first day is not counted (meetings.figures)
            continue
        figures = result[row["unit_id"]]
        figures["held"] += 1
        if not needed or row["required"]:
            figures["required"] += 1
    return result


def _attendance(ctx: Context) -> Counts:
    """Per chi bộ: present (late included) and expected (listed − exempt) at its monthly meetings.

    One pass over the attendance grouped by chi bộ only: the month of each row matters just for the few chi bộ
    not active through every month of the period (opened or closed meanwhile), which a second, small query
    takes month by month (as meetings.figures, a chi bộ counts in the months it was active on the first day).
    Computing the month of a million and a half rows would cost more than the rest (a function call per row on
    SQLite)."""
    from lamtheo.meetings.models import ATTENDED, MeetingAttendance

    meetings, months = _monthly_meetings(ctx)
    result: Counts = defaultdict(lambda: {"present": 0, "expected": 0})
    if meetings is None:
        return result
    months = sorted(months)
    cells = ctx.tree.cells()
    partial = {c.pk for c in cells if not (c.active_on(months[0]) and c.active_on(months[-1]))}
    counts = {
        "listed": Count("pk"),
        "present": Count("pk", filter=Q(status__in=ATTENDED)),
        "exempt": Count("pk", filter=Q(status=MeetingAttendance.Status.EXEMPT)),
    }
    attendance = MeetingAttendance.objects.filter(meeting__in=meetings.values("pk")).order_by()
    for row in attendance.values("meeting__unit_id").annotate(**counts):
        unit_id = row["meeting__unit_id"]
        if unit_id in partial:
            continue
        result[unit_id]["present"] += row["present"]
        result[unit_id]["expected"] += row["listed"] - row["exempt"]
    if not partial:
        return result
    expected = _expected_cells(ctx, months)
    rows = (
        MeetingAttendance.objects.filter(meeting__in=meetings.filter(unit__in=sorted(partial)).values("pk"))
        .order_by()
        .annotate(month=TruncMonth("meeting__starts_at", output_field=DateField()))
        .values("meeting__unit_id", "month")
        .annotate(**counts)
    )
    for row in rows:
        unit_id = row["meeting__unit_id"]
        if (unit_id, _month_key(row["month"])) in expected:
            result[unit_id]["present"] += row["present"]
            result[unit_id]["expected"] += row["listed"] - row["exempt"]
    return result


def _thematic(ctx: Context) -> Counts:
    """Per chi bộ: quarters expected (active in the quarter's last begun month) and quarters with a thematic
    meeting held (a meeting of the thematic kind, or a monthly one combined with a thematic item). One query."""
    from lamtheo.meetings.models import Meeting, MeetingKind

    result: Counts = defaultdict(lambda: {"expected": 0, "held": 0})
    quarters = ctx.quarters
    if not quarters:
        return result
    checked = {}
    for quarter in quarters:
        last_month = min(quarter.end, ctx.today).replace(day=1)
        for cell in ctx.tree.cells():
            if cell.active_on(last_month):
                checked[(cell.pk, quarter.start)] = True
                result[cell.pk]["expected"] += 1
    rows = (
        Meeting.objects.held()
        .filter(
            unit__in=ctx.tree.cell_ids(),
            starts_at__gte=quarters[0].bounds()[0],
            starts_at__lt=quarters[-1].bounds()[1],
        )
        .filter(Q(kind__code=THEMATIC) | Q(kind__code=MeetingKind.MONTHLY, is_combined=True))
        .order_by()
        .annotate(quarter=TruncQuarter("starts_at", output_field=DateField()))
        .values("unit_id", "quarter")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if (row["unit_id"], _month_key(row["quarter"])) in checked:
            result[row["unit_id"]]["held"] += 1
    return result


def _assignments(ctx: Context) -> Counts:
    """Per unit hosting the meeting: assignments due in the period, done, done on time, overdue. One query."""
    from lamtheo.meetings.models import Assignment

    done = Q(done_at__isnull=False)
    rows = (
        Assignment.objects.filter(
            meeting__unit__in=ctx.tree.ids(), deadline__gte=ctx.period.start, deadline__lte=ctx.period.end
        )
        .order_by()
        .values("meeting__unit_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            on_time=Count("pk", filter=done & Q(done_at__date__lte=F("deadline"))),
            overdue=Count("pk", filter=Q(done_at__isnull=True, deadline__lt=ctx.today)),
        )
    )
    return {row.pop("meeting__unit_id"): row for row in rows}


def _conduct(ctx: Context) -> Counts:
    """Per unit: whether it should have a code (active committee or chi bộ), has one in force for the period's year,
    and whether that code is flagged as copied (as conduct.coverage). One query."""
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


def _deployment(ctx: Context) -> Counts:
    """Per committee: the topics with a deployment deadline in the period that it had to deploy (issued by a
    committee above it) and of them those it deployed on time (its first plan issued by the deadline, as
    topics.deployment). Two queries."""
    from lamtheo.documents.models import Document
    from lamtheo.topics.models import Topic

    result: Counts = defaultdict(lambda: {"expected": 0, "on_time": 0})
    topics = list(
        Topic.objects.filter(deploy_by__gte=ctx.period.start, deploy_by__lte=ctx.period.end)
        .order_by()
        .values_list("pk", "unit__path", "deploy_by")
    )
    if not topics:
        return result
    topic_ids = [pk for pk, _path, _deadline in topics]
    plans = (
        Document.objects.filter(
            Q(topic__in=topic_ids) | Q(topic__parent__in=topic_ids),
            unit__in=ctx.tree.ids(),
            status=Document.Status.ISSUED,
            doc_type__code=PLAN_TYPE_CODE,
            date__isnull=False,
        )
        .order_by()
        .values_list("unit_id", "topic_id", "topic__parent_id")
        .annotate(first=Min("date"))
    )
    first: dict[tuple[int, int], datetime.date] = {}
    for unit_id, topic_id, parent_id, date in plans:
        for pk in (topic_id, parent_id):
            if pk in topic_ids and ((unit_id, pk) not in first or date < first[(unit_id, pk)]):
                first[(unit_id, pk)] = date
    committees = [
        node for node in ctx.tree.nodes.values() if node.is_active and node.kind in Unit.COMMITTEE_KINDS
    ]
    for pk, issuer_path, deadline in topics:
        for node in committees:
            if node.path.startswith(issuer_path) and node.path != issuer_path:
                result[node.pk]["expected"] += 1
                plan = first.get((node.pk, pk))
                if plan is not None and plan <= deadline:
                    result[node.pk]["on_time"] += 1
    return result


SOURCES = {
    "people": _people,
    "sessions": _sessions,
    "meetings": _meetings,
    "attendance": _attendance,
    "thematic": _thematic,
    "assignments": _assignments,
    "conduct": _conduct,
    "deployment": _deployment,
}


def _ratio(numerator: str, denominator: str | None = None):
    def value(counts: dict[str, int]) -> Value:
        if denominator is None:
            return Value(counts.get(numerator, 0))
        return Value(counts.get(numerator, 0), counts.get(denominator, 0))

    return value


# Indicator code -> (source, Value from the summed counts of a unit's subtree).
COMPUTE = {
    "people": ("people", _ratio("people")),
    "study_sessions": ("sessions", _ratio("sessions")),
    "studied_topic": ("people", _ratio("studied", "active")),
    "registered": ("people", _ratio("registered", "people")),
    "registrations_reviewed": ("people", _ratio("reviewed", "all_registered")),
    **{code: ("people", _ratio(f"level_{level}", "rated")) for code, level in registry.LEVEL_CODES.items()},
    "conduct_adopted": ("conduct", _ratio("adopted", "expected")),
    "conduct_copied": ("conduct", _ratio("copied", "adopted")),
    "meetings_held": ("meetings", _ratio("held", "expected")),
    "meetings_required": ("meetings", _ratio("required", "held")),
    "attendance_rate": ("attendance", _ratio("present", "expected")),
    "thematic_meetings": ("thematic", _ratio("held", "expected")),
    "assignments_on_time": ("assignments", _ratio("on_time", "done")),
    "assignments_overdue": ("assignments", _ratio("overdue", "total")),
    "documents_deployed": ("deployment", _ratio("on_time", "expected")),
}


def _codes(codes: Iterable[str] | None, split: str | None) -> list[str]:
    codes = list(registry.INDICATORS) if codes is None else list(codes)
    for code in codes:
        registry.get(code)  # KeyError for an unknown code
    if split is not None:
        if split not in registry.SPLITS:
            raise ValueError(f"unknown split {split!r}")
        codes = [code for code in codes if split in registry.get(code).splits]
    return codes


def _sum_up(ctx: Context, codes: list[str]) -> dict[int, dict[str, Value]]:
    """Each source's counts summed into every unit asked for, then turned into the indicators' values."""
    summed: dict[str, dict[int, dict[str, int]]] = {}
    for source in dict.fromkeys(COMPUTE[code][0] for code in codes):
        per_target: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for unit_id, counts in ctx.source(source).items():
            for target in ctx.tree.targets_of(unit_id):
                bucket = per_target[target]
                for name, count in counts.items():
                    bucket[name] += count
        summed[source] = per_target
    empty: dict[str, int] = {}
    return {
        pk: {code: COMPUTE[code][1](summed[COMPUTE[code][0]].get(pk, empty)) for code in codes}
        for pk, _path in ctx.tree.targets
    }


def _cached(key: tuple, compute, use_cache: bool):
    """`compute()`, or its result kept under the current data version (one query to read it)."""
    seconds = getattr(settings, "INDICATORS_CACHE_SECONDS", 600)
    version = versioning.token() if use_cache and seconds > 0 else None
    if version is None:
        return compute()
    name = "indicators:" + hashlib.sha256(repr((version, key)).encode()).hexdigest()
    result = django_cache.get(name)
    if result is None:
        result = compute()
        django_cache.set(name, result, seconds)
    return result


def figures(
    unit_ids: Iterable[int],
    period: Period,
    codes: Iterable[str] | None = None,
    *,
    split: str | None = None,
    today: datetime.date | None = None,
    cache: bool = True,
) -> dict[int, dict[str, Value]]:
    """Each unit's figures over its whole subtree for `period`, for every indicator of `codes` (all if None).

    With `split` ("members", "non_members", "key_cadres"), only the indicators that support it are given, counting
    those people only. One query for the units, then one grouped query per source whatever the number of units.
    Unknown ids are left out of the result. Cached under the data version unless `cache` is False.
    """
    codes = _codes(codes, split)
    unit_ids = sorted(set(unit_ids))
    today = today or timezone.localdate()

    def compute():
        targets = list(Unit.objects.filter(pk__in=unit_ids).order_by().values_list("pk", "path"))
        if not targets:
            return {}
        return _sum_up(Context(Tree(targets), period, split, today, codes), codes)

    return _cached(("figures", tuple(unit_ids), period, tuple(codes), split, today), compute, cache)


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
    for the units and the indicator's grouped queries. Cached under the data version unless `cache` is False."""
    codes = _codes([code], split)
    if not codes:
        raise ValueError(f"{code!r} has no split {split!r}")
    today = today or timezone.localdate()

    def compute():
        if root_id is None:
            tops = list(Unit.objects.filter(depth=1).order_by().values_list("path", flat=True))
        else:
            tops = list(Unit.objects.filter(pk=root_id).values_list("path", flat=True))
        tree = Tree([], whole_subtrees=tops)
        tree.targets = [(node.pk, node.path) for node in tree.nodes.values()]
        tree.target_by_path = {path: pk for pk, path in tree.targets}
        ctx = Context(tree, period, split, today, codes)
        return {pk: values[code] for pk, values in _sum_up(ctx, codes).items()}

    return _cached(("rollup", code, period, root_id, split, today), compute, cache)


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

    The queries of figures() once per month: bounded by the number of months, not of units.
    """
    today = today or timezone.localdate()
    codes = _codes(codes, split)
    result: dict[str, list[tuple[Period, Value]]] = {code: [] for code in codes}
    for month in period.months():
        if month.start > today:
            break
        values = figures([unit_id], month, codes, split=split, today=today, cache=cache).get(unit_id, {})
        for code in codes:
            if code in values:
                result[code].append((month, values[code]))
    return result
