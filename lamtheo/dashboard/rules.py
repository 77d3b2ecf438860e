"""Who sees a unit's dashboard (the form of every app's rules: lamtheo.accounts.rules): anyone whose staff role
covers the unit; for anyone else the unit's dashboard does not exist (404)."""

from lamtheo.accounts.rules import declare, staff_at

declare("dashboard.see", staff_at)
