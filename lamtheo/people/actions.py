"""Writes on people: every one atomic and audited. Views, the API, imports and the demo call these."""

import datetime

from django.db import transaction
from django.utils import timezone

from lamtheo.audit import actions as audit
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Membership, Person, Position

# Fields that describe a person; the ones an edit form or an import may change.
PERSON_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "national_id",
    "phone",
    "email",
    "job_title",
    "party_status",
    "party_card_number",
    "date_joined_party",
    "date_official",
    "status",
]


@transaction.atomic
def create_person(person: Person, *, actor, start_date: datetime.date | None = None) -> Person:
    person.full_clean()
    person.save()
    Membership.objects.create(person=person, unit=person.unit, start_date=start_date)
    audit.record(
        person, "person.create", actor=actor, changes=audit.diff({}, audit.snapshot(person, PERSON_FIELDS))
    )
    return person


@transaction.atomic
def update_person(person: Person, *, actor, expected_version: int) -> Person:
    """Save the edited `person`; raises ConflictError if someone saved it since `expected_version`."""
    person.full_clean(exclude=["unit"])
    before = audit.snapshot(Person.objects.get(pk=person.pk), PERSON_FIELDS)
    person.refresh_derived()
    save_versioned(person, expected_version, [*PERSON_FIELDS, "search_text", "sort_key", "updated_at"])
    changes = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
    if changes:
        audit.record(person, "person.update", actor=actor, changes=changes)
    return person


def _move(person: Person, to_unit, *, date, reason: str, note: str = "") -> None:
    Membership.objects.filter(person=person, end_date__isnull=True).update(end_date=date)
    Membership.objects.create(person=person, unit=to_unit, start_date=date, reason=reason, note=note)


@transaction.atomic
def transfer_person(person: Person, to_unit, *, actor, date: datetime.date, note: str = "") -> Person:
    """Chuyển sinh hoạt: the person's stay in the old unit ends on `date`, the new one starts."""
    from_unit = person.unit
    _move(person, to_unit, date=date, reason=Membership.Reason.TRANSFER, note=note)
    Position.objects.filter(person=person, unit=from_unit, end_date__isnull=True).update(end_date=date)
    person.unit = to_unit
    person.updated_at = timezone.now()
    save_versioned(person, person.version, ["unit", "updated_at"])
    audit.record(
        person,
        "person.transfer",
        actor=actor,
        changes={"unit": [str(from_unit), str(to_unit)]},
        unit=to_unit,
        note=note,
    )
    return person


@transaction.atomic
def move_people(people, to_unit, *, actor, date: datetime.date, note: str) -> int:
    """Move everyone in `people` to `to_unit` because their unit was restructured; returns how many."""
    people = list(people)
    for person in people:
        _move(person, to_unit, date=date, reason=Membership.Reason.RESTRUCTURING, note=note)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(unit=to_unit, updated_at=timezone.now())
    audit.record_many(
        [
            audit.build(
                p,
                "person.transfer",
                actor=actor,
                changes={"unit": [str(p.unit), str(to_unit)]},
                unit=to_unit,
                note=note,
            )
            for p in people
        ]
    )
    return len(people)


@transaction.atomic
def set_position(person: Person, unit, kind: str, *, actor, start_date=None, end_date=None) -> Position:
    position = Position.objects.create(
        person=person, unit=unit, kind=kind, start_date=start_date, end_date=end_date
    )
    audit.record(
        person, "person.position", actor=actor, changes={"position": [None, str(position)]}, unit=unit
    )
    return position
