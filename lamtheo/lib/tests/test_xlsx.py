import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
from django.utils import timezone

from lamtheo.lib.xlsx import CONTENT_TYPE, write_xlsx, xlsx_response


def _sheet(data: bytes, index: int = 0):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[index]


def test_formula_like_text_is_written_as_text_never_as_a_formula():
    payloads = ["=1+1", "+84912345678", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
    sheet = _sheet(write_xlsx(["Ghi chú"], [[p] for p in payloads], sheet_title="Danh sách"))
    for row, payload in enumerate(payloads, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == payload
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel keeps it text even when the cell is edited


def test_formula_like_header_is_text_too():
    sheet = _sheet(write_xlsx(["=cmd|' /C calc'!A0"], [], sheet_title="x"))
    assert sheet["A1"].data_type == "s"


def test_dates_are_real_dates_shown_day_first_and_numbers_stay_numbers():
    aware = timezone.make_aware(datetime.datetime(2024, 2, 29, 8, 30))
    rows = [[datetime.date(2024, 2, 29), aware, 40539, 98.1, Decimal("12.5"), None, "Nguyễn Thị Kim Ngọc"]]
    sheet = _sheet(
        write_xlsx(["Ngày", "Lúc", "Số", "Tỉ lệ", "Thập phân", "Trống", "Tên"], rows, sheet_title="x")
    )
    date, moment, number, ratio, decimal, empty, name = (cell for cell in sheet[2])
    assert date.value == datetime.datetime(2024, 2, 29)
    assert date.is_date and date.number_format == "DD/MM/YYYY"
    assert moment.value == datetime.datetime(2024, 2, 29, 8, 30)  # local time, timezone dropped for Excel
    assert moment.number_format == "DD/MM/YYYY HH:MM"
    assert number.value == 40539 and number.data_type == "n"
    assert ratio.value == 98.1
    assert decimal.value == 12.5
    assert empty.value is None
    assert name.value == "Nguyễn Thị Kim Ngọc"


def test_header_row_is_frozen_and_more_sheets_follow():
    data = write_xlsx(
        ["A"], [["x"]], sheet_title="Danh sách: 2026/01", more_sheets=[("Hướng dẫn", ["B"], [["y"]])]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Danh sách  2026 01", "Hướng dẫn"]  # characters Excel refuses are replaced
    assert workbook.worksheets[0].freeze_panes == "A2"
    assert workbook.worksheets[1]["A2"].value == "y"


def test_many_rows_stream():
    rows = ([i, f"Người {i}", datetime.date(2000, 1, 1)] for i in range(5000))
    sheet = openpyxl.load_workbook(
        io.BytesIO(write_xlsx(["STT", "Tên", "Ngày"], rows, sheet_title="x")), read_only=True
    ).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 5001
    assert values[-1] == (4999, "Người 4999", datetime.datetime(2000, 1, 1))


def test_response_is_an_attachment_with_the_vietnamese_file_name():
    response = xlsx_response("Danh sách đảng viên.xlsx", ["Tên"], [["=1+1"]], sheet_title="Danh sách")
    assert response["Content-Type"] == CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Danh sach dang vien.xlsx"; ')
    assert f"filename*=UTF-8''{quote('Danh sách đảng viên.xlsx')}" in disposition
    assert _sheet(response.content)["A2"].data_type == "s"


def test_a_control_character_never_makes_the_export_fail():
    # A name stored before the cleaning on input (or by a command) still exports; the character is dropped.
    data = write_xlsx(["Họ và tên\x01"], [["Nguyễn\x01 Văn\x0b A", "=\x02x"]], sheet_title="Danh\x1f sách")
    sheet = _sheet(data)
    assert sheet.title == "Danh sách"
    assert sheet["A1"].value == "Họ và tên"
    assert [cell.value for cell in sheet[2]] == ["Nguyễn Văn A", "=x"]
    assert sheet["B2"].data_type == "s"
