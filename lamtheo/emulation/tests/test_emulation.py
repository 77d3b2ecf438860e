"""Emulation drives: launched on a code of conduct or on chosen criteria, scored by each chi bộ all or nothing,
ranked with ties sharing a rank, concluded; and their pages."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lamtheo.conduct.tests import conftest as conduct
from lamtheo.emulation import actions
from lamtheo.emulation.models import EmulationDrive, Score
from lamtheo.emulation.ranking import ranking
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
QUARTER = dict(starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30))


@pytest.fixture
def drive(commune_leader):
    return actions.launch_drive(
        unit("LB"),
        actor=commune_leader,
        name="Thi đua thực hiện chuẩn mực quý II",
        criteria=[("Đúng hẹn với dân", 60), ("Nói đi đôi với làm", 40)],
        **QUARTER,
    )


def people():
    return {p.full_name: p for p in Person.objects.filter(unit__code="LB-01")}


def test_a_drive_on_the_code_of_conduct_shares_100_points_among_its_rules(commune_leader, member):
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, tzinfo=datetime.UTC), tick=False):
        code = conduct.adopt(conduct.draft("LB", conduct.HAMLET_RULES[:3], year=2026))
    drive = actions.launch_drive(unit("LB"), actor=commune_leader, name="Thi đua", code=code, **QUARTER)
    assert [(c.text, c.points) for c in drive.criteria.all()] == [
        (conduct.HAMLET_RULES[0], 34),
        (conduct.HAMLET_RULES[1], 33),
        (conduct.HAMLET_RULES[2], 33),
    ]
    with pytest.raises(ValidationError, match="ít nhất một tiêu chí"):
        actions.launch_drive(unit("LB"), actor=commune_leader, name="Thi đua", **QUARTER)
    with pytest.raises(PermissionDenied):
        actions.launch_drive(unit("LB"), actor=member, name="X", criteria=[("A", 5)], **QUARTER)


def test_each_chi_bo_scores_its_own_all_or_nothing_and_ties_share_a_rank(drive, secretary, outsider):
    by_name = people()
    ngoc, tam, anh = by_name["Nguyễn Thị Kim Ngọc"], by_name["Lê Văn Tám"], by_name["Trần Thị Ánh"]
    first, second = drive.criteria.all()
    sheet = {
        (ngoc.pk, first.pk): Decimal(55),
        (ngoc.pk, second.pk): Decimal(35),
        (tam.pk, first.pk): Decimal(50),
        (tam.pk, second.pk): Decimal(40),
        (anh.pk, first.pk): Decimal(60),
        (anh.pk, second.pk): Decimal(20),
    }
    assert actions.score(drive, unit("LB-01"), sheet, actor=secretary) == 6
    places = ranking(drive)
    assert [(p.rank, p.participant.full_name, p.total) for p in places] == [
        (1, "Lê Văn Tám", Decimal(90)) if tam.pk < ngoc.pk else (1, "Nguyễn Thị Kim Ngọc", Decimal(90)),
        (1, "Nguyễn Thị Kim Ngọc", Decimal(90)) if tam.pk < ngoc.pk else (1, "Lê Văn Tám", Decimal(90)),
        (3, "Trần Thị Ánh", Decimal(80)),
    ]
    with pytest.raises(ValidationError) as refused:
        actions.score(
            drive,
            unit("LB-01"),
            {(ngoc.pk, first.pk): Decimal(10), (tam.pk, second.pk): Decimal(41)},
            actor=secretary,
        )
    assert refused.value.messages == ["Lê Văn Tám, tiêu chí «Nói đi đôi với làm»: điểm phải từ 0 đến 40."]
    assert Score.objects.get(person=ngoc, criterion=first).points == Decimal(55)  # nothing written
    bình = Person.objects.get(full_name="Võ Văn Bình")
    with pytest.raises(ValidationError, match="không thuộc bảng chấm điểm"):
        actions.score(drive, unit("LB-01"), {(bình.pk, first.pk): Decimal(1)}, actor=secretary)
    with pytest.raises(PermissionDenied):
        actions.score(drive, unit("LB-01"), {}, actor=outsider)


def test_a_concluded_drive_takes_no_more_scores(drive, commune_leader, secretary):
    actions.conclude(drive, actor=commune_leader, expected_version=drive.version, conclusion="Đạt yêu cầu")
    assert drive.status == EmulationDrive.Status.CONCLUDED
    with pytest.raises(ValidationError, match="đã tổng kết"):
        actions.score(drive, unit("LB-01"), {}, actor=secretary)


def test_the_sheet_page_saves_whole_and_the_drives_page_ranks(login, drive, secretary, commune_leader):
    ngoc = people()["Nguyễn Thị Kim Ngọc"]
    first, second = drive.criteria.all()
    url = reverse("emulation:sheet", args=[drive.pk, unit("LB-01").pk])
    client = login(secretary)
    page = client.get(url).content.decode()
    assert "Nguyễn Thị Kim Ngọc" in page and "Đúng hẹn với dân (60)" in page
    refused = client.post(url, {f"s-{ngoc.pk}-{first.pk}": "5x", f"s-{ngoc.pk}-{second.pk}": "30"})
    assert "«5x» không phải là một số" in refused.content.decode()
    assert not Score.objects.exists()
    client.post(url, {f"s-{ngoc.pk}-{first.pk}": "57,5", f"s-{ngoc.pk}-{second.pk}": "30"})
    assert Score.objects.get(person=ngoc, criterion=first).points == Decimal("57.5")
    html = login(commune_leader).get(drive.get_absolute_url()).content.decode()
    assert "Nguyễn Thị Kim Ngọc" in html and "87,5" in html
