import codecs
import datetime
import io
import unicodedata
import zipfile

import pytest

from lamtheo.imports import columns, readers
from lamtheo.imports.tests.helpers import csv_text, person, xlsx
from lamtheo.lib.xlsx import write_xlsx

is_people_header = columns.header_finder(columns.PEOPLE_COLUMNS)
NAME = "Nguyễn Thị Kim Ngọc"


def _table(data: bytes, name: str):
    return readers.open_table(io.BytesIO(data), name, is_header=is_people_header)


def _rows(table):
    return [(number, values) for number, values in table.rows if any(v not in (None, "") for v in values)]


# Legacy encodings, produced from known text so the tests show what a real file holds.
# TCVN3 (ABC): one byte per accented letter (a few letters of its table).
TCVN3 = {
    "ễ": 0xD4,
    "ị": 0xDE,
    "ọ": 0xE4,
    "à": 0xB5,
    "ả": 0xB6,
    "á": 0xB8,
    "ê": 0xAA,
    "ầ": 0xC7,
    "ă": 0xA8,
    "ệ": 0xD6,
    "ư": 0xAD,
    "ơ": 0xAC,
    "đ": 0xAE,
    "Đ": 0xA7,
}
# VNI: the base letter followed by a byte for its marks.
VNI = {
    "ễ": b"e\xe3",
    "ị": b"\xf2",
    "ọ": b"o\xef",
    "à": b"a\xf8",
    "ả": b"a\xfb",
    "á": b"a\xf9",
    "ê": b"e\xe2",
    "ầ": b"a\xe0",
    "ă": b"a\xea",
    "ệ": b"e\xe4",
    "đ": b"\xf1",
    "Đ": b"\xd1",
}
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_tcvn3(text: str) -> bytes:
    return b"".join(bytes([TCVN3[ch]]) if ch in TCVN3 else ch.encode("ascii") for ch in text)


def to_vni(text: str) -> bytes:
    return b"".join(VNI[ch] if ch in VNI else ch.encode("ascii") for ch in text)


