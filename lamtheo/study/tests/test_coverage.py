import datetime

import pytest

from lamtheo.accounts.scoping import get_scope
from lamtheo.people.models import Person
from lamtheo.study.coverage import Figures, coverage_for, default_topic, figures_for, not_studied
from lamtheo.study.tests.conftest import TODAY, person, record
from lamtheo.testing import unit
from lamtheo.topics.models import Topic
from lamtheo.units.models import Unit

pytestmark = pytest.mark.usefixtures("frozen")


def rows_by_code(result):
    return {row.unit.code: row.figures for row in result.rows}


def test_the_commune_figures_as_a_committee_writes_them(studied_world, topic, commune_leader):
    result = coverage_for(topic, unit("LB"), commune_leader, today=TODAY)
    assert result.total == Figures(
        sessions=2, makeups=1, members=5, members_studied=4, non_members=3, non_members_studied=1
    )
    assert result.summary == "2 lớp, 4/5 đảng viên, đạt 80,0%; 1/3 cán bộ, công chức, viên chức, đạt 33,3%"


def test_one_row_per_chi_bo_below(studied_world, topic, commune_leader):
    rows = rows_by_code(coverage_for(topic, unit("LB"), commune_leader, today=TODAY))
    assert list(rows) == ["LB-01", "LB-02"]
    long_hoa, long_thanh = rows["LB-01"], rows["LB-02"]
    # Ngọc, Tám, Dũng (Hoa is exempted: not expected); Ánh studied, Lộc did not.
    assert (long_hoa.members_ratio, long_hoa.members_percent) == ("3/3", "100%")
    assert (long_hoa.non_members_ratio, long_hoa.non_members_percent) == ("1/2", "50,0%")
    assert (long_hoa.sessions, long_hoa.makeups) == (2, 1)
    # Hải studied at Long Hòa before his transfer: he counts where he is now, as having studied.
    assert (long_thanh.members_ratio, long_thanh.members_percent) == ("1/2", "50,0%")
    assert (long_thanh.non_members_ratio, long_thanh.non_members_percent) == ("0/1", "0%")
    assert long_thanh.sessions == 0


def test_a_make_up_session_counts_each_person_once(studied_world, topic, secretary):
    # Ngọc was present at both sessions: one person who studied, not two.
    figures = figures_for(topic, unit("LB-01"), today=TODAY)
    assert figures.members_studied == 3
    assert figures.summary == "2 lớp, 3/3 đảng viên, đạt 100%; 1/2 cán bộ, công chức, viên chức, đạt 50,0%"


def test_who_has_not_studied_yet(studied_world, topic):
    names = [(p.full_name, p.unit.code) for p in not_studied(topic, unit("LB"))]
    # Sorted by given name; Hoa (exempted) is not expected to study.
    assert names == [("Huỳnh Văn Lộc", "LB-01"), ("Trương Thị Mai", "LB-02"), ("Ngô Văn Phúc", "LB-02")]
    assert [p.full_name for p in not_studied(topic, unit("LB-01"))] == ["Huỳnh Văn Lộc"]


def test_the_province_rolls_up_the_communes(studied_world, topic, province_staff):
    result = coverage_for(topic, unit("TU"), province_staff, today=TODAY)
    rows = rows_by_code(result)
    assert (
        rows["LB"].summary == "2 lớp, 4/5 đảng viên, đạt 80,0%; 1/3 cán bộ, công chức, viên chức, đạt 33,3%"
    )
    assert rows["CD"].summary == "0 lớp, 0/1 đảng viên, đạt 0%"  # Võ Văn Bình, in Khóm 1
    assert result.total.members_ratio == "4/6"
    assert result.total.members_percent == "66,7%"
    assert result.own is None


def test_a_session_still_to_come_is_not_counted_as_held(studied_world, topic, commune_leader):
    record("LB-02", topic, datetime.date(2026, 5, 20), actor=commune_leader)
    assert figures_for(topic, unit("LB-02"), today=TODAY).sessions == 0
    assert figures_for(topic, unit("LB-02"), today=datetime.date(2026, 5, 20)).sessions == 1


