import datetime
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lamtheo.lib import docx as docx_lib
from lamtheo.lib.docx import PartyDocument, Table, render


def decision(body: str) -> Document:
    doc = PartyDocument(
        superior_body="Đảng bộ tỉnh An Giang",
        issuing_body="Tỉnh ủy An Giang",
        code="12-QĐ/TU",
        place="An Giang",
        date=datetime.date(2026, 1, 5),
        type_name="Quyết định",
        summary="thành lập Tổ giúp việc",
        body=body,
        signing_form="T/M BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name="Nguyễn Văn A",
        recipients=["Như Điều 3", "Lưu Văn phòng"],
    )
    return Document(io.BytesIO(render(doc)))


def paragraph(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def test_a_decision_sets_its_bases_in_italics_and_centres_its_formula():
    document = decision(
        "Căn cứ Điều lệ Đảng;\nBAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:\nĐiều 1. Thành lập Tổ giúp việc."
    )
    assert paragraph(document, "Căn cứ Điều lệ Đảng;").runs[0].italic
    formula = paragraph(document, "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:")
    assert formula.alignment == WD_ALIGN_PARAGRAPH.CENTER and formula.runs[0].bold
    article = paragraph(document, "Điều 1. Thành lập Tổ giúp việc.")
    assert article.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and not article.runs[0].italic


def test_sections_are_bold_and_long_numbered_items_are_not():
    document = decision("I. MỤC ĐÍCH, YÊU CẦU\n1. Ngắn gọn.\n2. " + "Một nội dung dài " * 10)
    assert paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU").runs[0].bold
    assert paragraph(document, "1. Ngắn gọn.").runs[0].bold
    assert not next(p for p in document.paragraphs if p.text.startswith("2. ")).runs[0].bold


# --- the public API --------------------------------------------------------------------------------------


def png(width=2, height=1) -> bytes:
    """A tiny grey PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_new_documents_take_the_paper_the_orientation_and_the_party_font():
    a3 = docx_lib.new_document("A3", margins=Cm(2.2), font_size=20)
    section = a3.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 42.0)
    assert round(section.left_margin.cm, 1) == round(section.top_margin.cm, 1) == 2.2
    assert a3.styles["Normal"].font.name == docx_lib.FONT and a3.styles["Normal"].font.size == Pt(20)
    a4 = docx_lib.new_document("A4", landscape=True).sections[0]
    assert (round(a4.page_width.cm, 1), round(a4.page_height.cm, 1)) == (29.7, 21.0)
    assert (round(a4.left_margin.cm, 1), round(a4.right_margin.cm, 1)) == (3.0, 1.5)


def test_the_building_blocks():
    document = docx_lib.new_document()
    red = RGBColor(0xA5, 0x0E, 0x0E)
    title = docx_lib.paragraph(
        document, "CHUẨN MỰC", size=30, bold=True, colour=red, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6
    )
    docx_lib.run(title, " ĐẠO ĐỨC", size=30, italic=True)
    docx_lib.bottom_rule(title)
    docx_lib.picture(document, png(), width_cm=4)
    saved = Document(io.BytesIO(docx_lib.to_bytes(document)))
    first = saved.paragraphs[0]
    assert first.text == "CHUẨN MỰC ĐẠO ĐỨC" and first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert first.paragraph_format.space_before == Pt(6)
    assert first.runs[0].bold and first.runs[0].font.size == Pt(30) and first.runs[0].font.color.rgb == red
    assert first.runs[1].italic and first.runs[1].font.name == docx_lib.FONT
    assert first._p.pPr.find(qn("w:pBdr")) is not None
    assert round(saved.inline_shapes[0].width.cm, 1) == 4.0


def test_captioned_tables_pictures_and_a_paper_without_number():
    doc = PartyDocument(
        superior_body="Đảng bộ xã Long Bình",
        issuing_body="Chi bộ Ấp Long Hòa",
        code="",
        place="Long Bình",
        date=datetime.date(2026, 3, 10),
        type_name="Bản đăng ký",
        summary="học tập và làm theo năm 2026",
        body="Họ và tên: Nguyễn Thị Kim Ngọc",
        signer_title="NGƯỜI ĐĂNG KÝ",
        signer_name="Nguyễn Thị Kim Ngọc",
        tables=[
            Table(
                ["STT", "Việc sẽ làm"], [["1", "Giải quyết hồ sơ đúng hẹn"]], "NỘI DUNG ĐĂNG KÝ", (1.5, 15.0)
            ),
            (["A", "B"], [["a", "b"]]),
        ],
        pictures=[png()],
        picture_width_cm=10,
        numbered=False,
    )
    document = Document(io.BytesIO(render(doc)))
    header, captioned, plain, signature = document.tables
    assert header.rows[0].cells[0].text.splitlines() == ["ĐẢNG BỘ XÃ LONG BÌNH", "CHI BỘ ẤP LONG HÒA", "*"]
    assert len(header.rows) == 1  # no number: no row for "Số"
    caption = paragraph(document, "NỘI DUNG ĐĂNG KÝ")
    assert caption.runs[0].bold and caption.paragraph_format.keep_with_next
    assert caption._p.getnext() is captioned._tbl
    assert [round(cell.width.cm, 1) for cell in captioned.rows[1].cells] == [1.5, 15.0]
    assert captioned.style.name == docx_lib.TABLE_STYLE and plain.rows[1].cells[1].text == "b"
    body = list(document.element.body.iterchildren())
    picture_at = next(i for i, e in enumerate(body) if e.xpath(".//pic:pic"))
    assert body.index(plain._tbl) < picture_at < body.index(signature._tbl)
    assert round(document.inline_shapes[0].width.cm, 1) == 10.0
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # kept on one page


def test_a_numbered_paper_keeps_its_number_line():
    document = decision("Nội dung.")
    number, date_line = document.tables[0].rows[1].cells
    assert number.text == "Số 12-QĐ/TU"
    assert date_line.text == "An Giang, ngày 05 tháng 01 năm 2026"  # on the same row: level with "Số"


def test_the_outline_reads_the_body_as_the_renderer_does():
    assert docx_lib.outline("I. MỤC ĐÍCH\n\n1. Ngắn.\n- gạch đầu dòng\nĐoạn văn.") == [
        {"text": "I. MỤC ĐÍCH", "heading": True, "bullet": False},
        {"text": "1. Ngắn.", "heading": True, "bullet": False},
        {"text": "- gạch đầu dòng", "heading": False, "bullet": True},
        {"text": "Đoạn văn.", "heading": False, "bullet": False},
    ]
    assert not docx_lib.is_heading("1. " + "Một nội dung dài " * 10)


# --- the HD 36 layout ------------------------------------------------------------------------------------


def party(**fields) -> PartyDocument:
    values = {
        "superior_body": "Đảng bộ tỉnh An Giang",
        "issuing_body": "Đảng ủy phường Long Xuyên",
        "code": "05-BC/ĐU",
        "place": "Long Xuyên",
        "date": datetime.date(2026, 7, 10),
        "type_name": "Báo cáo",
        "summary": "sơ kết 6 tháng đầu năm 2026 việc học tập và làm theo",
        "body": "I. KẾT QUẢ\nĐoạn văn.\nĐoạn cuối.",
        "signing_form": "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["Ban Thường vụ Tỉnh ủy An Giang (để báo cáo)", "Lưu Văn phòng"],
    }
    return PartyDocument(**(values | fields))


def read(doc: PartyDocument) -> Document:
    return Document(io.BytesIO(render(doc)))


def test_pages_are_numbered_from_the_second_top_centre():
    section = read(party()).sections[0]
    assert section.different_first_page_header_footer  # the first page has no number
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [t.text for t in number._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert number.runs[0].font.size == Pt(14) and number.runs[0].font.name == docx_lib.FONT


def test_a_draft_says_so_and_keeps_its_type_and_issuer_in_the_blank_number():
    document = read(party(code="", draft="DỰ THẢO LẦN 2", type_code="BC", issuer_code="ĐU"))
    mark = document.paragraphs[0]
    assert mark.text.strip() == "DỰ THẢO LẦN 2" and mark.runs[0].bold
    assert mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT and mark._p.pPr.find(qn("w:pBdr")) is not None
    assert document.tables[0].rows[1].cells[0].text == "Số      -BC/ĐU"
    assert not read(party()).paragraphs[0].text  # an issued document has no mark


def test_a_body_without_superior_starts_level_with_the_party_name():
    header = read(party(superior_body="", issuing_body="Tỉnh ủy An Giang")).tables[0]
    left, right = header.rows[0].cells
    assert left.paragraphs[0].text == "TỈNH ỦY AN GIANG" and left.paragraphs[0].runs[0].bold
    assert right.paragraphs[0].text == docx_lib.PARTY_NAME
    assert right.paragraphs[0].runs[0].font.size == Pt(15)


def test_long_names_break_between_the_body_and_its_place():
    room = docx_lib.HEADER_WIDTHS_CM[0] - docx_lib.CELL_PADDING_CM
    assert docx_lib.clerk_lines("ĐẢNG ỦY PHƯỜNG LONG XUYÊN", room, bold=True) == [
        "ĐẢNG ỦY",
        "PHƯỜNG LONG XUYÊN",
    ]
    assert docx_lib.clerk_lines("ĐẢNG BỘ XÃ CÙ LAO GIÊNG", room) == ["ĐẢNG BỘ", "XÃ CÙ LAO GIÊNG"]
    assert docx_lib.clerk_lines("CHI BỘ ẤP CÁI SẮN", room, bold=True) == ["CHI BỘ ẤP CÁI SẮN"]
    left = read(party()).tables[0].rows[0].cells[0]
    assert left.paragraphs[1].text == "ĐẢNG ỦY\nPHƯỜNG LONG XUYÊN"  # one paragraph, a line break


def test_the_date_line_shrinks_rather_than_wraps():
    short = read(party()).tables[0].rows[1].cells[1].paragraphs[0]
    assert short.runs[0].italic and short.runs[0].font.size == Pt(14)
    long_place = "Thành phố Hồ Chí Minh"
    cell = read(party(place=long_place)).tables[0].rows[1].cells[1].paragraphs[0]
    size = cell.runs[0].font.size.pt
    room = docx_lib.HEADER_WIDTHS_CM[1] - docx_lib.CELL_PADDING_CM
    assert size < 14 and docx_lib.text_width_cm(cell.text, size) <= room


def test_the_width_estimate_is_close_to_the_fonts_own():
    # Liberation Serif (the metrics of Times New Roman) measured these at 14 pt: 8,06 cm, 6,05 cm and 8,57 cm.
    assert abs(docx_lib.text_width_cm("ĐẢNG ỦY PHƯỜNG LONG XUYÊN", 14, bold=True) - 8.06) < 0.5
    assert abs(docx_lib.text_width_cm("ĐẢNG BỘ TỈNH AN GIANG", 14) - 6.05) < 0.4
    assert abs(docx_lib.text_width_cm("Cù Lao Giêng, ngày 20 tháng 12 năm 2026", 14) - 8.57) < 0.5


def by_unit(rows=3) -> Table:
    return Table(
        ["Đơn vị", "Học tập chuyên đề", "Đăng ký làm theo"],
        [[f"Đảng ủy xã Số {n}", "2.175/2.458 (88,5%)", "98/100 (98%)"] for n in range(rows)],
        "SỐ LIỆU CỦA CÁC ĐƠN VỊ",
        total=["Toàn tỉnh", "12.596/13.415 (93,9%)", "294/300 (98%)"],
        numbered=True,
    )


def test_tables_have_stt_a_total_row_a_repeated_header_and_rows_that_never_split():
    document = read(party(tables=[by_unit()]))
    grid = document.tables[1]
    assert [c.text for c in grid.rows[0].cells] == ["STT", "Đơn vị", "Học tập chuyên đề", "Đăng ký làm theo"]
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows)
    assert [c.text for c in grid.rows[1].cells][:2] == ["1", "Đảng ủy xã Số 0"]
    total = grid.rows[-1].cells
    assert total[1].text == "Toàn tỉnh" and all(c.paragraphs[0].runs[0].bold for c in total[1:])
    # Each figure column is wider than its longest figure: "12.596/13.415" never breaks inside.
    figure = docx_lib.text_width_cm("12.596/13.415", 12) + docx_lib.CELL_PADDING_CM
    assert grid.rows[1].cells[2].width.cm >= figure - 0.01
    assert abs(sum(c.width.cm for c in grid.rows[1].cells) - 16.5) < 0.05


def test_long_tables_go_to_an_appendix_after_the_signature_on_landscape_pages():
    document = read(party(appendices=[by_unit(rows=40)]))
    body = list(document.element.body.iterchildren())
    signature, appendix = document.tables[-2], document.tables[-1]
    assert body.index(signature._tbl) < body.index(appendix._tbl)
    portrait, landscape = document.sections
    assert landscape.page_width > landscape.page_height and portrait.page_width < portrait.page_height
    assert not landscape.different_first_page_header_footer  # the appendix's first page is numbered
    titles = [p.text for p in document.paragraphs if p.text.startswith(("PHỤ LỤC", "(Kèm theo"))]
    assert titles == ["PHỤ LỤC", "(Kèm theo Báo cáo số 05-BC/ĐU, ngày 10/07/2026)"]
    assert len(appendix.rows) == 1 + 40 + 1
    assert abs(sum(c.width.cm for c in appendix.rows[1].cells) - 25.2) < 0.05


def test_the_signature_keeps_with_the_last_paragraph():
    document = read(party())
    last = paragraph(document, "Đoạn cuối.")
    assert last.paragraph_format.keep_with_next
    assert not paragraph(document, "Đoạn văn.").paragraph_format.keep_with_next
    with_picture = read(party(pictures=[png()]))
    body = list(with_picture.element.body.iterchildren())
    picture_at = next(i for i, e in enumerate(body) if e.xpath(".//pic:pic"))
    assert body[picture_at].xpath("./w:pPr/w:keepNext")


def test_a_second_signer_signs_on_the_left():
    document = read(party(co_signer=("Thư ký", "Trần Thị B"), recipients=[]))
    left, right = document.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["THƯ KÝ", "Trần Thị B"]
    assert [p.text for p in right.paragraphs if p.text] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]


def test_a_control_character_never_makes_the_document_fail():
    doc = PartyDocument(
        superior_body="Đảng bộ tỉnh An Giang",
        issuing_body="Tỉnh ủy\x01 An Giang",
        code="12-QĐ/TU",
        place="An Giang",
        date=datetime.date(2026, 1, 5),
        type_name="Báo cáo",
        summary="kết quả\x02 học tập",
        body="Đồng chí Nguyễn\x01 Văn\x1b A đã học\x10 tập.",
        signer_name="Nguyễn\x01 Văn A",
        recipients=["Lưu\x08 Văn phòng"],
    )
    document = Document(io.BytesIO(render(doc)))
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Đồng chí Nguyễn Văn A đã học tập." in texts
    assert "\x01" not in texts and document.core_properties.title == "Báo cáo kết quả học tập"


def test_a_numbered_table_with_given_widths_has_room_for_stt_and_keeps_its_width():
    given = Table(
        ["Ngày", "Người", "Việc tốt"], [["01/02", "A", "Giúp dân"]], widths_cm=(2.3, 4.0, 9.1), numbered=True
    )
    laid_out = given.laid_out()
    stt = docx_lib.text_width_cm("STT", given.size, bold=True) + docx_lib.CELL_PADDING_CM
    assert laid_out.widths_cm[0] >= stt  # "STT" on one line, never "ST T"
    assert abs(sum(laid_out.widths_cm) - (docx_lib.NUMBER_CM + 2.3 + 4.0 + 9.1)) < 0.01
    assert laid_out.widths_cm[1:3] == (2.3, 4.0)  # the room comes from the widest column
