"""Writes on the unit tree (lamtheo/units/actions.py): create, update, rename, merge, split; each audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.accounts.models import Role, RoleAssignment
from lamtheo.accounts.scoping import subtree_q
from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Membership, Person, Position
from lamtheo.people.tests.factories import make_person
from lamtheo.testing import unit
from lamtheo.units import actions
from lamtheo.units.models import Restructuring, Unit, UnitName
from lamtheo.units.tests.factories import make_unit

pytestmark = pytest.mark.django_db

MERGE_DATE = datetime.date(2025, 7, 1)


def fresh(u):
    return Unit.objects.get(pk=u.pk)


def events(obj, action):
    return AuditEvent.objects.for_object(obj).filter(action=action)


class TestCreateAndUpdate:
    def test_create_unit_is_audited_under_itself(self, admin):
        created = actions.create_unit(
            parent=unit("LB"), actor=admin, code="LB-03", name="Chi bộ Ấp Long Phú", kind=Unit.Kind.CELL
        )
        assert list(Unit.objects.children_of(unit("LB")).filter(pk=created.pk)) == [created]
        event = events(created, "unit.create").get()
        assert event.actor == admin
        assert event.unit == created
        assert event.changes["name"] == [None, "Chi bộ Ấp Long Phú"]

    def test_create_unit_refuses_a_taken_code(self, admin):
        with pytest.raises(ValidationError) as error:
            actions.create_unit(
                parent=unit("LB"), actor=admin, code="LB-01", name="Trùng", kind=Unit.Kind.CELL
            )
        assert "code" in error.value.message_dict

    def test_update_unit_records_the_change(self, admin):
        cell = unit("LB-02")
        cell.short_name = "CB Long Thạnh"
        actions.update_unit(cell, actor=admin, expected_version=cell.version)
        assert fresh(cell).short_name == "CB Long Thạnh"
        assert fresh(cell).version == 2
        assert events(cell, "unit.update").get().changes == {"short_name": ["", "CB Long Thạnh"]}

    def test_create_and_update_check_the_rule(self, secretary, commune_leader):
        """Only a system admin (or a superuser) edits units: a secretary cannot, even of their own chi bộ."""
        for actor in (secretary, commune_leader):
            with pytest.raises(PermissionDenied):
                actions.create_unit(
                    parent=unit("LB"), actor=actor, code="LB-09", name="X", kind=Unit.Kind.CELL
                )
            cell = unit("LB-01")
            cell.short_name = "X"
            with pytest.raises(PermissionDenied):
                actions.update_unit(cell, actor=actor, expected_version=cell.version)
        assert not Unit.objects.filter(code="LB-09").exists()
        assert fresh(unit("LB-01")).short_name == ""

    def test_only_a_superuser_starts_a_new_tree(self, admin):
        with pytest.raises(PermissionDenied):
            actions.create_unit(
                parent=None, actor=admin, code="TN", name="Tỉnh ủy Mới", kind=Unit.Kind.PROVINCE_COMMITTEE
            )

    def test_update_unit_with_a_stale_version_writes_nothing(self, admin):
        cell = unit("LB-02")
        cell.name = "Tên mới"
        with pytest.raises(ConflictError):
            actions.update_unit(cell, actor=admin, expected_version=cell.version - 1)
        assert fresh(cell).name == "Chi bộ Ấp Long Thạnh"
        assert not events(cell, "unit.update").exists()


class TestRename:
    def test_keeps_the_old_names_with_their_dates(self, admin):
        cell = unit("LB-02")
        cell.active_from = datetime.date(2000, 1, 1)
        cell.save(update_fields=["active_from"])
        actions.rename_unit(
            cell, name="Chi bộ Ấp Mỹ Thạnh", short_name="MT", date=datetime.date(2020, 1, 1), actor=admin
        )
        actions.rename_unit(
            fresh(cell),
            name="Chi bộ Ấp Mỹ Hòa",
            short_name="",
            date=datetime.date(2025, 7, 1),
            actor=admin,
            decision="Quyết định số 12-QĐ/ĐU",
        )
        assert fresh(cell).name == "Chi bộ Ấp Mỹ Hòa"
        names = list(UnitName.objects.filter(unit=cell).values_list("name", "valid_from", "valid_to"))
        assert names == [
            ("Chi bộ Ấp Mỹ Thạnh", datetime.date(2020, 1, 1), datetime.date(2025, 7, 1)),
            ("Chi bộ Ấp Long Thạnh", datetime.date(2000, 1, 1), datetime.date(2020, 1, 1)),
        ]
        event = events(cell, "unit.rename").first()
        assert event.changes["name"] == ["Chi bộ Ấp Mỹ Thạnh", "Chi bộ Ấp Mỹ Hòa"]
        assert event.note == "Quyết định số 12-QĐ/ĐU"
        assert Restructuring.objects.filter(kind=Restructuring.Kind.RENAME, sources=cell).count() == 2
        assert set(Unit.objects.search("my hoa").values_list("code", flat=True)) == {"LB-02"}

    def test_a_date_before_the_current_name_is_refused(self, admin):
        cell = unit("LB-02")
        actions.rename_unit(cell, name="Tên A", short_name="", date=datetime.date(2020, 1, 1), actor=admin)
        with pytest.raises(ValidationError) as error:
            actions.rename_unit(
                fresh(cell), name="Tên B", short_name="", date=datetime.date(2019, 1, 1), actor=admin
            )
        assert error.value.message_dict["date"] == [
            "Ngày đổi tên phải sau ngày 01/01/2020, khi tên hiện tại bắt đầu được dùng."
        ]
        assert fresh(cell).name == "Tên A"


@pytest.fixture
def communes(admin):
    """Two communes about to merge into a third, as in 2025: each with a chi bộ, a closed chi bộ and people."""
    province = unit("TU")
    a = make_unit(province, "MA", "Đảng ủy xã Mỹ An", Unit.Kind.COMMUNE_COMMITTEE)
    b = make_unit(province, "MB", "Đảng ủy xã Mỹ Bình", Unit.Kind.COMMUNE_COMMITTEE)
    target = make_unit(province, "MC", "Đảng ủy xã Mỹ Chánh", Unit.Kind.COMMUNE_COMMITTEE)
    a_cell = make_unit(a, "MA-01", "Chi bộ Ấp An Hòa")
    a_closed = make_unit(a, "MA-02", "Chi bộ Ấp An Lạc", active_to=datetime.date(2020, 1, 1))
    b_cell = make_unit(b, "MB-01", "Chi bộ Ấp Bình Phú")
    staff_a = make_person(a, "Huỳnh Văn Lợi", membership=True)
    staff_b = make_person(b, "Đặng Thị Hoa", membership=True)
    gone = make_person(a, "Mai Văn Cũ", status=Person.Status.TRANSFERRED_OUT, membership=True)
    in_cell = make_person(a_cell, "Lâm Văn Ấp", membership=True)
    old = make_person(a_closed, "Tô Văn Xưa", status=Person.Status.DECEASED)
    secretary = Position.objects.create(person=staff_a, unit=a, kind=Position.Kind.SECRETARY)
    return {
        "a": a, "b": b, "target": target, "a_cell": a_cell, "a_closed": a_closed, "b_cell": b_cell,
        "staff_a": staff_a, "staff_b": staff_b, "gone": gone, "in_cell": in_cell, "old": old,
        "secretary": secretary,
    }  # fmt: skip


class TestMerge:
    def merge(self, w, admin):
        return actions.merge_units(
            [w["a"], w["b"]], into=w["target"], date=MERGE_DATE, actor=admin, decision="Nghị quyết 1656"
        )

    def test_sources_are_closed_and_moved_under_the_target(self, communes, admin):
        w = communes
        target = self.merge(w, admin)
        for source in (w["a"], w["b"]):
            source = fresh(source)
            assert (source.active_to, source.merged_into) == (MERGE_DATE, target)
            assert source.path.startswith(target.path) and source.depth == target.depth + 1
        # Everything that was under the old communes now counts in the new one, history included.
        subtree = set(Unit.objects.subtree_of(target).values_list("code", flat=True))
        assert subtree == {"MC", "MA", "MB", "MA-01", "MA-02", "MB-01"}
        people = set(Person.objects.in_subtree(target).values_list("full_name", flat=True))
        assert people == {"Huỳnh Văn Lợi", "Đặng Thị Hoa", "Mai Văn Cũ", "Lâm Văn Ấp", "Tô Văn Xưa"}
        # So do the old stays in the closed communes: the history of where people were.
        old_stays = Membership.objects.filter(subtree_q(target.path, "unit__path"), end_date=MERGE_DATE)
        assert set(old_stays.values_list("person__full_name", "unit__code")) == {
            ("Huỳnh Văn Lợi", "MA"),
            ("Đặng Thị Hoa", "MB"),
        }

    def test_active_sub_units_move_up_to_the_target(self, communes, admin):
        w = communes
        target = self.merge(w, admin)
        children = set(Unit.objects.children_of(target).values_list("code", flat=True))
        assert children == {"MA", "MB", "MA-01", "MB-01"}
        # A chi bộ closed long ago stays with its old commune.
        assert fresh(w["a_closed"]).path.startswith(fresh(w["a"]).path)
        assert fresh(w["a_cell"]).is_active

    def test_the_roles_held_in_a_merged_unit_end_and_those_elsewhere_stay(self, communes, admin):
        """The merged unit's committee is formed anew: a leader of a commune merged away no longer leads it (as
        in a transfer). A chi bộ of that commune carries on under the new one, and so does the role held there; a
        role in another subtree stays."""
        from lamtheo.accounts.models import User

        w = communes
        user = User.objects.create_user("loi", password="x" * 12, person=w["staff_a"])
        RoleAssignment.objects.create(user=user, role=Role.COMMITTEE_LEADER, unit=w["a"])
        cell = RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, unit=w["a_cell"])
        elsewhere = RoleAssignment.objects.create(user=user, role=Role.COMMITTEE_STAFF, unit=unit("CD"))
        self.merge(w, admin)
        assert set(RoleAssignment.objects.filter(user=user).exclude(role=Role.MEMBER)) == {cell, elsewhere}
        ended = events(w["staff_a"], "person.role_end")
        assert [event.unit for event in ended] == [fresh(w["a"])]

    def test_active_people_move_with_a_restructuring_stay(self, communes, admin):
        w = communes
        target = self.merge(w, admin)
        for person in (w["staff_a"], w["staff_b"]):
            assert Person.objects.get(pk=person.pk).unit == target
            stays = list(Membership.objects.filter(person=person).order_by("pk"))
            assert [(s.unit_id, s.end_date) for s in stays] == [
                (person.unit_id, MERGE_DATE),
                (target.pk, None),
            ]
            assert stays[-1].reason == Membership.Reason.RESTRUCTURING
            assert stays[-1].start_date == MERGE_DATE
            assert events(person, "person.transfer").get().changes["unit"] == [person.unit.name, target.name]
        # People who had left, and people of the chi bộ (which moved as a whole), stay where they were.
        assert Person.objects.get(pk=w["gone"].pk).unit == w["a"]
        assert Person.objects.get(pk=w["in_cell"].pk).unit == w["a_cell"]
        assert not events(w["gone"], "person.transfer").exists()

    def test_positions_in_the_closed_units_end(self, communes, admin):
        w = communes
        self.merge(w, admin)
        w["secretary"].refresh_from_db()
        assert w["secretary"].end_date == MERGE_DATE

    def test_restructuring_and_audit_rows(self, communes, admin):
        w = communes
        target = self.merge(w, admin)
        restructuring = Restructuring.objects.get(kind=Restructuring.Kind.MERGE)
        assert set(restructuring.sources.all()) == {w["a"], w["b"]}
        assert list(restructuring.targets.all()) == [target]
        assert (restructuring.effective_date, restructuring.decision) == (MERGE_DATE, "Nghị quyết 1656")
        for source in (w["a"], w["b"]):
            event = events(source, "unit.merge").get()
            assert (event.unit, event.actor) == (target, admin)
            assert event.changes == {"merged_into": [None, target.name]}
        assert events(target, "unit.merge").get().changes == {
            "merged_from": [None, "Đảng ủy xã Mỹ An, Đảng ủy xã Mỹ Bình"]
        }

    def test_a_members_own_role_follows_them(self, communes, admin):
        w = communes
        from lamtheo.accounts.models import User

        user = User.objects.create_user("loi", "", "x", person=w["staff_a"])
        RoleAssignment.objects.create(user=user, role=Role.MEMBER, unit=w["a"])
        target = self.merge(w, admin)
        assert list(user.role_assignments.values_list("role", "unit")) == [(Role.MEMBER, target.pk)]

    def test_refuses_to_merge_a_unit_into_its_own_descendant(self, admin):
        before = list(Unit.objects.values_list("code", "path", "active_to"))
        with pytest.raises(ValidationError) as error:
            actions.merge_units([unit("LB")], into=unit("LB-01"), date=MERGE_DATE, actor=admin)
        assert "vào chính nó hoặc vào đơn vị cấp dưới" in error.value.messages[0]
        with pytest.raises(ValidationError):
            actions.merge_units([unit("LB")], into=unit("LB"), date=MERGE_DATE, actor=admin)
        assert list(Unit.objects.values_list("code", "path", "active_to")) == before
        assert not Restructuring.objects.exists()

    def test_refuses_closed_units_and_nothing(self, communes, admin):
        w = communes
        with pytest.raises(ValidationError):
            actions.merge_units([w["a_closed"]], into=w["target"], date=MERGE_DATE, actor=admin)
        with pytest.raises(ValidationError):
            actions.merge_units([w["b"]], into=w["a_closed"], date=MERGE_DATE, actor=admin)
        with pytest.raises(ValidationError):
            actions.merge_units([], into=w["target"], date=MERGE_DATE, actor=admin)

    @pytest.mark.parametrize("extra", [0, 40])
    def test_queries_do_not_grow_with_people(self, communes, admin, extra, django_assert_max_num_queries):
        # Tree moves cost queries per unit; people move in bulk, a fixed number of queries for any count.
        w = communes
        for index in range(extra):
            make_person(w["a"], f"Người Số {index}", membership=True)
        with django_assert_max_num_queries(100):
            self.merge(w, admin)
        assert Person.objects.filter(unit=w["target"]).count() == 2 + extra


class TestSplit:
    PARTS = [
        {"code": "LB-01A", "name": "Chi bộ Ấp Long Hòa A", "kind": Unit.Kind.CELL},
        {"code": "LB-01B", "name": "Chi bộ Ấp Long Hòa B", "kind": Unit.Kind.CELL},
    ]

    def people(self):
        return {p.full_name: p for p in Person.objects.filter(unit=unit("LB-01"))}

    def test_splits_people_and_sub_units(self, admin):
        people = self.people()
        group = make_unit(unit("LB-01"), "LB-01-T1", "Tổ đảng 1", Unit.Kind.GROUP)
        placement = {
            people["Nguyễn Thị Kim Ngọc"].pk: 0,
            people["Lê Văn Tám"].pk: 1,
            people["Trần Thị Ánh"].pk: 1,
        }
        position = Position.objects.create(
            person=people["Lê Văn Tám"], unit=unit("LB-01"), kind=Position.Kind.SECRETARY
        )
        a, b = actions.split_unit(
            unit("LB-01"), self.PARTS, people=placement, children={group.pk: 1}, date=MERGE_DATE, actor=admin
        )
        assert fresh(a).path.startswith(unit("LB").path) and fresh(a).depth == unit("LB-01").depth
        assert (a.active_from, b.active_from) == (MERGE_DATE, MERGE_DATE)
        assert set(Person.objects.filter(unit=a).values_list("full_name", flat=True)) == {
            "Nguyễn Thị Kim Ngọc"
        }
        assert set(Person.objects.filter(unit=b).values_list("full_name", flat=True)) == {
            "Lê Văn Tám",
            "Trần Thị Ánh",
        }
        assert list(Unit.objects.children_of(fresh(b)).values_list("code", flat=True)) == ["LB-01-T1"]
        assert fresh(unit("LB-01")).active_to == MERGE_DATE
        position.refresh_from_db()
        assert position.end_date == MERGE_DATE
        stay = Membership.objects.get(person=people["Lê Văn Tám"], end_date__isnull=True)
        assert (stay.unit, stay.reason, stay.start_date) == (b, Membership.Reason.RESTRUCTURING, MERGE_DATE)
        # Audited: the split, the two new units, the three moves.
        assert events(unit("LB-01"), "unit.split").get().changes == {
            "split_into": [None, "Chi bộ Ấp Long Hòa A, Chi bộ Ấp Long Hòa B"]
        }
        assert events(unit("LB-01"), "unit.split").get().unit == unit("LB-01")
        assert events(a, "unit.create").exists() and events(b, "unit.create").exists()
        assert AuditEvent.objects.filter(action="person.transfer").count() == 3
        restructuring = Restructuring.objects.get(kind=Restructuring.Kind.SPLIT)
        assert set(restructuring.targets.all()) == {a, b}

    def test_everyone_must_be_placed(self, admin):
        people = self.people()
        units_before = Unit.objects.count()
        with pytest.raises(ValidationError) as error:
            actions.split_unit(
                unit("LB-01"), self.PARTS, people={people["Lê Văn Tám"].pk: 0}, date=MERGE_DATE, actor=admin
            )
        assert error.value.messages == ["Chưa chọn đơn vị mới cho: Trần Thị Ánh, Nguyễn Thị Kim Ngọc."]
        assert Unit.objects.count() == units_before
        assert fresh(unit("LB-01")).is_active

    def test_every_active_sub_unit_must_be_placed(self, admin):
        make_unit(unit("LB-01"), "LB-01-T1", "Tổ đảng 1", Unit.Kind.GROUP)
        placement = {p.pk: 0 for p in self.people().values()}
        with pytest.raises(ValidationError) as error:
            actions.split_unit(unit("LB-01"), self.PARTS, people=placement, date=MERGE_DATE, actor=admin)
        assert error.value.messages == ["Chưa chọn đơn vị mới cho các đơn vị trực thuộc: Tổ đảng 1."]

    def test_a_unit_that_is_not_a_sub_unit_is_never_moved(self, admin):
        placement = {p.pk: 0 for p in self.people().values()}
        elsewhere = unit("CD-01")
        actions.split_unit(
            unit("LB-01"),
            self.PARTS,
            people=placement,
            children={elsewhere.pk: 0},
            date=MERGE_DATE,
            actor=admin,
        )
        assert fresh(elsewhere).path == elsewhere.path

    def test_refuses_fewer_than_two_parts_and_unknown_parts(self, admin):
        placement = {p.pk: 0 for p in self.people().values()}
        with pytest.raises(ValidationError):
            actions.split_unit(unit("LB-01"), self.PARTS[:1], people=placement, date=MERGE_DATE, actor=admin)
        with pytest.raises(ValidationError):
            actions.split_unit(
                unit("LB-01"), self.PARTS, people={pk: 2 for pk in placement}, date=MERGE_DATE, actor=admin
            )
