"""An exemplar's way in a real browser on a phone: the chi bộ's secretary picks a member, then her logged deed,
the commune's leader finds it waiting, verifies and recognises it."""

import datetime

from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed

PHONE = {"width": 390, "height": 844}


def test_a_nomination_from_the_chi_bo_to_the_communes_recognition_on_a_phone(page, browser, live_server):
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    year = datetime.date.today().year
    Deed.objects.create(
        person=ngoc,
        unit=ngoc.unit,
        date=datetime.date(year, 1, 2),
        description="Hiến 200 m² đất làm đường liên ấp",
    )
    tam = Person.objects.get(full_name="Lê Văn Tám")
    Deed.objects.create(
        person=tam, unit=tam.unit, date=datetime.date(year, 1, 5), description="Sửa cầu khỉ qua kênh"
    )
    page.set_viewport_size(PHONE)
    log_in(page, "secretary")
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("navigation", name="Chức năng").get_by_role("link", name="Gương điển hình").click()
    page.get_by_role("link", name="Đề nghị tại Chi bộ Ấp Long Hòa").click()
    # the person first, then their deeds: choosing her swaps in her log of the year (htmx), nobody else's
    expect(page.get_by_text("Chọn người được đề nghị để thấy những việc tốt")).to_be_visible()
    page.locator("#id_person").select_option(label="Nguyễn Thị Kim Ngọc")
    page.get_by_label("Hiến 200 m² đất làm đường liên ấp", exact=False).check()
    expect(page.get_by_text("Sửa cầu khỉ qua kênh")).to_have_count(0)
    page.get_by_label("Thành tích, việc tốt").fill("Vận động 12 hộ hiến đất làm đường liên ấp")
    screenshot(page, "phone-exemplar-nominate")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Kim Ngọc")
    expect(page.get_by_text("Chờ xác minh")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    leader = browser.new_context(locale="vi-VN", viewport=PHONE).new_page()
    leader.base_url = live_server.url
    log_in(leader, "commune_leader")
    leader.goto(live_server.url + "/dien-hinh/")
    expect(leader.get_by_role("heading", name="1 đề nghị chờ anh/chị xác minh")).to_be_visible()
    leader.get_by_role("link", name="Nguyễn Thị Kim Ngọc").first.click()
    leader.get_by_label("Đúng, đủ điều kiện").check()
    leader.get_by_role("button", name="Ghi kết quả xác minh").click()
    expect(leader.get_by_text("Đã xác minh.")).to_be_visible()
    leader.get_by_label("Hình thức khen").select_option(label="Giấy khen")
    leader.get_by_role("button", name="Ghi nhận khen").click()
    expect(leader.get_by_text("Đã ghi nhận khen.")).to_be_visible()
    expect(leader.get_by_role("button", name="Chuyển lên cấp trên xét chọn")).to_be_visible()
    screenshot(leader, "phone-exemplar-recognised")
    leader.context.close()
