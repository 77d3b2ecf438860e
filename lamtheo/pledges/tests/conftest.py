"""Registrations of the personas' chi bộ Ấp Long Hòa (LB-01): Nguyễn Thị Kim Ngọc (member), Lê Văn Tám (its
secretary) and Trần Thị Ánh (not a member); time frozen on 10/03/2026, the deadline 31/03/2026."""

import datetime
import zoneinfo

import pytest
import time_machine

from lamtheo.accounts.models import Role, RoleAssignment, User
from lamtheo.people.models import Person
from lamtheo.pledges import actions
from lamtheo.pledges.actions import ItemData
from lamtheo.pledges.models import Pledge
from lamtheo.testing import PASSWORD, unit

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 3, 10)
YEAR = 2026


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=HCM), tick=False) as traveller:
        yield traveller


@pytest.fixture
def ngoc(db):
    return Person.objects.select_related("unit").get(full_name="Nguyễn Thị Kim Ngọc")


@pytest.fixture
def tam(db):
    return Person.objects.select_related("unit").get(full_name="Lê Văn Tám")


@pytest.fixture
def anh(db):
    return Person.objects.select_related("unit").get(full_name="Trần Thị Ánh")


@pytest.fixture
def deputy(db):
    """A second cell secretary of LB-01 (the phó bí thư), for two reviewers acting at once."""
    person = Person.objects.create(
        unit=unit("LB-01"),
        full_name="Phạm Văn Đức",
        party_status=Person.PartyStatus.FULL,
        date_joined_party=datetime.date(2010, 1, 1),
        date_official=datetime.date(2011, 1, 1),
    )
    user = User.objects.create_user("deputy", "deputy@example.vn", PASSWORD, person=person)
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, unit=unit("LB-01"))
    return user


def sample_items(year=YEAR, count=2) -> list[ItemData]:
    texts = [
        (
            "dao_duc",
            "Giải quyết hồ sơ của dân đúng hẹn, không để trễ hạn",
            "Không có hồ sơ trễ hạn trong năm",
            datetime.date(year, 12, 31),
        ),
        (
            "neu_guong",
            "Đi đầu vận động bà con hiến đất làm đường ấp",
            "Vận động được 5 hộ, có biên bản",
            datetime.date(year, 9, 30),
        ),
        ("chuyen_mon", "Học xong lớp tin học văn phòng", "Có chứng chỉ", datetime.date(year, 6, 30)),
    ]
    return [ItemData(area, commitment, measure, due) for area, commitment, measure, due in texts[:count]]


def make_draft(person, actor, year=YEAR, items=None) -> Pledge:
    pledge = actions.create_pledge(person, year, actor=actor)
    actions.update_items(
        pledge, sample_items(year) if items is None else items, actor=actor, expected_version=pledge.version
    )
    return pledge


def make_submitted(person, actor, year=YEAR) -> Pledge:
    pledge = make_draft(person, actor, year)
    return actions.submit_pledge(pledge, actor=actor, expected_version=pledge.version)


def make_accepted(person, actor, reviewer, year=YEAR) -> Pledge:
    pledge = make_submitted(person, actor, year)
    return actions.accept_pledge(pledge, actor=reviewer, expected_version=pledge.version)


def make_locked(person, actor, reviewer, year=YEAR, level=Pledge.Level.GOOD) -> Pledge:
    pledge = make_accepted(person, actor, reviewer, year)
    results = {item.pk: ("done", "Đã làm") for item in pledge.items.all()}
    actions.self_assess(pledge, results, actor=actor, expected_version=pledge.version)
    actions.rate_pledge(pledge, actor=reviewer, expected_version=pledge.version, level=level, remark="Tốt")
    return actions.lock_pledge(pledge, actor=reviewer, expected_version=pledge.version)
