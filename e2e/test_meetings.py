"""Issue 5's path in a real browser: Chi bộ Ấp Long Hòa's secretary plans next month's meeting, sends the papers
ahead, holds it and ticks attendance on a phone, writes the minutes with the item assessing members' "học tập và
làm theo" and two assignments, and downloads the biên bản; xã Long Bình's leader sees which chi bộ did not meet
that month, and the flags.

The clock moves with the story (time_machine, ticking, in this process: the live server's thread reads the same
clock): a meeting cannot be recorded as held before it starts.
"""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.utils import timezone
from docx import Document as open_docx
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.conduct import actions as conduct_actions
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Meeting, MeetingKind
from lamtheo.people.models import Person, Position
from lamtheo.testing import unit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ASSESSMENT = "Đánh giá việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
TASKS = "Triển khai nhiệm vụ tháng tới"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def kinds(world):
    """The default kinds of meeting and their agendas: the meetings app's data migrations made them, and the live
    server's flush removed them; they run again, in order, on the current models."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(k for k in loader.disk_migrations if k[0] == "meetings"):
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


def switch_user(page, username):
    # Every response renews the session cookie: let the last ones land before forgetting it.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, username)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def at_phone_width(page, name):
    """A screenshot at 390 px: nothing may stick out sideways."""
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    assert fits_the_screen(page), name
    page.set_viewport_size(DESKTOP)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def field(page, label: str):
    """A form field by its label as the form prints it (`Địa điểm:`)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def test_a_secretary_plans_holds_and_writes_up_a_monthly_meeting_and_the_commune_sees_it(page, kinds):
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    day = next_month.replace(day=5)
    long_hoa, long_binh = unit("LB-01"), unit("LB")

    # Planning, today: next month's monthly meeting, with its agenda.
    log_in(page, "secretary")
    page.goto(f"{page.base_url}/sinh-hoat/don-vi/{long_hoa.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh hoạt, hội nghị – Chi bộ Ấp Long Hòa")
    page.get_by_role("link", name="Lên lịch cuộc họp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lên lịch cuộc họp")
    field(page, "Loại cuộc họp").select_option(label="Sinh hoạt chi bộ thường kỳ")
    field(page, "Bắt đầu").fill(f"{day:%Y-%m-%d}T19:00")
    field(page, "Kết thúc").fill(f"{day:%Y-%m-%d}T21:00")
    field(page, "Địa điểm").fill("Nhà văn hóa ấp Long Hòa")
    field(page, "Chủ trì").select_option(label="Lê Văn Tám")
    field(page, "Thư ký").select_option(label="Nguyễn Thị Kim Ngọc")
    page.get_by_label(re.compile("^Chương trình")).fill(f"{ASSESSMENT}\n{TASKS}")
    screenshot(page, "meetings-plan")
    at_phone_width(page, "meetings-plan")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lên lịch «Sinh hoạt chi bộ thường kỳ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh hoạt chi bộ thường kỳ")
    expect(page.get_by_text(ASSESSMENT)).to_be_visible()
    meeting = Meeting.objects.get(unit=long_hoa)
    assert meeting.status == Meeting.Status.PLANNED and meeting.attendances.count() == 3
    screenshot(page, "meetings-planned")

    # Three days before: the papers go out (at least one day ahead, so no flag about them).
    meeting_url = page.url
    with time_machine.travel(local(day, 8) - datetime.timedelta(days=3), tick=True):
        switch_user(page, "secretary")  # days later: the idle session has ended
        page.goto(meeting_url)
        page.get_by_role("link", name="Sửa", exact=True).click()
        sent = local(day, 8) - datetime.timedelta(days=3)
        field(page, "Gửi tài liệu lúc").fill(f"{sent:%Y-%m-%dT%H:%M}")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.get_by_role("status").first).to_contain_text("Đã lưu cuộc họp.")
        expect(page.get_by_text("Tài liệu gửi muộn")).to_have_count(0)
        meeting.refresh_from_db()
        assert timezone.localtime(meeting.documents_sent_at) == sent

    # The evening of the meeting: the secretary ticks attendance on a phone. Ánh is away on training.
    with time_machine.travel(local(day, 21, 10), tick=True):
        page.set_viewport_size(PHONE)
        switch_user(page, "secretary")
        page.goto(meeting_url)
        page.get_by_role("link", name="Điểm danh, ghi nhận đã họp").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Điểm danh, ghi nhận đã họp")
        expect(field(page, "Bắt đầu lúc")).to_have_value(f"{day:%Y-%m-%d}T19:00")
        expect(field(page, "Kết thúc lúc")).to_have_value(f"{day:%Y-%m-%d}T21:00")
        expect(page.get_by_label("Điểm danh Nguyễn Thị Kim Ngọc")).to_have_value("present")
        page.get_by_label("Điểm danh Trần Thị Ánh").select_option(label="Vắng có lý do")
        reason = page.locator(".tick-row", has_text="Trần Thị Ánh").get_by_role("textbox")
        reason.fill("Đi tập huấn ở tỉnh")
        assert fits_the_screen(page)
        screenshot(page, "meetings-hold-390")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.get_by_role("status").first).to_contain_text("Đã ghi nhận cuộc họp và điểm danh.")
        expect(page.get_by_text("Tỷ lệ dự họp: 66,7% (2/3 người phải dự)")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Trần Thị Ánh"))).to_contain_text("Đi tập huấn ở tỉnh")
        assert fits_the_screen(page)
        screenshot(page, "meetings-held-390")
        page.set_viewport_size(DESKTOP)

        # The minutes: what was said and concluded on the assessment item.
        page.get_by_role("link", name="Ghi biên bản").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Biên bản")
        item = page.locator(".minutes-item", has_text=ASSESSMENT)
        item.get_by_label("Diễn biến, ý kiến phát biểu").fill(
            "Đồng chí Bí thư nhận xét: 2/2 đảng viên thực hiện tốt nội dung đã đăng ký trong tháng.\n"
            "Đồng chí Ngọc báo cáo đã vận động 3 hộ hiến đất làm đường ấp."
        )
        item.get_by_label("Kết luận").fill("Chi bộ đánh giá 2/2 đảng viên hoàn thành nội dung đăng ký tháng.")
        page.locator(".minutes-item", has_text=TASKS).get_by_label("Kết luận").fill(
            "Tập trung vận động hiến đất làm đường ấp và ra quân vệ sinh môi trường."
        )
        # Each member present, assessed by name (Ánh, away and not a member, is not listed).
        remarks = page.locator(".member-remark")
        expect(remarks).to_have_count(2)
        remarks.filter(has_text="Nguyễn Thị Kim Ngọc").get_by_label("Nhận xét việc học tập và làm theo").fill(
            "Thực hiện tốt cam kết giải quyết hồ sơ đúng hẹn."
        )
        remarks.filter(has_text="Lê Văn Tám").get_by_label("Tự phê bình").fill(
            "Có lúc chưa đôn đốc kịp thời đảng viên báo cáo tiến độ."
        )
        screenshot(page, "meetings-minutes")
        at_phone_width(page, "meetings-minutes")
        page.get_by_role("button", name="Lưu biên bản").click()
        expect(page.get_by_role("status").first).to_contain_text("Đã lưu biên bản.")
        expect(
            page.get_by_text("Chi bộ đánh giá 2/2 đảng viên hoàn thành nội dung đăng ký tháng.")
        ).to_be_visible()
        expect(page.get_by_text("Thực hiện tốt cam kết giải quyết hồ sơ đúng hẹn.")).to_be_visible()

        # Two assignments from the conclusions.
        deadline = day + datetime.timedelta(days=25)
        for what, who in (
            ("Vận động thêm 5 hộ hiến đất làm đường ấp", "Nguyễn Thị Kim Ngọc"),
            ("Tổ chức ra quân vệ sinh môi trường ấp", "Lê Văn Tám"),
        ):
            page.get_by_role("link", name="Giao việc").click()
            field(page, "Nội dung công việc").fill(what)
            field(page, "Người thực hiện").select_option(label=who)
            field(page, "Thời hạn").fill(deadline.isoformat())
            page.get_by_role("button", name="Lưu", exact=True).click()
            expect(page.get_by_role("status").first).to_contain_text("Đã giao việc.")
            expect(page.get_by_text(re.compile(rf"^{re.escape(what)} — {who} — hạn"))).to_be_visible()
        screenshot(page, "meetings-detail")
        at_phone_width(page, "meetings-detail")

        # The biên bản, in the Party format.
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải biên bản (Word)").click()
        assert download.value.suggested_filename == f"bien-ban-{day:%Y-%m-%d}-{meeting.pk}.docx"
        with open(download.value.path(), "rb") as stream:
            document = open_docx(io.BytesIO(stream.read()))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "BIÊN BẢN" in text
        assert f"sinh hoạt chi bộ tháng {day.month} năm {day.year}" in text
        assert f"1. {ASSESSMENT}" in text
        assert "Kết luận: Chi bộ đánh giá 2/2 đảng viên hoàn thành nội dung đăng ký tháng." in text
        assert "- Trần Thị Ánh: vắng có lý do (đi tập huấn ở tỉnh)." in text
        assert (
            f"- Vận động thêm 5 hộ hiến đất làm đường ấp (Nguyễn Thị Kim Ngọc; hạn {deadline:%d/%m/%Y})."
            in text
        )
        assert "Tỷ lệ dự họp: 66,7%." in text
        assert "- Nguyễn Thị Kim Ngọc: Thực hiện tốt cam kết giải quyết hồ sơ đúng hẹn." in text
        assert (
            "- Đồng chí Lê Văn Tám tự phê bình: Có lúc chưa đôn đốc kịp thời đảng viên báo cáo tiến độ."
            in text
        )

        # The commune: Long Thạnh did not meet this month; Long Hòa met, under the 80% bar.
        switch_user(page, "commune_leader")
        page.goto(f"{page.base_url}/sinh-hoat/don-vi/{long_binh.pk}/thang/?thang={day:%Y-%m}")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Sinh hoạt chi bộ tháng {day:%m/%Y} – Đảng ủy xã Long Bình"
        )
        long_hoa_row = page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Hòa"))
        expect(long_hoa_row).to_contain_text(f"{day:%d/%m}")
        expect(long_hoa_row).to_contain_text("66,7%")
        expect(long_hoa_row).to_contain_text("dưới 80%")
        expect(page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Thạnh"))).to_contain_text(
            "chưa sinh hoạt"
        )
        screenshot(page, "meetings-month-commune")
        at_phone_width(page, "meetings-month-commune")

        # The flags, on the commune's list of meetings.
        page.goto(f"{page.base_url}/sinh-hoat/don-vi/{long_binh.pk}/")
        row = page.get_by_role("row", name=re.compile("Sinh hoạt chi bộ thường kỳ"))
        expect(row).to_contain_text("Chi bộ Ấp Long Hòa")
        expect(row).to_contain_text("Chi ủy chưa họp trước buổi sinh hoạt chi bộ trong tháng này.")
        expect(row).to_contain_text("Tỷ lệ dự họp 66,7%, dưới mức 80%.")
        expect(row).not_to_contain_text("Thiếu nội dung bắt buộc")
        screenshot(page, "meetings-commune-list")
        at_phone_width(page, "meetings-commune-list")
        page.wait_for_load_state("networkidle")


