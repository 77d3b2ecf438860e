"""Writes on people: every one atomic and audited. Views, the API, imports and the demo call these; those a person
starts check their rule first (lamtheo.people.rules: PermissionDenied with the reason)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Role, RoleAssignment
from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.lib import vn
from lamtheo.lib.concurrency import save_versioned
from lamtheo.people.models import Membership, Person, Position
from lamtheo.pledges.models import Pledge
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
    require(actor, "people.edit", person.unit)
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
    require(actor, "people.edit", person.unit)
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


# Leaving a unit -----------------------------------------------------------------------------------------------
#
# A role at a unit (cell secretary, committee leader, staff, admin) is granted to an account because its person
# belongs to or holds office in that unit: it shows and lets one write the whole subtree. When the person moves
# out, keeping it would let a former bí thư go on reading and writing the chi bộ they left. So on a transfer every
# role held at the unit left or at a unit inside it ends on the transfer date, in the transaction of the transfer,
# with a history row on the person; the roles held elsewhere (a staff role at the committee above, a role at
# another committee) are not tied to the stay and remain. A move down into a unit inside the old one leaves
# nothing, so nothing ends. Roles have no dates: an ended role is removed from the account (that is what grants
# access) and its history is the audit row; an administrator may grant it again. Positions follow the same rule.
#
# An open registration (not yet rated by the chi bộ) follows the person: DOMAIN §1.3 and §6 say the chi bộ the
# member belongs to reviews, follows and at year end remarks on and rates the registration, and the figures already
# count a person under the unit they are in now. Left behind, it would be reviewable only by the chi bộ the person
# left and invisible to the new one. A registration already rated (or locked) is the old chi bộ's record of that
# year and stays where it was rated. A registration published to a unit the person leaves is withdrawn from it:
# publication is a leader's commitment to the unit they lead (seed 004), which they no longer do.


def _left_behind(unit, from_unit, to_unit) -> bool:
    """Whether moving from `from_unit` to `to_unit` leaves `unit`: it lies in `from_unit`'s subtree, and the move
    goes out of that subtree (a move down into one of its own units leaves nothing)."""
    return unit.path.startswith(from_unit.path) and not to_unit.path.startswith(from_unit.path)


@dataclass
class Departure:
    """What a person's move from `from_unit` to `to_unit` ends or carries along."""

    person: Person
    from_unit: Unit
    to_unit: Unit
    roles: list[RoleAssignment] = field(default_factory=list)  # end
    kept_roles: list[RoleAssignment] = field(default_factory=list)  # held elsewhere, remain
    positions: list[Position] = field(default_factory=list)  # end
    pledges: list[Pledge] = field(default_factory=list)  # open registrations that follow the person
    withdrawn: list[Pledge] = field(default_factory=list)  # of those, published to a unit left behind

    def role_sentences(self, *, done: bool = False) -> list[str]:
        """`Ông/bà X sẽ thôi vai trò ... tại ...` (or `đã thôi` once done), one sentence per role."""
        if done:
            text = _("Ông/bà %(name)s đã thôi vai trò %(role)s tại %(unit)s.")
        else:
            text = _("Ông/bà %(name)s sẽ thôi vai trò %(role)s tại %(unit)s.")
        return [
            text % {"name": self.person.full_name, "role": a.get_role_display(), "unit": a.unit.name}
            for a in self.roles
        ]

    def kept_role_sentences(self) -> list[str]:
        return [
            _("Ông/bà %(name)s vẫn giữ vai trò %(role)s tại %(unit)s.")
            % {"name": self.person.full_name, "role": a.get_role_display(), "unit": a.unit.name}
            for a in self.kept_roles
        ]

    def position_sentences(self) -> list[str]:
        return [
            _("Ông/bà %(name)s sẽ thôi chức vụ %(position)s tại %(unit)s.")
            % {"name": self.person.full_name, "position": p.get_kind_display(), "unit": p.unit.name}
            for p in self.positions
        ]

    def pledge_sentences(self) -> list[str]:
        sentences = []
        for pledge in self.pledges:
            if pledge in self.withdrawn:
                text = _(
                    "Bản đăng ký năm %(year)s (%(status)s) chuyển theo về %(unit)s để chi bộ mới theo dõi, nhận xét; "
                    "bản đăng ký thôi công khai tại %(published_to)s."
                )
            else:
                text = _(
                    "Bản đăng ký năm %(year)s (%(status)s) chuyển theo về %(unit)s để chi bộ mới theo dõi, nhận xét."
                )
            sentences.append(
                text
                % {
                    "year": pledge.year,
                    "status": pledge.get_status_display(),
                    "unit": self.to_unit.name,
                    "published_to": pledge.published_to.name if pledge.published_to else "",
                }
            )
        return sentences


