"""The 2026 topic, from the province's staff member issuing it to the communes that have not deployed it."""

import datetime
import re

from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.testing import unit
from lamtheo.topics import actions
from lamtheo.topics.models import Topic

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TERM_TITLE = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường"
YEAR_TITLE = "Học tập và làm theo phong cách nêu gương của người đứng đầu, năm 2026"


def test_province_staff_issues_the_2026_topic_and_sees_who_has_not_deployed_it(page, tmp_path):
    term = Topic(unit=unit("TU"), kind=Topic.Kind.TERM, title=TERM_TITLE, start_year=2025, end_year=2030)
    actions.create_topic(term, actor=None)
    log_in(page, "province_staff")

    page.goto(page.base_url + "/chuyen-de/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chuyên đề học tập và làm theo")
    page.get_by_role("link", name=TERM_TITLE).click()
    page.get_by_role("link", name="Ban hành chuyên đề năm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ban hành chuyên đề năm")
    page.get_by_label("Cấp ủy ban hành").select_option(label="Tỉnh ủy An Giang")
    page.get_by_label("Tên chuyên đề").fill(YEAR_TITLE)
    page.get_by_label("Từ năm").fill("2026")
    page.get_by_label("Hạn triển khai ở cấp dưới").fill("2026-03-31")
    screenshot(page, "topic-form")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(YEAR_TITLE)
    expect(page.get_by_role("status")).to_contain_text("Đã ban hành chuyên đề")

    material = tmp_path / "tai-lieu-2026.pdf"
    material.write_bytes(PDF)
    page.get_by_label("Tệp tài liệu (PDF hoặc Word .docx)").set_input_files(material)
    page.get_by_label("Tên tài liệu").fill("Tài liệu học tập chuyên đề 2026")
    page.get_by_role("button", name="Tải tài liệu lên").click()
    link = page.get_by_role("link", name="Tài liệu học tập chuyên đề 2026")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Tài liệu học tập chuyên đề 2026.pdf"

    long_binh = page.get_by_role("row", name=re.compile("Đảng ủy xã Long Bình"))
    expect(long_binh).to_contain_text(re.compile("chưa triển khai", re.IGNORECASE))
    expect(page.get_by_text("0/2 đơn vị đã triển khai")).to_be_visible()
    screenshot(page, "topic-deployment")

    # One click per level, in place: the chi bộ of Long Bình, and the address can be shared.
    long_binh.get_by_role("link", name="Đảng ủy xã Long Bình").click()
    expect(page.get_by_text("Đang xem:")).to_contain_text("Đảng ủy xã Long Bình")
    expect(page.get_by_role("row", name=re.compile("Chi bộ Ấp Long Hòa"))).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/chuyen-de/\d+/\?unit={unit('LB').pk}$"))
    screenshot(page, "topic-deployment-commune")


def test_the_topic_page_reads_well_on_a_phone(page):
    term = actions.create_topic(
        Topic(unit=unit("TU"), kind=Topic.Kind.TERM, title=TERM_TITLE, start_year=2025, end_year=2030),
        actor=None,
    )
    topic = Topic(
        unit=unit("TU"),
        kind=Topic.Kind.YEAR,
        parent=term,
        title=YEAR_TITLE,
        start_year=2026,
        end_year=2026,
        deploy_by=datetime.date(2026, 3, 31),
    )
    actions.create_topic(topic, actor=None)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "province_staff")
    page.goto(page.base_url + topic.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(YEAR_TITLE)
    expect(page.get_by_text(re.compile(r"chưa triển khai", re.IGNORECASE)).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "topic-phone")
    page.goto(page.base_url + "/chuyen-de/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "topics-phone")
