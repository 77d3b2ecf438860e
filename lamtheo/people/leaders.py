"""Who leads a unit, in the committee's meaning: one answer for the registrations, the meetings and the reminders.

The leaders of a unit on a day are its secretary and deputy secretaries by position on that day
(`Position.LEADING_KINDS`), and whoever holds a leader's role (`LEADER_ROLES`: a cell secretary, a committee
leader) at the unit itself through an active account, since the committee gives that role to the person who leads
the unit. A role held higher up makes someone a leader of the unit above, not of this one; a closed account leads
nothing. A fixed number of queries, whatever the number of units.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from lamtheo.accounts.models import RoleAssignment, User
from lamtheo.accounts.rules import LEADER_ROLES
from lamtheo.people.models import Position


def _positions(unit_ids, date: datetime.date):
    return (
        Position.objects.filter(unit__in=unit_ids, kind__in=Position.LEADING_KINDS)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=date))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
    )


def _accounts(unit_ids):
    return RoleAssignment.objects.filter(unit__in=unit_ids, role__in=LEADER_ROLES, user__is_active=True)


def leaders_of(unit_ids, date: datetime.date | None = None) -> dict[int, set[int]]:
    """The people (ids) who lead each of `unit_ids` on `date` (today by default)."""
    date = date or timezone.localdate()
    found: dict[int, set[int]] = {pk: set() for pk in unit_ids}
    held = _positions(unit_ids, date).order_by().values_list("unit_id", "person_id")
    by_account = (
        _accounts(unit_ids)
        .filter(user__person__isnull=False)
        .order_by()
        .values_list("unit_id", "user__person")
    )
    for unit_id, person_id in held.union(by_account):
        found[unit_id].add(person_id)
    return found


def leader_accounts(unit_ids, date: datetime.date | None = None) -> dict[int, list[User]]:
    """The active accounts through which the leaders of each of `unit_ids` are reached (a reminder): the accounts
    holding a leader's role at the unit, then those of the people leading it by position. In a stable order."""
    date = date or timezone.localdate()
    found: dict[int, list[User]] = defaultdict(list)
    by_role = [(row.unit_id, row.user) for row in _accounts(unit_ids).select_related("user").order_by("pk")]
    units_held = defaultdict(list)
    for person_id, unit_id in _positions(unit_ids, date).order_by("pk").values_list("person_id", "unit_id"):
        units_held[person_id].append(unit_id)
    by_position = [
        (unit_id, user)
        for user in User.objects.filter(person__in=units_held, is_active=True).order_by("pk")
        for unit_id in units_held[user.person_id]
    ]
    for unit_id, user in [*by_role, *by_position]:
        if user not in found[unit_id]:
            found[unit_id].append(user)
    return found


def secretary_name(unit) -> str:
    """The name of the unit's secretary today (who signs for a chi bộ), or "" when none is recorded."""
    position = (
        Position.objects.filter(unit=unit, kind=Position.Kind.SECRETARY, end_date__isnull=True)
        .select_related("person")
        .first()
    )
    return position.person.full_name if position else ""
