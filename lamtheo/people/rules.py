"""Who may do what with people (the form of every app's rules: lamtheo.accounts.rules)."""

from lamtheo.accounts.rules import declare, is_superuser, people_editor_at

# Add, edit and transfer the people of a unit (the target is the unit). A superuser, who enters the admin with no
# role and sees everyone there, may too (lamtheo.units.rules, "units.edit").
declare("people.edit", is_superuser | people_editor_at)
