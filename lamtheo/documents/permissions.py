"""Who may do what with documents. Each rule reads the one scope (lamtheo.accounts.scoping).

Seeing a document is `Document.objects.visible_to`; these rules decide what a person who sees it may change.
A role applies at the unit it is assigned to and at every unit below it.
"""

from django.db.models import Q

from lamtheo.accounts.models import Role
from lamtheo.accounts.scoping import get_scope
from lamtheo.units.models import Unit

# Who drafts, edits, consults on and issues the documents of a committee (at that committee or above).
DOCUMENT_EDITORS = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
# A cell secretary does the same for their own chi bộ (and its tổ đảng), not for a committee.
CELL_KINDS = (Unit.Kind.CELL, Unit.Kind.GRASSROOTS_CELL, Unit.Kind.GROUP)
# Who configures a unit's issuer profile and terms.
ISSUER_ADMINS = DOCUMENT_EDITORS
# Who acknowledges a document received by a unit: any role there or above, except a plain member.
RECEIVERS = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER, Role.CELL_SECRETARY)


def may_draft(user, unit: Unit) -> bool:
    scope = get_scope(user)
    if scope.has_role(unit, *DOCUMENT_EDITORS):
        return True
    return unit.kind in CELL_KINDS and scope.has_role(unit, Role.CELL_SECRETARY)


def may_configure(user, unit: Unit) -> bool:
    return get_scope(user).has_role(unit, *ISSUER_ADMINS)


def may_acknowledge(user, distribution) -> bool:
    return get_scope(user).has_role(distribution.unit, *RECEIVERS)


def drafting_units_q(user) -> Q:
    """Units (as a filter on Unit) for which `user` may draft: the same rule as `may_draft`, in SQL."""
    scope = get_scope(user)
    return scope.subtree_q("path", roles=DOCUMENT_EDITORS) | (
        scope.subtree_q("path", roles=(Role.CELL_SECRETARY,)) & Q(kind__in=CELL_KINDS)
    )


def own_drafting_unit_ids(user) -> list[int]:
    """The units the user's editing roles are assigned at: where they usually draft and configure."""
    scope = get_scope(user)
    ids = []
    for assignment in scope.assignments:
        if assignment.role in DOCUMENT_EDITORS or (
            assignment.role == Role.CELL_SECRETARY and assignment.unit.kind in CELL_KINDS
        ):
            ids.append(assignment.unit_id)
    return list(dict.fromkeys(ids))