def plan_departures(moves: list[tuple[Person, Unit, Unit]]) -> list[Departure]:
    """For each `(person, from_unit, to_unit)`: the roles and positions that end, the registrations that follow.

    Three queries whatever the number of people.
    """
    departures = {person.pk: Departure(person, from_unit, to_unit) for person, from_unit, to_unit in moves}
    ids = list(departures)
    roles = (
        RoleAssignment.objects.filter(user__person__in=ids)
        .exclude(role=Role.MEMBER)  # the member's own role follows them (move_stays)
        .select_related("unit", "user")
        .order_by("unit__path", "role")
    )
    for assignment in roles:
        departure = departures[assignment.user.person_id]
        if _left_behind(assignment.unit, departure.from_unit, departure.to_unit):
            departure.roles.append(assignment)
        else:
            departure.kept_roles.append(assignment)
    positions = Position.objects.filter(person__in=ids, end_date__isnull=True).select_related("unit")
    for position in positions.order_by("unit__path", "kind"):
        departure = departures[position.person_id]
        if _left_behind(position.unit, departure.from_unit, departure.to_unit):
            departure.positions.append(position)
    pledges = (
        Pledge.objects.filter(person__in=ids)
        .exclude(status__in=Pledge.RATED_STATES)
        .select_related("unit", "published_to")
        .order_by("year")
    )
    for pledge in pledges:
        departure = departures[pledge.person_id]
        if pledge.unit_id == departure.to_unit.pk:
            continue
        departure.pledges.append(pledge)
        if pledge.published_to and _left_behind(pledge.published_to, departure.from_unit, departure.to_unit):
            departure.withdrawn.append(pledge)
    return list(departures.values())


def leave_units(moves: list[tuple[Person, Unit, Unit]], *, actor, date: datetime.date, note: str = ""):
    """End what the people in `moves` held in the units they leave, and carry their open registrations along.

    Called inside the transaction of a transfer (transfer_person, the people import), after the stays moved.
    A fixed number of queries per destination unit. Returns the departures (what ended, what followed).
    """
    departures = plan_departures(moves)
    events, now = [], timezone.now()
    ended_roles = [a for d in departures for a in d.roles]
    if ended_roles:
        RoleAssignment.objects.filter(pk__in=[a.pk for a in ended_roles]).delete()
    ended_positions = [p.pk for d in departures for p in d.positions]
    if ended_positions:
        Position.objects.filter(pk__in=ended_positions).update(end_date=date)
    following = defaultdict(list)
    for departure in departures:
        for assignment in departure.roles:
            events.append(
                audit.build(
                    departure.person,
                    "person.role_end",
                    actor=actor,
                    changes={"role": [str(assignment), None]},
                    unit=assignment.unit,
                    note=note,
                )
            )
        for pledge in departure.pledges:
            following[departure.to_unit].append(pledge)
            changes = {"unit": [str(pledge.unit), str(departure.to_unit)]}
            if pledge in departure.withdrawn:
                changes["published_to"] = [str(pledge.published_to), None]
            events.append(
                audit.build(pledge, "pledge.transfer", actor=actor, changes=changes, unit=departure.to_unit)
            )
    for to_unit, pledges in following.items():
        Pledge.objects.filter(pk__in=[p.pk for p in pledges]).update(
            unit=to_unit, version=F("version") + 1, updated_at=now
        )
    withdrawn = [p.pk for d in departures for p in d.withdrawn]
    if withdrawn:
        Pledge.objects.filter(pk__in=withdrawn).update(published=False, published_to=None, published_at=None)
    if events:
        audit.record_many(events)
    return departures


def check_transfer(person: Person, to_unit, date: datetime.date) -> None:
    """Raise ValidationError, by field, if `person` cannot move to `to_unit` on `date`."""
    if to_unit.pk == person.unit_id:
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


def plan_transfer(person: Person, to_unit) -> Departure:
    """What transfer_person would end and carry along, for the confirmation page."""
    return plan_departures([(person, person.unit, to_unit)])[0]


@transaction.atomic
def transfer_person(person: Person, to_unit, *, actor, date: datetime.date, note: str = "") -> Departure:
    """Chuyển sinh hoạt: the person's stay in the old unit ends on `date`, the new one starts.

    The roles and positions held in the unit left end on `date` and the open registrations follow (leave_units).
    Returns what ended and what followed.
    """
    require(actor, "people.edit", person.unit)
    from_unit = person.unit
    check_transfer(person, to_unit, date)
    move_stays([person], to_unit, date=date, reason=Membership.Reason.TRANSFER, note=note)
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
    return leave_units([(person, from_unit, to_unit)], actor=actor, date=date, note=note)[0]


@transaction.atomic
def move_people(people, to_unit, *, actor, date: datetime.date, note: str) -> int:
    """Move everyone in `people` to `to_unit` because their unit was restructured (a merge, a split); returns how
    many. What they held in the unit left ends and their open registrations follow, as in a transfer (leave_units).

    A fixed number of queries whatever the number of people.
    """
    people = list(people)
    if not people:
        return 0
    from_units = Unit.objects.in_bulk({p.unit_id for p in people})
    moves = [(p, from_units[p.unit_id], to_unit) for p in people]
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
    # As in a transfer: the roles and offices held in the unit closed end (the merged unit elects its own), the
    # open registrations follow.
    leave_units(moves, actor=actor, date=date, note=note)
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
