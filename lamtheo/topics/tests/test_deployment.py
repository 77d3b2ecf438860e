import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.accounts.scoping import get_scope
from lamtheo.documents.models import Document
from lamtheo.testing import unit
from lamtheo.topics.deployment import Status, deployment_for, plan_dates
from lamtheo.topics.tests.conftest import DEADLINE, TODAY, add_unit, make_plan
from lamtheo.units.models import Unit


def rows(deployment):
    return {row.unit.code: (row.plan_date, row.status, row.days_late) for row in deployment.rows}


@pytest.fixture
def third_commune(db):
    return add_unit(unit("TU"), "MHH", "Đảng ủy xã Mỹ Hòa Hưng", Unit.Kind.COMMUNE_COMMITTEE)


def test_statuses_against_the_deadline(yearly, province_staff, third_commune):
    make_plan("CD", yearly, datetime.date(2026, 3, 20))
    make_plan("MHH", yearly, datetime.date(2026, 4, 5))
    deployment = deployment_for(yearly, unit("TU"), province_staff, today=TODAY)
    assert rows(deployment) == {
        "CD": (datetime.date(2026, 3, 20), Status.ON_TIME, 0),
        "LB": (None, Status.OVERDUE, 10),
        "MHH": (datetime.date(2026, 4, 5), Status.LATE, 5),
    }
    assert (deployment.done, deployment.total, deployment.late) == (2, 3, 2)
    assert deployment.summary == "2/3 đơn vị đã triển khai, 2 chậm"
    assert deployment.own is None
    assert [u.code for u in deployment.trail] == ["TU"]


def test_before_the_deadline_a_missing_plan_is_not_late(yearly, province_staff):
    make_plan("CD", yearly, datetime.date(2026, 3, 2))
    deployment = deployment_for(yearly, unit("TU"), province_staff, today=DEADLINE)
    assert rows(deployment)["LB"] == (None, Status.PENDING, 0)
    assert deployment.summary == "1/2 đơn vị đã triển khai"


def test_without_a_deadline_a_plan_is_simply_done(term, province_staff):
    make_plan("LB", term, datetime.date(2025, 9, 1))
    assert rows(deployment_for(term, unit("TU"), province_staff, today=TODAY))["LB"] == (
        datetime.date(2025, 9, 1),
        Status.DONE,
        0,
    )


def test_only_the_first_issued_plan_of_the_unit_itself_counts(yearly, term, province_staff):
    make_plan("LB", yearly, datetime.date(2026, 3, 1), status=Document.Status.DRAFT)  # a draft
    make_plan("LB", yearly, datetime.date(2026, 3, 2), key="bao_cao")  # not a plan
    make_plan("LB", term, datetime.date(2026, 3, 3))  # the term-long topic, not this one
    make_plan("LB-01", yearly, datetime.date(2026, 3, 4))  # a chi bộ's plan is not the commune's
    make_plan("CD", yearly, datetime.date(2026, 4, 2))
    make_plan("CD", yearly, datetime.date(2026, 3, 25))
    deployment = deployment_for(yearly, unit("TU"), province_staff, today=TODAY)
    assert rows(deployment) == {
        "CD": (datetime.date(2026, 3, 25), Status.ON_TIME, 0),
        "LB": (None, Status.OVERDUE, 10),
    }


def test_a_plan_for_a_topic_issued_under_it_counts(term, lb_topic, province_staff):
    """Long Bình deploys the term-long topic through its own yearly topic under it."""
    make_plan("LB", lb_topic, datetime.date(2026, 2, 1))
    assert rows(deployment_for(term, unit("TU"), province_staff, today=TODAY))["LB"][0] == datetime.date(
        2026, 2, 1
    )


def test_a_committee_lists_its_chi_bo_and_its_own_plan(yearly, commune_leader):
    make_plan("LB", yearly, datetime.date(2026, 4, 3))
    make_plan("LB-02", yearly, datetime.date(2026, 3, 30))
    deployment = deployment_for(yearly, unit("LB"), commune_leader, today=TODAY)
    assert rows(deployment) == {
        "LB-01": (None, Status.OVERDUE, 10),
        "LB-02": (datetime.date(2026, 3, 30), Status.ON_TIME, 0),
    }
    assert (deployment.own.plan_date, deployment.own.status, deployment.own.days_late) == (
        datetime.date(2026, 4, 3),
        Status.LATE,
        3,
    )
    assert [u.code for u in deployment.trail] == ["LB"]  # the leader does not see the province's page


def test_committees_below_hide_the_chi_bo_at_the_same_level(yearly, province_staff):
    add_unit(unit("TU"), "TU-CB", "Chi bộ Văn phòng Tỉnh ủy", Unit.Kind.GRASSROOTS_CELL)
    assert set(rows(deployment_for(yearly, unit("TU"), province_staff, today=TODAY))) == {"LB", "CD"}


def test_units_the_user_does_not_see_are_left_out(yearly, outsider):
    assert rows(deployment_for(yearly, unit("TU"), outsider, today=TODAY)) == {}


def test_closed_units_are_left_out(yearly, province_staff):
    closed = add_unit(unit("TU"), "OLD", "Đảng ủy xã đã sáp nhập", Unit.Kind.COMMUNE_COMMITTEE)
    closed.active_to = datetime.date(2025, 7, 1)
    closed.save(update_fields=["active_to"])
    assert "OLD" not in rows(deployment_for(yearly, unit("TU"), province_staff, today=TODAY))


def test_plan_dates_is_one_query_over_the_subtree(yearly):
    make_plan("LB-01", yearly, datetime.date(2026, 3, 4))
    make_plan("LB", yearly, datetime.date(2026, 3, 5))
    province = unit("TU")
    with CaptureQueriesContext(connection) as queries:
        dates = plan_dates(yearly, province)
    assert len(queries) == 1
    assert dates == {unit("LB-01").pk: datetime.date(2026, 3, 4), unit("LB").pk: datetime.date(2026, 3, 5)}


def cells(parent, count, start=0):
    return [
        add_unit(parent, f"T-{i:02d}", f"Chi bộ thử {i:02d}", Unit.Kind.CELL)
        for i in range(start, start + count)
    ]


def test_the_number_of_queries_does_not_grow_with_the_units(
    yearly, province_staff, django_assert_max_num_queries
):
    commune = add_unit(unit("TU"), "T", "Đảng ủy xã Thử", Unit.Kind.COMMUNE_COMMITTEE)
    for cell in cells(commune, 3):
        make_plan(cell.code, yearly, datetime.date(2026, 3, 1))
    commune.refresh_from_db()
    get_scope(province_staff)  # the user's roles, read once per request
    with CaptureQueriesContext(connection) as few:
        assert deployment_for(yearly, commune, province_staff, today=TODAY).total == 3
    for cell in cells(commune, 22, start=3):
        make_plan(cell.code, yearly, datetime.date(2026, 4, 1))
    with django_assert_max_num_queries(len(few)):
        deployment = deployment_for(yearly, commune, province_staff, today=TODAY)
    assert (deployment.total, deployment.done, deployment.late) == (25, 25, 22)
    assert len(few) == 3  # the units below, the first plans, the units above to climb back
