"""Who may do what with documents (the form of every app's rules: lamtheo.accounts.rules).

Seeing a document is `Document.objects.visible_to`; these rules decide what a person who sees it may change.
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.models import Role
from lamtheo.accounts.rules import COMMITTEE_ROLES, committee_at, declare, runs_unit
from lamtheo.accounts.scoping import get_scope
from lamtheo.units.models import Unit

# Who acknowledges a document received by a unit: any staff role there or above.
RECEIVER_ROLES = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER, Role.CELL_SECRETARY)


@rules.predicate
def receives(user, distribution) -> bool:
    return get_scope(user).has_role(distribution.unit, *RECEIVER_ROLES)


@rules.predicate
def is_asked(user, response) -> bool:
    return bool(user is not None and user.pk and response.user_id == user.pk)


# Draft, edit, consult on, issue and recall the documents of a unit (at a committee: its people at it or above;
# in a chi bộ and its tổ đảng: also its cell secretary).
declare("documents.draft", runs_unit)
# Configure a unit's issuer profile and terms.
declare("documents.configure", committee_at)
# Acknowledge a document received by a unit (the target is the distribution).
declare("documents.acknowledge", receives)
# Answer a consultation on a draft (the target is the response asked of the user).
declare("documents.respond", is_asked, _("Chỉ người được xin ý kiến mới trả lời được."))


def drafting_units_q(user) -> Q:
    """Units (as a filter on Unit) for which `user` may draft: the rule "documents.draft", in SQL."""
    scope = get_scope(user)
    return scope.subtree_q("path", roles=COMMITTEE_ROLES) | (
        scope.subtree_q("path", roles=(Role.CELL_SECRETARY,)) & Q(kind__in=Unit.CELL_AND_GROUP_KINDS)
    )


def own_drafting_unit_ids(user) -> list[int]:
    """The units the user's drafting roles are assigned at: where they usually draft and configure."""
    scope = get_scope(user)
    ids = []
    for assignment in scope.assignments:
        if assignment.role in COMMITTEE_ROLES or (
            assignment.role == Role.CELL_SECRETARY and assignment.unit.kind in Unit.CELL_AND_GROUP_KINDS
        ):
            ids.append(assignment.unit_id)
    return list(dict.fromkeys(ids))
