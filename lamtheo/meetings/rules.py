"""Who may do what with meetings (the form of every app's rules: lamtheo.accounts.rules).

Planning, holding and recording a unit's meetings (and its schedules, minutes and conclusions) is for the same
people who record its study sessions: the committee's staff, leaders and system admins in their subtree, and a
cell secretary in their own chi bộ (and its tổ đảng). The figures are for any staff role covering the unit.
"""

import rules

from lamtheo.accounts.rules import declare, runs_unit, staff_at


@rules.predicate
def answers_for(user, assignment) -> bool:
    """The host of the assignment's meeting, or the unit it was given to (a giao ban's conclusion, reported done
    by the chi bộ)."""
    return runs_unit.test(user, assignment.meeting.unit) or bool(
        assignment.assignee_unit and runs_unit.test(user, assignment.assignee_unit)
    )


declare("meetings.manage", runs_unit)
declare("meetings.see_figures", staff_at)
declare("meetings.mark_done", answers_for)
