"""The one scoping mechanism (lamtheo/accounts/scoping.py): each persona sees exactly its subtree."""

import pytest
from django.http import Http404

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.accounts.scoping import get_scope, get_visible_or_404
from lamtheo.audit.models import AuditEvent
from lamtheo.people.models import Membership, Person
from lamtheo.testing import unit
from lamtheo.units.models import Unit

ALL_UNITS = {"TU", "LB", "LB-01", "LB-02", "CD", "CD-01"}
ALL_PEOPLE = {"Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh", "Võ Văn Bình"}
pytestmark = pytest.mark.django_db

LONG_HOA_PEOPLE = {"Nguyễn Thị Kim Ngọc", "Lê Văn Tám", "Trần Thị Ánh"}

EXPECTED = {
    "admin": (ALL_UNITS, ALL_PEOPLE),
    "province_staff": (ALL_UNITS, ALL_PEOPLE),
    "commune_leader": ({"LB", "LB-01", "LB-02"}, LONG_HOA_PEOPLE),
    "secretary": ({"LB-01"}, LONG_HOA_PEOPLE),
    "member": ({"LB-01"}, {"Nguyễn Thị Kim Ngọc"}),
    "outsider": ({"CD-01"}, {"Võ Văn Bình"}),
}


def unit_codes(user):
    return set(Unit.objects.visible_to(user).values_list("code", flat=True))


def person_names(user):
    return set(Person.objects.visible_to(user).values_list("full_name", flat=True))


def fresh_user(username="nguoi-moi", person=None):
    return User.objects.create_user(username, f"{username}@example.vn", "x", person=person)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_its_subtree(persona, request):
    user = request.getfixturevalue(persona)
    units, people = EXPECTED[persona]
    assert unit_codes(user) == units
    assert person_names(user) == people


def test_member_sees_only_their_own_person_and_unit(member):
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    assert list(Person.objects.visible_to(member)) == [ngoc]
    assert list(Unit.objects.visible_to(member)) == [unit("LB-01")]
    scope = get_scope(member)
    assert scope.staff_paths == []
    assert scope.member_unit_ids == {unit("LB-01").pk}


def test_member_sees_own_history_rows_but_not_a_neighbours(member):
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    tam = Person.objects.get(full_name="Lê Văn Tám")
    own = Membership.objects.create(person=ngoc, unit=unit("LB-01"))
    Membership.objects.create(person=tam, unit=unit("LB-01"))
    assert list(Membership.objects.visible_to(member)) == [own]


def test_role_assignments_add_up():
    user = fresh_user()
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, unit=unit("LB-02"))
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, unit=unit("CD-01"))
    assert unit_codes(user) == {"LB-02", "CD-01"}
    assert person_names(user) == {"Võ Văn Bình"}


def test_a_role_nested_in_another_counts_once():
    user = fresh_user()
    RoleAssignment.objects.create(user=user, role=Role.COMMITTEE_STAFF, unit=unit("LB"))
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, unit=unit("LB-01"))
    scope = get_scope(user)
    assert scope.staff_paths == [unit("LB").path]
    assert unit_codes(user) == {"LB", "LB-01", "LB-02"}
    assert person_names(user) == LONG_HOA_PEOPLE


def test_a_user_with_no_roles_sees_nothing():
    anh = Person.objects.get(full_name="Trần Thị Ánh")
    user = fresh_user(person=anh)  # linked to a person, but no role: still nothing
    assert unit_codes(user) == set()
    assert person_names(user) == set()


def test_an_inactive_user_sees_nothing(province_staff):
    province_staff.is_active = False
    assert unit_codes(province_staff) == set()
    assert person_names(province_staff) == set()


def test_roles_apply_at_their_unit_and_below(secretary, commune_leader):
    assert get_scope(secretary).roles_at(unit("LB-01")) == {Role.CELL_SECRETARY, Role.MEMBER}
    assert get_scope(secretary).roles_at(unit("LB")) == set()
    assert get_scope(commune_leader).roles_at(unit("LB-02")) == {Role.COMMITTEE_LEADER}
    assert get_scope(commune_leader).roles_at(unit("CD-01")) == set()
    assert get_scope(commune_leader).paths_with(Role.SYSTEM_ADMIN) == []


