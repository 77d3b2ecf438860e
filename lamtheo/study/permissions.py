"""Who may do what with study sessions. Each rule reads the one scope (lamtheo.accounts.scoping).

Seeing a session is `StudySession.objects.visible_to`. Recording sessions and attendance is for the committee's
staff, leaders and system admins in their subtree, and for a cell secretary in their own chi bộ (and its tổ đảng).
The figures (coverage, printed lists) are for anyone whose staff role covers the unit; a member sees only their
own attendance.
"""

from lamtheo.accounts.models import Role
from lamtheo.accounts.scoping import get_scope
from lamtheo.units.models import Unit

STUDY_RECORDERS = (Role.SYSTEM_ADMIN, Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER)
CELL_KINDS = (Unit.Kind.CELL, Unit.Kind.GRASSROOTS_CELL, Unit.Kind.GROUP)


def may_record(user, unit: Unit) -> bool:
    scope = get_scope(user)
    if scope.has_role(unit, *STUDY_RECORDERS):
        return True
    return unit.kind in CELL_KINDS and scope.has_role(unit, Role.CELL_SECRETARY)


def may_see_figures(user, unit: Unit) -> bool:
    """Figures and lists about everyone in the unit: staff roles covering it, not a member's own role."""
    return get_scope(user).covers(unit)
