import datetime

import pytest
from django.db import IntegrityError, transaction

from lamtheo.study.models import Attendance, StudySession, people_on, units_on
from lamtheo.study.tests.conftest import FIRST, TRANSFER, named, person, record
from lamtheo.testing import unit

pytestmark = pytest.mark.usefixtures("frozen")


def titles(queryset):
    return sorted(s.unit.code for s in queryset)


@pytest.fixture
def sessions(topic):
    person("LB-02", "Trương Thị Mai")
    return {
        "LB-01": record("LB-01", topic, FIRST, present=["Nguyễn Thị Kim Ngọc"], absent=["Lê Văn Tám"]),
        "LB-02": record("LB-02", topic, FIRST, present=["Trương Thị Mai"]),
        "CD-01": record("CD-01", topic, FIRST, present=["Võ Văn Bình"]),
    }


def test_each_persona_sees_the_sessions_of_their_subtree(
    sessions, admin, province_staff, commune_leader, secretary, outsider
):
    visible = StudySession.objects.select_related("unit").visible_to
    assert titles(visible(admin)) == ["CD-01", "LB-01", "LB-02"]
    assert titles(visible(province_staff)) == ["CD-01", "LB-01", "LB-02"]
    assert titles(visible(commune_leader)) == ["LB-01", "LB-02"]
    assert titles(visible(secretary)) == ["LB-01"]
    assert titles(visible(outsider)) == ["CD-01"]


def test_a_member_sees_only_the_sessions_they_are_listed_at_and_their_own_attendance(sessions, member):
    assert titles(StudySession.objects.select_related("unit").visible_to(member)) == ["LB-01"]
    assert [a.person.full_name for a in Attendance.objects.visible_to(member)] == ["Nguyễn Thị Kim Ngọc"]


def test_the_session_falls_back_on_the_topic_title(sessions, topic):
    session = sessions["LB-01"]
    assert str(session) == "Chuyên đề năm 2026: phong cách nêu gương (05/03/2026)"
    assert session.weekday == "Thứ năm"
    session.title = "Hội nghị học tập chuyên đề"
    assert session.display_title == "Hội nghị học tập chuyên đề"


def test_a_present_person_has_no_absence_reason(sessions, topic):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Attendance.objects.filter(status="present").update(reason="Ốm")


def test_one_row_per_person_per_session(sessions, topic):
    row = sessions["LB-01"].attendances.first()
    row.pk = None
    with transaction.atomic(), pytest.raises(IntegrityError):
        row.save()


def test_who_belonged_where_on_a_date(topic):
    hai = person(
        "LB-02",
        "Lý Văn Hải",
        stays=[("LB-01", datetime.date(2015, 6, 1), TRANSFER), ("LB-02", TRANSFER, None)],
    )
    before, on = TRANSFER - datetime.timedelta(days=1), TRANSFER
    assert hai in people_on(unit("LB-01"), before)
    assert hai not in people_on(unit("LB-01"), on)
    assert hai in people_on(unit("LB-02"), on)
    assert hai in people_on(unit("LB"), before) and hai in people_on(unit("LB"), on)
    # People with no stay recorded count in their current unit.
    ngoc = named("Nguyễn Thị Kim Ngọc")
    assert ngoc in people_on(unit("LB-01"), before)
    assert units_on(unit("LB"), before, [hai.pk, ngoc.pk]) == {
        hai.pk: unit("LB-01").pk,
        ngoc.pk: unit("LB-01").pk,
    }
    assert units_on(unit("LB"), on, [hai.pk]) == {hai.pk: unit("LB-02").pk}
    assert units_on(unit("CD"), on, [hai.pk, ngoc.pk]) == {}
