"""Who may do what with people (the form of every app's rules: lamtheo.accounts.rules)."""

from lamtheo.accounts.rules import declare, people_editor_at

# Add, edit and transfer the people of a unit (the target is the unit).
declare("people.edit", people_editor_at)
