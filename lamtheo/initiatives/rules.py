"""Who may do what with models and breakthrough tasks (the form of every app's rules: lamtheo.accounts.rules): the
people who run a unit's work launch, change and replicate its initiatives; a team's leader records its monthly
values too."""

import rules

from lamtheo.accounts.rules import declare, runs_unit


@rules.predicate
def leads_team(user, team) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and team.leader_id == person_id


@rules.predicate
def runs_teams_unit(user, team) -> bool:
    return runs_unit.test(user, team.initiative.unit)


# Launch an initiative at a unit, change it, add its teams and goals, replicate it to units below.
declare("initiatives.manage", runs_unit)
# Record a team's monthly values.
declare("initiatives.record", runs_teams_unit | leads_team)
