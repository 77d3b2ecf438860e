"""Model chi bộ: a committee's criteria for a year, chi bộ registering, assessed from their own records as the
figures layer counts them (never recounted), recognised, counted per level; and its pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.indicators.tests.conftest import TODAY
from lamtheo.indicators.tests.test_engine import add_cells
from lamtheo.lib.concurrency import ConflictError
from lamtheo.modelcells import actions
from lamtheo.modelcells.models import ModelCell
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
CRITERIA = [("attendance_rate", Decimal(80)), ("assignments_received_overdue", Decimal(0))]


@pytest.fixture
def standard(world, commune_leader):
    return actions.declare_standard(
        unit("LB"), actor=commune_leader, year=2026, name="Chi bộ 4 tốt", criteria=CRITERIA
    )


@pytest.fixture
def registered(standard, secretary, commune_leader):
    return [
        actions.register(standard, unit("LB-01"), actor=secretary),
        actions.register(standard, unit("LB-02"), actor=commune_leader),
    ]


def test_a_committee_declares_its_criteria_once_a_year(world, commune_leader, secretary, member):
    with pytest.raises(ValidationError) as refused:
        actions.declare_standard(unit("LB"), actor=commune_leader, year=2026, name=" ", criteria=[])
    assert set(refused.value.message_dict) == {"name", "criteria"}
    with pytest.raises(ValidationError, match="tỷ lệ từ 0% đến 100%"):
        actions.declare_standard(
            unit("LB"),
            actor=commune_leader,
            year=2026,
            name="X",
            criteria=[("attendance_rate", Decimal(120))],
        )
    with pytest.raises(ValidationError, match="chỉ chọn một lần"):
        actions.declare_standard(
            unit("LB"), actor=commune_leader, year=2026, name="X", criteria=[("people", Decimal(1))]
        )
    standard = actions.declare_standard(
        unit("LB"), actor=commune_leader, year=2026, name="Chi bộ 4 tốt", criteria=CRITERIA
    )
    assert [(c.code, c.bar) for c in standard.criteria.all()] == CRITERIA
    with pytest.raises(ValidationError, match="đã ban hành tiêu chí chi bộ mẫu năm 2026"):
        actions.declare_standard(unit("LB"), actor=commune_leader, year=2026, name="Lại", criteria=CRITERIA)
    for who, where in ((secretary, "LB-01"), (member, "LB")):  # a chi bộ declares none; a member nothing
        with pytest.raises(PermissionDenied):
            actions.declare_standard(unit(where), actor=who, year=2027, name="X", criteria=CRITERIA)


def test_a_chi_bo_of_the_subtree_registers_once(standard, secretary, outsider, commune_leader):
    entry = actions.register(standard, unit("LB-01"), actor=secretary)
    assert entry.status == ModelCell.Status.REGISTERED
    with pytest.raises(ValidationError, match="đã đăng ký"):
        actions.register(standard, unit("LB-01"), actor=commune_leader)
    with pytest.raises(PermissionDenied):  # the secretary of LB-01 does not register LB-02
        actions.register(standard, unit("LB-02"), actor=secretary)
    with pytest.raises(PermissionDenied):
        actions.register(standard, unit("CD-01"), actor=commune_leader)
    with pytest.raises(ValidationError, match="Chỉ chi bộ đang hoạt động"):
        actions.register(standard, unit("CD-01"), actor=outsider)  # a chi bộ of another commune
    with pytest.raises(ValidationError, match="Chỉ chi bộ đang hoạt động"):
        actions.register(standard, unit("LB"), actor=commune_leader)  # a committee is no chi bộ


def test_each_chi_bo_is_assessed_from_the_figures_of_its_records(
    standard, registered, commune_leader, secretary
):
    with pytest.raises(PermissionDenied):
        actions.assess(standard, actor=secretary, expected_version=standard.version)
    assert actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY) == 2
    figures = engine.figures(
        [unit("LB-01").pk, unit("LB-02").pk], Period.year(2026), [c for c, _b in CRITERIA], today=TODAY
    )
    by_cell = {entry.unit.code: entry for entry in ModelCell.objects.select_related("unit")}
    for code, entry in by_cell.items():
        own = figures[unit(code).pk]
        assert entry.status == ModelCell.Status.ASSESSED and entry.assessed_on == TODAY
        # The evidence is the figure as the dashboard shows it, not a count of its own.
        assert [(r["code"], r["numerator"], r["denominator"]) for r in entry.results] == [
            (c, own[c].numerator, own[c].denominator) for c, _bar in CRITERIA
        ]
    # Long Hòa has work overdue (Rà soát đảng viên, due 10/03): not a model. Long Thạnh: everyone came, nothing
    # given, so nothing overdue.
    long_hoa, long_thanh = by_cell["LB-01"], by_cell["LB-02"]
    assert [r["met"] for r in long_hoa.results] == [True, False] and long_hoa.meets is False
    assert [r["met"] for r in long_thanh.results] == [True, True] and long_thanh.meets is True
    with pytest.raises(ConflictError):  # the page was read before the first assessment
        actions.assess(standard, actor=commune_leader, expected_version=1, today=TODAY)


def test_with_nothing_counted_a_bar_to_reach_is_not_met(world, commune_leader):
    standard = actions.declare_standard(
        unit("LB"),
        actor=commune_leader,
        year=2026,
        name="Chi bộ mẫu",
        criteria=[("registrations_reviewed", Decimal(100))],
    )
    actions.register(standard, unit("LB-02"), actor=commune_leader)  # Mai's registration is still a draft
    actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY)
    entry = ModelCell.objects.get()
    assert entry.results == [
        {"code": "registrations_reviewed", "bar": "100.0", "numerator": 0, "denominator": 0, "met": False}
    ]
    assert entry.meets is False


def test_the_committee_recognises_a_chi_bo_that_meets_every_criterion_and_the_figure_counts_it(
    standard, registered, commune_leader, secretary
):
    year = Period.year(2026)
    before = engine.figures([unit("LB").pk, unit("TU").pk], year, ["model_cells"], today=TODAY)  # cached
    assert before[unit("LB").pk]["model_cells"].text == "0/2"  # Long Hòa, Long Thạnh (Ấp Cũ merged, closed)
    actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY)
    long_hoa, long_thanh = (ModelCell.objects.get(unit__code=code) for code in ("LB-01", "LB-02"))
    with pytest.raises(ValidationError, match="đạt tất cả các tiêu chí"):
        actions.recognise(long_hoa, actor=commune_leader, expected_version=long_hoa.version, on=TODAY)
    with pytest.raises(PermissionDenied):
        actions.recognise(long_thanh, actor=secretary, expected_version=long_thanh.version, on=TODAY)
    with pytest.raises(ConflictError):
        actions.recognise(long_thanh, actor=commune_leader, expected_version=long_thanh.version - 1, on=TODAY)
    long_thanh.refresh_from_db()  # nothing was written
    assert long_thanh.status == ModelCell.Status.ASSESSED
    actions.recognise(long_thanh, actor=commune_leader, expected_version=long_thanh.version, on=TODAY)
    long_thanh.refresh_from_db()
    assert long_thanh.status == ModelCell.Status.RECOGNISED and long_thanh.recognised_on == TODAY
    # Counted at once (the action marked the figures stale), at every level above the chi bộ.
    after = engine.figures(
        [unit("LB").pk, unit("TU").pk, unit("LB-02").pk], year, ["model_cells"], today=TODAY
    )
    assert after[unit("LB").pk]["model_cells"].text == "1/2"
    assert after[unit("TU").pk]["model_cells"].text == "1/3"
    assert after[unit("LB-02").pk]["model_cells"].text == "1/1"
    # A recognised chi bộ keeps its result when the others are assessed again.
    standard.refresh_from_db()
    assert actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY) == 1


class TestPages:
    def test_the_committee_sees_each_result_with_its_evidence(
        self, standard, registered, commune_leader, login, django_assert_num_queries
    ):
        client = login(commune_leader)
        page = client.get(reverse("modelcells:detail", args=[standard.pk]))
        assert page.status_code == 200 and "Chưa đánh giá." in page.content.decode()
        response = client.post(
            reverse("modelcells:assess", args=[standard.pk]), {"version": standard.version}, follow=True
        )
        html = response.content.decode()
        assert "Đã đánh giá 2 chi bộ theo số liệu." in html
        assert reverse("meetings:assignments", kwargs={"unit_pk": unit("LB-01").pk}) in html  # the evidence
        assert "Chưa đạt" in html and "không quá 0%" in html and "từ 80% trở lên" in html
        long_thanh = ModelCell.objects.get(unit__code="LB-02")
        response = client.post(
            reverse("modelcells:recognise", args=[long_thanh.pk]),
            {"version": long_thanh.version, "on": "2026-03-20"},
            follow=True,
        )
        assert "Đã công nhận chi bộ mẫu." in response.content.decode()
        assert "Được công nhận ngày 20/03/2026." in response.content.decode()
        # One chi bộ more on the page costs no query more (a chi bộ still to register in both).
        add_cells("LB", 1)
        url = reverse("modelcells:detail", args=[standard.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as two:
            client.get(url)
        ModelCell.objects.filter(unit__code="LB-01").delete()
        with django_assert_num_queries(len(two.captured_queries)):
            client.get(url)

    def test_a_secretary_registers_their_chi_bo_on_a_phone(self, standard, secretary, login):
        client = login(secretary)
        page = client.get(reverse("modelcells:detail", args=[standard.pk]))
        html = page.content.decode()
        assert "Đăng ký chi bộ mẫu" in html and "Chi bộ Ấp Long Hòa" in html
        assert "Chi bộ Ấp Long Thạnh" not in html  # not theirs to register
        assert "Đánh giá theo số liệu" not in html
        response = client.post(
            reverse("modelcells:register", args=[standard.pk]), {"cell": unit("LB-01").pk}, follow=True
        )
        assert "Đã đăng ký chi bộ mẫu." in response.content.decode()
        assert ModelCell.objects.filter(standard=standard, unit__code="LB-01").exists()
        refused = client.post(reverse("modelcells:register", args=[standard.pk]), {"cell": unit("LB-02").pk})
        assert refused.status_code == 302  # a chi bộ they do not see is no choice: nothing written
        assert not ModelCell.objects.filter(unit__code="LB-02").exists()
        assert (
            client.post(reverse("modelcells:assess", args=[standard.pk]), {"version": 1}).status_code == 403
        )

    def test_a_member_sees_how_their_chi_bo_was_assessed(
        self, standard, registered, commune_leader, member, login
    ):
        actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY)
        html = login(member).get(reverse("modelcells:detail", args=[standard.pk])).content.decode()
        assert "Chi bộ Ấp Long Hòa" in html and "Chưa đạt tất cả các tiêu chí." in html
        assert "Chi bộ Ấp Long Thạnh" not in html  # another chi bộ's
        assert "Đánh giá theo số liệu" not in html and "Công nhận chi bộ mẫu" not in html

    def test_a_committee_declares_on_the_form(self, world, commune_leader, login):
        client = login(commune_leader)
        url = reverse("modelcells:create", args=[unit("LB").pk])
        assert "Tỷ lệ đảng viên dự sinh hoạt" in client.get(url).content.decode()
        response = client.post(
            url,
            {
                "name": "Chi bộ 4 tốt",
                "year": 2026,
                "use_meetings_held": "on",
                "bar_meetings_held": "100",
                "use_attendance_rate": "on",
                "bar_attendance_rate": "85,5",
            },
        )
        assert response.status_code == 302
        standard = ModelCell.standard.field.related_model.objects.get()
        assert [(c.code, c.bar) for c in standard.criteria.all()] == [
            ("meetings_held", Decimal(100)),
            ("attendance_rate", Decimal("85.5")),
        ]
        again = client.post(url, {"name": "Chi bộ 4 tốt", "year": 2026, "use_meetings_held": "on"})
        assert "đã ban hành tiêu chí chi bộ mẫu năm 2026" in again.content.decode()
        assert client.get(reverse("modelcells:index")).status_code == 200


def test_a_recognition_before_the_year_is_refused(standard, registered, commune_leader):
    actions.assess(standard, actor=commune_leader, expected_version=standard.version, today=TODAY)
    entry = ModelCell.objects.get(unit__code="LB-02")
    with pytest.raises(ValidationError):
        actions.recognise(
            entry, actor=commune_leader, expected_version=entry.version, on=datetime.date(2025, 12, 31)
        )
