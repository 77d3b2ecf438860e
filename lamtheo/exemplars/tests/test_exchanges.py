"""Exchanges (giao lưu gương điển hình, seed 002): an event of the unit, a meeting of that kind, whose programme
presents chosen recognised exemplars."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.meetings.models import Meeting
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
AT = datetime.datetime(2026, 5, 19, 8, tzinfo=datetime.UTC)


def _nominated(name, at="LB-01", summary="Vận động hiến đất làm đường"):
    return actions.nominate(
        unit(at), actor=None, year=2025, person=Person.objects.get(full_name=name), summary=summary
    )


def _recognised(name, at="LB-01"):
    exemplar = _nominated(name, at)
    actions.verify(exemplar, actor=None, expected_version=exemplar.version, accept=True)
    return actions.recognise(
        exemplar,
        actor=None,
        expected_version=exemplar.version,
        honour=Exemplar.Honour.CERTIFICATE,
        on=datetime.date(2025, 12, 20),
    )


def test_an_exchange_is_a_meeting_presenting_each_chosen_exemplar(commune_leader):
    ngoc, tam = _recognised("Nguyễn Thị Kim Ngọc"), _recognised("Lê Văn Tám")
    meeting = actions.plan_exchange(
        unit("LB"), actor=commune_leader, starts_at=AT, exemplars=[ngoc, tam], place="Nhà văn hóa xã"
    )
    assert meeting.kind.code == "giao_luu" and meeting.unit == unit("LB") and meeting.status == "planned"
    assert meeting.display_title == "Giao lưu gương điển hình"
    titles = [item.title for item in meeting.agenda_items.order_by("position")]
    assert titles[0] == "Khai mạc, giới thiệu đại biểu" and titles[-1] == "Phát biểu kết luận"
    assert (
        titles[1] == "Giới thiệu gương Nguyễn Thị Kim Ngọc (Chi bộ Ấp Long Hòa): Vận động hiến đất làm đường"
    )
    assert set(meeting.presented_exemplars.all()) == {ngoc, tam}
    assert AuditEvent.objects.filter(action="exemplars.plan_exchange", actor=commune_leader).exists()


def test_only_recognised_exemplars_of_the_units_subtree_and_by_those_who_run_it(
    commune_leader, secretary, outsider
):
    recognised, waiting = _recognised("Nguyễn Thị Kim Ngọc"), _nominated("Lê Văn Tám")
    elsewhere = _recognised("Võ Văn Bình", at="CD-01")
    for chosen, message in (
        ([waiting], "Lê Văn Tám"),
        ([recognised, elsewhere], "Võ Văn Bình"),
        ([], "Hãy chọn ít nhất một gương điển hình"),
    ):
        with pytest.raises(ValidationError, match=message):
            actions.plan_exchange(unit("LB"), actor=commune_leader, starts_at=AT, exemplars=chosen)
    with pytest.raises(PermissionDenied):
        actions.plan_exchange(unit("LB"), actor=outsider, starts_at=AT, exemplars=[recognised])
    # a chi bộ holds its own exchange of its own exemplars
    assert actions.plan_exchange(unit("LB-01"), actor=secretary, starts_at=AT, exemplars=[recognised]).pk
    assert Meeting.objects.filter(kind__code="giao_luu").count() == 1


def test_the_page_offers_the_recognised_exemplars_and_plans_the_exchange(
    login, commune_leader, member, outsider
):
    recognised, waiting = _recognised("Nguyễn Thị Kim Ngọc"), _nominated("Lê Văn Tám")
    url = reverse("exemplars:exchange", args=[unit("LB").pk])
    client = login(commune_leader)
    assert url in client.get(reverse("exemplars:index")).content.decode()
    html = client.get(url).content.decode()
    assert f'value="{recognised.pk}"' in html and f'value="{waiting.pk}"' not in html
    refused = client.post(url, {"starts_at": "2026-05-19T15:00", "exemplars": [waiting.pk]})
    assert refused.status_code == 200 and not Meeting.objects.filter(kind__code="giao_luu").exists()
    response = client.post(
        url,
        {
            "title": "Giao lưu điển hình 6 tháng đầu năm",
            "starts_at": "2026-05-19T15:00",
            "exemplars": [recognised.pk],
        },
    )
    meeting = Meeting.objects.get(kind__code="giao_luu")
    assert (
        response.url == meeting.get_absolute_url() and meeting.title == "Giao lưu điển hình 6 tháng đầu năm"
    )
    assert "Giao lưu điển hình 6 tháng đầu năm" in client.get(recognised.get_absolute_url()).content.decode()
    assert login(outsider).get(url).status_code == 404
    assert login(member).get(url).status_code == 404  # the commune is above her chi bộ
    assert login(member).get(reverse("exemplars:exchange", args=[unit("LB-01").pk])).status_code == 403
