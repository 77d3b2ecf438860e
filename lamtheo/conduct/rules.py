"""Who may do what with codes of conduct (the form of every app's rules: lamtheo.accounts.rules): a unit's cell
secretary, or committee staff, leader or system admin at the unit or above, writes and adopts its code."""

import rules

from lamtheo.accounts.rules import declare, staff_at


@rules.predicate
def expects_code(user, unit) -> bool:
    """The unit is one that adopts a code (every committee and chi bộ, open)."""
    from lamtheo.conduct.models import EXPECTED_KINDS

    return unit.kind in EXPECTED_KINDS and unit.is_active


# Edit, adopt, retire a unit's codes and link them to a meeting.
declare("conduct.edit", staff_at)
# Start a new code (or a new version) for a unit.
declare("conduct.draft", staff_at & expects_code)
