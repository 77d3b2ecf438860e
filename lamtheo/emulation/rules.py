"""Who may do what with emulation drives (the form of every app's rules: lamtheo.accounts.rules): the committee
launches and concludes its drive; the people who run a unit's work score its participants (a chi bộ its members,
the committee the units below it)."""

from lamtheo.accounts.rules import committee_at, declare, runs_unit

# Launch a drive at a unit, and conclude it.
declare("emulation.manage", committee_at | runs_unit)
# Score the participants of a unit (the unit given).
declare("emulation.score", runs_unit)