def to_cp1258(text: str) -> bytes:
    """As Windows-1258 writes Vietnamese: a base letter (â, ê, ơ ... precomposed) then a combining tone mark."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


def test_header_matching_ignores_accents_case_stars_and_notes():
    assert columns.header_key("Họ và tên (*)") == "ho va ten"
    match = columns.match_headers(
        ["STT", "HO VA TEN", "ngày sinh", "Số CCCD/Định danh", "Khác", "Loại đảng viên"],
        columns.PEOPLE_COLUMNS,
    )
    assert match.index == {"full_name": 1, "date_of_birth": 2, "national_id": 3, "party_status": 5}
    assert match.header["full_name"] == "HO VA TEN"  # errors name the column as the user wrote it
    assert match.problems == []


def test_missing_and_doubled_columns_are_problems():
    match = columns.match_headers(["Số CCCD", "CCCD"], columns.PEOPLE_COLUMNS)
    assert match.problems == [
        "Cột «Số CCCD» và cột «CCCD» cùng là «Số CCCD»; hãy giữ lại một cột.",
        "Tệp thiếu cột «Họ và tên».",
    ]


def test_xlsx_header_found_below_a_title_block_and_rows_numbered_as_excel_does():
    rows = [person(1), person(2)]
    table = _table(xlsx(rows, title_rows=3), "ds.xlsx")
    assert table.header_row == 4
    assert table.total == 6
    numbered = _rows(table)
    assert [number for number, _ in numbered] == [5, 6]
    assert numbered[0][1][1] == rows[0]["Họ và tên"]


def test_xlsx_written_in_write_only_mode_still_gives_a_total():
    data = write_xlsx(
        ["Họ và tên", "Ngày sinh"],
        [[f"Người {i}", datetime.date(1990, 1, 1)] for i in range(300)],
        sheet_title="x",
    )
    table = _table(data, "x.xlsx")
    assert table.total == 301
    assert len(_rows(table)) == 300


def test_csv_utf8_with_and_without_bom_comma_or_semicolon():
    text = csv_text([person(1, **{"Họ và tên": NAME})])
    for data in (
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
        csv_text([person(1, **{"Họ và tên": NAME})], delimiter=";").encode("utf-8-sig"),
    ):
        table = _table(data, "ds.csv")
        assert table.headers[1] == "Họ và tên"
        assert _rows(table)[0][1][1] == NAME


def test_csv_windows_1258_is_decoded_then_normalised():
    data = to_cp1258(csv_text([person(1, **{"Họ và tên": NAME, "Chức danh": "Bí thư chi bộ Ấp Long Hòa"})]))
    assert b"\xd2" in to_cp1258("Đảng")  # the hook above really is a separate byte in this encoding
    [(_number, values)] = _rows(_table(data, "ds.csv"))
    assert values[1] == NAME
    assert unicodedata.is_normalized("NFC", values[1])
    assert values[10] == "Bí thư chi bộ Ấp Long Hòa"


def test_csv_utf16_from_excel_unicode_text():
    data = csv_text([person(1, **{"Họ và tên": NAME})], delimiter="\t").encode("utf-16")
    assert _rows(_table(data, "ds.csv"))[0][1][1] == NAME


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_csv_in_a_legacy_font_encoding_is_refused_with_a_way_out(encode):
    rows = [
        {"Họ và tên": NAME, "Ngày sinh": "02/03/1985"},
        {"Họ và tên": "Trần Văn Đệ", "Ngày sinh": "19/05/1990"},
    ]
    data = encode(csv_text(rows))
    with pytest.raises(readers.ReadError) as caught:
        _table(data, "ds.csv")
    assert "TCVN3" in caught.value.message and "CSV UTF-8" in caught.value.message


def test_xlsx_typed_in_a_legacy_font_is_refused():
    # An old sheet typed with .VnTime: Excel stores the TCVN3 bytes as Windows-1252 characters.
    mojibake = to_tcvn3(NAME).decode("cp1252")
    assert mojibake == "NguyÔn ThÞ Kim Ngäc"
    rows = [person(i, **{"Họ và tên": mojibake}) for i in range(1, 4)]
    with pytest.raises(readers.ReadError) as caught:
        _table(xlsx(rows), "ds.xlsx")
    assert "UniKey" in caught.value.message


def test_xlsx_typed_entirely_in_a_legacy_font_says_so_rather_than_missing_header():
    name_header, date_header = (to_tcvn3(h).decode("cp1252") for h in ("Họ và tên", "Ngày sinh"))
    assert name_header == "Hä vµ tªn"
    rows = [{name_header: to_tcvn3(NAME).decode("cp1252"), date_header: "02/03/1985"}]
    with pytest.raises(readers.ReadError, match="TCVN3"):
        _table(xlsx(rows), "ds.xlsx")


def test_legacy_detection_spares_real_text_with_a_foreign_name():
    assert not readers.looks_like_legacy_encoding("Nguyễn Thị Kim Ngọc, Müller, Đảng ủy xã Long Bình ©")
    assert readers.looks_like_legacy_encoding("NguyÔn ThÞ Kim Ngäc")


def test_no_header_row():
    with pytest.raises(readers.ReadError, match="dòng tiêu đề"):
        _table(b"a,b\n1,2\n", "ds.csv")


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ds.pdf", b"%PDF-1.4", "Chỉ nhận tệp Excel"),
        ("ds.xls", b"\xd0\xcf\x11\xe0", "Excel 97–2003"),
        ("ds.xlsx", b"Ho va ten,Ngay sinh\n", "không phải là tệp Excel .xlsx"),
        ("ds.xlsx", _zip({"word/document.xml": "<w/>", "[Content_Types].xml": "wordprocessingml"}), ".xlsx"),
        ("ds.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "không phải là văn bản"),
        ("ds.csv", _zip({"a": "b"}), "đổi đuôi"),
        ("ds.csv", b"", "Tệp rỗng"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused(name, data, message):
    with pytest.raises(readers.ReadError, match=message):
        readers.check_upload(io.BytesIO(data), name, len(data))


def test_too_big_upload_is_refused_before_reading(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(readers.ReadError, match=r"Tệp quá lớn \(2,0 MB\); chỉ nhận tệp đến 1 MB"):
        readers.check_upload(io.BytesIO(b""), "ds.csv", 2 * 1024 * 1024)


def test_an_xlsx_whose_texts_would_fill_the_memory_is_refused_before_reading(settings):
    settings.IMPORT_MAX_TEXT_MB = 1
    data = xlsx([person(n) for n in range(1, 3)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    readers.check_upload(
        io.BytesIO(data), "ds.xlsx", len(data)
    )  # the same workbook, its texts small: accepted
    parts[readers.SHARED_STRINGS] = "<sst>" + "<si><t>Nguyễn Văn A</t></si>" * 60_000 + "</sst>"
    swollen = _zip(parts)
    with pytest.raises(readers.ReadError, match=r"Phần chữ .* quá lớn \(1,\d MB khi giải nén; tối đa 1 MB\)"):
        readers.check_upload(io.BytesIO(swollen), "ds.xlsx", len(swollen))


def test_real_xlsx_and_csv_pass_the_checks():
    for name, data in (("ds.xlsx", xlsx([person(1)])), ("ds.csv", csv_text([person(1)]).encode())):
        stream = io.BytesIO(data)
        readers.check_upload(stream, name, len(data))
        assert stream.tell() == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19/05/1990", datetime.date(1990, 5, 19)),
        ("9/5/1990", datetime.date(1990, 5, 9)),
        ("1990-05-19", datetime.date(1990, 5, 19)),
        ("19-05-1990", datetime.date(1990, 5, 19)),
        ("1990-05-19 00:00:00", datetime.date(1990, 5, 19)),
        (datetime.datetime(1990, 5, 19), datetime.date(1990, 5, 19)),
        (32999, datetime.date(1990, 5, 6)),  # an Excel date that lost its format
        ("", None),
    ],
)
def test_dates(raw, expected):
    assert columns.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/1990", "không có thật"),
        ("05/19/1990", "không có thật"),
        ("1990", "không phải là ngày"),
        ("hôm qua", "không phải là ngày"),
    ],
)
def test_bad_dates(raw, message):
    with pytest.raises(columns.CellError, match=message):
        columns.parse_date(raw)


def test_identifiers_that_excel_turned_into_numbers_get_their_zero_back():
    assert columns.parse_identifier(89185000123, length=12) == "089185000123"
    assert columns.parse_identifier(89185000123.0, length=12) == "089185000123"
    assert columns.parse_identifier("0891 8500 0123") == "089185000123"
    assert columns.parse_identifier("19.012345") == "19012345"
    assert columns.parse_identifier(912345678, length=10) == "0912345678"


def _with_far_cell(data: bytes, row: int) -> bytes:
    """`data` (an .xlsx) with one more cell at column XFD of `row`, its declared size left as it was."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                far = f'<row r="{row}"><c r="XFD{row}" t="inlineStr"><is><t>x</t></is></c></row>'
                content = content.replace(b"</sheetData>", far.encode() + b"</sheetData>")
            target.writestr(info, content)
    return out.getvalue()


TOO_MANY_ROWS = r"Tệp có hơn 100 dòng: mỗi lần chỉ nhập được đến 100 dòng\. Hãy chia tệp"


def test_a_sheet_past_the_row_limit_is_refused_while_reading_even_if_it_declares_less(settings):
    settings.IMPORT_MAX_ROWS = 100
    data = _with_far_cell(xlsx([person(1), person(2)]), 5000)  # the file still says it has 3 rows
    with pytest.raises(readers.ReadError, match=TOO_MANY_ROWS):
        for _number, cells in _table(data, "ds.xlsx").rows:
            assert len(cells) <= readers.MAX_COLUMNS  # a cell at XFD does not make a row 16.384 cells long


def test_a_file_that_declares_too_many_rows_is_refused_before_reading_them(settings):
    settings.IMPORT_MAX_ROWS = 100
    with pytest.raises(readers.ReadError, match=TOO_MANY_ROWS):
        _table(xlsx([person(i) for i in range(1, 102)]), "ds.xlsx")
    with pytest.raises(readers.ReadError, match=TOO_MANY_ROWS):
        _table(csv_text([person(i) for i in range(1, 102)]).encode(), "ds.csv")
