"""Who may do what with topics (the form of every app's rules: lamtheo.accounts.rules): the committee's system
admins, staff and leaders issue and edit the topics of a committee, at it or above."""

from lamtheo.accounts.rules import COMMITTEE_ROLES, committee_at, declare
from lamtheo.accounts.scoping import get_scope

declare("topics.issue", committee_at)


def issuing_units(user):
    """The active committees `user` may issue topics for: the rule "topics.issue", in SQL."""
    from lamtheo.units.models import Unit

    scope = get_scope(user)
    return (
        Unit.objects.filter(scope.subtree_q("path", roles=COMMITTEE_ROLES), kind__in=Unit.COMMITTEE_KINDS)
        .active()
        .sorted()
    )


def issuer_paths(user) -> list[str]:
    """The committees where the user's issuing role sits (not every unit below them)."""
    return get_scope(user).paths_with(*COMMITTEE_ROLES)
