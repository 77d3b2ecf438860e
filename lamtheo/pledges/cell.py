"""The secretary's follow-up of one chi bộ for one year: who is missing, late, waiting for review, returned,
accepted. A fixed number of queries whatever the number of people: the people, their registrations of the year,
their current positions, the deadline, the chi bộ's own secretaries (whose registrations the committee reviews).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from lamtheo.people.models import Person, Position
from lamtheo.pledges.models import Pledge, RegistrationDeadline
from lamtheo.pledges.rules import (
    cell_leader_ids,
    cell_reviews_at,
    committee_reviews_at,
)

Status = Pledge.Status


class Group:
    """The sections of the page, in the order the secretary works through them."""

    WAITING = "waiting"  # submitted, to review
    RETURNED = "returned"
    MISSING = "missing"  # no registration at all
    DRAFT = "draft"  # started, not submitted
    ACCEPTED = "accepted"  # accepted, in progress during the year
    SELF_ASSESSED = "self_assessed"  # to rate
    DONE = "done"  # rated or locked

    ORDER = (WAITING, SELF_ASSESSED, RETURNED, MISSING, DRAFT, ACCEPTED, DONE)


_GROUP_OF_STATUS = {
    Status.DRAFT: Group.DRAFT,
    Status.SUBMITTED: Group.WAITING,
    Status.RETURNED: Group.RETURNED,
    Status.ACCEPTED: Group.ACCEPTED,
    Status.SELF_ASSESSED: Group.SELF_ASSESSED,
    Status.RATED: Group.DONE,
    Status.LOCKED: Group.DONE,
}


@dataclass
class Row:
    person: Person
    pledge: Pledge | None
    is_key_cadre: bool
    by_committee: bool  # the committee above reviews this registration (the person leads the chi bộ)
    late: bool
    can_review: bool = False  # set for the user looking at the page (mark_review_rights)

    @property
    def group(self) -> str:
        return Group.MISSING if self.pledge is None else _GROUP_OF_STATUS[self.pledge.status]


@dataclass
class CellOverview:
    unit: object
    year: int
    today: datetime.date
    deadline: RegistrationDeadline | None
    rows: list[Row]
    groups: dict[str, list[Row]] = field(default_factory=dict)

    def __post_init__(self):
        self.groups = {group: [] for group in Group.ORDER}
        for row in self.rows:
            self.groups[row.group].append(row)

    @property
    def due_date(self) -> datetime.date | None:
        return self.deadline.due_date if self.deadline else None

    @property
    def people(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.pledge is not None and row.pledge.is_registered)

    @property
    def not_submitted(self) -> list[Row]:
        return [row for row in self.rows if row.pledge is None or not row.pledge.is_registered]

    @property
    def late(self) -> int:
        return sum(row.late for row in self.rows)

    def count(self, group: str) -> int:
        return len(self.groups[group])


def cell_overview(unit, year: int, *, today: datetime.date, people=None) -> CellOverview:
    """Everyone active in `unit` today (or only `people`, ids), with their registration for `year` and where it
    stands."""
    deadline = RegistrationDeadline.objects.for_unit(unit, year)
    due = deadline.due_date if deadline else None
    key_positions = Position.objects.key_cadres().only("pk", "person_id", "kind")
    queryset = Person.objects.filter(unit=unit)
    if people is not None:
        queryset = queryset.filter(pk__in=people)
    people = list(
        queryset.active()
        .sorted()
        .only("pk", "full_name", "party_status", "unit_id", "sort_key", "email", "phone", "job_title")
        .prefetch_related(Prefetch("positions", queryset=key_positions, to_attr="key_positions"))
    )
    ids = [person.pk for person in people]
    pledges = {
        pledge.person_id: pledge
        for pledge in Pledge.objects.filter(person__in=ids, year=year).only(
            "pk",
            "person_id",
            "unit_id",
            "year",
            "status",
            "version",
            "first_submitted_at",
            "submitted_at",
            "unchanged_from_copy",
            "copied_from_id",
            "published",
            "result_level",
        )
    }
    leaders = cell_leader_ids(unit, ids) if not unit.is_committee else set(ids)
    rows = []
    for person in people:
        pledge = pledges.get(person.pk)
        late = pledge.is_late(due, today) if pledge is not None else (due is not None and today > due)
        rows.append(
            Row(
                person=person,
                pledge=pledge,
                is_key_cadre=bool(person.key_positions),
                by_committee=person.pk in leaders,
                late=late,
            )
        )
    return CellOverview(unit=unit, year=year, today=today, deadline=deadline, rows=rows)


def mark_review_rights(overview: CellOverview, user) -> list[Row]:
    """Mark each row with whether `user` may review it: two role checks for the whole page, none per row."""
    cell_reviewer = cell_reviews_at(user, overview.unit)
    committee_reviewer = committee_reviews_at(user, overview.unit)
    for row in overview.rows:
        own = bool(user.person_id) and user.person_id == row.person.pk
        row.can_review = not own and (committee_reviewer if row.by_committee else cell_reviewer)
    return overview.rows
