"""Who may do what with reports: the documents app's drafting rule decides who writes, issues and sends a unit's
report; the level above (the same rule at the receiving unit) accepts or returns it."""

from lamtheo.accounts.scoping import get_scope
from lamtheo.documents import permissions as documents


def may_draft(user, unit) -> bool:
    return documents.may_draft(user, unit)


def may_decide(user, to_unit) -> bool:
    """Accept or return the reports sent to `to_unit`, and set their due dates."""
    return documents.may_draft(user, to_unit)


def may_follow(user, unit) -> bool:
    """See the reports received by `unit` (any staff role covering it)."""
    return get_scope(user).covers(unit)


def drafting_units_q(user):
    return documents.drafting_units_q(user)
