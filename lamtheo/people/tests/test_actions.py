"""Writes on people (lamtheo/people/actions.py): atomic, audited, and never half-done."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from lamtheo import testing
from lamtheo.accounts.models import Role, RoleAssignment
from lamtheo.accounts.scoping import get_scope
from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people import actions
from lamtheo.people.models import Membership, Person, Position
from lamtheo.people.tests.factories import make_person
from lamtheo.pledges.models import Pledge
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db

TRANSFER_DATE = datetime.date(2026, 2, 1)


def ngoc():
    return Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")


def events(person, action=None):
    queryset = AuditEvent.objects.for_object(person)
    return queryset.filter(action=action) if action else queryset


def row(person):
    """Everything stored about a person, to show that nothing moved."""
    return model_to_dict(Person.objects.get(pk=person.pk)) | {
        "version": Person.objects.get(pk=person.pk).version
    }


class TestCreate:
    def test_writes_the_person_their_stay_and_history(self, secretary):
        person = Person(
            unit=unit("LB-01"),
            full_name="Châu Thị Mới",
            gender=Person.Gender.FEMALE,
            party_status=Person.PartyStatus.PROBATIONARY,
            date_joined_party=datetime.date(2025, 9, 2),
            phone="+84 901 234 567",
        )
        actions.create_person(person, actor=secretary, start_date=datetime.date(2025, 9, 2))
        person = Person.objects.get(full_name="Châu Thị Mới")
        assert person.phone == "0901234567"
        stay = Membership.objects.get(person=person)
        assert (stay.unit, stay.start_date, stay.end_date, stay.reason) == (
            unit("LB-01"),
            datetime.date(2025, 9, 2),
            None,
            Membership.Reason.INITIAL,
        )
        event = events(person).get()
        assert (event.action, event.actor, event.unit) == ("person.create", secretary, unit("LB-01"))
        assert event.changes["full_name"] == [None, "Châu Thị Mới"]
        assert event.changes["date_joined_party"] == [None, "2025-09-02"]

    def test_an_invalid_record_writes_nothing(self, secretary):
        people, stays, history = (
            Person.objects.count(),
            Membership.objects.count(),
            AuditEvent.objects.count(),
        )
        with pytest.raises(ValidationError) as error:
            actions.create_person(
                Person(unit=unit("LB-01"), full_name="Sai", party_status=Person.PartyStatus.FULL),
                actor=secretary,
            )
        assert "date_joined_party" in error.value.message_dict
        assert (Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == (
            people,
            stays,
            history,
        )

    def test_not_into_a_closed_unit(self, province_staff):
        Unit.objects.filter(code="LB-02").update(active_to=datetime.date(2025, 7, 1))
        candidate = Person(unit=unit("LB-02"), full_name="Ai Đó", party_status=Person.PartyStatus.NON_MEMBER)
        with pytest.raises(ValidationError) as error:
            actions.create_person(candidate, actor=province_staff)
        assert error.value.message_dict == {"unit": ["Đơn vị Chi bộ Ấp Long Thạnh đã ngừng hoạt động."]}
        assert not Person.objects.filter(full_name="Ai Đó").exists()


class TestUpdate:
    def test_records_what_changed(self, secretary):
        person = ngoc()
        person.phone, person.job_title = "0987 654 321", "Giáo viên"
        with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
            actions.update_person(person, actor=secretary, expected_version=1)
            now = datetime.datetime.now(datetime.UTC)
        stored = Person.objects.get(pk=person.pk)
        assert (stored.phone, stored.job_title, stored.version) == ("0987654321", "Giáo viên", 2)
        assert stored.updated_at == now
        assert events(person, "person.update").get().changes == {
            "phone": ["", "0987654321"],
            "job_title": ["", "Giáo viên"],
        }

    def test_a_stale_version_raises_and_writes_nothing(self, secretary, admin):
        first, second = ngoc(), ngoc()  # two people open the same record
        first.phone = "0912000001"
        actions.update_person(first, actor=secretary, expected_version=first.version)
        saved = row(first)
        second.phone, second.full_name = "0912000002", "Nguyễn Thị Ngọc"
        with pytest.raises(ConflictError) as error:
            actions.update_person(second, actor=admin, expected_version=second.version)
        assert "vừa được người khác sửa" in str(error.value)
        assert row(first) == saved
        assert Person.objects.get(pk=first.pk).phone == "0912000001"
        assert list(events(first, "person.update").values_list("actor", flat=True)) == [secretary.pk]

    def test_no_change_no_history(self, secretary):
        person = ngoc()
        actions.update_person(person, actor=secretary, expected_version=person.version)
        assert not events(person, "person.update").exists()


class TestTransfer:
    def test_moves_the_person_and_keeps_where_they_were(self, secretary):
        person = ngoc()
        Membership.objects.create(person=person, unit=unit("LB-01"), start_date=datetime.date(2010, 1, 1))
        held = Position.objects.create(
            person=person, unit=unit("LB-01"), kind=Position.Kind.CELL_COMMITTEE_MEMBER
        )
        elsewhere = Position.objects.create(
            person=person, unit=unit("LB"), kind=Position.Kind.COMMITTEE_MEMBER
        )
        actions.transfer_person(
            person, unit("CD-01"), actor=secretary, date=TRANSFER_DATE, note="Giấy giới thiệu 12"
        )
        stays = list(
            Membership.objects.filter(person=person)
            .order_by("pk")
            .values_list("unit__code", "start_date", "end_date", "reason")
        )
        assert stays == [
            ("LB-01", datetime.date(2010, 1, 1), TRANSFER_DATE, Membership.Reason.INITIAL),
            ("CD-01", TRANSFER_DATE, None, Membership.Reason.TRANSFER),
        ]
        held.refresh_from_db()
        elsewhere.refresh_from_db()
        assert held.end_date == TRANSFER_DATE
        assert elsewhere.end_date is None  # only the positions in the unit left behind end
        stored = Person.objects.get(pk=person.pk)
        assert (stored.unit, stored.version) == (unit("CD-01"), 2)
        event = events(person, "person.transfer").get()
        assert event.changes == {"unit": ["Chi bộ Ấp Long Hòa", "Chi bộ Khóm 1"]}
        assert (event.unit, event.note, event.actor) == (unit("CD-01"), "Giấy giới thiệu 12", secretary)

    def test_the_members_own_role_follows_them(self, secretary, member):
        actions.transfer_person(ngoc(), unit("LB-02"), actor=secretary, date=TRANSFER_DATE)
        assert list(member.role_assignments.values_list("role", "unit__code")) == [(Role.MEMBER, "LB-02")]
        member.refresh_from_db()
        assert get_scope(type(member).objects.get(pk=member.pk)).member_unit_ids == {unit("LB-02").pk}

    def test_a_secretarys_roles_in_the_chi_bo_left_end_and_those_elsewhere_stay(
        self, admin, secretary, django_assert_max_num_queries
    ):
        tam = Person.objects.get(full_name="Lê Văn Tám")
        group = testing._unit(unit("LB-01"), "LB-01-T1", "Tổ đảng số 1", Unit.Kind.CELL)
        RoleAssignment.objects.create(user=secretary, role=Role.CELL_SECRETARY, unit=group)  # inside: ends
        RoleAssignment.objects.create(
            user=secretary, role=Role.COMMITTEE_STAFF, unit=unit("LB")
        )  # above: stays
        RoleAssignment.objects.create(user=secretary, role=Role.COMMITTEE_STAFF, unit=unit("CD"))  # elsewhere
        with django_assert_max_num_queries(20):
            departure = actions.transfer_person(
                tam, unit("LB-02"), actor=admin, date=TRANSFER_DATE, note="Quyết định 15"
            )
        assert set(secretary.role_assignments.values_list("role", "unit__code")) == {
            (Role.COMMITTEE_STAFF, "LB"),
            (Role.COMMITTEE_STAFF, "CD"),
            (Role.MEMBER, "LB-02"),
        }
        assert [(a.role, a.unit.code) for a in departure.roles] == [
            (Role.CELL_SECRETARY, "LB-01"),
            (Role.CELL_SECRETARY, "LB-01-T1"),
        ]
        assert departure.role_sentences(done=True)[0] == (
            "Ông/bà Lê Văn Tám đã thôi vai trò Bí thư / Phó Bí thư chi bộ tại Chi bộ Ấp Long Hòa."
        )
        ended = events(tam, "person.role_end").order_by("pk")
        assert [(e.unit.code, e.actor, e.note) for e in ended] == [
            ("LB-01", admin, "Quyết định 15"),
            ("LB-01-T1", admin, "Quyết định 15"),
        ]
        assert ended[0].changes == {"role": ["Bí thư / Phó Bí thư chi bộ – Chi bộ Ấp Long Hòa", None]}
        scope = get_scope(type(secretary).objects.get(pk=secretary.pk))
        assert not scope.has_role(unit("LB-01"), Role.CELL_SECRETARY)
        assert scope.member_unit_ids == {unit("LB-02").pk}

    def test_nothing_ends_when_the_transfer_is_refused(self, admin, secretary):
        tam = Person.objects.get(full_name="Lê Văn Tám")
        with pytest.raises(ValidationError):
            actions.transfer_person(tam, unit("LB-01"), actor=admin, date=TRANSFER_DATE)
        assert secretary.role_assignments.filter(role=Role.CELL_SECRETARY, unit=unit("LB-01")).exists()
        assert not events(tam, "person.role_end").exists()

    def test_a_move_down_inside_the_unit_keeps_its_roles(self, admin, commune_leader):
        leader = make_person(unit("LB"), "Phan Văn Lực", membership=True)
        commune_leader.person = leader
        commune_leader.save(update_fields=["person"])
        RoleAssignment.objects.create(user=commune_leader, role=Role.CELL_SECRETARY, unit=unit("LB-02"))
        departure = actions.transfer_person(leader, unit("LB-01"), actor=admin, date=TRANSFER_DATE)
        # Still inside Đảng ủy xã Long Bình, which they did not leave: every role there remains.
        assert set(commune_leader.role_assignments.values_list("role", "unit__code")) == {
            (Role.COMMITTEE_LEADER, "LB"),
            (Role.CELL_SECRETARY, "LB-02"),
        }
        assert departure.roles == []
        assert [(a.role, a.unit.code) for a in departure.kept_roles] == [
            (Role.COMMITTEE_LEADER, "LB"),
            (Role.CELL_SECRETARY, "LB-02"),
        ]

    def test_an_open_registration_follows_and_a_rated_one_stays(self, admin, secretary, member):
        person = ngoc()
        open_pledge = Pledge.objects.create(
            person=person, unit=unit("LB-01"), year=2026, status=Pledge.Status.ACCEPTED, published=True,
            published_to=unit("LB-01"), published_at=timezone.now(),
        )  # fmt: skip
        rated = Pledge.objects.create(
            person=person, unit=unit("LB-01"), year=2025, status=Pledge.Status.LOCKED, result_level="tot"
        )
        departure = actions.transfer_person(person, unit("CD-01"), actor=admin, date=TRANSFER_DATE)
        open_pledge.refresh_from_db()
        rated.refresh_from_db()
        assert (open_pledge.unit, open_pledge.status, open_pledge.version) == (unit("CD-01"), "accepted", 2)
        assert (open_pledge.published, open_pledge.published_to) == (False, None)
        assert rated.unit == unit("LB-01")
        event = AuditEvent.objects.for_object(open_pledge).get(action="pledge.transfer")
        assert event.changes == {
            "unit": ["Chi bộ Ấp Long Hòa", "Chi bộ Khóm 1"],
            "published_to": ["Chi bộ Ấp Long Hòa", None],
        }
        assert departure.pledge_sentences() == [
            "Bản đăng ký năm 2026 (Đã được chấp nhận) chuyển theo về Chi bộ Khóm 1 để chi bộ mới theo dõi, "
            "nhận xét; bản đăng ký thôi công khai tại Chi bộ Ấp Long Hòa."
        ]
        # The new chi bộ's secretary now sees it; the old one no longer does.
        from lamtheo.accounts.models import User

        assert (
            Pledge.objects.visible_to(User.objects.get(username="outsider"))
            .filter(pk=open_pledge.pk)
            .exists()
        )
        assert not Pledge.objects.visible_to(secretary).filter(pk=open_pledge.pk).exists()

    @pytest.mark.parametrize(
        ("code", "field", "message"),
        [
            ("LB-01", "to_unit", "Người này đang sinh hoạt tại Chi bộ Ấp Long Hòa."),
            ("LB-02", "to_unit", "Đơn vị Chi bộ Ấp Long Thạnh đã ngừng hoạt động."),
        ],
    )
    def test_refusals(self, secretary, code, field, message):
        Unit.objects.filter(code="LB-02").update(active_to=datetime.date(2025, 7, 1))
        with pytest.raises(ValidationError) as error:
            actions.transfer_person(ngoc(), unit(code), actor=secretary, date=TRANSFER_DATE)
        assert error.value.message_dict == {field: [message]}
        assert ngoc().unit == unit("LB-01")

    def test_not_before_the_current_stay_began(self, secretary):
        Membership.objects.create(person=ngoc(), unit=unit("LB-01"), start_date=datetime.date(2026, 5, 1))
        with pytest.raises(ValidationError) as error:
            actions.transfer_person(ngoc(), unit("CD-01"), actor=secretary, date=TRANSFER_DATE)
        assert error.value.message_dict == {
            "date": ["Ngày chuyển không thể trước ngày bắt đầu sinh hoạt tại đơn vị hiện tại (01/05/2026)."]
        }
        assert not events(ngoc(), "person.transfer").exists()


class TestMovePeople:
    @pytest.mark.parametrize("count", [5, 40])
    def test_a_fixed_number_of_queries(self, admin, count, django_assert_max_num_queries):
        source = unit("LB-02")
        for index in range(count):
            make_person(source, f"Người Số {index}", membership=True)
        with django_assert_max_num_queries(13):
            moved = actions.move_people(
                Person.objects.filter(unit=source),
                unit("CD-01"),
                actor=admin,
                date=TRANSFER_DATE,
                note="Hợp nhất",
            )
        assert moved == count
        assert Person.objects.filter(unit=unit("CD-01")).count() == count + 1
        assert (
            Membership.objects.filter(unit=unit("CD-01"), reason=Membership.Reason.RESTRUCTURING).count()
            == count
        )
        assert Membership.objects.filter(unit=source, end_date=TRANSFER_DATE).count() == count
        assert AuditEvent.objects.filter(action="person.transfer", unit=unit("CD-01")).count() == count

    def test_nobody(self, admin):
        history = AuditEvent.objects.count()
        assert actions.move_people([], unit("CD-01"), actor=admin, date=TRANSFER_DATE, note="") == 0
        assert AuditEvent.objects.count() == history


def test_set_position_is_audited(admin):
    tam = Person.objects.get(full_name="Lê Văn Tám")
    position = actions.set_position(
        tam, unit("LB-01"), Position.Kind.SECRETARY, actor=admin, start_date=TRANSFER_DATE
    )
    assert tam.current_positions() == [position]
    assert events(tam, "person.position").get().changes == {"position": [None, "Bí thư – Chi bộ Ấp Long Hòa"]}
