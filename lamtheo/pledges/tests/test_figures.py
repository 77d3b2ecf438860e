"""Exact figures on a hand-built case, rolled up the tree, and a fixed number of queries whatever the size."""

import datetime
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.people.models import Person, Position
from lamtheo.pledges.figures import figures_for, unit_figures
from lamtheo.pledges.models import Pledge
from lamtheo.pledges.tests.conftest import YEAR
from lamtheo.testing import unit
from lamtheo.units.models import Unit

COLD = 14  # the units, then each of the four figures calls: its units and the people source
WARM = 2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

S = Pledge.Status
_numbers = itertools.count(1)


def add_people(where, members=0, non_members=0, **fields) -> list[Person]:
    people = []
    for is_member in [True] * members + [False] * non_members:
        number = next(_numbers)
        person = Person(
            unit=where,
            full_name=f"Người Thứ {number}",
            party_status=Person.PartyStatus.FULL if is_member else Person.PartyStatus.NON_MEMBER,
            date_joined_party=datetime.date(2010, 1, 1) if is_member else None,
            date_official=datetime.date(2011, 1, 1) if is_member else None,
            **fields,
        )
        person.refresh_derived()
        people.append(person)
    return Person.objects.bulk_create(people)


def pledge(person, status, level="", year=YEAR):
    return Pledge.objects.create(
        person=person, unit=person.unit, year=year, status=status, result_level=level
    )


@pytest.fixture
def case(ngoc, tam, anh):
    lb01, lb02 = unit("LB-01"), unit("LB-02")
    pledge(ngoc, S.ACCEPTED)
    pledge(tam, S.LOCKED, "tot")
    pledge(anh, S.SUBMITTED)
    members = add_people(lb01, members=7)
    non_members = add_people(lb01, non_members=4)
    pledge(members[0], S.DRAFT)
    pledge(members[1], S.DRAFT)
    pledge(members[2], S.RETURNED)
    pledge(members[3], S.RATED, "xuat_sac")
    pledge(members[4], S.SUBMITTED)
    pledge(non_members[0], S.ACCEPTED)
    pledge(members[5], S.LOCKED, "tot", year=2025)  # last year's: not this year's figures
    # Key cadres: Tám leads the chi bộ (and is a key cadre of the commune: counted once); a draft-only key cadre;
    # a position that has ended does not count.
    Position.objects.create(person=tam, unit=lb01, kind=Position.Kind.SECRETARY)
    Position.objects.create(person=tam, unit=unit("LB"), kind=Position.Kind.KEY_CADRE)
    Position.objects.create(person=members[0], unit=unit("LB"), kind=Position.Kind.HEAD)
    Position.objects.create(
        person=members[6], unit=lb01, kind=Position.Kind.DEPUTY_SECRETARY, end_date=datetime.date(2025, 6, 30)
    )
    # Someone who left, with a registration: counted nowhere.
    gone = add_people(lb01, members=1, status=Person.Status.TRANSFERRED_OUT)[0]
    pledge(gone, S.SUBMITTED)
    lb02_members = add_people(lb02, members=3)
    add_people(lb02, non_members=1)
    pledge(lb02_members[0], S.SUBMITTED)
    pledge(lb02_members[1], S.SUBMITTED)
    pledge(Person.objects.get(full_name="Võ Văn Bình"), S.SUBMITTED)


def test_a_chi_bo(case):
    f = unit_figures(unit("LB-01"), YEAR)
    assert (f.members, f.non_members, f.people) == (9, 5, 14)
    assert (f.registered_members, f.registered_non_members, f.registered) == (5, 2, 7)
    assert (f.members_pct, f.non_members_pct, f.registered_pct) == ("55,6%", "40,0%", "50,0%")
    assert (f.key_cadres, f.registered_key_cadres, f.key_cadres_pct) == (2, 1, "50,0%")
    assert (f.reviewed, f.reviewed_pct) == (4, "57,1%")
    assert f.levels == {"xuat_sac": 1, "tot": 1, "hoan_thanh": 0, "khong_hoan_thanh": 0}
    assert f.level_rows()[0] == ("Hoàn thành xuất sắc nhiệm vụ", 1, "50,0%")


