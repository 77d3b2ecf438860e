"""Extra people for the tests that need more than the personas' province (lamtheo/testing.py)."""

import datetime

from lamtheo.people.models import Membership, Person


def make_person(unit, full_name: str, *, membership: bool = False, **fields) -> Person:
    """A full member unless told otherwise; with `membership`, also their current stay in `unit`."""
    defaults = {
        "party_status": Person.PartyStatus.FULL,
        "date_joined_party": datetime.date(2010, 3, 3),
        "date_official": datetime.date(2011, 3, 3),
        "gender": Person.Gender.MALE,
    }
    person = Person.objects.create(unit=unit, full_name=full_name, **{**defaults, **fields})
    if membership:
        Membership.objects.create(person=person, unit=unit, start_date=datetime.date(2015, 1, 1))
    return person
