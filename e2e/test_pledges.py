"""A registration's year in a real browser: the member writes and submits it, the secretary returns it with a
remark, the member fixes and resubmits, the secretary accepts it in one click; progress and a deed; the year-end
self-assessment; the secretary's remark and rating lock it. Screenshots at desktop width and at 390 px.
"""

import re

from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.pledges.models import Pledge
from lamtheo.testing import unit

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def switch_user(page, username):
    # Every response renews the session cookie: let the last ones land before forgetting it.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, username)


def at_390(page, name):
    """A screenshot at phone width; nothing may stick out sideways."""
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def secretary_row(page):
    return page.get_by_role("row", name=re.compile("Nguyễn Thị Kim Ngọc"))


def test_a_registration_from_draft_to_locked(page, tmp_path):
    year = timezone.localdate().year
    cell_url = f"{page.base_url}/dang-ky/don-vi/{unit('LB-01').pk}/"

    # The member writes two commitments and submits them.
    switch_user(page, "member")
    page.goto(page.base_url + "/dang-ky/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bản đăng ký học tập và làm theo năm {year}")
    screenshot(page, "pledges-mine")
    at_390(page, "pledges-mine")
    page.get_by_role("button", name="Lập bản đăng ký mới").click()
    page.locator('[name="items-0-area"]').select_option(label="Đạo đức")
    page.locator('[name="items-0-commitment"]').fill("Giải quyết hồ sơ của dân đúng hẹn, không để trễ hạn")
    page.locator('[name="items-0-measure"]').fill("Không có hồ sơ trễ hạn")
    page.locator('[name="items-0-due_date"]').fill(f"{year}-12-31")
    page.locator('[name="items-1-area"]').select_option(label="Trách nhiệm nêu gương")
    page.locator('[name="items-1-commitment"]').fill("Đi đầu vận động bà con hiến đất làm đường ấp")
    page.locator('[name="items-1-measure"]').fill("Vận động được 5 hộ")
    page.locator('[name="items-1-due_date"]').fill(f"{year}-12-31")
    screenshot(page, "pledges-edit")
    at_390(page, "pledges-edit")
    page.get_by_role("button", name="Lưu và nộp cho chi bộ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nộp bản đăng ký")
    expect(page.get_by_text("Chờ chi bộ xem xét").first).to_be_visible()
    screenshot(page, "pledges-submitted")

    # The secretary returns it with a remark, from the chi bộ's page, in place.
    switch_user(page, "secretary")
    page.goto(cell_url)
    expect(page.get_by_role("heading", name=re.compile("Chờ xem xét"))).to_be_visible()
    screenshot(page, "pledges-secretary")
    at_390(page, "pledges-secretary")
    row = secretary_row(page)
    row.get_by_role("textbox").fill("Nội dung 2 cần ghi rõ thời gian vận động và số hộ cụ thể.")
    row.get_by_role("button", name="Trả lại").click()
    expect(secretary_row(page)).to_contain_text("Đã trả lại bản đăng ký của Nguyễn Thị Kim Ngọc để sửa.")

    # The member reads the remark, fixes the item and resubmits.
    switch_user(page, "member")
    page.goto(page.base_url + "/dang-ky/")
    page.get_by_role("link", name="Mở bản đăng ký").click()
    expect(page.get_by_role("note")).to_contain_text("Nội dung 2 cần ghi rõ thời gian vận động")
    screenshot(page, "pledges-returned")
    page.get_by_role("link", name="Sửa nội dung").click()
    page.locator('[name="items-1-measure"]').fill("Vận động được 5 hộ hiến đất trong quý III, có biên bản")
    page.get_by_role("button", name="Lưu và nộp cho chi bộ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nộp bản đăng ký")

    # The secretary accepts it in one click.
    switch_user(page, "secretary")
    page.goto(cell_url)
    secretary_row(page).get_by_role("button", name="Chấp nhận").click()
    expect(secretary_row(page)).to_contain_text("Đã chấp nhận bản đăng ký của Nguyễn Thị Kim Ngọc.")
    screenshot(page, "pledges-accepted-row")

    # During the year: a progress note and a deed with a photo.
    switch_user(page, "member")
    pledge = Pledge.objects.get(person__full_name="Nguyễn Thị Kim Ngọc", year=year)
    page.goto(page.base_url + pledge.get_absolute_url())
    progress = page.locator(f'form[action$="/{pledge.pk}/tien-do/"]')
    progress.get_by_label("Nội dung").select_option(index=2)
    progress.get_by_label("Tiến độ, kết quả").fill("Đã vận động được 3 hộ, còn 2 hộ đang bàn với gia đình.")
    progress.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi tiến độ")
    photo = tmp_path / "hien-dat.png"
    photo.write_bytes(PNG)
    deed = page.locator(f'form[action$="/{pledge.pk}/viec-lam-theo/"]')
    deed.get_by_label("Việc đã làm").fill("Cùng bà con ấp Long Hòa làm lễ khởi công đoạn đường 300 m")
    deed.get_by_label(re.compile("Đi đầu vận động bà con")).check()
    deed.get_by_label("Ảnh hoặc tài liệu (không bắt buộc)").set_input_files(photo)
    deed.get_by_role("button", name="Ghi việc làm theo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi việc làm theo")
    expect(page.get_by_role("img", name="Ảnh minh chứng")).to_be_visible()
    screenshot(page, "pledges-progress")
    at_390(page, "pledges-progress")

    # Year end: the member's self-assessment.
    page.get_by_role("link", name="Tự đánh giá cuối năm").click()
    page.get_by_role("radiogroup", name="Kết quả nội dung thứ 1").get_by_label(
        "Hoàn thành", exact=True
    ).check()
    page.get_by_role("radiogroup", name="Kết quả nội dung thứ 2").get_by_label("Hoàn thành một phần").check()
    page.get_by_label("Tự đánh giá chung").fill("Cơ bản hoàn thành; việc vận động hiến đất còn 2 hộ.")
    screenshot(page, "pledges-self-assess")
    page.get_by_role("button", name="Gửi tự đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("Đã gửi tự đánh giá cuối năm")

    # The secretary remarks, rates and locks it.
    switch_user(page, "secretary")
    page.goto(cell_url)
    secretary_row(page).get_by_role("link", name="Nhận xét, xếp loại").click()
    page.get_by_label("Hoàn thành tốt nhiệm vụ").check()
    page.get_by_label("Nhận xét của chi bộ").fill("Thực hiện nghiêm túc, tích cực vận động bà con.")
    page.get_by_role("button", name="Lưu nhận xét, xếp loại").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhận xét, xếp loại và khóa bản đăng ký")
    expect(page.get_by_text("Đã khóa").first).to_be_visible()
    screenshot(page, "pledges-locked")
    at_390(page, "pledges-locked")

    pledge.refresh_from_db()
    assert (pledge.status, pledge.result_level) == (Pledge.Status.LOCKED, Pledge.Level.GOOD)
    assert list(pledge.reviews.values_list("kind", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "accepted",
        "self_assessed",
        "rated",
        "locked",
    ]

    # The commune's leader reads the figures, then drills down to the chi bộ.
    switch_user(page, "commune_leader")
    page.goto(f"{page.base_url}/dang-ky/don-vi/{unit('LB').pk}/so-lieu/")
    expect(page.get_by_text(re.compile(r"có 1 đảng viên, chiếm 50,0%"))).to_be_visible()
    screenshot(page, "pledges-figures")
    at_390(page, "pledges-figures")
    page.get_by_role("link", name="Chi bộ Ấp Long Hòa").click()
    expect(page.get_by_role("heading", name=re.compile("Đã nhận xét, xếp loại"))).to_be_visible()

    # The member can no longer edit it.
    switch_user(page, "member")
    page.goto(page.base_url + pledge.get_absolute_url())
    expect(page.get_by_role("link", name="Sửa nội dung")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản in (DOCX)").click()
    assert download.value.suggested_filename == f"ban-dang-ky-{year}-nguyen-thi-kim-ngoc.docx"
