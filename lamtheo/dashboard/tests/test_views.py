import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.dashboard.tests.conftest import (
    MARCH,
    add_cells,
    raw_attendance,
    raw_meetings_held,
    raw_people,
    raw_studied,
)
from lamtheo.indicators.engine import Value
from lamtheo.lib import vn
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def page(unit_code: str, query: str = MARCH) -> str:
    return reverse("dashboard:unit", args=[unit(unit_code).pk]) + "?" + query


def headline(html: str, code: str) -> str:
    match = re.search(rf'data-indicator="{code}">(.*?)</div>', html, re.S)
    assert match, f"no headline for {code}"
    return match.group(1)


def row_names(html: str) -> list[str]:
    """The units of the first table of the units below, in the order shown."""
    table = html.split('class="data responsive dash-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', table)


@pytest.mark.parametrize(
    ("persona", "code"), [("province_staff", "TU"), ("commune_leader", "LB"), ("secretary", "LB-01")]
)
def test_figures_equal_counts_from_the_raw_records(request, login, march, persona, code):
    response = login(request.getfixturevalue(persona)).get(page(code))
    assert response.status_code == 200
    own = response.context["board"].own
    html = response.content.decode()

    people = raw_people(code)
    assert own["people"] == Value(people)
    assert vn.number(people) in headline(html, "people")

    present, expected = raw_attendance(code)
    assert expected > 0
    assert own["attendance_rate"] == Value(present, expected)
    assert f"{present}/{expected}" in headline(html, "attendance_rate")
    assert vn.percent(present, expected) in headline(html, "attendance_rate")

    assert own["meetings_held"] == Value(*raw_meetings_held(code))
    studied, active = raw_studied(code)
    assert own["studied_topic"] == Value(studied, active)
    assert vn.percent(studied, active) in headline(html, "studied_topic")


def test_the_figures_follow_a_write(login, march, commune_leader):
    client = login(commune_leader)
    before = client.get(page("LB")).context["board"].own["attendance_rate"]
    from lamtheo.dashboard.tests.conftest import hold

    hold("LB-01", 12)  # a second meeting in March, everyone present
    after = client.get(page("LB")).context["board"].own["attendance_rate"]
    assert after.denominator > before.denominator and after.numerator > before.numerator
    assert after == Value(*raw_attendance("LB"))


def test_headline_shows_the_trend_against_the_previous_period(login, march, commune_leader):
    html = login(commune_leader).get(page("LB")).content.decode()
    card = headline(html, "attendance_rate")
    assert "Kỳ trước: —." in card and "▲" not in card  # February: no meeting, no rate to compare with
    card = headline(html, "study_sessions")
    assert "▲</span> Tăng (kỳ trước: 0)." in card


def test_rows_drill_down_one_level_with_the_period_kept(login, march, province_staff):
    client = login(province_staff)
    html = client.get(page("TU")).content.decode()
    assert row_names(html) == ["Đảng ủy phường Châu Đốc", "Đảng ủy xã Long Bình"]
    link = reverse("dashboard:unit", args=[unit("LB").pk]) + "?" + MARCH
    assert f'href="{link.replace("&", "&amp;")}' in html
    response = client.get(page("LB"))
    assert row_names(response.content.decode()) == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"]
    assert [c.name for c in response.context["breadcrumbs"]] == ["Tỉnh ủy An Giang", "Đảng ủy xã Long Bình"]
    assert response.context["breadcrumbs"][0].url.startswith(page("TU"))
    cell = client.get(page("LB-01"))
    assert cell.context["board"].rows == []
    assert [c.name for c in cell.context["breadcrumbs"]][-1] == "Chi bộ Ấp Long Hòa"


def test_breadcrumbs_stop_at_the_top_the_user_covers(login, march, commune_leader):
    response = login(commune_leader).get(page("LB-02"))
    assert [c.name for c in response.context["breadcrumbs"]] == [
        "Đảng ủy xã Long Bình",
        "Chi bộ Ấp Long Thạnh",
    ]


