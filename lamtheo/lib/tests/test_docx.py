import datetime
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lamtheo.lib.docx import PartyDocument, render


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