def test_a_conference_of_the_commune_counts_as_its_own(studied_world, topic, commune_leader):
    record(
        "LB", topic, datetime.date(2026, 4, 2), present=["Trương Thị Mai"], title="Hội nghị học tập chuyên đề"
    )
    result = coverage_for(topic, unit("LB"), commune_leader, today=TODAY)
    assert result.own == Figures(sessions=1)
    assert result.total.sessions == 3
    assert rows_by_code(result)["LB-02"].members_ratio == "2/2"  # Mai studied at the commune's conference


def test_another_topic_is_counted_apart(studied_world, topic, commune_leader):
    other = Topic.objects.create(
        unit=unit("LB"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="Dân vận khéo",
        start_year=2026,
        end_year=2026,
    )
    assert figures_for(other, unit("LB"), today=TODAY) == Figures(members=5, non_members=3)


def test_empty_figures_read_well():
    assert Figures().summary == "0 lớp; không có đảng viên, cán bộ nào đang sinh hoạt"
    assert Figures(sessions=1, non_members=4, non_members_studied=3).summary == (
        "1 lớp, 3/4 cán bộ, công chức, viên chức, đạt 75,0%"
    )
    assert Figures(members=41324, members_studied=40539, sessions=731).summary == (
        "731 lớp, 40.539/41.324 đảng viên, đạt 98,1%"
    )


def test_the_default_topic_is_this_years(topic):
    older = Topic.objects.create(
        unit=unit("TU"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="2025",
        start_year=2025,
        end_year=2025,
    )
    later = Topic.objects.create(
        unit=unit("TU"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="2027",
        start_year=2027,
        end_year=2027,
    )
    assert default_topic([older, topic, later, topic.parent], TODAY) == topic
    assert default_topic([topic.parent], TODAY) == topic.parent
    assert default_topic([], TODAY) is None


# A fixed number of queries whatever the number of units ------------------------------------------------------


def commune_with(cells: int, topic) -> Unit:
    """A commune of `cells` chi bộ, each with three members and a non-member, and a session of `topic`."""
    commune = Unit(code=f"Q{cells}", name=f"Đảng ủy xã Thử {cells}", kind=Unit.Kind.COMMUNE_COMMITTEE)
    commune.refresh_derived()
    commune = Unit.objects.add_child(unit("TU"), instance=commune)
    for number in range(cells):
        cell = Unit(code=f"Q{cells}-{number:02d}", name=f"Chi bộ ấp {number}", kind=Unit.Kind.CELL)
        cell.refresh_derived()
        Unit.objects.add_child(Unit.objects.get(pk=commune.pk), instance=cell)
        names = [f"Người {cells}-{number} {letter}" for letter in "ABCD"]
        for index, name in enumerate(names):
            person(cell.code, name, member=index < 3)
        record(cell.code, topic, datetime.date(2026, 3, 1), present=names[:3], absent=names[3:])
    return Unit.objects.get(pk=commune.pk)


def test_coverage_takes_a_fixed_number_of_queries_whatever_the_number_of_units(topic, province_staff):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get_scope(province_staff)  # read once per request, before any figure
    counts = []
    for cells in (3, 25):
        commune = commune_with(cells, topic)
        cache.clear()  # the figures computed afresh
        with CaptureQueriesContext(connection) as captured:
            result = coverage_for(topic, commune, province_staff, today=TODAY)
        counts.append(len(captured))
        assert len(result.rows) == cells
        assert result.total.members_ratio == f"{3 * cells}/{3 * cells}"
        assert result.total.non_members_ratio == f"0/{cells}"
    # The units below, twice the units and their tree, the sessions, the people (twice on PostgreSQL: who studied
    # apart), the make-up sessions, the units shown.
    assert counts[0] == counts[1] <= 11


def test_members_and_non_members_are_told_apart(topic, secretary):
    probationary = person("LB-02", "Đinh Văn Khoa")
    Person.objects.filter(pk=probationary.pk).update(party_status=Person.PartyStatus.PROBATIONARY)
    figures = figures_for(topic, unit("LB-02"), today=TODAY)
    assert (figures.members, figures.non_members) == (1, 0)


def test_a_long_list_is_read_another_way_with_the_same_answer(studied_world, topic, monkeypatch):
    short = [p.full_name for p in not_studied(topic, unit("LB"))]
    monkeypatch.setattr("lamtheo.study.coverage.LONG_LIST", 2)
    assert [p.full_name for p in not_studied(topic, unit("LB"), expected=8)] == short
