"""The attendance checklist of a session: who may be ticked, grouped by the unit they belonged to on its date.

Used by the session form, the phone tick view and the printed list. A fixed number of queries whatever the number
of people. A list longer than CHECKLIST_LIMIT is not put on one form (a commune's conference for all its chi bộ
runs to a thousand people): it is ticked unit by unit, from `branches`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from lamtheo.lib.attendance import ATTENDED, Mark, Presence
from lamtheo.people.models import Membership, Person
from lamtheo.study.coverage import studied_people
from lamtheo.study.models import Attendance, StudySession, people_on, stays_on, units_below, units_on
from lamtheo.units.models import Unit

CHECKLIST_LIMIT = 300
# A person not ticked: absent if the list is saved with anyone present (else the list is not taken yet).
NOT_TICKED = Mark(Presence.ABSENT)


@dataclass
class Entry:
    person: Person
    mark: Mark = NOT_TICKED
    recorded: bool = False  # has an attendance row
    unit_then_id: int | None = None  # where the person belonged on the session's date

    @property
    def present(self) -> bool:
        return self.mark.attended

    @property
    def moved(self) -> bool:
        """The person belongs elsewhere today than on the session's date."""
        return self.person.unit_id != self.unit_then_id


@dataclass
class Group:
    unit: Unit
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Checklist:
    unit: Unit
    date: datetime.date
    count: int
    limit: int
    groups: list[Group] = field(default_factory=list)

    @property
    def too_many(self) -> bool:
        return self.count > self.limit

    @property
    def ids(self) -> list[int]:
        return [entry.person.pk for group in self.groups for entry in group.entries]

    @property
    def entries(self) -> list[Entry]:
        return [entry for group in self.groups for entry in group.entries]

    @property
    def present(self) -> int:
        return sum(entry.present for entry in self.entries)

    @property
    def recorded(self) -> bool:
        """Whether the session's attendance has been ticked for anyone on this list."""
        return any(entry.recorded for entry in self.entries)


def candidates(unit: Unit, date: datetime.date, *, session: StudySession | None = None, makeup_topic=None):
    """People who may be ticked at a session of `unit` on `date`. For a make-up session of a topic: only those
    who have not studied it yet (and those already on this session's list)."""
    people = people_on(unit, date)
    if makeup_topic is not None:
        studied = studied_people(makeup_topic)
        if session is not None and session.pk:
            studied = studied.exclude(session=session)
        people = people.exclude(pk__in=studied)
    return people


def build(
    unit: Unit,
    date: datetime.date,
    *,
    session: StudySession | None = None,
    makeup_topic=None,
    marks: dict[int, Mark] | None = None,
    limit: int | None = None,
) -> Checklist:
    """The checklist of `unit`'s subtree on `date`; each entry marked as `marks` (a form posted back) say, else as
    the session recorded it, else not ticked (NOT_TICKED)."""
    people = candidates(unit, date, session=session, makeup_topic=makeup_topic)
    count = people.count()
    checklist = Checklist(unit=unit, date=date, count=count, limit=limit or CHECKLIST_LIMIT)
    if checklist.too_many or not count:
        return checklist
    persons = list(people.select_related("unit").sorted())
    where = units_on(unit, date, [p.pk for p in persons])
    recorded = {}
    if session is not None and session.pk:
        recorded = {
            a.person_id: a
            for a in Attendance.objects.filter(session=session, person__in=[p.pk for p in persons])
        }
    units = Unit.objects.in_bulk({*where.values(), *(p.unit_id for p in persons)})
    groups: dict[int, Group] = {}
    for person in persons:
        then = where.get(person.pk, person.unit_id)
        entry = Entry(person, unit_then_id=then)
        if marks is not None:
            entry.mark = marks.get(person.pk, NOT_TICKED)
        elif person.pk in recorded:
            row = recorded[person.pk]
            entry.mark, entry.recorded = Mark(row.status, row.reason), True
        groups.setdefault(then, Group(units[then])).entries.append(entry)
    checklist.groups = sorted(groups.values(), key=lambda g: (g.unit.path != unit.path, g.unit.sort_key))
    return checklist


@dataclass
class Branch:
    unit: Unit
    people: int
    present: int


def branches(session: StudySession, unit: Unit, user) -> list[Branch]:
    """The units directly below `unit` (inside the session's subtree) with how many may be ticked there and how
    many are ticked present: to tick a long list unit by unit. Four queries."""
    date = session.date
    depth = (unit.depth + 1) * Unit.steplen
    stays = (
        stays_on(unit, date)
        .annotate(branch=Substr("unit__path", 1, depth))
        .order_by()
        .values("branch")
        .annotate(n=Count("person", distinct=True))
    )
    counts = {row["branch"]: row["n"] for row in stays}
    unrecorded = (
        Person.objects.filter(unit__in=units_below(unit))
        .active()
        .filter(~Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .annotate(branch=Substr("unit__path", 1, depth))
        .order_by()
        .values("branch")
        .annotate(n=Count("pk"))
    )
    for row in unrecorded:
        counts[row["branch"]] = counts.get(row["branch"], 0) + row["n"]
    present = (
        Attendance.objects.filter(Q(session=session), status__in=ATTENDED)
        .annotate(branch=Substr("unit__path", 1, depth))
        .order_by()
        .values("branch")
        .annotate(n=Count("pk"))
    )
    present_counts = {row["branch"]: row["n"] for row in present}
    children = Unit.objects.children_of(unit).visible_to(user).sorted()
    return [
        Branch(child, counts.get(child.path, 0), present_counts.get(child.path, 0))
        for child in children
        if counts.get(child.path) or present_counts.get(child.path)
    ]
