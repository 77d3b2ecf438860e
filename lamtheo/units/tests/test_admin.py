"""UnitAdmin writes through the actions, so what a system admin changes there keeps its history."""

import pytest
from django.urls import reverse

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.audit.models import AuditEvent
from lamtheo.testing import unit
from lamtheo.units.models import Unit


def unit_form(**fields):
    return {"code": "", "name": "", "short_name": "", "kind": Unit.Kind.CELL, "area": "", "active_from": "",
            "active_to": "", **fields}  # fmt: skip


def test_adding_a_unit_creates_it_in_the_tree_with_history(login, admin):
    response = login(admin).post(
        reverse("admin:units_unit_add"),
        unit_form(parent=unit("LB").pk, code="LB-03", name="Chi bộ Ấp Long Phú"),
    )
    assert response.status_code == 302
    created = Unit.objects.get(code="LB-03")
    assert created.path.startswith(unit("LB").path) and created.depth == 3
    assert Unit.objects.search("long phu").get() == created
    event = AuditEvent.objects.for_object(created).get()
    assert (event.action, event.actor, event.unit) == ("unit.create", admin, created)


def test_changing_a_unit_is_audited(login, admin):
    cell = unit("LB-02")
    response = login(admin).post(
        reverse("admin:units_unit_change", args=[cell.pk]),
        unit_form(code="LB-02", name="Chi bộ Ấp Long Thạnh", short_name="LT", active_from="2010-01-01"),
    )
    assert response.status_code == 302
    cell = unit("LB-02")
    assert (cell.short_name, cell.version, cell.path) == ("LT", 2, unit("LB-02").path)
    event = AuditEvent.objects.for_object(cell).get()
    assert event.action == "unit.update"
    assert event.changes == {"short_name": ["", "LT"], "active_from": [None, "2010-01-01"]}


def test_a_system_admin_adds_only_inside_their_subtree(login, db):
    user = User.objects.create_user("qt-xa", "", "x")
    RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, unit=unit("LB"))
    client = login(user)
    form = client.get(reverse("admin:units_unit_add")).context["adminform"].form
    assert set(form.fields["parent"].queryset.values_list("code", flat=True)) == {"LB", "LB-01", "LB-02"}
    for parent in ["", unit("CD").pk]:  # neither a new tree nor a unit of another commune
        response = client.post(
            reverse("admin:units_unit_add"), unit_form(parent=parent, code="X-1", name="X")
        )
        assert response.status_code == 200
        assert "parent" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(code="X-1").exists()


def test_the_tree_is_not_rearranged_from_the_admin(login, admin):
    """Moves are restructurings, with their own pages and history: the change form has no parent field."""
    form = (
        login(admin)
        .get(reverse("admin:units_unit_change", args=[unit("LB-02").pk]))
        .context["adminform"]
        .form
    )
    assert "parent" not in form.fields
    assert "path" not in form.fields


@pytest.mark.parametrize("code", ["TU", "LB-01"])
def test_the_list_shows_the_tree(login, admin, code):
    response = login(admin).get(reverse("admin:units_unit_changelist"))
    assert response.status_code == 200
    assert unit(code).name in response.content.decode()


def test_a_superuser_with_no_role_starts_a_tree_and_edits_any_unit(login, db):
    """The admin lets a superuser in and shows them every unit: the rule "units.edit" lets them write too."""
    root = User.objects.create_superuser("goc", "", "x")
    client = login(root)
    response = client.post(
        reverse("admin:units_unit_add"), unit_form(parent="", code="TN", name="Tỉnh ủy Mới")
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="TN").depth == 1
    response = client.post(
        reverse("admin:units_unit_change", args=[unit("CD-01").pk]),
        unit_form(code="CD-01", name=unit("CD-01").name, short_name="CB1"),
    )
    assert response.status_code == 302
    assert unit("CD-01").short_name == "CB1"
    assert AuditEvent.objects.for_object(unit("CD-01")).get().actor == root
