"""How a report words its figures: each indicator's own sentence (lamtheo.indicators.registry) in committee prose,
zero said in words, figures not there yet said once, lagging chi bộ counted and named, and a chi bộ that never
speaks of units below it."""

import re

import pytest
from django.utils import translation

from lamtheo.indicators import registry
from lamtheo.indicators.engine import Value
from lamtheo.reports.figures import build_figures, levels_sentence, percent_text, sentence
from lamtheo.reports.lagging import lagging_sentence, place_of
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
    splits = {"members": Value(38969, 41324), "non_members": Value(1570, 1570)}
    assert sentence("Toàn tỉnh", registry.get("studied_topic"), Value(40539, 42894), splits) == (
        "Toàn tỉnh có 40.539/42.894 người tham gia học tập chuyên đề năm, đạt 94,5%. "
        "Trong đó, đảng viên 38.969/41.324 (94,3%); cán bộ, công chức, viên chức chưa là đảng viên "
        "1.570/1.570 (100%)."
    )


def test_the_people_in_one_sentence():
    people = registry.get("people")
    assert sentence(
        "Toàn tỉnh", people, Value(14141), {"members": Value(13157), "non_members": Value(984)}
    ) == (
        "Toàn tỉnh có 13.157 đảng viên (kể cả đảng viên được miễn sinh hoạt) và 984 cán bộ, công chức, viên chức "
        "chưa là đảng viên."
    )
    assert (
        sentence(
            "Chi bộ", people, Value(6), {"members": Value(6), "non_members": Value(0)}, units_below=False
        )
        == "Chi bộ có 06 đảng viên (kể cả đảng viên được miễn sinh hoạt)."
    )


def test_a_whole_percent_has_no_decimal():
    assert percent_text(Value(12, 12)) == "100%"
    assert percent_text(Value(1, 2)) == "50%"
    assert percent_text(Value(0, 3)) == "0%"
    assert percent_text(Value(2, 3)) == "66,7%"


def test_zero_is_said_in_words():
    text = " ".join(
        sentence("Chi bộ", registry.get(code), value, units_below=False, period_kind="month")
        for code, value in (("study_sessions", Value(0)), ("assignments_received_overdue", Value(0, 1)))
    )
    assert text == "Trong tháng, chi bộ không tổ chức học tập chuyên đề. Không có việc được giao quá hạn."
    # nothing due yet: still no overdue work, said in words, never "0/0"
    assert sentence("Chi bộ", registry.get("assignments_overdue"), Value(0, 0)).startswith("Không có việc")
    assert (
        sentence("Toàn Đảng bộ", registry.get("result_not_done"), Value(0, 8))
        == "Toàn Đảng bộ không có người bị xếp loại không hoàn thành nhiệm vụ."
    )
    # of the other levels, only those someone was rated at are said
    assert sentence("Toàn Đảng bộ", registry.get("result_done"), Value(0, 8)) == ""


def test_in_one_month_the_meetings_count_chi_bo_not_turns():
    held, required = registry.get("meetings_held"), registry.get("meetings_required")
    assert sentence("Toàn Đảng bộ", held, Value(40, 41), period_kind="month") == (
        "Toàn Đảng bộ có 40/41 chi bộ sinh hoạt thường kỳ trong tháng, đạt 97,6%."
    )
    assert "lượt chi bộ" in sentence("Toàn Đảng bộ", held, Value(400, 410), period_kind="year")
    cell = {"units_below": False, "period_kind": "month"}
    assert sentence("Chi bộ", held, Value(1, 1), **cell) == "Chi bộ đã sinh hoạt thường kỳ trong tháng."
    assert sentence("Chi bộ", held, Value(0, 1), **cell) == "Trong tháng, chi bộ chưa sinh hoạt thường kỳ."
    assert sentence("Chi bộ", registry.get("attendance_rate"), Value(33, 35), **cell) == (
        "Buổi sinh hoạt thường kỳ trong tháng có 33/35 đảng viên dự, đạt 94,3%."
    )
    assert sentence("Chi bộ", registry.get("thematic_meetings"), Value(1, 1), **cell) == (
        "Chi bộ đã sinh hoạt chuyên đề trong quý."
    )
    assert sentence("Chi bộ", required, Value(0, 1), **cell) == (
        "Buổi sinh hoạt thường kỳ trong tháng chưa đủ nội dung bắt buộc."
    )


def test_the_levels_of_the_rating_are_one_sentence():
    levels = [
        (registry.get(code), value)
        for code, value in (
            ("result_excellent", Value(19, 108)),
            ("result_good", Value(69, 108)),
            ("result_done", Value(20, 108)),
            ("result_not_done", Value(0, 108)),
        )
    ]
    assert levels_sentence("Toàn tỉnh", levels) == (
        "Toàn tỉnh có 108 đồng chí được nhận xét, xếp loại kết quả thực hiện bản đăng ký học tập và làm theo; "
        "trong đó xếp loại Hoàn thành xuất sắc nhiệm vụ 19 đồng chí (17,6%), Hoàn thành tốt nhiệm vụ 69 đồng chí "
        "(63,9%), Hoàn thành nhiệm vụ 20 đồng chí (18,5%); không có đồng chí nào xếp loại Không hoàn thành nhiệm vụ."
    )
    before = levels_sentence("Chi bộ", [(indicator, Value(0, 0)) for indicator, _value in levels])
    assert "cuối năm" in before and "đồng chí" not in before


