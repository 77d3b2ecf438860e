"""Who may do what with study sessions (the form of every app's rules: lamtheo.accounts.rules).

Seeing a session is `StudySession.objects.visible_to`. Recording sessions and attendance is for the committee's
staff, leaders and system admins in their subtree, and for a cell secretary in their own chi bộ (and its tổ đảng).
The figures (coverage, printed lists) are for anyone whose staff role covers the unit; a member sees only their
own attendance.
"""

from lamtheo.accounts.rules import declare, runs_unit, staff_at

declare("study.record", runs_unit)
declare("study.see_figures", staff_at)
