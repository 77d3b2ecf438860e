"""Writes on people: every one atomic and audited. Views, the API, imports and the demo call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, RoleAssignment
from lamtheo.audit import actions as audit
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Membership, Person, Position
from lamtheo.units.models import Unit

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
    if not person.unit.is_active:
        raise ValidationError({"unit": _("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": person.unit}})
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
    person.updated_at = timezone.now()
    save_versioned(person, expected_version, [*PERSON_FIELDS, "search_text", "sort_key", "updated_at"])
    changes = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
    if changes:
        audit.record(person, "person.update", actor=actor, changes=changes)
    return person


def _member_roles_follow(person_ids, to_unit) -> None:
    """A member's self-only role sits at the unit they belong to, so it moves with them."""
    stale = RoleAssignment.objects.filter(role=Role.MEMBER, user__person__in=person_ids).exclude(unit=to_unit)
    user_ids = set(stale.values_list("user_id", flat=True))
    if not user_ids:
        return
    RoleAssignment.objects.filter(role=Role.MEMBER, user_id__in=user_ids).exclude(unit=to_unit).delete()
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user_id=user_id, role=Role.MEMBER, unit=to_unit) for user_id in user_ids],
        ignore_conflicts=True,
    )


def move_stays(people: list[Person], to_unit, *, date, reason: str, note: str = "") -> None:
    """Close the current stays of `people` on `date` and open their stays in `to_unit`, in bulk.

    Only the stays (and a member's own role): callers also move `Person.unit`, end positions and audit.
    """
    ids = [p.pk for p in people]
    Membership.objects.filter(person__in=ids, end_date__isnull=True).update(end_date=date)
    Membership.objects.bulk_create(
        [Membership(person=p, unit=to_unit, start_date=date, reason=reason, note=note) for p in people],
        batch_size=2000,
    )
    _member_roles_follow(ids, to_unit)


@transaction.atomic
def transfer_person(person: Person, to_unit, *, actor, date: datetime.date, note: str = "") -> Person:
    """Chuyển sinh hoạt: the person's stay in the old unit ends on `date`, the new one starts."""
    from_unit = person.unit
    if to_unit.pk == from_unit.pk:
        raise ValidationError({"to_unit": _("Người này đang sinh hoạt tại %(unit)s.") % {"unit": to_unit}})
    if not to_unit.is_active:
        raise ValidationError({"to_unit": _("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": to_unit}})
    current = Membership.objects.filter(person=person, end_date__isnull=True, start_date__gt=date).first()
    if current is not None:
        raise ValidationError(
            {
                "date": _(
                    "Ngày chuyển không thể trước ngày bắt đầu sinh hoạt tại đơn vị hiện tại (%(date)s)."
                )
                % {"date": vn.short_date(current.start_date)}
            }
        )
    move_stays([person], to_unit, date=date, reason=Membership.Reason.TRANSFER, note=note)
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
    """Move everyone in `people` to `to_unit` because their unit was restructured; returns how many.

    A fixed number of queries whatever the number of people.
    """
    people = list(people)
    if not people:
        return 0
    from_units = Unit.objects.in_bulk({p.unit_id for p in people})
    move_stays(people, to_unit, date=date, reason=Membership.Reason.RESTRUCTURING, note=note)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(
        unit=to_unit, updated_at=timezone.now(), version=F("version") + 1
    )
    audit.record_many(
        [
            audit.build(
                p,
                "person.transfer",
                actor=actor,
                changes={"unit": [str(from_units[p.unit_id]), str(to_unit)]},
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