def test_sorting_by_any_column_without_javascript(login, march, commune_leader):
    client = login(commune_leader)
    add_cells("LB", 1, name="Chi bộ Ấp Mới")  # no people, no meeting: no rate, always last
    names = lambda query: row_names(client.get(page("LB", f"{MARCH}&sap-xep={query}")).content.decode())  # noqa: E731
    assert names("-attendance_rate") == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Mới"]
    assert names("attendance_rate") == ["Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Long Hòa", "Chi bộ Ấp Mới"]
    assert names("-people") == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Mới"]
    assert names("ten") == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Mới"]
    assert names("-ten") == ["Chi bộ Ấp Mới", "Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Long Hòa"]
    assert names("khong-co") == names("ten")


def test_column_headers_are_sort_links_that_reverse_on_a_second_click(login, march, commune_leader):
    client = login(commune_leader)
    html = client.get(page("LB")).content.decode()
    first = re.search(r'<a href="([^"]*sap-xep=-attendance_rate[^"]*)">', html).group(1).replace("&amp;", "&")
    response = client.get(first)
    assert response.context["current_sort"] == "-attendance_rate"
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    assert re.search(r'href="[^"]*sap-xep=attendance_rate[^"]*"', html)
    # a figure where less is better shows the lowest first on the first click
    assert re.search(r'href="[^"]*sap-xep=assignments_overdue&amp;chi-so=', html)


def tables(html: str) -> list[str]:
    return [part.split("</table>", 1)[0] for part in html.split('class="data responsive dash-table"')[1:]]


def test_every_table_shows_the_order_of_its_rows(login, march, commune_leader):
    """One click sorts every section's table: the table with the column shows its arrow, every other table says
    which column its rows follow, and a sort by name shows the arrow on every table's name column."""
    client = login(commune_leader)
    html = client.get(page("LB", f"{MARCH}&sap-xep=-attendance_rate")).content.decode()
    shown = tables(html)
    assert len(shown) > 1
    with_column = [table for table in shown if 'data-label="Tỷ lệ đảng viên dự sinh hoạt"' in table]
    assert len(with_column) == 1
    assert 'aria-sort="descending"' in with_column[0] and "▼</span></th>" in with_column[0]
    assert "dash-sorted-by" not in with_column[0]
    others = [table for table in shown if table is not with_column[0]]
    for table in others:
        assert 'aria-sort="' not in table
        assert "▼</span> Các đơn vị xếp theo «Tỷ lệ đảng viên dự sinh hoạt», cao trước." in table

    html = client.get(page("LB", f"{MARCH}&sap-xep=attendance_rate")).content.decode()
    notes = [table for table in tables(html) if "dash-sorted-by" in table]
    assert len(notes) == len(shown) - 1
    assert all(
        "▲</span> Các đơn vị xếp theo «Tỷ lệ đảng viên dự sinh hoạt», thấp trước." in table for table in notes
    )

    html = client.get(page("LB", f"{MARCH}&sap-xep=-ten")).content.decode()
    assert all('aria-sort="descending"' in table and "dash-sorted-by" not in table for table in tables(html))


def test_units_that_need_attention(login, march, province_staff, commune_leader):
    board = login(commune_leader).get(page("LB")).context["board"]
    by_reason = {group.reason: [item.unit.code for item in group.items] for group in board.attention}
    assert by_reason["below_bar"] == ["LB-02"]
    assert by_reason["copied"] == ["LB-02"]
    assert board.attention_count == len({item.unit.pk for group in board.attention for item in group.items})


def test_the_province_sees_its_communes_with_their_chi_bo_counted(login, march, province_staff):
    """Above the communes, each commune is listed once per problem with the number of its chi bộ concerned (not
    every chi bộ, not every late record); the heading counts the units listed, and the Excel names every chi bộ."""
    client = login(province_staff)
    response = client.get(page("TU"))
    board = response.context["board"]
    children = {"LB", "CD"}
    assert all(item.unit.code in children for group in board.attention for item in group.items)
    missing = next(group for group in board.attention if group.reason == "missing")
    chau_doc = next(item for item in missing.items if item.unit.code == "CD")
    assert "CD-01" in [cell.code for cell in chau_doc.cells]  # Chi bộ Khóm 1: no monthly meeting recorded
    assert [group.reason for group in board.attention].count("late") <= 1
    assert board.attention_count <= len(children)
    attention = response.content.decode().split('id="can-chu-y"', 1)[1].split('id="bieu-do"', 1)[0]
    assert f"Đơn vị cần chú ý ({board.attention_count})" in response.content.decode()
    assert 'Đảng ủy phường Châu Đốc</a> <span class="muted">— 01 chi bộ' in attention
    assert "Chi bộ Khóm 1" not in attention
    export = client.get(reverse("dashboard:export", args=[unit("TU").pk]) + f"?{MARCH}")
    book = load_workbook(io.BytesIO(export.content))
    rows = [row[1:5] for row in book["Đơn vị cần chú ý"].iter_rows(min_row=2, values_only=True)]
    assert any(row[0] == "CD-01" and row[3].endswith("(Đảng ủy phường Châu Đốc)") for row in rows)


