"""Who sees which registration; deadlines inherited down the tree; lateness; one per person per year."""

import datetime

import pytest
from django.db import IntegrityError

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.models import Person, Position
from lamtheo.pledges import actions
from lamtheo.pledges.models import Pledge, RegistrationDeadline
from lamtheo.pledges.tests.conftest import YEAR, make_draft, make_submitted
from lamtheo.testing import unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen"),
]


def visible(user):
    return set(Pledge.objects.visible_to(user).values_list("person__full_name", flat=True))


@pytest.fixture
def pledges(ngoc, tam, anh, member, secretary):
    """Ngọc's, Tám's and Ánh's registrations of LB-01, and Bình's of CD-01."""
    make_submitted(ngoc, member)
    make_submitted(tam, secretary)
    make_draft(anh, secretary)
    binh = Person.objects.get(full_name="Võ Văn Bình")
    outsider = User.objects.get(username="outsider")
    make_draft(binh, outsider)


def test_a_member_sees_only_their_own(pledges, member):
    assert visible(member) == {"Nguyễn Thị Kim Ngọc"}


def test_staff_see_their_subtree(pledges, secretary, commune_leader, province_staff, outsider):
    lb01 = {"Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh"}
    assert visible(secretary) == lb01
    assert visible(commune_leader) == lb01
    assert visible(province_staff) == {*lb01, "Võ Văn Bình"}
    assert visible(outsider) == {"Võ Văn Bình"}


def test_a_published_registration_is_read_by_everyone_in_the_unit_it_is_published_to(
    pledges, tam, secretary, member, outsider
):
    Position.objects.create(person=tam, unit=unit("LB"), kind=Position.Kind.COMMITTEE_MEMBER)
    pledge = Pledge.objects.get(person=tam)
    actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version, to_unit=unit("LB"))
    assert "Lê Văn Tám" in visible(member)
    # A member of the other chi bộ of the commune reads it too; the sibling commune does not.
    neighbour = User.objects.create_user("neighbour", "n@example.vn", "x")
    RoleAssignment.objects.create(user=neighbour, role=Role.MEMBER, unit=unit("LB-02"))
    assert visible(neighbour) == {"Lê Văn Tám"}
    assert "Lê Văn Tám" not in visible(outsider)


def test_published_to_the_chi_bo_stays_in_the_chi_bo(pledges, tam, secretary):
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    pledge = Pledge.objects.get(person=tam)
    actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version)
    neighbour = User.objects.create_user("neighbour", "n@example.vn", "x")
    RoleAssignment.objects.create(user=neighbour, role=Role.MEMBER, unit=unit("LB-02"))
    assert visible(neighbour) == set()


def test_anonymous_sees_nothing(pledges):
    from django.contrib.auth.models import AnonymousUser

    assert not Pledge.objects.visible_to(AnonymousUser()).exists()


def test_a_deadline_is_inherited_from_the_nearest_unit_above():
    RegistrationDeadline.objects.create(unit=unit("TU"), year=YEAR, due_date=datetime.date(2026, 4, 30))
    RegistrationDeadline.objects.create(unit=unit("LB"), year=YEAR, due_date=datetime.date(2026, 3, 31))
    RegistrationDeadline.objects.create(unit=unit("LB"), year=2025, due_date=datetime.date(2025, 3, 31))
    assert RegistrationDeadline.objects.for_unit(unit("LB-01"), YEAR).due_date == datetime.date(2026, 3, 31)
    assert RegistrationDeadline.objects.for_unit(unit("CD-01"), YEAR).due_date == datetime.date(2026, 4, 30)
    assert RegistrationDeadline.objects.for_unit(unit("CD-01"), 2024) is None


def test_lateness(ngoc, member, frozen):
    pledge = make_submitted(ngoc, member)
    assert not pledge.is_late(datetime.date(2026, 3, 31), datetime.date(2026, 4, 5))
    assert pledge.is_late(datetime.date(2026, 3, 9), datetime.date(2026, 4, 5))
    assert not pledge.is_late(None, datetime.date(2026, 4, 5))
    draft = Pledge(status=Pledge.Status.DRAFT)
    assert draft.is_late(datetime.date(2026, 3, 31), datetime.date(2026, 4, 1))
    assert not draft.is_late(datetime.date(2026, 3, 31), datetime.date(2026, 3, 31))


def test_one_per_person_per_year_in_the_database(ngoc):
    Pledge.objects.create(person=ngoc, unit=ngoc.unit, year=YEAR)
    with pytest.raises(IntegrityError):
        Pledge.objects.create(person=ngoc, unit=ngoc.unit, year=YEAR)


def test_str_and_url(ngoc):
    pledge = Pledge.objects.create(person=ngoc, unit=ngoc.unit, year=YEAR)
    assert str(pledge) == "Bản đăng ký năm 2026 của Nguyễn Thị Kim Ngọc"
    assert pledge.get_absolute_url().endswith(f"/{pledge.pk}/")
