"""A plan from draft to inbox, in a real browser: draft, consult, answer, close, issue, download, acknowledge."""

import datetime
import importlib
import io
import re
import shutil

import pytest
import time_machine
from docx import Document as open_docx
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.documents.models import Document, Term
from lamtheo.testing import unit


@pytest.fixture(autouse=True)
def document_types(world):
    """The live server's database is flushed after each browser test, data migrations included."""
    from django.apps import apps

    importlib.import_module("lamtheo.documents.migrations.0003_default_types").create_types(apps, None)


SUMMARY = "triển khai học tập chuyên đề năm 2026"
BODY = """Thực hiện Kế hoạch của Ban Thường vụ Tỉnh ủy về học tập chuyên đề năm 2026.
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên về học tập và làm theo.
- Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể.
II. NỘI DUNG, THỜI GIAN
1. Học tập chuyên đề.
Tổ chức học tập chuyên đề đến 100% chi bộ trực thuộc trong quý II năm 2026."""


def switch_user(page, username):
    # Every response renews the session cookie: let the last ones land before forgetting it.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, username)


def test_commune_drafts_consults_issues_and_the_chi_bo_acknowledges(page):
    Term.objects.create(unit=unit("LB"), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 7, 1))

    # The commune leader drafts the plan.
    log_in(page, "commune_leader")
    page.goto(page.base_url + "/van-ban/")
    page.get_by_role("link", name="Soạn văn bản mới").click()
    page.get_by_label("Loại văn bản:", exact=True).select_option(label="Kế hoạch (KH)")
    page.get_by_label("Trích yếu:", exact=True).fill(SUMMARY)
    page.get_by_label("Nội dung:", exact=True).fill(BODY)
    page.get_by_label("Chức vụ người ký:", exact=True).fill("BÍ THƯ")
    page.get_by_label("Họ tên người ký:", exact=True).fill("Nguyễn Văn Hùng")
    page.get_by_label("Nơi nhận:", exact=True).fill(
        "Ban Thường vụ Tỉnh ủy (để báo cáo)\nCác chi bộ trực thuộc"
    )
    screenshot(page, "documents-draft-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo kế hoạch")
    document_url = page.url

    # Issuing a plan before consulting the committee is refused on the page.
    page.get_by_role("link", name="Ban hành").click()
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_role("alert").first).to_contain_text("phải được lấy ý kiến tập thể trước khi ban hành")
    screenshot(page, "documents-issue-refused")

    # It opens a consultation to the province staff member.
    page.goto(document_url)
    page.get_by_role("link", name="Lấy ý kiến").click()
    page.get_by_label("province_staff – Cán bộ cơ quan tham mưu").check()
    screenshot(page, "documents-consult")
    page.get_by_role("button", name="Gửi xin ý kiến").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi dự thảo xin ý kiến 1 người")

    # The province staff member sees what they are asked about and agrees.
    switch_user(page, "province_staff")
    page.goto(page.base_url + "/van-ban/den/")
    asked = page.get_by_role("region", name="Dự thảo đang xin ý kiến của anh/chị")
    expect(asked).to_contain_text("Chưa trả lời")
    asked.get_by_role("link", name=re.compile(SUMMARY)).click()
    page.get_by_label("Nhất trí với dự thảo").check()
    screenshot(page, "documents-respond")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi ý kiến")

    # The commune leader sees the answer, closes the consultation and issues the plan.
    switch_user(page, "commune_leader")
    page.goto(document_url)
    expect(page.get_by_text("1/1 người đã trả lời.")).to_be_visible()
    page.get_by_role("button", name="Kết thúc lấy ý kiến").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã kết thúc lấy ý kiến: 1/1")
    page.get_by_role("link", name="Ban hành").click()
    expect(page.get_by_label("Chi bộ Ấp Long Hòa (LB-01)")).to_be_checked()
    screenshot(page, "documents-issue")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch số 01-KH/ĐU")
    screenshot(page, "documents-issued")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bản Word (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename == "01-KH-DU-trien-khai-hoc-tap-chuyen-de-nam-2026.docx"
    docx = open_docx(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115 - a temporary file
    number = [p.text for p in docx.tables[0].rows[1].cells[0].paragraphs]  # the row of "Số" and the date
    assert "Số 01-KH/ĐU" in number

    # The chi bộ secretary finds it in the inbox and acknowledges it in place.
    switch_user(page, "secretary")
    page.goto(page.base_url + "/van-ban/den/")
    row = page.get_by_role("row", name="01-KH/ĐU")
    expect(row).to_contain_text("Chi bộ Ấp Long Hòa")
    screenshot(page, "documents-inbox")
    row.get_by_role("button", name="Đã nhận").click()
    expect(row.locator(".badge.ok")).to_have_text("Đã nhận")
    expect(row).to_contain_text("secretary")
    screenshot(page, "documents-inbox-acknowledged")
    plan = Document.objects.get(code="01-KH/ĐU")
    assert plan.distributions.get(unit__code="LB-01").acknowledged_at is not None


def test_document_pages_read_well_on_a_phone(page, commune_leader_plan):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "secretary")
    page.goto(page.base_url + "/van-ban/den/")
    expect(page.get_by_role("row", name="01-KH/ĐU")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-documents-inbox")
    page.goto(page.base_url + commune_leader_plan.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch số 01-KH/ĐU")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-documents-detail")


@pytest.fixture
def commune_leader_plan(world):
    from lamtheo.accounts.models import User
    from lamtheo.documents.tests.helpers import make_issued_plan, make_term

    make_term()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):  # the helpers' day
        return make_issued_plan(
            User.objects.get(username="commune_leader"), User.objects.get(username="province_staff")
        )


def test_the_province_issues_the_plan_of_its_2026_topic_and_sees_who_deployed_it(page):
    """Issue 3's path: the province's staff drafts the plan of the 2026 topic, consults, issues NN-KH/TU with
    its DOCX and PDF, and the topic's deployment table shows the communes that have not deployed it yet."""
    from lamtheo.accounts.models import Role, RoleAssignment, User
    from lamtheo.topics import actions as topic_actions
    from lamtheo.topics.models import Topic

    # The province's leader, whom the staff consults (committee leaders are offered first).
    RoleAssignment.objects.create(
        user=User.objects.get(username="admin"), role=Role.COMMITTEE_LEADER, unit=unit("TU")
    )
    Term.objects.create(unit=unit("TU"), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 10, 3))
    term_topic = topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.TERM,
            title="Chuyên đề toàn khóa 2025–2030",
            start_year=2025,
            end_year=2030,
        ),
        actor=None,
    )
    topic = topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.YEAR,
            parent=term_topic,
            title="Chuyên đề năm 2026",
            start_year=2026,
            end_year=2026,
            deploy_by=datetime.date(2026, 3, 31),
        ),
        actor=None,
    )

    log_in(page, "province_staff")
    page.goto(page.base_url + "/van-ban/soan/")
    page.get_by_label("Loại văn bản:", exact=True).select_option(label="Kế hoạch (KH)")
    page.get_by_label("Trích yếu:", exact=True).fill(SUMMARY)
    page.get_by_label("Nội dung:", exact=True).fill(BODY)
    page.get_by_label("Chức vụ người ký:", exact=True).fill("BÍ THƯ")
    page.get_by_label("Họ tên người ký:", exact=True).fill("Trần Văn Tỉnh")
    page.get_by_label("Chuyên đề:", exact=True).select_option(value=str(topic.pk))
    page.get_by_role("button", name="Lưu dự thảo").click()
    document_url = page.url
    page.get_by_role("link", name="Lấy ý kiến").click()
    screenshot(page, "province-consult")
    page.get_by_label(re.compile("admin – Quản trị hệ thống")).check()
    page.get_by_role("button", name="Gửi xin ý kiến").click()

    switch_user(page, "admin")
    page.goto(page.base_url + "/van-ban/den/")
    page.get_by_role("region", name="Dự thảo đang xin ý kiến của anh/chị").get_by_role(
        "link", name=re.compile(SUMMARY)
    ).click()
    page.get_by_label("Nhất trí với dự thảo").check()
    page.get_by_role("button", name="Gửi ý kiến").click()

    switch_user(page, "province_staff")
    page.goto(document_url)
    page.get_by_role("button", name="Kết thúc lấy ý kiến").click()
    page.get_by_role("link", name="Ban hành").click()
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch số 01-KH/TU")
    if shutil.which("soffice") or shutil.which(
        "libreoffice"
    ):  # CI installs it; elsewhere the page says why not
        with page.expect_download() as pdf:
            page.get_by_role("link", name=re.compile("PDF")).click()
        assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115 - a temporary file

    # The communes below have the plan in their inbox, and the topic shows who has not deployed it yet.
    page.goto(page.base_url + topic.get_absolute_url())
    expect(page.get_by_role("row", name=re.compile("Đảng ủy xã Long Bình"))).to_contain_text(
        "Chưa triển khai"
    )
    screenshot(page, "province-topic-deployment")
    switch_user(page, "commune_leader")
    page.goto(page.base_url + "/van-ban/den/")
    expect(page.get_by_role("row", name="01-KH/TU")).to_be_visible()
