"""Who leads a unit (lamtheo/people/leaders.py): one meaning for the registrations, the meetings and the reminders."""

import datetime

import pytest

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.leaders import leader_accounts, leaders_of
from lamtheo.people.models import Person, Position
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def person(name):
    return Person.objects.get(full_name=name)


def test_a_leaders_role_at_the_unit_itself_makes_a_leader(secretary):
    assert leaders_of([unit("LB-01").pk], DAY) == {unit("LB-01").pk: {person("Lê Văn Tám").pk}}


def test_a_position_held_on_the_day_makes_a_leader(secretary):
    ngoc = person("Nguyễn Thị Kim Ngọc")
    Position.objects.create(
        person=ngoc,
        unit=unit("LB-01"),
        kind=Position.Kind.DEPUTY_SECRETARY,
        start_date=datetime.date(2026, 3, 1),
    )
    Position.objects.create(
        person=person("Trần Thị Ánh"), unit=unit("LB-01"), kind=Position.Kind.SECRETARY,
        end_date=datetime.date(2026, 1, 31),
    )  # fmt: skip
    assert leaders_of([unit("LB-01").pk], DAY)[unit("LB-01").pk] == {person("Lê Văn Tám").pk, ngoc.pk}
    assert leaders_of([unit("LB-01").pk], datetime.date(2026, 2, 28))[unit("LB-01").pk] == {
        person("Lê Văn Tám").pk
    }


def test_a_role_above_or_a_closed_account_leads_nothing_here(secretary):
    above = User.objects.create_user("lanhdao", "", "x", person=person("Trần Thị Ánh"))
    RoleAssignment.objects.create(user=above, role=Role.CELL_SECRETARY, unit=unit("LB"))
    secretary.is_active = False
    secretary.save(update_fields=["is_active"])
    assert leaders_of([unit("LB-01").pk, unit("LB-02").pk], DAY) == {
        unit("LB-01").pk: set(),
        unit("LB-02").pk: set(),
    }


def test_leader_accounts_reach_role_holders_then_position_holders(secretary, outsider, member):
    Position.objects.create(
        person=person("Nguyễn Thị Kim Ngọc"), unit=unit("LB-01"), kind=Position.Kind.SECRETARY
    )
    found = leader_accounts([unit("LB-01").pk, unit("CD-01").pk], DAY)
    assert found[unit("LB-01").pk] == [secretary, member]
    assert found[unit("CD-01").pk] == [outsider]  # an account with no person linked still reaches its unit


def test_a_fixed_number_of_queries(secretary, django_assert_num_queries):
    Position.objects.create(
        person=person("Nguyễn Thị Kim Ngọc"), unit=unit("LB-02"), kind=Position.Kind.SECRETARY
    )
    ids = [unit(code).pk for code in ("LB-01", "LB-02", "CD-01")]
    with django_assert_num_queries(1):
        leaders_of(ids, DAY)
    with django_assert_num_queries(3):
        leader_accounts(ids, DAY)
