"""A study session on a phone: the cell secretary records it, ticks who came, and sees who has not studied yet.

Until lamtheo/urls.py includes `hoc-tap/`, the module is skipped (and would run with the study app's test urlconf,
which adds nothing once the project includes it): the lead removes both marks together.
"""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.people.models import Person
from lamtheo.testing import unit
from lamtheo.topics import actions
from lamtheo.topics.models import Topic

PHONE = {"width": 390, "height": 844}
TOPIC = "Học tập và làm theo phong cách nêu gương của người đứng đầu, năm 2026"


@pytest.fixture
def topic(world):
    term = actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.TERM,
            title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
            start_year=2025,
            end_year=2030,
        ),
        actor=None,
    )
    return actions.create_topic(
        Topic(
            unit=unit("TU"), kind=Topic.Kind.YEAR, parent=term, title=TOPIC, start_year=2026, end_year=2026
        ),
        actor=None,
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_secretary_records_a_session_on_a_phone_and_sees_the_coverage(page, topic):
    page.set_viewport_size(PHONE)
    log_in(page, "secretary")
    long_hoa = unit("LB-01")

    page.goto(f"{page.base_url}/hoc-tap/don-vi/{long_hoa.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Học tập chuyên đề – Chi bộ Ấp Long Hòa")
    expect(
        page.get_by_text("0 lớp, 0/2 đảng viên, đạt 0%; 0/1 cán bộ, công chức, viên chức, đạt 0%")
    ).to_be_visible()
    page.get_by_role("link", name="Ghi nhận buổi học", exact=True).click()

    # The session: topic, title, date, time, place.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi nhận buổi học tập chuyên đề")
    expect(page.get_by_label("Chuyên đề")).to_have_value(str(topic.pk))  # the page's topic, chosen already
    page.get_by_label("Chuyên đề").select_option(label=f"{TOPIC} (2026) – Tỉnh ủy An Giang")
    page.get_by_label("Tên lớp / hội nghị").fill("Học tập chuyên đề năm 2026")
    page.get_by_label("Giờ bắt đầu").fill("19:30")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa ấp Long Hòa")
    page.get_by_label("Báo cáo viên").fill("Đồng chí Lê Văn Tám, Bí thư Chi bộ")

    # Attendance: everyone present, then Ánh was away.
    page.get_by_role("button", name="Tất cả có mặt").click()
    expect(page.get_by_text("3/3 người có mặt")).to_be_visible()
    page.get_by_label("Điểm danh Trần Thị Ánh").select_option(label="Vắng có lý do")
    page.get_by_label("Lý do của Trần Thị Ánh").fill("Đi tập huấn ở tỉnh")
    expect(page.get_by_text("2/3 người có mặt")).to_be_visible()
    assert fits_the_screen(page)
    screenshot(page, "study-record-phone")
    page.get_by_role("button", name="Lưu buổi học").click()

    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận buổi học «Học tập chuyên đề năm 2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Học tập chuyên đề năm 2026")
    expect(page.get_by_text("người có mặt", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Trần Thị Ánh.*Vắng.*Đi tập huấn ở tỉnh"))).to_be_visible()
    assert fits_the_screen(page)
    screenshot(page, "study-session-phone")

    # The coverage: who has not studied yet.
    page.goto(f"{page.base_url}/hoc-tap/don-vi/{long_hoa.pk}/ket-qua/")
    expect(
        page.get_by_text("1 lớp, 2/2 đảng viên, đạt 100%; 0/1 cán bộ, công chức, viên chức, đạt 0%")
    ).to_be_visible()
    missing = page.get_by_role("row", name=re.compile("Trần Thị Ánh"))
    expect(missing).to_contain_text("Chưa là đảng viên")
    assert fits_the_screen(page)
    screenshot(page, "study-coverage-phone")

    # She studies at a make-up session a week later... here, ticked on the phone after all.
    page.go_back()
    page.get_by_role("link", name="Điểm danh", exact=True).click()
    page.get_by_label("Điểm danh Trần Thị Ánh").select_option(label="Có mặt")
    expect(page.get_by_text("3/3 người có mặt")).to_be_visible()
    screenshot(page, "study-tick-phone")
    page.get_by_role("button", name="Lưu điểm danh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã điểm danh Chi bộ Ấp Long Hòa: 3/3 người có mặt.")

    page.goto(f"{page.base_url}/hoc-tap/don-vi/{long_hoa.pk}/ket-qua/")
    expect(
        page.get_by_text("1 lớp, 2/2 đảng viên, đạt 100%; 1/1 cán bộ, công chức, viên chức, đạt 100%")
    ).to_be_visible()
    expect(page.get_by_text("Mọi đảng viên, cán bộ đang sinh hoạt đã học chuyên đề này.")).to_be_visible()


def test_the_printed_list(page, topic):
    log_in(page, "secretary")
    page.goto(f"{page.base_url}/hoc-tap/don-vi/{unit('LB-01').pk}/ghi-nhan/?topic={topic.pk}")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa ấp Long Hòa")
    page.get_by_role("button", name="Lưu buổi học").click()
    page.get_by_role("link", name="In danh sách điểm danh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách điểm danh")
    expect(page.get_by_role("row", name=re.compile("Nguyễn Thị Kim Ngọc"))).to_contain_text("☐")
    screenshot(page, "study-print")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    screenshot(page, "study-print-media")


def test_the_commune_sees_which_chi_bo_are_behind(page, topic):
    Person.objects.create(
        unit=unit("LB-02"), full_name="Trương Thị Mai", party_status=Person.PartyStatus.NON_MEMBER
    )
    log_in(page, "secretary")
    page.goto(f"{page.base_url}/hoc-tap/don-vi/{unit('LB-01').pk}/ghi-nhan/?topic={topic.pk}")
    page.get_by_label("Điểm danh Lê Văn Tám").select_option(label="Có mặt")
    page.get_by_role("button", name="Lưu buổi học").click()
    page.wait_for_load_state("networkidle")  # the save must land before the cookies are forgotten
    page.context.clear_cookies()

    log_in(page, "commune_leader")
    page.goto(f"{page.base_url}/hoc-tap/don-vi/{unit('LB').pk}/ket-qua/")
    expect(page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Hòa"))).to_contain_text("1/2")
    expect(page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Thạnh"))).to_contain_text("chưa tổ chức")
    screenshot(page, "study-coverage-commune")
    page.get_by_role("link", name="Chi bộ Ấp Long Hòa").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kết quả học tập chuyên đề – Chi bộ Ấp Long Hòa"
    )