def test_a_commune_rolls_up_its_chi_bo_and_lists_them(case, commune_leader):
    table = figures_for(unit("LB"), YEAR, commune_leader)
    assert [row.unit.code for row in table.rows] == ["LB-01", "LB-02"]
    lb02 = table.rows[1]
    assert (lb02.registered_members, lb02.members, lb02.members_pct) == (2, 3, "66,7%")
    assert (lb02.registered_non_members, lb02.non_members, lb02.non_members_pct) == (0, 1, "0%")
    total = table.total
    assert (total.members, total.non_members) == (12, 6)
    assert (total.registered_members, total.members_pct) == (7, "58,3%")
    assert (total.registered_non_members, total.non_members_pct) == (2, "33,3%")
    assert (total.registered, total.registered_pct) == (9, "50,0%")
    assert (total.reviewed, total.reviewed_pct) == (4, "44,4%")
    assert table.own is None
    assert total.sentences() == [
        "Năm 2026 có 7 đảng viên, chiếm 58,3% và 2 cán bộ, công chức, viên chức chưa là đảng viên viết bản đăng ký "
        "học tập và làm theo, chiếm 33,3%.",
        "1/2 cán bộ chủ chốt đã đăng ký, chiếm 50,0%.",
        "Chi bộ đã xem xét, chấp nhận 4 bản đăng ký, đạt 44,4% số bản đã nộp.",
        "Kết quả cuối năm: 1 hoàn thành xuất sắc nhiệm vụ (50,0%); 1 hoàn thành tốt nhiệm vụ (50,0%).",
    ]


def test_the_province_and_a_previous_year(case, province_staff):
    table = figures_for(unit("TU"), YEAR, province_staff)
    assert [row.unit.code for row in table.rows] == ["CD", "LB"]
    assert (table.total.members, table.total.registered_members, table.total.members_pct) == (13, 8, "61,5%")
    last_year = unit_figures(unit("TU"), 2025)
    assert (last_year.registered, last_year.levels["tot"]) == (1, 1)


def test_the_rows_are_those_the_user_may_see(case, commune_leader):
    table = figures_for(unit("TU"), YEAR, commune_leader)
    assert [row.unit.code for row in table.rows] == ["LB"]


def test_big_numbers_are_written_the_vietnamese_way():
    from lamtheo.pledges.figures import Figures

    f = Figures(
        None,
        2013,
        members=41_371,
        non_members=26_649,
        registered_members=38_969,
        registered_non_members=22_252,
    )
    assert f.sentences()[0] == (
        "Năm 2013 có 38.969 đảng viên, chiếm 94,2% và 22.252 cán bộ, công chức, viên chức chưa là đảng viên viết "
        "bản đăng ký học tập và làm theo, chiếm 83,5%."
    )


def test_an_empty_unit_has_no_percentages():
    f = unit_figures(unit("LB-02"), YEAR)
    assert (f.people, f.registered_pct, f.members_pct) == (0, "—", "—")


# A fixed number of queries ------------------------------------------------------------------------------------


def build_commune(code: str, cells: int) -> Unit:
    province = Unit.objects.get(code="TU")
    commune = Unit(code=code, name=f"Đảng ủy xã {code}", kind=Unit.Kind.COMMUNE_COMMITTEE)
    commune.refresh_derived()
    commune = Unit.objects.add_child(province, instance=commune)
    for number in range(cells):
        cell = Unit(code=f"{code}-{number:02d}", name=f"Chi bộ ấp {number}", kind=Unit.Kind.CELL)
        cell.refresh_derived()
        cell = Unit.objects.add_child(Unit.objects.get(pk=commune.pk), instance=cell)
        people = add_people(cell, members=2, non_members=1)
        pledge(people[0], S.ACCEPTED)
        pledge(people[1], S.LOCKED, "tot")
        Position.objects.create(person=people[0], unit=cell, kind=Position.Kind.SECRETARY)
        # Key cadres of the commune's level (KeyPosition): its committee members named cán bộ chủ chốt.
        Position.objects.create(person=people[0], unit=commune, kind=Position.Kind.KEY_CADRE)
    return Unit.objects.get(pk=commune.pk)


def count_queries(function) -> int:
    """The queries of `function` with the figures computed afresh (the cache emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_same_queries_for_3_and_25_chi_bo(province_staff, django_assert_max_num_queries):
    small, large = build_commune("NHO", 3), build_commune("LON", 25)
    figures_for(small, YEAR, province_staff)  # the user's roles are read once, then kept on the user
    counts = [count_queries(lambda u=u: figures_for(u, YEAR, province_staff)) for u in (small, large)]
    assert counts[0] == counts[1] <= COLD
    with django_assert_max_num_queries(WARM):  # the figures from the cache: the units only
        table = figures_for(large, YEAR, province_staff)
    assert len(table.rows) == 25 and table.total.people == 75 and table.total.registered == 50
    assert table.total.key_cadres == 25
    province = unit("TU")
    assert count_queries(lambda: figures_for(province, YEAR, province_staff)) <= COLD
