"""Who may do what with exemplars (the form of every app's rules: lamtheo.accounts.rules): the people who run a
unit's work nominate from it and correct a returned nomination; the committee of the level above verifies,
recognises and forwards; the person (or the unit for them) says whether the exemplar may be made public."""

import rules

from lamtheo.accounts.rules import committee_at, declare, runs_unit


@rules.predicate
def runs_nominating_unit(user, exemplar) -> bool:
    return runs_unit.test(user, exemplar.unit)


@rules.predicate
def committee_of_verifier(user, exemplar) -> bool:
    return committee_at.test(user, exemplar.verifier)


@rules.predicate
def is_the_person(user, exemplar) -> bool:
    person_id = getattr(user, "person_id", None)
    return person_id is not None and exemplar.person_id == person_id


# Nominate a person or a collective of the unit.
declare("exemplars.nominate", runs_unit)
# Correct a nomination and send it again.
declare("exemplars.edit", runs_nominating_unit)
# Verify (accept or return), recognise, forward to the next level.
declare("exemplars.verify", committee_of_verifier)
# Agree (or not) that the exemplar is made public.
declare("exemplars.consent", is_the_person | runs_nominating_unit)
# Hold an exchange (giao lưu điển hình) at the unit presenting chosen recognised exemplars.
declare("exemplars.exchange", runs_unit)
# Record a collective's good deed in the unit's book.
declare("exemplars.record_deed", runs_unit)
