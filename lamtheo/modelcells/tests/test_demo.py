"""The demo's model chi bộ and the làm theo figures as a committee reads them: in Cù Lao Giêng (the commune with
logins), last year's criteria with its chi bộ assessed from their records and those meeting every criterion
recognised; the commune's dashboard shows the new figures with their definitions, and its annual report says them in
committee words. On the tiny demo province, built once for the modules that read it."""

import pytest
from django.urls import reverse

from lamtheo.accounts.models import Role, User
from lamtheo.demo import builder
from lamtheo.demo.population import AS_OF
from lamtheo.indicators import engine
from lamtheo.indicators.periods import Period
from lamtheo.modelcells.models import ModelCell, Standard
from lamtheo.reports.figures import build_figures
from lamtheo.units.models import Unit

pytestmark = pytest.mark.xdist_group("tiny_demo")  # one process builds it once for all its readers
LAST_YEAR = Period.year(AS_OF.year - 1)


@pytest.fixture(scope="module")
def demo(tiny_demo):
    return tiny_demo


@pytest.fixture
def commune(demo, db):
    return User.objects.get(username="bithuxa").role_assignments.get(role=Role.COMMITTEE_LEADER).unit


def test_the_communes_model_chi_bo_went_through_the_actions(commune):
    last = Standard.objects.get(unit=commune, year=LAST_YEAR.year_of)
    assert [c.code for c in last.criteria.all()][:2] == ["meetings_held", "meetings_required"]
    entries = list(last.cells.all())
    assert entries and all(entry.status != ModelCell.Status.REGISTERED for entry in entries)
    for entry in entries:  # each recognised one met every criterion; the others are said why not
        assert len(entry.results) == last.criteria.count()
        assert (entry.status == ModelCell.Status.RECOGNISED) == all(r["met"] for r in entry.results)
    current = Standard.objects.get(unit=commune, year=AS_OF.year)
    assert current.cells.filter(status=ModelCell.Status.REGISTERED).exists()
    recognised = sum(entry.status == ModelCell.Status.RECOGNISED for entry in entries)
    cells = Unit.objects.children_of(commune).filter(kind__in=Unit.CELL_KINDS, active_to=None).count()
    figure = engine.figures([commune.pk], LAST_YEAR, ["model_cells"], today=AS_OF)[commune.pk]["model_cells"]
    assert (figure.numerator, figure.denominator) == (recognised, cells)


def test_the_dashboard_shows_the_new_figures_with_their_definitions(commune, client, settings):
    settings.DEBUG = True  # the demo's logins work only then
    client.force_login(User.objects.get(username="bithuxa"))
    response = client.get(reverse("dashboard:unit", args=[commune.pk]) + f"?ky=nam&nam={LAST_YEAR.year_of}")
    assert response.status_code == 200
    html = response.content.decode()
    for code in (
        "initiatives",
        "initiative_replicas",
        "goals_reached",
        "exemplars_recognised",
        "model_cells",
    ):
        assert f'data-indicator="{code}"' in html, code
    assert "Mô hình, nội dung đột phá" in html and "Thi đua, chi bộ mẫu" in html
    assert "mỗi chi bộ một lần, trên tổng số chi bộ đang hoạt động" in html  # the "?" definition


def test_the_annual_report_says_them_in_committee_words(commune):
    figures = build_figures(commune, LAST_YEAR, today=AS_OF)
    said = " ".join(row["sentence"] for section in figures["sections"] for row in section["figures"])
    assert "Toàn Đảng bộ có 01 mô hình, nội dung đột phá học tập và làm theo đang thực hiện." in said
    assert "nơi thực hiện mô hình được nhân rộng." in said
    assert "chỉ tiêu của các tổ thực hiện mô hình đạt mục tiêu đề ra" in said
    assert (
        "Toàn Đảng bộ có 01 gương điển hình (tập thể, cá nhân) được cấp ủy biểu dương, khen thưởng." in said
    )
    assert "chi bộ được công nhận chi bộ mẫu, chiếm" in said or "Chưa có chi bộ được công nhận" in said
    root = Unit.objects.get(code=builder.ROOT_CODE)
    province = build_figures(root, LAST_YEAR, today=AS_OF)
    titles = [section["title"] for section in province["sections"]]
    assert "Mô hình, nội dung đột phá" in titles and "Gương điển hình" in titles