def test_charts_are_inline_svg_for_the_chosen_indicator(login, march, commune_leader):
    client = login(commune_leader)
    html = client.get(page("LB")).content.decode()
    assert html.count('role="img"') == 2
    assert "<script" not in html.split('id="bieu-do"', 1)[1].split("</main>", 1)[0]
    assert "Tỷ lệ đảng viên dự sinh hoạt – các đơn vị trực thuộc, tháng 3/2026" in html
    assert "Chi bộ Ấp Long Thạnh: 50%" in html  # the bars' description
    html = client.get(page("LB", f"{MARCH}&chi-so=people")).content.decode()
    assert "Đảng viên, cán bộ, công chức, viên chức theo tháng, tháng 3/2026" in html
    assert client.get(page("LB", f"{MARCH}&chi-so=<script>")).context["board"].chart.code == "attendance_rate"


def test_trend_per_month_of_a_quarter(login, march, commune_leader):
    board = login(commune_leader).get(page("LB", "ky=quy&nam=2026&so=1")).context["board"]
    assert board.period.label == "quý I/2026"
    assert [label for label, _value in board.trend_points] == ["1/2026", "2/2026", "3/2026"]
    assert board.trend_points[2][1] == pytest.approx(100 * raw_attendance("LB")[0] / raw_attendance("LB")[1])


def test_period_picker_defaults_to_the_current_year(login, march, commune_leader):
    response = login(commune_leader).get(reverse("dashboard:unit", args=[unit("LB").pk]) + "?ky=thang&so=13")
    assert response.context["period"].label == "năm 2026"
    assert "Số liệu năm 2026" in response.content.decode()


def test_excel_export_of_every_table(login, march, commune_leader):
    evil = add_cells("LB", 1, name='=HYPERLINK("http://x","Chi bộ")')[0]
    response = login(commune_leader).get(
        reverse("dashboard:export", args=[unit("LB").pk]) + f"?{MARCH}&sap-xep=-attendance_rate"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chỉ tiêu tháng 3 2026", "Đơn vị trực thuộc", "Đơn vị cần chú ý", "Theo tháng"]
    headlines = {row[1]: row for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    present, expected = raw_attendance("LB")
    assert headlines["Tỷ lệ đảng viên dự sinh hoạt"][2:5] == (
        present,
        expected,
        round(100 * present / expected, 1),
    )
    assert headlines["Đảng viên, cán bộ, công chức, viên chức"][2] == raw_people("LB")

    units = book["Đơn vị trực thuộc"]
    header = [cell.value for cell in units[1]]
    assert header[:3] == ["STT", "Mã đơn vị", "Đơn vị"]
    rows = list(units.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows] == [
        "LB-01",
        "LB-02",
        evil.code,
        "LB",
    ]  # the table's order, then the total
    rate = header.index("Tỷ lệ đảng viên dự sinh hoạt – tỷ lệ (%)")
    assert rows[1][rate] == 50.0
    name_cell = units.cell(row=4, column=3)
    assert name_cell.data_type == "s" and name_cell.value.startswith("=HYPERLINK")  # text, not a formula

    attention = list(book["Đơn vị cần chú ý"].iter_rows(min_row=2, values_only=True))
    assert ("LB-02", "Chi bộ Ấp Long Thạnh", "Dưới mức yêu cầu") in [row[1:4] for row in attention]
    assert ("LB-02", "Chi bộ Ấp Long Thạnh", "Chuẩn mực sao chép nguyên văn") in [
        row[1:4] for row in attention
    ]
    trend = list(book["Theo tháng"].iter_rows(values_only=True))
    assert trend[1][:3] == ("3/2026", present, expected)


def test_same_number_of_queries_for_3_and_25_units_below(
    login, march, commune_leader, django_assert_num_queries
):
    client = login(commune_leader)
    add_cells("LB", 1)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(page("LB")).context["board"].rows) == 3
    add_cells("LB", 22, name="Chi bộ Tổ {index:02d}", prefix="T")
    with django_assert_num_queries(len(few)):
        assert len(client.get(page("LB")).context["board"].rows) == 25


# Who sees what ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", {"TU": 200, "LB": 200, "LB-01": 200, "CD-01": 200}),
        ("province_staff", {"TU": 200, "LB": 200, "LB-01": 200, "CD-01": 200}),
        ("commune_leader", {"TU": 404, "LB": 200, "LB-01": 200, "CD-01": 404}),
        ("secretary", {"TU": 404, "LB": 404, "LB-01": 200, "CD-01": 404}),
        ("member", {"TU": 404, "LB": 404, "LB-01": 404, "CD-01": 404}),
        ("outsider", {"TU": 404, "LB": 404, "LB-01": 404, "CD-01": 200}),
    ],
)
def test_scoping(request, login, persona, expected):
    client = login(request.getfixturevalue(persona))
    for code, status in expected.items():
        assert client.get(page(code)).status_code == status, (persona, code)
        export = reverse("dashboard:export", args=[unit(code).pk])
        assert client.get(export).status_code == status, (persona, code, "export")


