"""The Party-format DOCX of a document (Hướng dẫn 36-HD/VPTW) and its PDF through LibreOffice."""

import datetime
import io
import shutil

import pytest
import time_machine
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from lamtheo.documents.rendering import party_document, render_docx, render_pdf
from lamtheo.documents.tests.helpers import make_draft, make_issued_plan, make_term
from lamtheo.lib import docx as docx_lib
from lamtheo.lib.docx import PdfUnavailable

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def plan(commune_leader, province_staff):
    make_term()
    return make_issued_plan(commune_leader, province_staff)


def texts(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text.strip()]


def paragraph(container, text):
    return next(p for p in container.paragraphs if p.text == text)


def _next_paragraph(cell, paragraph):
    elements = [p._p for p in cell.paragraphs]
    return cell.paragraphs[elements.index(paragraph._p) + 1]


def test_the_docx_has_the_party_format(plan):
    document = open_docx(io.BytesIO(render_docx(plan)))
    header, signature = document.tables[0].rows[0].cells, document.tables[-1].rows[0].cells

    left, right = header
    assert texts(left) == ["ĐẢNG BỘ TỈNH AN GIANG", "ĐẢNG ỦY XÃ LONG BÌNH", "*"]
    number, date_cell = document.tables[0].rows[1].cells  # "Số" and the date line on one row: level
    assert texts(number) == ["Số 01-KH/ĐU"]
    assert paragraph(left, "ĐẢNG ỦY XÃ LONG BÌNH").runs[0].bold
    assert not paragraph(left, "ĐẢNG BỘ TỈNH AN GIANG").runs[0].bold
    assert texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert texts(date_cell) == ["Long Bình, ngày 02 tháng 03 năm 2026"]
    party = paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.runs[0].bold and party.runs[0].font.size.pt == 15
    rule = _next_paragraph(right, party)
    assert rule._p.pPr.find(qn("w:pBdr")) is not None  # the short rule right under it
    assert rule.paragraph_format.left_indent > 0 and rule.paragraph_format.right_indent > 0
    date_line = paragraph(date_cell, "Long Bình, ngày 02 tháng 03 năm 2026")
    assert date_line.runs[0].italic

    body = texts(document)
    type_line = paragraph(document, "KẾ HOẠCH")
    assert type_line.alignment == WD_ALIGN_PARAGRAPH.CENTER and type_line.runs[0].bold
    summary = paragraph(document, "triển khai học tập chuyên đề năm 2026")
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER and summary.runs[0].bold
    assert body.index("KẾ HOẠCH") < body.index("I. MỤC ĐÍCH, YÊU CẦU")
    assert paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU").runs[0].bold
    assert paragraph(document, "1. Nâng cao nhận thức của cán bộ, đảng viên.").runs[0].bold
    bullet = paragraph(document, "- Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể.")
    assert not bullet.runs[0].bold

    recipients, sign = signature
    assert texts(sign) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Hùng"]
    lines = texts(recipients)
    assert lines[0] == "Nơi nhận:"
    assert lines[1:] == [
        "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
        "- Các chi bộ trực thuộc,",
        "- Lưu Văn phòng.",
    ]

    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [run for p in document.paragraphs for run in p.runs] + [
        run for cell in (*header, *signature) for p in cell.paragraphs for run in p.runs
    ]
    assert runs and {run.font.name for run in runs} == {"Times New Roman"}
    assert document.core_properties.author == "ĐẢNG ỦY XÃ LONG BÌNH"


def test_a_draft_has_no_number_yet_and_the_date_it_was_saved(commune_leader):
    draft = make_draft(commune_leader, key="thong_bao", summary="lịch sinh hoạt")
    rendered = party_document(draft)
    assert rendered.code == "" and rendered.date == datetime.date(2026, 3, 2)
    document = open_docx(io.BytesIO(render_docx(draft)))
    assert texts(document.tables[0].rows[1].cells[0]) == ["Số      -TB/ĐU"]
    assert document.paragraphs[0].text.strip() == "DỰ THẢO"


def test_a_cong_van_puts_its_summary_under_the_number(commune_leader):
    letter = make_draft(commune_leader, key="cong_van", summary="đôn đốc báo cáo sơ kết")
    document = open_docx(io.BytesIO(render_docx(letter)))
    assert texts(document.tables[0].rows[1].cells[0]) == ["Số      -CV/ĐU", "V/v đôn đốc báo cáo sơ kết"]
    assert "CÔNG VĂN" not in texts(document)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_pdf_conversion_succeeds_with_libreoffice(plan):
    content = render_pdf(plan)
    assert content.startswith(b"%PDF")
    assert len(content) > 5_000


def test_without_libreoffice_the_message_is_clear(plan, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert docx_lib.soffice_path() is None
    with pytest.raises(PdfUnavailable, match="Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF"):
        render_pdf(plan)


def test_recipients_left_empty_are_filled_from_the_type_and_the_tree(commune_leader):
    plan = make_draft(commune_leader, recipients="")
    assert plan.recipient_lines() == [
        "Ban Thường vụ Tỉnh ủy An Giang (để báo cáo)",
        "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ",
        "Các chi bộ trực thuộc (để thực hiện)",
        "Lưu Văn phòng",
    ]
    report = make_draft(commune_leader, key="bao_cao", summary="sơ kết 6 tháng", recipients="")
    assert "Các chi bộ trực thuộc (để thực hiện)" not in report.recipient_lines()  # a report goes up
    cell_letter = make_draft(
        commune_leader, key="cong_van", issuer="LB-01", summary="xin ý kiến", recipients=""
    )
    assert cell_letter.recipient_lines() == [
        "Như trên",
        "Ban Thường vụ Đảng ủy xã Long Bình (để báo cáo)",
        "Lưu Chi bộ",
    ]
    edited = make_draft(commune_leader, recipients="Ban Tuyên giáo và Dân vận Tỉnh ủy")
    assert edited.recipient_lines() == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]  # what the drafter wrote stays


def test_quy_dinh_and_quyet_dinh_take_their_hd36_codes(db):
    from lamtheo.documents.models import DocumentType

    codes = dict(DocumentType.objects.values_list("key", "code"))
    assert codes["quy_dinh"] == "QĐi" and codes["quyet_dinh"] == "QĐ"
    assert {codes["thong_tri"], codes["quy_hoach"], codes["chuong_trinh"], codes["to_trinh"]} == {
        "TT",
        "QH",
        "CTr",
        "TTr",
    }
