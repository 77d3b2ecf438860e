"""Files to import, built in the tests: people rows as the membership database exports them."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.imports.models import ImportJob

# The headers of a CSDL đảng viên export (with its own names for some columns).
CSDL_HEADERS = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số định danh cá nhân",
    "Số điện thoại",
    "Loại đảng viên",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Chức danh",
    "Tình trạng",
    "Mã chi bộ",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hạnh", "Lan", "Ngọc", "Phúc", "Thảo", "Yến", "Đức"]


def person(i: int, unit: str = "LB-01", **overrides) -> dict:
    """The i-th test person (i < 1.000.000): valid CCCD and card number, dates that agree."""
    year = 1960 + i % 40
    female = i % 2
    row = {
        "STT": i,
        "Họ và tên": f"{FAMILY[i % 7]} {MIDDLE[i % 5]} {GIVEN[i % 11]}",
        "Giới tính": "Nữ" if female else "Nam",
        "Ngày sinh": f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/{year}",
        "Số định danh cá nhân": f"089{female}{year % 100:02d}{i:06d}",
        "Số điện thoại": f"09{i:08d}",
        "Loại đảng viên": "Chính thức",
        "Số thẻ đảng viên": f"{70000000 + i}",
        "Ngày vào Đảng": f"19/05/{year + 25}",
        "Ngày chính thức": f"19/05/{year + 26}",
        "Chức danh": "",
        "Tình trạng": "Đang sinh hoạt",
        "Mã chi bộ": unit,
    }
    row.update(overrides)
    return row


def xlsx(rows: list[dict], headers=None, *, title_rows: int = 0) -> bytes:
    """An Excel file as Excel saves it (normal mode: the sheet tells its size), optional title rows above."""
    headers = headers or (list(rows[0]) if rows else CSDL_HEADERS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for index in range(title_rows):
        sheet.append(["DANH SÁCH ĐẢNG VIÊN" if index == 0 else None])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows: list[dict], headers=None, delimiter: str = ",") -> str:
    headers = headers or list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return buffer.getvalue()


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def import_file(data: bytes, unit, *, name="danh-sach.xlsx", kind=ImportJob.Kind.PEOPLE, actor=None):
    """Create and run a job now, as the command does."""
    from lamtheo.imports import actions

    job = actions.create_job(kind=kind, unit=unit, file=upload(data, name), filename=name, actor=actor)
    return actions.run_job(job)


def errors(job) -> list[tuple]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]