def test_unknown_unit_is_404(login, admin):
    assert login(admin).get(reverse("dashboard:unit", args=[999999])).status_code == 404


def test_anonymous_goes_to_login(client):
    for url in (reverse("dashboard:index"), page("TU"), reverse("dashboard:export", args=[unit("TU").pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_writes_are_refused(login, province_staff):
    assert login(province_staff).post(page("TU")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("admin", ("dashboard:unit", "TU")),
        ("province_staff", ("dashboard:unit", "TU")),
        ("commune_leader", ("dashboard:unit", "LB")),
        ("secretary", ("dashboard:unit", "LB-01")),
        ("outsider", ("dashboard:unit", "CD-01")),
        ("member", ("units:detail", "LB-01")),  # no staff role: their chi bộ's page
    ],
)
def test_index_opens_the_users_own_dashboard(request, login, persona, target):
    response = login(request.getfixturevalue(persona)).get(reverse("dashboard:index") + "?" + MARCH)
    name, code = target
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(name, args=[unit(code).pk]))
    if name == "dashboard:unit":
        assert response["Location"].endswith(MARCH)


def test_index_without_any_role_is_404(login, django_user_model, db):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.vn", "x")
    assert login(nobody).get(reverse("dashboard:index")).status_code == 404


@pytest.mark.parametrize("persona", ["admin", "province_staff", "commune_leader", "secretary", "outsider"])
def test_each_persona_sees_their_dashboard_with_figures(request, login, march, persona):
    client = login(request.getfixturevalue(persona))
    response = client.get(client.get(reverse("dashboard:index") + "?" + MARCH)["Location"])
    assert response.status_code == 200
    board = response.context["board"]
    assert board.own["people"] == Value(raw_people(board.unit.code))
    assert "Xuất Excel các bảng" in response.content.decode()


@pytest.mark.parametrize(
    ("now", "before", "text"),
    [
        (Value(12), Value(10), "Tăng (kỳ trước: 10)."),
        (Value(8), Value(10), "Giảm (kỳ trước: 10)."),
        (Value(10), Value(10), "Không đổi (kỳ trước: 10)."),
        (Value(3, 4), Value(0, 0), "Kỳ trước: —."),
    ],
)
def test_the_trend_line_is_one_sentence_per_direction(now, before, text):
    from lamtheo.dashboard.board import Headline
    from lamtheo.indicators.registry import INDICATORS

    indicator = INDICATORS["people"] if now.denominator is None else INDICATORS["attendance_rate"]
    assert Headline(indicator, now, before).trend_text == text


def test_each_headline_figure_has_its_definition_beside_it(login, march, commune_leader):
    from django.utils.html import escape

    from lamtheo.indicators.registry import INDICATORS

    response = login(commune_leader).get(page("LB"))
    text = response.content.decode()
    shown = [h.indicator for table in response.context["tables"] for h in table["section"].headlines]
    assert shown
    for indicator in shown:
        assert escape(str(indicator.definition)) in text, indicator.code
    assert all(indicator.definition for indicator in INDICATORS.values())
