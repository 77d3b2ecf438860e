"""Writing XLSX files: every list export and the import templates go through `write_xlsx`.

Safe by construction: a text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab /
carriage return, the classic CSV/formula-injection payloads) is written as a text cell, never as a formula.
Dates are real dates shown as dd/mm/yyyy, so they sort and filter in Excel.
"""

import datetime
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill

from lamtheo.lib.text import xml_safe

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F0EEE9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTH_SAMPLE_ROWS = 200  # column widths are guessed from the header and the first rows only


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    more_sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]] = (),
) -> bytes:
    """An XLSX file with one sheet of `headers` and `rows` (then any `more_sheets`: (title, headers, rows))."""
    workbook = Workbook(write_only=True)
    for title, sheet_headers, sheet_rows in [(sheet_title, headers, rows), *more_sheets]:
        _write_sheet(workbook, title, sheet_headers, sheet_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str, **kwargs
):
    """An attachment download of `write_xlsx(...)`; `filename` may be Vietnamese."""
    response = HttpResponse(
        write_xlsx(headers, rows, sheet_title=sheet_title, **kwargs), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name for old clients and the real name as RFC 6266 `filename*`."""
    decomposed = unicodedata.normalize("NFD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in decomposed if ch.isascii() and ch not in '"\\\r\n' and ch.isprintable())
    return (
        f"attachment; filename=\"{ascii_name or 'export.xlsx'}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )


def _write_sheet(workbook, title, headers, rows):
    sheet = workbook.create_sheet(title=_sheet_title(title))
    rows = iter(rows)
    # Widths must be set before the first row is written; look at the first rows to choose them.
    sample = [row for _, row in zip(range(_WIDTH_SAMPLE_ROWS), rows, strict=False)]
    for index, width in enumerate(_widths(headers, sample), start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, header) for header in headers])
    for row in sample:
        sheet.append([_cell(sheet, value) for value in row])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet, value):
    """The value as openpyxl should write it: plain values stay plain (fast); the others get a styled cell."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, str):
        value = xml_safe(value)  # a control character would make openpyxl refuse the whole file
        if value.startswith(FORMULA_PREFIXES):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            return cell
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return _cell(sheet, str(value))


def _header_cell(sheet, header):
    cell = _cell(sheet, str(header))
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _WRAP
    return cell


def _widths(headers, sample) -> list[float]:
    widths = []
    for index, header in enumerate(headers):
        longest = max([len(str(header)), *(_text_length(row[index]) for row in sample if index < len(row))])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def _text_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_title(title: str) -> str:
    """Excel refuses some characters in sheet names and more than 31 characters."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in xml_safe(title)).strip() or "Sheet"
    return cleaned[:31]
