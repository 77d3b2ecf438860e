"""Study coverage: the one place the figures of a topic's study are computed.

For a topic and a unit (the whole subtree below it):

- sessions held: sessions of the topic dated today or before, held by the unit or any unit below it (make-up
  sessions included, and counted apart as well);
- members who studied / members: people with a party status (chính thức, dự bị) who are active in the subtree
  today (đang sinh hoạt; those exempted from activities, miễn sinh hoạt, are not expected to attend and are not
  counted), of whom those marked present at any session of the topic, wherever it was held (at the chi bộ, at a
  make-up session, at a committee's conference, at their former chi bộ before a transfer). Someone present at
  several sessions counts once;
- the same for non-members (cán bộ, công chức, viên chức chưa là đảng viên);
- per unit directly below (one row each, the same figures over its own subtree), for drilling down;
- who has not studied yet: the active people of the subtree not marked present at any session of the topic.

People are counted in the unit they belong to today; their attendance was checked, when recorded, against the
unit they belonged to on the session's date. A fixed number of queries whatever the number of units: one
aggregate of people per branch (Substr over the unit path, as units.views.children_with_counts), one of sessions
per branch, and the units below. The indicators, reports and exports read the figures from here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lamtheo.lib import vn
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

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            **{name: getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__}
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
    """Ids of the people marked present at any session of `topic` (a subquery)."""
    return Attendance.objects.filter(topic=topic, status=Attendance.Status.PRESENT).values("person_id")


def with_studied(people, topic: Topic):
    """`people` with their attendance marked present at sessions of `topic` joined as `studied` (a left join:
    empty for those who have not studied it). One plan that suits a chi bộ and a province alike: the database
    probes fifty people's attendance through its index, or joins a province's in one pass."""
    return people.annotate(
        studied=FilteredRelation(
            "study_attendances",
            condition=Q(study_attendances__topic=topic, study_attendances__status=Attendance.Status.PRESENT),
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


def _people_counts(topic: Topic, unit: Unit, *, by_branch: bool):
    member = ~Q(party_status=Person.PartyStatus.NON_MEMBER)
    studied = Q(studied__isnull=False)
    # Distinct: someone present at a session and at its make-up session is joined twice, and counts once.
    counts = {
        "members": Count("pk", filter=member, distinct=True),
        "members_studied": Count("pk", filter=member & studied, distinct=True),
        "non_members": Count("pk", filter=~member, distinct=True),
        "non_members_studied": Count("pk", filter=~member & studied, distinct=True),
    }
    people = with_studied(expected_people(unit), topic).order_by()
    if not by_branch:
        return people.aggregate(**counts)
    branch = Substr("unit__path", 1, (unit.depth + 1) * Unit.steplen)
    return people.annotate(branch=branch).values("branch").annotate(**counts)


def _session_counts(topic: Topic, unit: Unit, today: datetime.date, *, by_branch: bool):
    sessions = StudySession.objects.in_subtree(unit).for_topic(topic).held(today).order_by()
    counts = {"sessions": Count("pk"), "makeups": Count("pk", filter=Q(is_makeup=True))}
    if not by_branch:
        return sessions.aggregate(**counts)
    branch = Substr("unit__path", 1, (unit.depth + 1) * Unit.steplen)
    return sessions.annotate(branch=branch).values("branch").annotate(**counts)


def figures_for(topic: Topic, unit: Unit, *, today: datetime.date) -> Figures:
    """The figures of `topic` over `unit`'s whole subtree, in two queries."""
    return Figures(
        **_people_counts(topic, unit, by_branch=False), **_session_counts(topic, unit, today, by_branch=False)
    )


def coverage_for(topic: Topic, unit: Unit, user, *, today: datetime.date) -> Coverage:
    """The figures of `topic` over `unit`'s subtree, with one row per unit directly below that `user` sees.

    Three queries, whatever the number of units and people.
    """
    by_branch: dict[str, Figures] = {}
    for row in _people_counts(topic, unit, by_branch=True):
        branch = row.pop("branch")
        by_branch[branch] = Figures(**row)
    for row in _session_counts(topic, unit, today, by_branch=True):
        branch = row.pop("branch")
        figures = by_branch.setdefault(branch, Figures())
        figures.sessions, figures.makeups = row["sessions"], row["makeups"]
    total = sum(by_branch.values(), Figures())
    children = Unit.objects.children_of(unit).visible_to(user).sorted()
    rows = [
        Row(child, by_branch.get(child.path, Figures()))
        for child in children
        if child.is_active or child.path in by_branch  # a closed unit shows while it has records
    ]
    own = by_branch.get(unit.path)
    return Coverage(topic=topic, unit=unit, today=today, total=total, rows=rows, own=own)


def default_topic(topics, today: datetime.date) -> Topic | None:
    """The topic a coverage page opens on: the latest yearly topic of this year or before, else the latest."""
    topics = list(topics)
    yearly = [t for t in topics if t.kind == Topic.Kind.YEAR and t.start_year <= today.year]
    candidates = yearly or topics
    return max(candidates, key=lambda t: (t.start_year, t.kind == Topic.Kind.YEAR, t.pk), default=None)
