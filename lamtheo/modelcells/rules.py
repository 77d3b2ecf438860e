"""Who may do what with model chi bộ (the form of every app's rules: lamtheo.accounts.rules): a committee declares
the criteria for its subtree, assesses the chi bộ registered and recognises them; the people who run a chi bộ's
work (its secretary, the committees above) register it."""

import rules

from lamtheo.accounts.rules import committee_at, declare, runs_unit


@rules.predicate
def is_committee(user, unit) -> bool:
    return unit.is_committee


# Declare the criteria of a model chi bộ for a year at a committee, assess the chi bộ registered, recognise them.
declare("modelcells.manage", is_committee & committee_at)
# Register a chi bộ for a standard (the chi bộ given).
declare("modelcells.register", runs_unit)
