"""Who may do what with units (the form of every app's rules: lamtheo.accounts.rules)."""

import rules
from django.db.models import Q

from lamtheo.accounts.models import Role
from lamtheo.accounts.rules import declare, staff_at, system_admin_at
from lamtheo.accounts.scoping import get_scope


@rules.predicate
def member_of(user, unit) -> bool:
    """`user` is a plain member of the unit (their own chi bộ's page)."""
    return unit.pk in get_scope(user).member_unit_ids


# See a unit's page: a staff role covering it, or a member's own unit.
declare("units.see", staff_at | member_of)
# Follow a unit: its tree, its figures, the lists about everyone in it (any staff role covering it).
declare("units.follow", staff_at)
# Rename, merge and split units.
declare("units.restructure", system_admin_at)


def restructurable_units_q(user) -> Q:
    """Units (as a filter on Unit) that `user` may restructure: the rule "units.restructure", in SQL."""
    return get_scope(user).subtree_q("path", roles=(Role.SYSTEM_ADMIN,))