def test_audit_rows_are_scoped_by_their_unit(commune_leader, outsider):
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    event = AuditEvent.objects.create(
        action="person.update", target_type_id=1, target_id=ngoc.pk, target_repr="x", unit=unit("LB-01")
    )
    assert list(AuditEvent.objects.visible_to(commune_leader)) == [event]
    assert list(AuditEvent.objects.visible_to(outsider)) == []


class TestGetVisibleOr404:
    def test_returns_a_record_inside_the_subtree(self, secretary):
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        assert get_visible_or_404(secretary, Person, pk=ngoc.pk) == ngoc

    def test_a_record_outside_is_404(self, outsider):
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        with pytest.raises(Http404):
            get_visible_or_404(outsider, Person, pk=ngoc.pk)
        with pytest.raises(Http404):
            get_visible_or_404(outsider, Unit.objects.all(), pk=unit("LB").pk)

    @pytest.mark.parametrize("pk", [987654321, 10**30, "abc", "", None, "1; drop table"])
    def test_a_missing_or_malformed_id_is_404(self, admin, pk):
        with pytest.raises(Http404):
            get_visible_or_404(admin, Person, pk=pk)


class TestApi:
    def test_unit_list_is_scoped(self, login, commune_leader):
        response = login(commune_leader).get("/api/v1/units/")
        assert response.status_code == 200
        body = response.json()
        assert {row["code"] for row in body["items"]} == {"LB", "LB-01", "LB-02"}
        assert body["count"] == 3

    def test_unit_list_of_children_gives_parent_ids(self, login, admin):
        long_binh = unit("LB")
        response = login(admin).get(f"/api/v1/units/?parent={long_binh.pk}")
        rows = response.json()["items"]
        assert [row["code"] for row in rows] == ["LB-01", "LB-02"]
        assert {row["parent_id"] for row in rows} == {long_binh.pk}

    def test_unit_list_of_children_outside_is_404(self, login, outsider):
        response = login(outsider).get(f"/api/v1/units/?parent={unit('LB').pk}")
        assert response.status_code == 404

    def test_people_search_is_scoped(self, login, commune_leader, outsider):
        response = login(commune_leader).get("/api/v1/people/", {"q": "nguyen thi kim ngoc"})
        assert [row["full_name"] for row in response.json()["items"]] == ["Nguyễn Thị Kim Ngọc"]
        response = login(outsider).get("/api/v1/people/", {"q": "nguyen thi kim ngoc"})
        assert response.json() == {"items": [], "count": 0}

    def test_people_list_in_a_unit_outside_is_404(self, login, commune_leader):
        response = login(commune_leader).get("/api/v1/people/", {"unit": unit("CD").pk})
        assert response.status_code == 404

    def test_member_lists_only_themself(self, login, member):
        response = login(member).get("/api/v1/people/")
        assert [row["full_name"] for row in response.json()["items"]] == ["Nguyễn Thị Kim Ngọc"]

    def test_details_outside_are_404(self, login, outsider):
        client = login(outsider)
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        assert client.get(f"/api/v1/people/{ngoc.pk}").status_code == 404
        assert client.get(f"/api/v1/units/{unit('LB').pk}").status_code == 404
        assert client.get("/api/v1/people/987654321").status_code == 404

    def test_details_inside(self, login, secretary):
        client = login(secretary)
        ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
        body = client.get(f"/api/v1/people/{ngoc.pk}").json()
        assert (body["full_name"], body["unit_name"]) == ("Nguyễn Thị Kim Ngọc", "Chi bộ Ấp Long Hòa")
        body = client.get(f"/api/v1/units/{unit('LB-01').pk}").json()
        assert (body["code"], body["parent_id"]) == ("LB-01", unit("LB").pk)

    def test_list_queries_do_not_grow_with_rows(self, login, admin, django_assert_max_num_queries):
        from lamtheo.people.tests.factories import make_person

        for index in range(30):
            make_person(unit("LB-02"), f"Người Thứ {index}")
        client = login(admin)
        # session (3, saved on every request), user, role assignments, count, rows (+ parents for units)
        with django_assert_max_num_queries(8):
            assert len(client.get("/api/v1/people/?limit=100").json()["items"]) == 34
        with django_assert_max_num_queries(9):
            assert len(client.get("/api/v1/units/?limit=100").json()["items"]) == 6
