"""The pages of models and breakthrough tasks: the list, launching, the model's page with its charts, recording a
month, replicating."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from lamtheo.initiatives import actions
from lamtheo.initiatives.models import GoalValue, Initiative
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 7, 15, 9, tzinfo=datetime.UTC)


@pytest.fixture
def model():
    initiative = actions.launch_initiative(
        unit("LB"),
        actor=None,
        name="Cải cách hành chính",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        teams=[
            actions.TeamSpec("Tổ 2 - Khối chính quyền", leader=Person.objects.get(full_name="Lê Văn Tám"))
        ],
    )
    team = initiative.teams.get()
    goal = actions.add_goal(
        team, actor=None, name="Hồ sơ đúng hạn", measure="%", baseline=Decimal(80), target=Decimal(100)
    )
    for month, value in ((4, 84), (5, 90)):
        actions.record_month(team, datetime.date(2025, month, 1), {goal.pk: Decimal(value)}, actor=None)
    return initiative


def test_the_list_shows_what_the_user_sees_with_progress_and_where_to_launch(
    login, commune_leader, outsider, model, django_assert_max_num_queries
):
    other = actions.launch_initiative(
        unit("CD-01"), actor=None, name="Khóm văn minh", starts_on=model.starts_on, ends_on=model.ends_on
    )
    client = login(commune_leader)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("initiatives:index")).content.decode()
    assert "Cải cách hành chính" in html and "Khóm văn minh" not in html
    assert "50%" in html  # May's 90 is half the way from 80 to 100
    assert reverse("initiatives:create", args=[unit("LB").pk]) in html
    html = login(outsider).get(reverse("initiatives:index")).content.decode()
    assert "Khóm văn minh" in html and "Cải cách hành chính" not in html
    assert other.pk


def test_the_list_asks_the_same_queries_for_many_models(
    login, commune_leader, model, django_assert_max_num_queries
):
    client = login(commune_leader)
    for index in range(15):
        actions.replicate(model, [unit("LB-01")], actor=None) if index == 0 else actions.launch_initiative(
            unit("LB"), actor=None, name=f"Mô hình {index}", starts_on=model.starts_on, ends_on=model.ends_on
        )
    with django_assert_max_num_queries(25):
        assert client.get(reverse("initiatives:index")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_models_page_shows_each_goal_with_its_chart_target_and_replicas(login, commune_leader, model):
    actions.replicate(model, [unit("LB-01")], actor=None)
    html = login(commune_leader).get(model.get_absolute_url()).content.decode()
    assert "Tổ 2 - Khối chính quyền" in html
    assert "Khởi điểm 80%, mục tiêu 100%." in html
    assert "Tháng 05/2025: 90% (tiến độ 50%)." in html
    assert "<svg" in html and "Mục tiêu: 100" in html  # the chart with its target line
    assert "Nhân rộng tại 1 đơn vị" in html and "Chi bộ Ấp Long Hòa" in html


@time_machine.travel(NOW, tick=False)
def test_the_teams_leader_records_a_month_on_one_screen(login, secretary, model):
    team = model.teams.get()
    goal = team.goals.get()
    url = reverse("initiatives:record", args=[team.pk])
    client = login(secretary)
    form = client.get(f"{url}?thang=2025-05").content.decode()
    assert 'value="90.00"' in form  # the month asked, with what was recorded
    response = client.post(url, {"month": "2025-06", f"goal_{goal.pk}": "95"})
    assert response.status_code == 302
    assert GoalValue.objects.get(goal=goal, month=datetime.date(2025, 6, 1)).value == Decimal(95)
    refused = client.post(url, {"month": "2025-09", f"goal_{goal.pk}": "99"})
    assert "Chưa đến tháng 09/2025." in refused.content.decode()
    assert not GoalValue.objects.filter(month=datetime.date(2025, 9, 1)).exists()


def test_launching_and_replicating_from_the_pages(login, commune_leader, model):
    client = login(commune_leader)
    response = client.post(
        reverse("initiatives:create", args=[unit("LB").pk]),
        {
            "kind": "breakthrough",
            "name": "Đột phá chuyển đổi số",
            "starts_on": "2025-02-01",
            "ends_on": "2025-01-01",
        },
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    response = client.post(
        reverse("initiatives:create", args=[unit("LB").pk]),
        {
            "kind": "breakthrough",
            "name": "Đột phá chuyển đổi số",
            "starts_on": "2025-02-01",
            "ends_on": "2025-12-31",
        },
    )
    created = Initiative.objects.get(name="Đột phá chuyển đổi số")
    assert response["Location"] == created.get_absolute_url()
    replicate = reverse("initiatives:replicate", args=[model.pk])
    page = client.get(replicate).content.decode()
    assert "Chi bộ Ấp Long Hòa" in page and "Chi bộ Khóm 1" not in page
    client.post(replicate, {"units": [unit("LB-01").pk, unit("LB-02").pk]})
    assert set(model.replicas.values_list("unit__code", flat=True)) == {"LB-01", "LB-02"}
