"""Reading an uploaded XLSX or CSV file into a header and numbered rows, or refusing it with a clear reason.

- An upload is checked before it is stored: size, extension, and content (an .xlsx must be an OOXML workbook,
  a .csv must be text).
- CSV: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"), else Windows-1258, decoded then normalised to
  NFC (cp1258 writes tones as combining marks). Delimiter comma, semicolon or tab.
- Files typed with the legacy TCVN3 (ABC) or VNI fonts decode "successfully" into nonsense such as «NguyÔn ThÞ»;
  they are recognised by the characters that never occur in Vietnamese words and refused, in CSV and XLSX alike.
- The header row may follow a title block (the membership database prints a title above its tables): it is the
  first of the first rows that `is_header` accepts. Row numbers are those Excel shows.
"""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lamtheo.lib import vn

HEADER_SEARCH_ROWS = 20
LEGACY_SAMPLE_ROWS = 300
LEGACY_SAMPLE_CHARS = 256 * 1024
EXTENSIONS = (".xlsx", ".csv")
XLSX_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# An .xlsx is a zip: refuse one that would inflate beyond this many times the upload limit (a "zip bomb").
MAX_INFLATION = 25
SHARED_STRINGS = "xl/sharedStrings.xml"
# Cells read per row: the columns of any import are far fewer; a cell at column XFD must not make a row 16.384 long.
MAX_COLUMNS = 200


class ReadError(Exception):
    """A file that cannot be imported at all; the message tells the user what to do."""

    @property
    def message(self) -> str:
        return self.args[0]


@dataclass
class Table:
    header_row: int  # as Excel numbers it
    headers: list
    rows: Iterator[tuple[int, tuple]]  # (row number, values), blank rows included
    total: int | None  # the last row number, when the file tells it cheaply


