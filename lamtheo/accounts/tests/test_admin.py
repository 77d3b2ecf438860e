"""The Django admin: for system admins only, scoped like every page, and no way to grow one's own powers."""

import pytest
from django.contrib.admin import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.models import Person
from lamtheo.testing import unit


def admin_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def commune_admin(db):
    """A system admin of xã Long Bình only."""
    user = User.objects.create_user("quan-tri-xa", "qtx@example.vn", "x")
    RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, unit=unit("LB"))
    return user


def test_the_role_inline_is_there_for_a_system_admin(login, admin, member):
    response = login(admin).get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert response.status_code == 200
    assert "role_assignments-TOTAL_FORMS" in response.content.decode()


def test_person_inlines_are_there_for_a_system_admin(login, admin):
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    html = login(admin).get(reverse("admin:people_person_change", args=[ngoc.pk])).content.decode()
    assert "positions-TOTAL_FORMS" in html
    assert "memberships-TOTAL_FORMS" in html


def test_a_system_admin_cannot_make_anyone_superuser(login, admin, member):
    client = login(admin)
    html = client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_a_superuser_can(client, admin, member):
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    client.force_login(admin)
    html = client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()
    assert 'name="is_superuser"' in html


def test_superuser_accounts_are_out_of_a_system_admins_reach(admin, province_staff):
    province_staff.is_superuser = True
    province_staff.save(update_fields=["is_superuser"])
    accounts = admin_site._registry[User].get_queryset(admin_request(admin))
    assert province_staff not in accounts


def test_accounts_are_listed_by_the_units_of_their_roles(commune_admin):
    accounts = admin_site._registry[User].get_queryset(admin_request(commune_admin))
    assert set(accounts.values_list("username", flat=True)) == {
        "commune_leader",
        "secretary",
        "member",
        "quan-tri-xa",
    }


def test_foreign_key_choices_stay_in_the_subtree(commune_admin):
    request = admin_request(commune_admin)
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    form = admin_site._registry[Person].get_form(request, ngoc)
    codes = set(form.base_fields["unit"].queryset.values_list("code", flat=True))
    assert codes == {"LB", "LB-01", "LB-02"}
    inline = admin_site._registry[User].get_inline_instances(request, commune_admin)[0]
    formset = inline.get_formset(request, commune_admin)
    assert "CD" not in set(formset.form.base_fields["unit"].queryset.values_list("code", flat=True))


def test_admin_pages_outside_the_subtree_are_not_found(login, commune_admin):
    binh = Person.objects.get(full_name="Võ Văn Bình")
    response = login(commune_admin).get(reverse("admin:people_person_change", args=[binh.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("persona", ["province_staff", "commune_leader", "secretary", "member", "outsider"])
def test_nobody_else_enters(persona, request, client, db):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("term", ["Nguyễn Thị Kim Ngọc", "nguyen thi kim ngoc", "89012345"])
def test_admin_search_ignores_accents(login, admin, term):
    response = login(admin).get(reverse("admin:people_person_changelist"), {"q": term})
    assert [p.full_name for p in response.context["cl"].result_list] == ["Nguyễn Thị Kim Ngọc"]


def test_an_account_with_a_role_above_the_admins_subtree_is_out_of_reach(
    login, commune_admin, admin, province_staff
):
    # The province's staff member is also a member of a chi bộ of the commune: the commune's admin must not see
    # the account, nor set its password.
    RoleAssignment.objects.create(user=province_staff, role=Role.MEMBER, unit=unit("LB-01"))
    accounts = admin_site._registry[User].get_queryset(admin_request(commune_admin))
    assert province_staff not in accounts
    assert "commune_leader" in set(accounts.values_list("username", flat=True))
    client = login(commune_admin)
    change = client.get(reverse("admin:accounts_user_change", args=[province_staff.pk]))
    assert change.status_code == 302 and change["Location"] == reverse("admin:index")
    password_url = reverse("admin:auth_user_password_change", args=[province_staff.pk])
    assert client.get(password_url).status_code == 404
    new = "chiem-quyen-2026-xyz"
    response = client.post(password_url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 404
    province_staff.refresh_from_db()
    assert not province_staff.check_password(new)
    # The province's admin, whose subtree holds both roles, manages it.
    assert province_staff in admin_site._registry[User].get_queryset(admin_request(admin))
