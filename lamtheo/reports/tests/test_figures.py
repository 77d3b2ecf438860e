"""How a report words its figures: each indicator's own sentence (lamtheo.indicators.registry), whole sentences
for the lists of units, and a chi bộ that never speaks of units below it."""

import pytest
from django.utils import translation

from lamtheo.indicators import registry
from lamtheo.indicators.engine import Value
from lamtheo.reports.figures import build_figures, lagging_sentence, sentence
from lamtheo.reports.rendering import compose_body, current_figures
from lamtheo.reports.tests.conftest import HALF, draft
from lamtheo.testing import unit


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_the_committees_wording():
    assert (
        sentence("Toàn tỉnh", registry.get("study_sessions"), Value(731))
        == "Toàn tỉnh đã mở được 731 lớp, hội nghị học tập chuyên đề (kể cả học bù)."
    )
    splits = {registry.SPLITS["members"]: Value(38969, 41324), registry.SPLITS["non_members"]: Value(0, 0)}
    assert sentence("Toàn tỉnh", registry.get("studied_topic"), Value(40539, 41324), splits) == (
        "Toàn tỉnh có 40.539/41.324 người tham gia học tập chuyên đề năm, đạt 98,1%. "
        "Trong đó đảng viên: 38.969/41.324 (94,3%)."
    )


def test_an_empty_denominator_says_there_is_no_figure_yet():
    assert (
        sentence("Toàn tỉnh", registry.get("attendance_rate"), Value(0, 0))
        == "Tỷ lệ đảng viên dự sinh hoạt: chưa có số liệu trong kỳ."
    )


def test_a_unit_with_no_units_below_gets_the_indicators_own_sentence():
    meetings = registry.get("meetings_held")
    assert (
        sentence("Chi bộ", meetings, Value(3, 4), units_below=False)
        == "Chi bộ đã sinh hoạt thường kỳ 3/4 tháng, đạt 75,0%."
    )
    assert sentence("Toàn Đảng bộ", meetings, Value(30, 40)).startswith("Toàn Đảng bộ có 30/40 lượt chi bộ")


def lagging_row(**kwargs):
    row = {
        "name": "Bản đăng ký học tập và làm theo",
        "expected": 30,
        "on_time": 20,
        "late": 2,
        "missing": 8,
        "missing_units": ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"],
        "late_units": [],
        "more_missing": 0,
        "more_late": 0,
    }
    return {**row, **kwargs}


def test_the_units_that_lag_are_listed_in_whole_sentences():
    assert lagging_sentence(lagging_row()).endswith(
        "8 chưa thực hiện. Chưa thực hiện: Chi bộ Ấp Long Hòa, Chi bộ Ấp Long Thạnh."
    )
    assert lagging_sentence(
        lagging_row(more_missing=6, late_units=["Chi bộ Ấp Cần Đăng"], more_late=1)
    ).endswith(
        "Chưa thực hiện: Chi bộ Ấp Long Hòa, Chi bộ Ấp Long Thạnh và 6 đơn vị khác. "
        "Thực hiện chậm: Chi bộ Ấp Cần Đăng và 1 đơn vị khác."
    )


@pytest.mark.usefixtures("frozen", "terms")
def test_a_chi_bo_never_speaks_of_units_below(studied_world, secretary):
    figures = build_figures(unit("LB-01"), HALF)
    assert figures["table"] is None
    assert all(not row["missing_units"] and not row["late_units"] for row in figures["lagging"])
    report = draft("LB-01", secretary)
    body = compose_body(report, current_figures(report))
    assert "Chi bộ có 6 người đang sinh hoạt (kể cả miễn sinh hoạt)." in body
    assert (
        "Chi bộ đã sinh hoạt thường kỳ 0/3 tháng" in body
    )  # the months ended: the one in progress not yet due
    assert "trực thuộc" not in body and "Các đơn vị cần quan tâm" not in body
    assert "Chi bộ Ấp Long Hòa" not in body


@pytest.mark.usefixtures("frozen", "terms")
def test_a_commune_names_its_chi_bo_that_lag(studied_world):
    figures = build_figures(unit("LB"), HALF)
    text = " ".join(f["sentence"] for section in figures["sections"] for f in section["figures"])
    assert "Toàn Đảng bộ có" in text and "lượt chi bộ sinh hoạt thường kỳ hằng tháng" in text
    assert any(row["missing_units"] for row in figures["lagging"])
