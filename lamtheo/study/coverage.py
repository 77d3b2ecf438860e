"""Study coverage: a topic's study over a unit's subtree, as its page and exports show it.

For a topic and a unit (the whole subtree below it):

- sessions held: sessions of the topic dated today or before, held by the unit or any unit below it (make-up
  sessions included, and counted apart as well);
- members who studied / members: people with a party status (chính thức, dự bị) who are active in the subtree
  today (đang sinh hoạt; those exempted from activities, miễn sinh hoạt, are not expected to attend and are not
  counted), of whom those marked present at any session of the topic, wherever it was held (at the chi bộ, at a
  make-up session, at a committee's conference, at their former chi bộ before a transfer). Someone present at
  several sessions counts once;
- the same for non-members (cán bộ, công chức, viên chức chưa là đảng viên);
- per unit directly below (one row each, the same figures over its own subtree), for drilling down; what is left
  of the total (a committee's own conference, its own staff) is the unit's own;
- who has not studied yet: the active people of the subtree not marked present at any session of the topic.

The figures are the indicators "study_sessions" and "studied_topic" computed for the one topic (engine.figures
with `topic`): the study source (study/figures.py) and the people source count them, the same code as the
dashboard's, so the page, its export and the dashboard cannot disagree. Only the make-up sessions, a breakdown no
other page shows, are counted here. A fixed number of queries whatever the number of units.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.lib.attendance import ATTENDED
from lamtheo.people.models import Person
from lamtheo.study.models import Attendance, StudySession, units_below
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

EXPECTED_STATUS = Person.Status.ACTIVE  # who is expected to study: active, not exempted
LONG_LIST = 20_000  # see not_studied


@dataclass
class Figures:
    sessions: int = 0
    makeups: int = 0
    members: int = 0
    members_studied: int = 0
    non_members: int = 0
    non_members_studied: int = 0

    def __sub__(self, other: "Figures") -> "Figures":
        return Figures(
            **{name: getattr(self, name) - getattr(other, name) for name in self.__dataclass_fields__}
        )

    @property
    def is_empty(self) -> bool:
        return not (self.sessions or self.members or self.non_members)

    @property
    def people(self) -> int:
        return self.members + self.non_members

    @property
    def studied(self) -> int:
        return self.members_studied + self.non_members_studied

    @property
    def not_studied(self) -> int:
        return self.people - self.studied

    @property
    def members_percent(self) -> str:
        """`98,1%`; empty when there are no members."""
        return vn.percent(self.members_studied, self.members)

    @property
    def non_members_percent(self) -> str:
        return vn.percent(self.non_members_studied, self.non_members)

    @property
    def members_ratio(self) -> str:
        """`40.539/41.324`."""
        return f"{vn.number(self.members_studied)}/{vn.number(self.members)}"

    @property
    def non_members_ratio(self) -> str:
        return f"{vn.number(self.non_members_studied)}/{vn.number(self.non_members)}"

    @property
    def summary(self) -> str:
        """As committees write it: `731 lớp, 40.539/41.324 đảng viên, đạt 98,1%; 21.255/25.460 cán bộ, công chức,
        viên chức, đạt 83,5%`."""
        values = {
            "sessions": vn.number(self.sessions),
            "members": self.members_ratio,
            "members_percent": self.members_percent,
            "non_members": self.non_members_ratio,
            "non_members_percent": self.non_members_percent,
        }
        if self.members and self.non_members:
            return (
                _(
                    "%(sessions)s lớp, %(members)s đảng viên, đạt %(members_percent)s; %(non_members)s cán bộ, "
                    "công chức, viên chức, đạt %(non_members_percent)s"
                )
                % values
            )
        if self.members:
            return _("%(sessions)s lớp, %(members)s đảng viên, đạt %(members_percent)s") % values
        if self.non_members:
            return (
                _(
                    "%(sessions)s lớp, %(non_members)s cán bộ, công chức, viên chức, đạt %(non_members_percent)s"
                )
                % values
            )
        return _("%(sessions)s lớp; không có đảng viên, cán bộ nào đang sinh hoạt") % values


@dataclass
class Row:
    unit: Unit
    figures: Figures


@dataclass
class Coverage:
    topic: Topic
    unit: Unit
    today: datetime.date
    total: Figures
    rows: list[Row] = field(default_factory=list)  # the units directly below
    own: Figures | None = None  # people and sessions of the unit itself, not of a unit below

    @property
    def summary(self) -> str:
        return self.total.summary


def studied_people(topic: Topic):
    """Ids of the people marked present (or late) at any session of `topic` (a subquery)."""
    return Attendance.objects.filter(topic=topic, status__in=ATTENDED).values("person_id")


def with_studied(people, topic: Topic):
    """`people` with their attendance marked present at sessions of `topic` joined as `studied` (a left join:
    empty for those who have not studied it). One plan that suits a chi bộ and a province alike: the database
    probes fifty people's attendance through its index, or joins a province's in one pass."""
    return people.annotate(
        studied=FilteredRelation(
            "study_attendances",
            condition=Q(study_attendances__topic=topic, study_attendances__status__in=ATTENDED),
        )
    )


def expected_people(unit: Unit):
    """The people of `unit`'s subtree who are expected to study: active today, not exempted."""
    return Person.objects.filter(unit__in=units_below(unit), status=EXPECTED_STATUS)


