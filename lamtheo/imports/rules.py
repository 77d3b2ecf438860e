"""Who may import people and units (the form of every app's rules: lamtheo.accounts.rules): the people's editors
(lamtheo.people.rules), at the unit imported into or above."""

from lamtheo.accounts.rules import PEOPLE_EDITOR_ROLES, declare, people_editor_at, role_anywhere
from lamtheo.accounts.scoping import get_scope

# Open the import page (the unit is chosen on it).
declare("imports.start", role_anywhere(*PEOPLE_EDITOR_ROLES, name="people_editor_anywhere"))
# Import into a unit, and follow that import (the target is the unit).
declare("imports.import", people_editor_at)


def importer_assignments(user):
    """The user's role assignments that may import: where their imports usually go."""
    return [a for a in get_scope(user).assignments if a.role in PEOPLE_EDITOR_ROLES]
