"""Who may do what with reports (the form of every app's rules: lamtheo.accounts.rules): the documents' drafting
rule decides who writes, issues and sends a unit's report; the level above (the same rule at the receiving unit)
accepts or returns it."""

from lamtheo.accounts.rules import declare, runs_unit, staff_at

declare("reports.draft", runs_unit)
# Accept or return the reports sent to a unit, and set their due dates (the target is the receiving unit).
declare("reports.decide", runs_unit)
# See the reports received by a unit (any staff role covering it).
declare("reports.follow", staff_at)