def test_a_figure_not_there_yet_says_when_it_will_be_or_nothing():
    pending = sentence("Chi bộ", registry.get("result_excellent"), Value(0, 0))
    assert "cuối năm" in pending and "chưa có số liệu" not in pending
    assert sentence("Chi bộ", registry.get("attendance_rate"), Value(0, 0)) == ""


def test_the_units_that_lag_are_counted_and_named_as_many_as_announced(db):
    row = {
        "code": "study_session",
        "units_below": True,
        "total": 541,
        "missing": 2,
        "late": 12,
        "missing_units": ["Chi bộ Ấp Cây Gòn (xã Hòa Lạc)", "02 chi bộ Công an xã (xã Óc Eo, xã Tri Tôn)"],
        "missing_by_unit": [],
    }
    assert lagging_sentence(row).startswith(
        "Còn 02/541 chi bộ chưa tổ chức học tập chuyên đề: Chi bộ Ấp Cây Gòn (xã Hòa Lạc), 02 chi bộ Công an xã"
    )
    assert "Có 12 chi bộ cập nhật kết quả học tập chuyên đề lên phần mềm chậm" in lagging_sentence(row)
    many = {
        **row,
        "missing": 61,
        "missing_units": [],
        "missing_by_unit": [["Đảng ủy xã Gò Quao", 41], ["X", 20]],
    }
    text = lagging_sentence(many)
    assert "Còn 61/541 chi bộ" in text and "Đảng ủy xã Gò Quao (41 chi bộ), X (20 chi bộ)." in text
    assert place_of(unit("LB")) == "xã Long Bình"


def announced_and_named(text: str) -> tuple[int, int]:
    """("Còn 03/30 chi bộ ...: A, B, C." -> (3, 3)), counting a grouped name by its count."""
    announced = int(re.search(r"Còn (\d+)/", text).group(1))
    names = text.split(": ", 1)[1].split(". ", 1)[0].rstrip(".")
    named = sum(
        int(part.split(" ", 1)[0]) if part[:1].isdigit() else 1
        for part in re.split(r", (?=Chi bộ|\d)", names)
    )
    return announced, named


@pytest.mark.usefixtures("frozen", "terms")
def test_a_chi_bo_never_speaks_of_units_below(studied_world, secretary):
    figures = build_figures(unit("LB-01"), HALF)
    assert figures["table"] is None
    assert all(not row["missing_units"] and not row["missing_by_unit"] for row in figures["lagging"])
    report = draft("LB-01", secretary)
    body = compose_body(report, current_figures(report))
    assert "Chi bộ có 04 đảng viên (kể cả đảng viên được miễn sinh hoạt) và 02 cán bộ, công chức" in body
    assert "Chi bộ đã sinh hoạt thường kỳ 0/3 tháng" not in body  # zero in words
    assert "Trong 6 tháng, chi bộ chưa sinh hoạt thường kỳ." in body
    assert "Chi bộ còn 03 tháng chưa sinh hoạt thường kỳ." in body
    assert "trực thuộc" not in body and "Các đơn vị cần quan tâm" not in body
    # the work it gave itself is the work it received: said once, as a chi bộ says it
    assert "Không có việc được giao quá hạn." in body and "Không có việc đã giao" not in body
    assert "chưa có số liệu" not in body and "0,0%" not in body and ",0%" not in body
    assert body.count("được tiến hành vào cuối năm") <= 1
    assert "::" not in body and not re.search(r": [^.]*: ", body.split("2. ")[0].replace("- ", "", 1))


@pytest.mark.usefixtures("frozen", "terms")
def test_a_commune_names_its_chi_bo_that_lag(studied_world, commune_leader):
    figures = build_figures(unit("LB"), HALF)
    text = " ".join(f["sentence"] for section in figures["sections"] for f in section["figures"])
    assert "Toàn Đảng bộ có 06 đảng viên" in text
    assert "Trong 6 tháng, toàn Đảng bộ chưa sinh hoạt thường kỳ." in text  # 0/6 chi bộ-months, in words
    lagging = [lagging_sentence(row) for row in figures["lagging"]]
    named = [line for line in lagging if line.startswith("Còn ") and ": " in line]
    assert named
    for line in named:
        announced, listed = announced_and_named(line)
        assert announced == listed, line
        assert " lượt" not in line
    body = compose_body(draft("LB", commune_leader), figures)
    assert "chưa có số liệu" not in body and ",0%" not in body
