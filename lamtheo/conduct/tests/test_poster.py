import io
import re

import pytest
from docx import Document as open_docx
from docx.shared import Pt

from lamtheo.conduct import poster
from lamtheo.conduct.tests.conftest import COMMUNE_RULES, HAMLET_RULES, adopted, draft
from lamtheo.lib.docx import PdfUnavailable, soffice_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlet_code(commune_code):
    return adopted("LB-01", HAMLET_RULES, template=commune_code)


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def test_the_poster_is_one_a3_portrait_sheet_with_the_unit_the_title_the_period_and_the_rules(hamlet_code):
    document = open_docx(io.BytesIO(poster.render_docx(hamlet_code)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 42.0)
    assert section.page_width < section.page_height
    texts = paragraphs(document)
    assert texts[:5] == [
        "ĐẢNG BỘ XÃ LONG BÌNH",
        "CHI BỘ ẤP LONG HÒA",
        "CHUẨN MỰC ĐẠO ĐỨC",
        "Năm 2026",
        "1.\tGần dân, hiểu dân, giúp dân",
    ]
    assert texts[4:9] == [f"{n}.\t{rule}" for n, rule in enumerate(HAMLET_RULES, 1)]
    assert texts[-1] == "Thông qua tại cuộc họp ngày 15/03/2026"
    assert document.core_properties.title == "Chuẩn mực đạo đức – CHI BỘ ẤP LONG HÒA – Năm 2026"


def test_the_type_is_large_and_in_times_new_roman(hamlet_code):
    document = open_docx(io.BytesIO(poster.render_docx(hamlet_code)))
    title = next(p for p in document.paragraphs if p.text == "CHUẨN MỰC ĐẠO ĐỨC")
    assert title.runs[0].font.size >= Pt(48) and title.runs[0].font.bold
    rule = next(p for p in document.paragraphs if p.text.startswith("1.\t"))
    assert all(run.font.size >= Pt(40) and run.font.name == "Times New Roman" for run in rule.runs)


def test_a_long_code_gets_smaller_type_to_stay_on_one_sheet():
    short = poster.rule_size(["Lương y như từ mẫu", "Đúng giờ", "Tận tâm"])
    typical = poster.rule_size(HAMLET_RULES)
    long = poster.rule_size([f"{rule}, {rule.lower()}, {rule.lower()}" for rule in COMMUNE_RULES * 2])
    assert short > typical > long >= 16


def test_a_term_long_code_prints_its_period_and_a_draft_says_so(province_code, commune_code):
    texts = paragraphs(open_docx(io.BytesIO(poster.render_docx(province_code))))
    assert "Giai đoạn 2025 – 2030" in texts
    assert texts[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"  # the province has no body above it
    unfinished = draft("LB-02", HAMLET_RULES, template=commune_code)
    texts = paragraphs(open_docx(io.BytesIO(poster.render_docx(unfinished))))
    assert texts[0] == "DỰ THẢO – CHƯA THÔNG QUA"
    assert not any(text.startswith("Thông qua") for text in texts)


def test_the_unit_heading_follows_the_documents_issuer_profile(hamlet_code):
    from lamtheo.documents.models import IssuerProfile

    IssuerProfile.objects.create(
        unit=hamlet_code.unit,
        issuer_code="CB",
        superior_body="ĐẢNG BỘ XÃ LONG BÌNH",
        issuing_body="Chi bộ ấp Long Hòa (xã Long Bình)",
        place="Long Bình",
    )
    texts = paragraphs(open_docx(io.BytesIO(poster.render_docx(hamlet_code))))
    assert texts[1] == "CHI BỘ ẤP LONG HÒA (XÃ LONG BÌNH)"


def test_the_file_name_names_the_unit_and_the_period(hamlet_code):
    assert poster.filename(hamlet_code, "pdf") == "Chuẩn mực đạo đức - Chi bộ Ấp Long Hòa - 2026.pdf"


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
def test_the_pdf_is_one_a3_page(hamlet_code):
    pdf = poster.render_pdf(hamlet_code)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    box = re.search(rb"MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert (round(float(box[1])), round(float(box[2]))) == (842, 1191)  # A3 in points


def test_without_libreoffice_the_pdf_is_refused_clearly(hamlet_code, monkeypatch):
    monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: None)
    with pytest.raises(PdfUnavailable, match="chưa cài LibreOffice"):
        poster.render_pdf(hamlet_code)
