"""The registration and the chi bộ's book as Party-format DOCX."""

import io

import pytest
from docx import Document as open_docx

from lamtheo.people.models import Position
from lamtheo.pledges.rendering import render_book, render_pledge
from lamtheo.pledges.tests.conftest import YEAR, make_accepted, make_draft, make_locked, make_submitted
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_a_registration(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    document = open_docx(io.BytesIO(render_pledge(pledge)))
    header, items, signature = document.tables
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.splitlines() == ["ĐẢNG BỘ XÃ LONG BÌNH", "CHI BỘ ẤP LONG HÒA", "*"]  # no number line
    assert len(header.rows) == 1
    assert right.splitlines()[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right.splitlines()[-1] == "Long Bình, ngày 10 tháng 03 năm 2026"
    paragraphs = texts(document)
    assert "BẢN ĐĂNG KÝ" in paragraphs
    assert "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026" in paragraphs
    assert "Họ và tên: Nguyễn Thị Kim Ngọc" in paragraphs
    assert "NỘI DUNG ĐĂNG KÝ" in paragraphs
    assert paragraphs.index("NỘI DUNG ĐĂNG KÝ") > paragraphs.index("Họ và tên: Nguyễn Thị Kim Ngọc")
    rows = cell_texts(items)
    assert rows[0] == ["STT", "Lĩnh vực", "Việc sẽ làm", "Đo kết quả bằng", "Thời hạn"]
    assert rows[1] == [
        "1",
        "Đạo đức",
        "Giải quyết hồ sơ của dân đúng hẹn, không để trễ hạn",
        "Không có hồ sơ trễ hạn trong năm",
        "31/12/2026",
    ]
    assert len(rows) == 3
    signer = signature.rows[0].cells[1].text.splitlines()
    assert signer[0] == "NGƯỜI ĐĂNG KÝ" and signer[-1] == "Nguyễn Thị Kim Ngọc"
    assert round(document.sections[0].page_width.cm, 1) == 21.0


def test_a_locked_registration_carries_the_self_assessment_and_the_rating(ngoc, member, secretary):
    pledge = make_locked(ngoc, member, secretary)
    document = open_docx(io.BytesIO(render_pledge(pledge)))
    assert len(document.tables) == 5
    paragraphs = texts(document)
    assert "TỰ ĐÁNH GIÁ CUỐI NĂM" in paragraphs and "NHẬN XÉT, XẾP LOẠI CỦA CHI BỘ" in paragraphs
    assessment, rating = document.tables[2], document.tables[3]
    assert cell_texts(assessment)[1][2] == "Hoàn thành"
    assert cell_texts(rating)[2] == ["Xếp loại", "Hoàn thành tốt nhiệm vụ"]
    assert cell_texts(rating)[3] == ["Ngày nhận xét", "10/03/2026"]
    # The chi bộ's confirmation faces the person's signature: who rated it (the person behind the secretary's
    # account) and the date, never "Người nhận xét, ngày: , 10/03/2026".
    confirmation = [line for line in document.tables[4].rows[0].cells[0].text.splitlines() if line]
    assert confirmation == ["XÁC NHẬN CỦA CHI BỘ", "Ngày 10 tháng 03 năm 2026", secretary.person.full_name]


def test_positions_are_listed_once(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    Position.objects.create(person=ngoc, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    ngoc.job_title = "Bí thư Chi bộ, Trưởng ấp"
    ngoc.save(update_fields=["job_title"])
    paragraphs = texts(open_docx(io.BytesIO(render_pledge(pledge))))
    assert "Chức vụ, chức danh: Bí thư Chi bộ, Trưởng ấp" in paragraphs


def test_the_book_of_a_chi_bo(ngoc, tam, anh, member, secretary):
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    make_submitted(ngoc, member)
    make_submitted(tam, secretary)
    make_draft(anh, secretary)  # a draft is not in the book
    document = open_docx(io.BytesIO(render_book(unit("LB-01"), YEAR)))
    _header, summary, items, signature = document.tables
    paragraphs = texts(document)
    assert "SỔ ĐĂNG KÝ" in paragraphs
    assert any(p.startswith("Chi bộ hiện có 3 người; 2 người đã nộp") and "66,7%" in p for p in paragraphs)
    assert [row[1] for row in cell_texts(summary)[1:]] == ["Nguyễn Thị Kim Ngọc", "Lê Văn Tám"]
    item_rows = cell_texts(items)[1:]
    assert len(item_rows) == 4
    assert [row[1] for row in item_rows] == ["Nguyễn Thị Kim Ngọc", "", "Lê Văn Tám", ""]
    sign = signature.rows[0].cells[1].text.splitlines()
    assert sign[0] == "T/M CHI BỘ" and sign[1] == "BÍ THƯ" and sign[-1] == "Lê Văn Tám"
    recipients = signature.rows[0].cells[0].text.splitlines()
    assert recipients == ["Nơi nhận:", "- Đảng ủy xã Long Bình (để báo cáo),", "- Lưu Chi bộ."]