@pytest.fixture
def long_thanh_secretary(world):
    """Chi bộ Ấp Long Thạnh's secretary, by position (the personas' world has nobody there)."""
    hung = Person.objects.create(
        unit=unit("LB-02"),
        full_name="Phạm Văn Hùng",
        party_status=Person.PartyStatus.FULL,
        date_joined_party=datetime.date(2001, 9, 2),
    )
    Position.objects.create(
        person=hung, unit=unit("LB-02"), kind=Position.Kind.SECRETARY, start_date=datetime.date(2020, 8, 1)
    )
    return hung


def test_a_commune_holds_a_giao_ban_and_gives_its_conclusion_to_the_chi_bo(page, kinds, long_thanh_secretary):
    day = timezone.localdate() + datetime.timedelta(days=7)
    long_binh = unit("LB")

    # The commune plans a giao ban with the secretaries of its two chi bộ.
    log_in(page, "commune_leader")
    page.goto(f"{page.base_url}/sinh-hoat/don-vi/{long_binh.pk}/")
    page.get_by_role("link", name="Lên lịch cuộc họp").click()
    field(page, "Loại cuộc họp").select_option(label="Giao ban")
    field(page, "Tiêu đề").fill("Giao ban bí thư chi bộ về học tập và làm theo")
    field(page, "Bắt đầu").fill(f"{day:%Y-%m-%d}T08:00")
    field(page, "Kết thúc").fill(f"{day:%Y-%m-%d}T10:30")
    field(page, "Địa điểm").fill("Hội trường Đảng ủy xã Long Bình")
    expect(page.get_by_role("checkbox", name="Chi bộ Ấp Long Hòa")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Chi bộ Ấp Long Thạnh")).to_be_checked()
    screenshot(page, "giao-ban-plan")
    at_phone_width(page, "giao-ban-plan")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lên lịch «Giao ban bí thư chi bộ")
    expect(page.get_by_text("Đơn vị được mời: Chi bộ Ấp Long Hòa, Chi bộ Ấp Long Thạnh")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Lê Văn Tám"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Phạm Văn Hùng"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Nguyễn Thị Kim Ngọc"))).to_have_count(
        0
    )  # not a secretary
    meeting_url = page.url
    screenshot(page, "giao-ban-planned")

    with time_machine.travel(local(day, 10, 40), tick=True):
        switch_user(page, "commune_leader")
        page.goto(meeting_url)
        page.get_by_role("link", name="Điểm danh, ghi nhận đã họp").click()
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.get_by_text("Tỷ lệ dự họp: 100% (2/2 người phải dự)")).to_be_visible()

        # The minutes: what each chi bộ said on the first topic, and the commune's conclusion.
        page.get_by_role("link", name="Ghi biên bản").click()
        topic = page.locator(".minutes-item").first
        expect(topic).to_contain_text("Cách làm, kinh nghiệm trong lãnh đạo, chỉ đạo")
        rows = topic.locator(".contribution-row")
        for index, (chi_bo, speaker, said) in enumerate(
            [
                (
                    "Chi bộ Ấp Long Hòa",
                    "Lê Văn Tám",
                    "Mỗi đảng viên gắn bó với mười hộ dân; họp ấp đúng giờ.",
                ),
                (
                    "Chi bộ Ấp Long Thạnh",
                    "Phạm Văn Hùng",
                    "Đảng viên đi đầu hiến đất làm đường giao thông nông thôn.",
                ),
            ]
        ):
            rows.nth(index).get_by_label("Đơn vị").select_option(label=chi_bo)
            rows.nth(index).get_by_label("Người trình bày").fill(speaker)
            rows.nth(index).get_by_label("Nội dung ý kiến").fill(said)
        conclusion = (
            "Các chi bộ nhân rộng mô hình mỗi đảng viên gắn bó với mười hộ dân, báo cáo kết quả về Đảng ủy."
        )
        topic.get_by_label("Kết luận").fill(conclusion)
        screenshot(page, "giao-ban-minutes")
        at_phone_width(page, "giao-ban-minutes")
        page.get_by_role("button", name="Lưu biên bản").click()
        expect(page.get_by_role("status").first).to_contain_text("Đã lưu biên bản.")
        expect(
            page.get_by_text("Chi bộ Ấp Long Hòa (Lê Văn Tám): Mỗi đảng viên gắn bó với mười hộ dân")
        ).to_be_visible()
        expect(page.get_by_text("Chi bộ Ấp Long Thạnh (Phạm Văn Hùng): Đảng viên đi đầu")).to_be_visible()

        # The conclusion becomes an assignment to each chi bộ.
        page.get_by_role("link", name="Giao việc cho đơn vị", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kết luận giao việc cho đơn vị")
        expect(field(page, "Nội dung kết luận, công việc giao")).to_have_value(conclusion)
        deadline = day + datetime.timedelta(days=30)
        field(page, "Thời hạn").fill(deadline.isoformat())
        expect(page.get_by_role("checkbox", name="Chi bộ Ấp Long Hòa")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Chi bộ Ấp Long Thạnh")).to_be_checked()
        screenshot(page, "giao-ban-conclude")
        page.get_by_role("button", name="Giao việc").click()
        expect(page.get_by_role("status").first).to_contain_text("Đã giao việc cho 2 đơn vị.")
        for chi_bo in ("Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"):
            expect(page.get_by_text(f"{conclusion} — {chi_bo} — hạn {deadline:%d/%m/%Y}")).to_be_visible()
        screenshot(page, "giao-ban-detail")
        at_phone_width(page, "giao-ban-detail")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải biên bản (Word)").click()
        with open(download.value.path(), "rb") as stream:
            text = "\n".join(p.text for p in open_docx(io.BytesIO(stream.read())).paragraphs)
        assert "Đơn vị được mời: Chi bộ Ấp Long Hòa, Chi bộ Ấp Long Thạnh." in text
        assert (
            "- Chi bộ Ấp Long Hòa (Lê Văn Tám): Mỗi đảng viên gắn bó với mười hộ dân; họp ấp đúng giờ."
            in text
        )
        assert f"- {conclusion} (Chi bộ Ấp Long Thạnh; hạn {deadline:%d/%m/%Y})." in text

        # Chi bộ Ấp Long Hòa's secretary finds it among the chi bộ's assignments.
        switch_user(page, "secretary")
        page.goto(f"{page.base_url}/sinh-hoat/don-vi/{unit('LB-01').pk}/phan-cong/")
        mine = page.get_by_role("row", name=re.compile("nhân rộng mô hình mỗi đảng viên"))
        expect(mine).to_have_count(1)
        expect(mine).to_contain_text(f"{deadline:%d/%m/%Y}")
        expect(page.get_by_text("Chi bộ Ấp Long Thạnh")).to_have_count(0)  # the sibling's is not shown here
        screenshot(page, "giao-ban-secretary-assignments")
        at_phone_width(page, "giao-ban-secretary-assignments")

        # ...and reports it done, with what was done.
        mine.get_by_label("Kết quả, minh chứng").fill("Đã phân công 12 đảng viên phụ trách 120 hộ dân.")
        mine.get_by_role("button", name="Hoàn thành").click()
        expect(page.get_by_role("status").first).to_contain_text("Đã ghi nhận hoàn thành")
        expect(page.get_by_role("row", name=re.compile("nhân rộng mô hình"))).to_contain_text(
            "Đã phân công 12 đảng viên phụ trách 120 hộ dân."
        )
        page.wait_for_load_state("networkidle")


@pytest.fixture
def held_meeting(kinds):
    """Chi bộ Ấp Long Hòa's monthly meeting, held two days ago, everyone present."""
    day = timezone.localdate() - datetime.timedelta(days=2)
    meeting = meeting_actions.plan_meeting(
        Meeting(
            unit=unit("LB-01"),
            kind=MeetingKind.objects.get(code=MeetingKind.MONTHLY),
            starts_at=local(day, 19),
            ends_at=local(day, 21),
            place="Nhà văn hóa ấp Long Hòa",
        ),
        actor=None,
    )
    marks = {
        pk: meeting_actions.Mark("present") for pk in meeting.attendances.values_list("person", flat=True)
    }
    return meeting_actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )


def test_a_code_of_conduct_adopted_at_a_meeting_links_to_it(page, held_meeting):
    day = held_meeting.local_start.date()
    code = conduct_actions.create_code(
        unit("LB-01"),
        actor=None,
        start_year=timezone.localdate().year,
        rules=["Gần dân, hiểu dân, giúp dân", "Họp ấp đúng giờ, nói ngắn, làm ngay"],
    )
    log_in(page, "secretary")
    page.goto(page.base_url + code.get_absolute_url())
    page.get_by_role("link", name="Ghi nhận chi bộ thông qua").click()
    choice = f"{day:%d/%m/%Y} – Sinh hoạt chi bộ thường kỳ"
    field(page, "Cuộc họp chi bộ thông qua").select_option(label=choice)
    screenshot(page, "conduct-adopt-at-meeting")
    at_phone_width(page, "conduct-adopt-at-meeting")
    page.get_by_role("button", name="Ghi nhận thông qua").click()  # no date, no file: the meeting's
    expect(page.get_by_role("status").first).to_contain_text(
        f"Đã ghi nhận: chi bộ thông qua bộ chuẩn mực ngày {day:%d/%m/%Y}."
    )
    link = page.get_by_role("link", name=f"Sinh hoạt chi bộ thường kỳ ({day:%d/%m/%Y})")
    expect(link).to_be_visible()
    screenshot(page, "conduct-adopted-at-meeting")
    at_phone_width(page, "conduct-adopted-at-meeting")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh hoạt chi bộ thường kỳ")
    expect(page).to_have_url(page.base_url + held_meeting.get_absolute_url())


def test_a_code_adopted_with_its_minutes_file_gets_its_meeting_named_later(page, held_meeting):
    day = held_meeting.local_start.date()
    draft = conduct_actions.create_code(
        unit("LB-01"), actor=None, start_year=timezone.localdate().year, rules=["Gần dân, hiểu dân, giúp dân"]
    )
    minutes = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    code = conduct_actions.adopt_code(
        draft, actor=None, expected_version=draft.version, adopted_on=day, minutes=minutes
    )
    log_in(page, "secretary")
    page.goto(page.base_url + code.get_absolute_url())
    page.get_by_role("link", name="Gắn cuộc họp thông qua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cuộc họp thông qua bộ chuẩn mực")
    expect(field(page, "Cuộc họp chi bộ thông qua")).to_have_value(str(held_meeting.pk))  # the day's, chosen
    screenshot(page, "conduct-name-meeting")
    at_phone_width(page, "conduct-name-meeting")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu cuộc họp thông qua bộ chuẩn mực.")
    expect(page.get_by_role("link", name=f"Sinh hoạt chi bộ thường kỳ ({day:%d/%m/%Y})")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="Đổi cuộc họp thông qua")).to_be_visible()
