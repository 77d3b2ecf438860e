"""Codes of conduct in a real browser: a cell secretary makes the commune's code the chi bộ's own and records its
adoption; the province's staff sees a chi bộ that copied it word for word, with the pairs side by side.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.conduct import actions
from lamtheo.conduct.models import ConductCode
from lamtheo.testing import unit

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PROVINCE_RULES = [
    "Trung thành – Trách nhiệm – Liêm chính – Gương mẫu",
    "Nói đi đôi với làm, nói ít làm nhiều",
    "Gần dân, trọng dân, hiểu dân, học dân, có trách nhiệm với dân",
    "Tận tụy, sáng tạo, hiệu quả",
    "Đoàn kết, kỷ cương, dân chủ, đổi mới",
]
COMMUNE_RULES = [
    "Trung thành – Trách nhiệm – Liêm chính – Gương mẫu",
    "Đúng hẹn với dân, không để dân chờ lâu",
    "Nói đi đôi với làm, nói ít làm nhiều",
    "Giải quyết hồ sơ nhanh, gọn, đúng luật",
    "Lắng nghe dân nói, nói dân hiểu, làm dân tin",
    "Chung sức xây dựng nông thôn mới kiểu mẫu",
]
HAMLET_RULES = [
    "Gần dân, hiểu dân, giúp dân",
    "Mỗi đảng viên gắn bó với mười hộ dân",
    "Họp ấp đúng giờ, nói ngắn, làm ngay",
    "Giữ ấp Long Hòa xanh, sạch, đẹp, an toàn",
    "Đúng hẹn với dân, không để dân chờ lâu",
]


def _adopted(code, rules, *, template=None, start, end=None, on):
    draft = actions.create_code(
        unit(code), actor=None, start_year=start, end_year=end, template=template, rules=rules
    )
    minutes = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    return actions.adopt_code(
        draft, actor=None, expected_version=draft.version, adopted_on=on, minutes=minutes
    )


@pytest.fixture
def codes(world):
    today = timezone.localdate()
    province = _adopted(
        "TU", PROVINCE_RULES, start=today.year - 1, end=today.year + 4, on=today.replace(day=1)
    )
    commune = _adopted("LB", COMMUNE_RULES, template=province, start=today.year, on=today.replace(day=1))
    copied = _adopted("LB-02", None, template=commune, start=today.year, on=today.replace(day=1))
    return {"province": province, "commune": commune, "copied": copied, "today": today}


def test_a_secretary_makes_the_communes_code_the_chi_bos_own_and_adopts_it(page, codes, tmp_path):
    log_in(page, "secretary")
    page.goto(page.base_url + f"/chuan-muc/don-vi/{unit('LB-01').pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuẩn mực đạo đức")
    expect(page.get_by_text("Đơn vị chưa có bộ chuẩn mực đạo đức được thông qua")).to_be_visible()
    screenshot(page, "conduct-unit")

    # Start from the template: its rules are copied into a draft, flagged as a copy until rewritten.
    page.get_by_role("button", name="Bắt đầu từ chuẩn mực của cấp trên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa dự thảo chuẩn mực")
    expect(page.get_by_role("status").first).to_contain_text("Dự thảo đang giống chuẩn mực mẫu 100,0%")
    expect(page.locator("#live-check")).to_contain_text("Sao chép nguyên văn")
    screenshot(page, "conduct-draft-copied")

    # The chi bộ rewrites it for its hamlet; the similarity updates as the rules are typed.
    page.get_by_label("Các điều chuẩn mực").fill("\n".join(HAMLET_RULES))
    expect(page.locator("#live-check")).to_contain_text("Mức giống chuẩn mực của cấp trên")
    expect(page.locator("#live-check")).not_to_contain_text("Sao chép nguyên văn")
    pair = page.locator("#live-check tr", has_text="Đúng hẹn với dân, không để dân chờ lâu").first
    expect(pair).to_contain_text("100,0%")
    screenshot(page, "conduct-draft-own")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu dự thảo.")
    expect(page.locator(".board")).to_contain_text("Giữ ấp Long Hòa xanh, sạch, đẹp, an toàn")

    # Adoption needs the minutes of the chi bộ meeting.
    page.get_by_role("link", name="Ghi nhận chi bộ thông qua").click()
    day = codes["today"] - datetime.timedelta(days=1)
    page.get_by_label("Ngày cuộc họp chi bộ thông qua").fill(day.isoformat())
    page.get_by_role("button", name="Ghi nhận thông qua").click()
    expect(page.locator(".errorlist").first).to_contain_text("Hãy đính kèm biên bản cuộc họp chi bộ")
    screenshot(page, "conduct-adopt-refused")
    minutes = tmp_path / "bien-ban-hop-chi-bo.pdf"
    minutes.write_bytes(PDF)
    page.get_by_label("Biên bản cuộc họp (PDF, Word hoặc ảnh chụp)").set_input_files(minutes)
    page.get_by_role("button", name="Ghi nhận thông qua").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Đã ghi nhận: chi bộ thông qua bộ chuẩn mực ngày {day:%d/%m/%Y}."
    )
    expect(page.get_by_text("Đã thông qua", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop-chi-bo.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa dự thảo")).to_have_count(0)
    screenshot(page, "conduct-adopted")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "conduct-adopted-390")

    code = ConductCode.objects.get(unit=unit("LB-01"))
    assert code.is_adopted and not code.is_copied and code.rule_texts() == HAMLET_RULES

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải pano A3 (Word)").click()
    assert download.value.suggested_filename == f"Chuẩn mực đạo đức - Chi bộ Ấp Long Hòa - {day.year}.docx"


def test_the_province_sees_a_copied_code_flagged_with_the_pairs(page, codes):
    log_in(page, "province_staff")
    page.goto(page.base_url + f"/chuan-muc/don-vi/{unit('TU').pk}/tong-hop/")
    year = codes["today"].year
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chuẩn mực đạo đức năm {year}")
    long_binh = page.get_by_role("row", name=re.compile("Đảng ủy xã Long Bình"))
    expect(long_binh).to_contain_text("2/3")
    expect(page.get_by_text("3/6 đơn vị đã thông qua chuẩn mực")).to_be_visible()
    flagged = page.locator(".card", has_text="Chi bộ Ấp Long Thạnh")
    expect(flagged).to_contain_text("giống 100,0%")
    flagged.get_by_text("Xem từng cặp điều giống nhau").click()
    expect(flagged.get_by_role("row", name=re.compile("Giải quyết hồ sơ nhanh"))).to_contain_text("100,0%")
    screenshot(page, "conduct-coverage")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "conduct-coverage-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # One click per level: the commune's chi bộ.
    long_binh.get_by_role("link", name="Đảng ủy xã Long Bình").click()
    expect(page.get_by_role("row", name=re.compile("Chi bộ Ấp Long Hòa"))).to_contain_text("0/1")

    # The copied code's own page: the unit's rules and the template's, side by side.
    flagged = page.locator(".card", has_text="Chi bộ Ấp Long Thạnh")
    flagged.get_by_role("link", name="Chi bộ Ấp Long Thạnh").click()
    expect(page.get_by_text("Sao chép nguyên văn").first).to_be_visible()
    expect(page.locator("table.pairs tr.copy")).to_have_count(len(COMMUNE_RULES))
    screenshot(page, "conduct-copied-code")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "conduct-copied-code-390")