def not_studied(topic: Topic, unit: Unit, *, expected: int = 0):
    """Who in `unit`'s subtree has not studied `topic` yet, by name, with their unit.

    `expected`, when known, is how many people the subtree expects to study. For a page of a long list (a
    province's) the database had better walk the people in name order and skip those in the topic's attendance,
    stopping at the page's end, than join everyone first; a short list is best joined.
    """
    people = expected_people(unit)
    if expected > LONG_LIST:
        people = people.exclude(pk__in=studied_people(topic))
    else:
        people = with_studied(people, topic).filter(studied__isnull=True)
    return people.select_related("unit").sorted()


def topic_period(topic: Topic, today: datetime.date) -> Period:
    """The period a topic's figures are read over: from its first year (or today, for a topic still to come) to
    today; the study source counts a topic's sessions and who studied it up to the period's end (study.figures)."""
    return Period.custom(min(datetime.date(topic.start_year, 1, 1), today), today)


def _makeups(topic: Topic, unit: Unit, today: datetime.date, units: list[Unit]) -> dict[int, int]:
    """Of the sessions held, the make-up sessions over each of `units`' subtrees (`unit` and units below it): a
    breakdown only this page shows, in one query."""
    branch = Substr("unit__path", 1, (unit.depth + 1) * Unit.steplen)
    rows = (
        StudySession.objects.in_subtree(unit)
        .for_topic(topic)
        .held(today)
        .filter(is_makeup=True)
        .order_by()
        .annotate(branch=branch)
        .values_list("branch")
        .annotate(count=Count("pk"))
    )
    by_branch = dict(rows)
    return {u.pk: sum(by_branch.values()) if u.pk == unit.pk else by_branch.get(u.path, 0) for u in units}


def _figures(topic: Topic, unit: Unit, units: list[Unit], today: datetime.date) -> dict[int, Figures]:
    """The figures of `topic` over each of `units`' subtrees (`unit` and units directly below it): the indicators
    "study_sessions" and "studied_topic" (everyone and members; non-members are the rest) of that topic, read from the study source as the
    dashboard reads them (cached as its figures), and the make-up sessions."""
    ids = [u.pk for u in units]
    period = topic_period(topic, today)
    whole = engine.figures(ids, period, ["study_sessions", "studied_topic"], today=today, topic=topic.pk)
    split = engine.figures(ids, period, ["studied_topic"], split="members", today=today, topic=topic.pk)
    makeups = _makeups(topic, unit, today, units)
    result = {}
    for pk in ids:
        if pk not in whole:
            continue
        studied, members = whole[pk]["studied_topic"], split[pk]["studied_topic"]
        result[pk] = Figures(
            sessions=whole[pk]["study_sessions"].numerator,
            makeups=makeups[pk],
            members=members.denominator,
            members_studied=members.numerator,
            non_members=studied.denominator - members.denominator,
            non_members_studied=studied.numerator - members.numerator,
        )
    return result


def figures_for(topic: Topic, unit: Unit, *, today: datetime.date) -> Figures:
    """The figures of `topic` over `unit`'s whole subtree."""
    return _figures(topic, unit, [unit], today).get(unit.pk, Figures())


def coverage_for(topic: Topic, unit: Unit, user, *, today: datetime.date) -> Coverage:
    """The figures of `topic` over `unit`'s subtree, with one row per unit directly below that `user` sees.

    A fixed number of queries, whatever the number of units and people.
    """
    below = list(Unit.objects.children_of(unit))  # all of them: what is left is the unit's own
    figures = _figures(topic, unit, [unit, *below], today)
    total = figures.get(unit.pk, Figures())
    shown = Unit.objects.filter(pk__in=[child.pk for child in below]).visible_to(user).sorted()
    rows = [
        Row(child, figures.get(child.pk, Figures()))
        for child in shown
        if child.is_active
        or not figures.get(child.pk, Figures()).is_empty  # a closed unit while it has records
    ]
    own = total
    for child in below:
        own = own - figures.get(child.pk, Figures())
    return Coverage(
        topic=topic, unit=unit, today=today, total=total, rows=rows, own=None if own.is_empty else own
    )


def default_topic(topics, today: datetime.date) -> Topic | None:
    """The topic a coverage page opens on: the latest yearly topic of this year or before, else the latest."""
    topics = list(topics)
    yearly = [t for t in topics if t.kind == Topic.Kind.YEAR and t.start_year <= today.year]
    candidates = yearly or topics
    return max(candidates, key=lambda t: (t.start_year, t.kind == Topic.Kind.YEAR, t.pk), default=None)
