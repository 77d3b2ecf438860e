"""The personas every test uses: a small province with two communes, built once per test session.

Tỉnh ủy An Giang (TU)                         admin (system admin), province_staff (committee staff)
├── Đảng ủy xã Long Bình (LB)                 commune_leader (committee leader)
│   ├── Chi bộ Ấp Long Hòa (LB-01)            secretary (cell secretary), member (Nguyễn Thị Kim Ngọc)
│   └── Chi bộ Ấp Long Thạnh (LB-02)
└── Đảng ủy phường Châu Đốc (CD)
    └── Chi bộ Khóm 1 (CD-01)                 outsider (cell secretary in the sibling subtree)
"""

import datetime
import functools
import importlib

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.models import Person
from lamtheo.units.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 - test personas only
PERSONAS = ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]
ANONYMOUS = "anonymous"
LOGIN = "login"  # in the permission matrix's expectations: a redirect to the login page


# The permission matrix's records (a meeting, a registration, documents...), built once for all its cases.
_built_once: dict = {}


def built_once(builder):
    """Call `builder` once until `forget_built()`: the permission matrix builds its records for all its cases in
    one transaction of its module, and several cases' arguments read the same records."""

    @functools.wraps(builder)
    def wrapper():
        if builder not in _built_once:
            _built_once[builder] = builder()
        return _built_once[builder]

    return wrapper


def forget_built() -> None:
    _built_once.clear()


def statuses(anonymous=LOGIN, *, admin, province_staff, commune_leader, secretary, member, outsider) -> dict:
    """The status each persona (and an anonymous visitor) should get at a URL, for the permission matrix."""
    return {
        ANONYMOUS: anonymous,
        "admin": admin,
        "province_staff": province_staff,
        "commune_leader": commune_leader,
        "secretary": secretary,
        "member": member,
        "outsider": outsider,
    }


def _unit(parent, code, name, kind, short_name=""):
    unit = Unit(code=code, name=name, short_name=short_name, kind=kind)
    unit.refresh_derived()
    return (
        Unit.objects.add_root(instance=unit)
        if parent is None
        else Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=unit)
    )


def _person(unit, full_name, **fields):
    defaults = {
        "party_status": Person.PartyStatus.FULL,
        "date_joined_party": datetime.date(2005, 5, 19),
        "date_official": datetime.date(2006, 5, 19),
        "gender": Person.Gender.MALE,
    }
    return Person.objects.create(unit=unit, full_name=full_name, **{**defaults, **fields})


# The reference data that migrations write (meeting kinds, document types, key positions...): a transactional
# test's flush deletes them with everything else, and the next test that builds the world again needs them.
REFERENCE_DATA = (
    ("lamtheo.meetings.migrations.0002_default_kinds", "add_kinds"),
    ("lamtheo.meetings.migrations.0004_conference_topics", "add_topics"),
    ("lamtheo.documents.migrations.0003_default_types", "create_types"),
    ("lamtheo.documents.migrations.0005_hd36_type_codes", "set_codes"),
    ("lamtheo.people.migrations.0002_key_positions", "seed"),
)


def restore_reference_data() -> None:
    """Write again what the data migrations wrote, when a flush has deleted it (each function is idempotent)."""
    from django.apps import apps

    from lamtheo.meetings.models import MeetingKind

    if MeetingKind.objects.exists():
        return
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def build_world() -> None:
    restore_reference_data()
    province = _unit(None, "TU", "Tỉnh ủy An Giang", Unit.Kind.PROVINCE_COMMITTEE, "TU")
    long_binh = _unit(province, "LB", "Đảng ủy xã Long Bình", Unit.Kind.COMMUNE_COMMITTEE, "ĐU")
    long_hoa = _unit(long_binh, "LB-01", "Chi bộ Ấp Long Hòa", Unit.Kind.CELL)
    _unit(long_binh, "LB-02", "Chi bộ Ấp Long Thạnh", Unit.Kind.CELL)
    chau_doc = _unit(province, "CD", "Đảng ủy phường Châu Đốc", Unit.Kind.COMMUNE_COMMITTEE, "ĐU")
    khom_1 = _unit(chau_doc, "CD-01", "Chi bộ Khóm 1", Unit.Kind.CELL)

    ngoc = _person(
        long_hoa,
        "Nguyễn Thị Kim Ngọc",
        gender=Person.Gender.FEMALE,
        national_id="089185000123",
        date_of_birth=datetime.date(1985, 3, 2),
        party_card_number="89012345",
    )
    secretary = _person(
        long_hoa, "Lê Văn Tám", national_id="089075000456", date_of_birth=datetime.date(1975, 1, 9)
    )
    _person(
        long_hoa,
        "Trần Thị Ánh",
        gender=Person.Gender.FEMALE,
        party_status=Person.PartyStatus.NON_MEMBER,
        date_joined_party=None,
        date_official=None,
        job_title="Công chức văn phòng - thống kê",
    )
    _person(khom_1, "Võ Văn Bình")

    accounts = {
        "admin": (Role.SYSTEM_ADMIN, province, None),
        "province_staff": (Role.COMMITTEE_STAFF, province, None),
        "commune_leader": (Role.COMMITTEE_LEADER, long_binh, None),
        "secretary": (Role.CELL_SECRETARY, long_hoa, secretary),
        "member": (Role.MEMBER, long_hoa, ngoc),
        "outsider": (Role.CELL_SECRETARY, khom_1, None),
    }
    for username, (role, unit, person) in accounts.items():
        user = User.objects.create_user(username, f"{username}@example.vn", PASSWORD, person=person)
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
        if role == Role.MEMBER:
            continue
        if person is not None:  # the secretary is also a member of their chi bộ
            RoleAssignment.objects.create(user=user, role=Role.MEMBER, unit=unit)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)