def extension(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


def check_upload(file, name: str, size: int) -> None:
    """Refuse a file that is too big, of the wrong type, or not what its extension says. Leaves `file` at 0."""
    ext = extension(name)
    if ext == ".xls":
        raise ReadError(
            _(
                "Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Hãy mở tệp bằng Excel và lưu lại dạng «Sổ làm việc Excel "
                "(.xlsx)»."
            )
        )
    if ext not in EXTENSIONS:
        raise ReadError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if size > limit:
        raise ReadError(
            _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(max)s MB.")
            % {"size": vn.number(size / 1024 / 1024, 1), "max": vn.number(settings.UPLOAD_MAX_MB)}
        )
    if size == 0:
        raise ReadError(_("Tệp rỗng."))
    file.seek(0)
    try:
        if ext == ".xlsx":
            _check_xlsx(file, limit)
        else:
            _check_csv(file.read(8192))
    finally:
        file.seek(0)


def _check_xlsx(file, limit: int) -> None:
    not_xlsx = _(
        "Tệp này không phải là tệp Excel .xlsx hợp lệ (có thể tệp đã bị đổi đuôi, bị hỏng hoặc có đặt mật khẩu). "
        "Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, và lưu lại dạng «Sổ làm việc Excel (.xlsx)»."
    )
    if not zipfile.is_zipfile(file):
        raise ReadError(not_xlsx)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            content_types = archive.read("[Content_Types].xml")
            inflated = sum(info.file_size for info in archive.infolist())
            texts = sum(info.file_size for info in archive.infolist() if info.filename == SHARED_STRINGS)
    except (KeyError, zipfile.BadZipFile, OSError):
        raise ReadError(not_xlsx) from None
    if XLSX_MAIN_TYPE not in content_types:
        raise ReadError(not_xlsx)
    if inflated > MAX_INFLATION * limit:
        raise ReadError(_("Tệp Excel này quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ hơn."))
    if texts > settings.IMPORT_MAX_TEXT_MB * 1024 * 1024:
        raise ReadError(
            _(
                "Phần chữ của tệp Excel này quá lớn (%(size)s MB khi giải nén; tối đa %(max)s MB); hãy chia thành "
                "nhiều tệp nhỏ hơn."
            )
            % {"size": vn.number(texts / 1024 / 1024, 1), "max": vn.number(settings.IMPORT_MAX_TEXT_MB)}
        )


def _check_csv(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if head.startswith(b"PK\x03\x04"):
        raise ReadError(
            _("Tệp này là tệp Excel (.xlsx) bị đổi đuôi thành .csv. Hãy đổi lại đuôi .xlsx rồi nhập.")
        )
    if b"\x00" in head or head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise ReadError(
            _(
                "Tệp .csv này không phải là văn bản. Hãy mở bằng Excel và lưu lại dạng «CSV UTF-8 (Comma delimited)»."
            )
        )


def open_table(file, name: str, *, is_header: Callable[[list], bool]) -> Table:
    """The table in `file` (an .xlsx or .csv named `name`), from its header row on."""
    if extension(name) == ".xlsx":
        return _xlsx_table(file, is_header)
    return _csv_table(file.read(), is_header)


# XLSX -----------------------------------------------------------------------------------------------------------


def _xlsx_table(file, is_header) -> Table:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        raise ReadError(_("Không mở được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.")) from None
    for sheet in workbook.worksheets:
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        total = sheet.max_row if sheet.max_row and sheet.max_row > 1 else _last_row_number(workbook, sheet)
        sheet.reset_dimensions()  # trust the rows themselves, not the size the file claims
        if total and total > settings.IMPORT_MAX_ROWS:
            workbook.close()
            raise ReadError(_too_many_rows_message())
        rows = _bounded(enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1))
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        for index, (number, cells) in enumerate(head):
            if is_header(list(cells)):
                rest = chain(head[index + 1 :], rows)
                sample = list(islice(rest, LEGACY_SAMPLE_ROWS))
                _refuse_legacy([cells, *(values for _, values in sample)], xlsx=True)
                return Table(number, list(cells), _closing(chain(sample, rest), workbook), total)
        _refuse_legacy([values for _, values in head], xlsx=True)
    workbook.close()
    raise ReadError(_no_header_message())


def _bounded(rows):
    """`rows` (numbered), refused as soon as one passes IMPORT_MAX_ROWS: a sheet may declare a small size and hold
    a million rows, or one cell far below the others (read-only mode streams, but fills every row up to it)."""
    for number, cells in rows:
        if number > settings.IMPORT_MAX_ROWS:
            raise ReadError(_too_many_rows_message())
        yield number, cells


def _too_many_rows_message() -> str:
    return _(
        "Tệp có hơn %(max)s dòng: mỗi lần chỉ nhập được đến %(max)s dòng. Hãy chia tệp thành nhiều tệp nhỏ hơn (ví "
        "dụ theo đơn vị) rồi nhập lần lượt."
    ) % {"max": vn.number(settings.IMPORT_MAX_ROWS)}


def _closing(rows, workbook):
    try:
        yield from rows
    finally:
        workbook.close()


def _last_row_number(workbook, sheet) -> int | None:
    """Files written in openpyxl's write-only mode do not say their size: find the last `<row r="N"` quickly by
    inflating the sheet once and keeping only its tail. Only an estimate for the progress bar."""
    try:
        tail = b""
        with workbook._archive.open(sheet._worksheet_path) as stream:
            while chunk := stream.read(1 << 20):
                tail = (tail + chunk)[-(2 << 20) :]
        numbers = re.findall(rb'<row[^>]*?\sr="(\d+)"', tail[-(1 << 20) :])
        return int(numbers[-1]) if numbers else None
    except Exception:
        return None


# CSV ------------------------------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a CSV file in UTF-8 (BOM or not), UTF-16 with BOM, or Windows-1258; NFC-normalised."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise ReadError(_legacy_message(xlsx=False)) from None
    text = unicodedata.normalize("NFC", text)
    if looks_like_legacy_encoding(text[:LEGACY_SAMPLE_CHARS]):
        raise ReadError(_legacy_message(xlsx=False))
    return text


def _csv_table(data: bytes, is_header) -> Table:
    text = decode(data)
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in _delimiters(lines):
        head = list(csv.reader(lines, delimiter=delimiter))
        for index, cells in enumerate(head):
            if is_header(cells):
                reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                rows = ((number, tuple(cells)) for number, cells in enumerate(reader, start=1))
                for _skipped in range(index + 1):
                    header_number, header = next(rows)
                sample = list(islice(rows, LEGACY_SAMPLE_ROWS))
                _refuse_legacy([header, *(values for _, values in sample)], xlsx=False)
                total = text.count("\n") + (0 if text.endswith("\n") else 1)
                if total > settings.IMPORT_MAX_ROWS:
                    raise ReadError(_too_many_rows_message())
                return Table(header_number, list(header), chain(sample, rows), total)
    raise ReadError(_no_header_message())


def _delimiters(lines: list[str]) -> list[str]:
    """The likely delimiters, most frequent first."""
    sample = "\n".join(lines)
    return sorted([",", ";", "\t"], key=lambda d: -sample.count(d))


# Legacy encodings -----------------------------------------------------------------------------------------------

# Characters that a Vietnamese word never contains but TCVN3 or VNI text read as Windows-1258 / Latin-1 is full of:
# TCVN3 puts á at 0xB8 (¸), à at 0xB5 (µ), ả ã ạ at ¶ · ¹, ă â ê ô ơ ư đ at ¨ © ª « ¬ soft-hyphen ®; VNI writes
# a base letter followed by a mark byte (ä û ø ï ñ Ñ ...).
LEGACY_CHARACTERS = frozenset("¸µ¶·¹¨©ª«¬\xad®¯°±²³´º»¼½¾¿¡¢£¤¥¦§×÷ÄÅÆÇËÎÏÑÖØÛÜßÞäåæçëîïñöøûüÿþ")


def looks_like_legacy_encoding(text: str) -> bool:
    """Whether `text` is Vietnamese typed in TCVN3 (ABC) or VNI, seen through the wrong code page.

    Counts, in word positions, the characters listed above, the combining marks that NFC could not attach (a
    cp1258 tone after a consonant) and the capitals inside a lower-case word (TCVN3's ề ể ễ ế read as Ò Ó Ô Õ).
    Real Vietnamese text has none of them; a stray foreign name has one or two among many accented letters.
    """
    suspicious = accented = 0
    previous = " "
    for char in text:
        if ord(char) > 127:
            accented += 1
            if (
                (char in LEGACY_CHARACTERS and (previous.isalpha() or previous == " "))
                or unicodedata.combining(char)
                or (char.isupper() and previous.islower())
            ):
                suspicious += 1
        previous = char
    return suspicious >= 3 and suspicious * 5 >= accented


def _refuse_legacy(rows, *, xlsx: bool) -> None:
    """Refuse the file if any column of these rows is legacy-encoded (a file may mix a Unicode header row, or
    columns typed later, with columns pasted from an old document)."""
    texts = defaultdict(list)
    for values in rows:
        for index, value in enumerate(values):
            if isinstance(value, str):
                texts[index].append(value)
    if any(looks_like_legacy_encoding("\n".join(column)) for column in texts.values()):
        raise ReadError(_legacy_message(xlsx=xlsx))


def _legacy_message(*, xlsx: bool) -> str:
    if xlsx:
        return _(
            "Chữ tiếng Việt trong tệp bị lỗi phông (ví dụ «NguyÔn» thay vì «Nguyễn»): tệp được gõ bằng bảng mã cũ "
            "TCVN3 (ABC) hoặc VNI. Hãy chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey) rồi nhập lại."
        )
    return _(
        "Không đọc được chữ tiếng Việt trong tệp CSV: tệp dùng bảng mã cũ TCVN3 (ABC) hoặc VNI, hoặc một bảng mã "
        "không rõ. Hãy mở tệp bằng Excel và chọn Lưu thành (Save As) → «CSV UTF-8 (Comma delimited)», rồi nhập lại."
    )


def _no_header_message() -> str:
    return _(
        "Không tìm thấy dòng tiêu đề trong %(rows)s dòng đầu của tệp (cần các cột như «Họ và tên», «Mã đơn vị»). "
        "Hãy dùng tệp mẫu hoặc tệp xuất từ CSDL đảng viên, và chọn đúng loại dữ liệu."
    ) % {"rows": HEADER_SEARCH_ROWS}
