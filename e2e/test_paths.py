"""Whole user paths in a real browser."""

import re

from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.people.models import Person


def test_secretary_finds_a_person_by_unaccented_search_and_opens_the_record(page):
    log_in(page, "secretary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chi bộ Ấp Long Hòa")
    screenshot(page, "secretary-unit")

    search = page.get_by_placeholder("Tìm đơn vị, đảng viên…")
    search.fill("nguyen thi kim ngoc")
    search.press("Enter")
    result = page.get_by_role("link", name="Nguyễn Thị Kim Ngọc")
    expect(result).to_be_visible()
    screenshot(page, "secretary-search")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Kim Ngọc")
    expect(page.get_by_text("89012345")).to_be_visible()
    expect(page.get_by_role("heading", name="Quá trình sinh hoạt")).to_be_visible()
    screenshot(page, "secretary-person")


def test_member_cannot_open_a_person_of_another_unit(page):
    log_in(page, "member")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Kim Ngọc")
    other = Person.objects.get(full_name="Võ Văn Bình")
    response = page.goto(f"{page.base_url}/nguoi/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("Võ Văn Bình")).to_have_count(0)
    screenshot(page, "member-404")


def test_unit_page_reads_well_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "province_staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh ủy An Giang")
    row = page.get_by_role("row", name=re.compile("Đảng ủy xã Long Bình"))
    expect(row).to_be_visible()
    # No sideways scrolling on a phone: the page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-province")


def test_tree_expands_in_place(page):
    log_in(page, "province_staff")
    page.goto(page.base_url + "/don-vi/")
    page.get_by_role("button", name="Mở các đơn vị trực thuộc Tỉnh ủy An Giang").click()
    expect(page.get_by_role("link", name="Đảng ủy phường Châu Đốc")).to_be_visible()
    screenshot(page, "tree")


def test_on_a_phone_the_menu_is_one_button_and_the_page_starts_near_the_top(page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretary")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Chi bộ Ấp Long Hòa")
    functions = page.get_by_role("navigation", name="Chức năng")
    expect(functions).to_be_hidden()
    # The bar above the page (brand, bell, menu button, search) leaves the first screen to the page: it took 40%.
    assert page.locator(".topbar").bounding_box()["height"] <= 0.2 * 844
    assert heading.bounding_box()["y"] < 0.3 * 844
    screenshot(page, "phone-menu-closed")

    menu = page.get_by_role("button", name="Danh mục")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(functions).to_be_visible()
    screenshot(page, "phone-menu-open")
    # Every item is big enough for a finger, the account's own links included (hidden from the bar above).
    items = functions.locator("a, button")
    assert items.count() >= 8
    for index in range(items.count()):
        box = items.nth(index).bounding_box()
        assert box["height"] >= 44, items.nth(index).inner_text()
    for target in (menu, page.locator(".bell")):
        assert min(target.bounding_box()["height"], target.bounding_box()["width"]) >= 44
    expect(page.locator(".usernav").get_by_role("button", name="Đăng xuất")).to_be_hidden()
    functions.get_by_role("link", name="Học tập của tôi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Học tập")
    expect(functions).to_be_hidden()  # a new page starts with the menu closed


def test_on_a_desktop_the_functions_and_the_account_stay_in_view(page):
    log_in(page, "secretary")
    expect(page.get_by_role("navigation", name="Chức năng")).to_be_visible()
    expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
    expect(page.locator(".usernav").get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_idle_session_warns_and_can_be_kept_alive(page, settings):
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_COOKIE_AGE = 60  # the warning counts from the session's stored end
    settings.SESSION_WARNING_MINUTES = 1
    log_in(page, "secretary")
    dialog = page.locator("dialog#idle-warning")
    expect(dialog).to_be_visible(timeout=5_000)
    expect(dialog).to_contain_text("Phiên làm việc sắp hết hạn")
    screenshot(page, "idle-warning")
    with page.expect_response(lambda r: "/tai-khoan/giu-phien/" in r.url) as keepalive:
        page.get_by_role("button", name="Tiếp tục làm việc").click()
    assert keepalive.value.status == 204
    # The deadline starts again: the countdown is back near a full minute, and the session is still valid.
    expect(page.locator("#idle-countdown")).to_have_text(re.compile(r"^(1:00|0:5\d)$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chi bộ Ấp Long Hòa")
