"""Who may do what with units (the form of every app's rules: lamtheo.accounts.rules)."""

import rules
from django.db.models import Q

from lamtheo.accounts.models import Role
from lamtheo.accounts.rules import declare, is_superuser, staff_at, system_admin_at
from lamtheo.accounts.scoping import get_scope


@rules.predicate
def member_of(user, unit) -> bool:
    """`user` is a plain member of the unit (their own chi bộ's page)."""
    return unit.pk in get_scope(user).member_unit_ids


# See a unit's page: a staff role covering it, or a member's own unit.
declare("units.see", staff_at | member_of)
# Follow a unit: its tree, its figures, the lists about everyone in it (any staff role covering it).
declare("units.follow", staff_at)
# Edit a unit's own fields, or add a unit below it (the target; None for a new tree, which only a superuser
# starts). The admin's work: a superuser, who enters the admin and sees every unit there with no role, may do it
# everywhere, as a system admin may in their subtree.
declare("units.edit", is_superuser | system_admin_at)
# Rename, merge and split units.
declare("units.restructure", is_superuser | system_admin_at)


def restructurable_units_q(user) -> Q:
    """Units (as a filter on Unit) that `user` may restructure: the rule "units.restructure", in SQL."""
    return get_scope(user).subtree_q("path", roles=(Role.SYSTEM_ADMIN,))
