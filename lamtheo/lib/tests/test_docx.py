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
    assert document.tables[0].rows[0].cells[0].text.splitlines()[-1] == "Số 12-QĐ/TU"


def test_the_outline_reads_the_body_as_the_renderer_does():
    assert docx_lib.outline("I. MỤC ĐÍCH\n\n1. Ngắn.\n- gạch đầu dòng\nĐoạn văn.") == [
        {"text": "I. MỤC ĐÍCH", "heading": True, "bullet": False},
        {"text": "1. Ngắn.", "heading": True, "bullet": False},
        {"text": "- gạch đầu dòng", "heading": False, "bullet": True},
        {"text": "Đoạn văn.", "heading": False, "bullet": False},
    ]
    assert not docx_lib.is_heading("1. " + "Một nội dung dài " * 10)
