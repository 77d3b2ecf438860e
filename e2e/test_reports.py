"""Issue 6's path in a real browser: the dashboards and the reports.

1. The province's staff member opens the province dashboard for the first six months of 2026, reads the headline
   figures (one checked against a count made here from the raw rows), drills down one click to xã Long Bình and
   one more to Chi bộ Ấp Long Hòa, sorts a column, exports the tables to Excel (read back with openpyxl), and looks
   at the page on a phone.
2. Chi bộ Ấp Long Hòa's secretary drafts its six-month report, writes the kết quả, issues it (the figures freeze:
   a session recorded afterwards does not change it), downloads the DOCX and sends it to xã Long Bình; the
   commune's leader accepts Ấp Long Thạnh's report and returns Ấp Long Hòa's with a remark, which the secretary
   then reads on the report.

The clock is fixed at 10/04/2026 09:00 (ticking, in this process: the live server's thread reads the same clock).
The records, all in March 2026, go through the apps' actions:
- Chi bộ Ấp Long Hòa (LB-01): Ngọc, Tám (members) and Ánh (not a member). Study session of the 2026 topic on
  05/03: Ngọc and Tám present, Ánh absent. Monthly meeting on 05/03: Ánh excused (2/3). Ngọc's registration for
  2026, submitted.
- Chi bộ Ấp Long Thạnh (LB-02): two members added here; monthly meeting on 06/03, both present (2/2).
- Đảng ủy phường Châu Đốc (CD, with Chi bộ Khóm 1): nothing recorded.
"""

import datetime
import importlib
import io
import re
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from docx import Document as open_docx
from openpyxl import load_workbook
from playwright.sync_api import expect

from e2e.conftest import log_in, screenshot
from lamtheo.accounts.models import User
from lamtheo.documents.models import Term
from lamtheo.indicators.periods import Period
from lamtheo.lib import vn
from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Meeting, MeetingAttendance, MeetingKind
from lamtheo.people.models import Person
from lamtheo.pledges import actions as pledge_actions
from lamtheo.pledges.actions import ItemData
from lamtheo.reports import actions as report_actions
from lamtheo.reports.models import Report, ReportKind, Submission
from lamtheo.study import actions as study_actions
from lamtheo.study.models import Attendance, StudySession
from lamtheo.testing import unit
from lamtheo.topics import actions as topic_actions
from lamtheo.topics.models import Topic

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 4, 10, 9, 0, tzinfo=TZ)
TODAY = NOW.date()
HALF = Period.half(2026, 1)  # 01/01/2026 – 30/06/2026: "6 tháng đầu năm 2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ATTENDANCE = "Tỷ lệ đảng viên dự sinh hoạt"
STUDIED = "Học tập chuyên đề năm"
RESULTS = "Chi bộ tổ chức học tập chuyên đề năm 2026 nghiêm túc; 2/2 đảng viên đã học."
REMARK = "Bổ sung phần hạn chế và nguyên nhân Trần Thị Ánh chưa học chuyên đề."


# The world's records ----------------------------------------------------------------------------------------------


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def defaults(world):
    """The kinds of meeting and the types of documents: data migrations made them, the live server's flush after
    the previous browser test removed them; they run again on the current models."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(k for k in loader.disk_migrations if k[0] == "meetings"):
        for operation in loader.disk_migrations[key].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
    importlib.import_module("lamtheo.documents.migrations.0003_default_types").create_types(apps, None)


def _person(code: str, full_name: str) -> Person:
    return Person.objects.create(
        unit=unit(code),
        full_name=full_name,
        party_status=Person.PartyStatus.FULL,
        date_joined_party=datetime.date(2010, 1, 1),
        date_official=datetime.date(2011, 1, 1),
    )


def _named(full_name: str) -> Person:
    return Person.objects.get(full_name=full_name)


def _hold(code: str, day: int, excused: tuple[str, ...] = ()) -> Meeting:
    starts = datetime.datetime(2026, 3, day, 19, 0, tzinfo=TZ)
    meeting = meeting_actions.plan_meeting(
        Meeting(unit=unit(code), kind=MeetingKind.objects.get(code="monthly"), starts_at=starts), actor=None
    )
    excused_ids = {_named(name).pk for name in excused}
    marks = {
        pk: meeting_actions.Mark(MeetingAttendance.Status.EXCUSED, "Đi công tác")
        if pk in excused_ids
        else meeting_actions.Mark(MeetingAttendance.Status.PRESENT)
        for pk in meeting.attendances.values_list("person", flat=True)
    }
    return meeting_actions.hold_meeting(
        meeting,
        marks,
        actor=None,
        expected_version=meeting.version,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def _study(code, topic, day, present, absent=(), *, actor, **fields) -> StudySession:
    marks = {_named(name).pk: study_actions.Mark("present") for name in present}
    marks.update({_named(name).pk: study_actions.Mark("excused", "Đi tập huấn ở tỉnh") for name in absent})
    session = StudySession(unit=unit(code), topic=topic, date=day, **fields)
    return study_actions.create_session(session, actor=actor, attendance=marks, today=TODAY)


@pytest.fixture
def topic(world):
    term = topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.TERM,
            title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
            start_year=2025,
            end_year=2030,
        ),
        actor=None,
    )
    return topic_actions.create_topic(
        Topic(
            unit=unit("TU"),
            kind=Topic.Kind.YEAR,
            parent=term,
            title="Chuyên đề năm 2026: phong cách nêu gương",
            start_year=2026,
            end_year=2026,
        ),
        actor=None,
    )


@pytest.fixture
def records(clock, defaults, topic):
    secretary = User.objects.get(username="secretary")
    _person("LB-02", "Trương Thị Mai")
    _person("LB-02", "Ngô Văn Phúc")
    _study(
        "LB-01",
        topic,
        datetime.date(2026, 3, 5),
        present=["Nguyễn Thị Kim Ngọc", "Lê Văn Tám"],
        absent=["Trần Thị Ánh"],
        actor=secretary,
        title="Học tập chuyên đề năm 2026",
        place="Nhà văn hóa ấp Long Hòa",
    )
    _hold("LB-01", 5, excused=("Trần Thị Ánh",))
    _hold("LB-02", 6)
    ngoc = _named("Nguyễn Thị Kim Ngọc")
    member = User.objects.get(username="member")
    pledge = pledge_actions.create_pledge(ngoc, 2026, actor=member)
    pledge_actions.update_items(
        pledge,
        [
            ItemData(
                "dao_duc",
                "Giải quyết hồ sơ của dân đúng hẹn, không để trễ hạn",
                "Không có hồ sơ trễ hạn trong năm",
                datetime.date(2026, 12, 31),
            )
        ],
        actor=member,
        expected_version=pledge.version,
    )
    pledge_actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)
    return topic


# Counts from the raw rows, without the indicators engine ----------------------------------------------------------


def _subtree(code: str, field: str = "unit__path") -> dict:
    return {f"{field}__startswith": unit(code).path}


def raw_studied(code: str) -> tuple[int, int]:
    """(active people present at a session of a yearly topic in the first half of 2026, active people)."""
    active = Person.objects.filter(**_subtree(code), status=Person.Status.ACTIVE)
    studied = (
        Attendance.objects.filter(
            person__in=active,
            status=Attendance.Status.PRESENT,
            topic__kind=Topic.Kind.YEAR,
            session__date__gte=HALF.start,
            session__date__lte=min(HALF.end, TODAY),
        )
        .values("person")
        .distinct()
        .count()
    )
    return studied, active.count()


def raw_attendance(code: str) -> tuple[int, int]:
    """(present or late, listed − exempt) at the held monthly meetings of the first half of 2026."""
    rows = MeetingAttendance.objects.filter(
        **_subtree(code, "meeting__unit__path"),
        meeting__status=Meeting.Status.HELD,
        meeting__kind__code="monthly",
        meeting__starts_at__date__gte=HALF.start,
        meeting__starts_at__date__lte=HALF.end,
    )
    present = rows.filter(
        status__in=[MeetingAttendance.Status.PRESENT, MeetingAttendance.Status.LATE]
    ).count()
    return present, rows.exclude(status=MeetingAttendance.Status.EXEMPT).count()


# The pages --------------------------------------------------------------------------------------------------------


def switch_user(page, username):
    # Every response renews the session cookie: let the last ones land before forgetting it.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, username)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def headline(page, code: str):
    return page.locator(f'.headline[data-indicator="{code}"]')


def meetings_table(page):
    """The meetings section of the table of the units below."""
    return page.locator("table.dash-table", has=page.locator("caption", has_text="Sinh hoạt chi bộ"))


def row_names(page) -> list[str]:
    """The units of the meetings table, in the order shown."""
    rows = meetings_table(page).locator("tbody th[scope=row]")
    return [name.strip() for name in rows.all_inner_texts()]


def ratio(n: int, d: int) -> str:
    return f"{vn.number(n)}/{vn.number(d)}"


def test_the_province_reads_its_dashboard_drills_down_sorts_and_exports(page, records):
    studied, active = raw_studied("TU")
    present, expected = raw_attendance("TU")
    lb_present, lb_expected = raw_attendance("LB")
    assert (studied, active) == (2, 6) and (present, expected) == (4, 5)  # the story above, counted by hand

    # The province staff member's dashboard: "Tổng quan" in the menu, then the first six months of 2026.
    log_in(page, "province_staff")
    page.get_by_role("link", name="Tổng quan", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan Tỉnh ủy An Giang")
    picker = page.get_by_role("form", name="Chọn kỳ số liệu")
    picker.get_by_label("Kỳ", exact=True).select_option(label="6 tháng (nửa năm)")
    picker.get_by_label("Năm", exact=True).select_option("2026")
    picker.get_by_label("Tháng / quý / nửa năm số").select_option("1")
    picker.get_by_role("button", name="Xem").click()
    expect(page.locator(".dash-period")).to_contain_text("Số liệu 6 tháng đầu năm 2026")

    # The headline figures, one checked against the raw rows.
    expect(headline(page, "studied_topic").locator(".figure")).to_have_text(vn.percent(studied, active))
    expect(headline(page, "studied_topic").locator(".headline-ratio")).to_have_text(ratio(studied, active))
    expect(headline(page, "attendance_rate").locator(".figure")).to_have_text(vn.percent(present, expected))
    expect(headline(page, "people").locator(".figure")).to_have_text(
        vn.number(Person.objects.filter(**_subtree("TU"), status__in=Person.ACTIVE_STATUSES).count())
    )
    expect(headline(page, "registered").locator(".headline-ratio")).to_have_text(ratio(1, 6))
    long_binh_row = page.get_by_role("row", name=re.compile("^Đảng ủy xã Long Bình")).filter(
        has=page.locator(f'td[data-label="{ATTENDANCE}"]')
    )
    expect(long_binh_row.locator(f'td[data-label="{ATTENDANCE}"]')).to_have_text(
        f"{vn.percent(lb_present, lb_expected)} {ratio(lb_present, lb_expected)}"
    )
    screenshot(page, "dashboard-province")
    province_url = page.url

    # The Excel export of every table, read back.
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel các bảng").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as stream:
        workbook = load_workbook(io.BytesIO(stream.read()))
    headlines = workbook.worksheets[0]
    rows = {row[1]: row for row in headlines.iter_rows(min_row=2, values_only=True)}
    assert rows[STUDIED][2:5] == (studied, active, round(100 * studied / active, 1))
    assert rows[ATTENDANCE][2:5] == (present, expected, round(100 * present / expected, 1))
    units = workbook["Đơn vị trực thuộc"]
    header = [cell.value for cell in units[1]]
    by_unit = {row[2]: row for row in units.iter_rows(min_row=2, values_only=True)}
    column = header.index(f"{ATTENDANCE} – số đạt")
    assert by_unit["Đảng ủy xã Long Bình"][column : column + 2] == (lb_present, lb_expected)
    assert by_unit["Đảng ủy phường Châu Đốc"][column : column + 2] == (0, 0)
    assert by_unit["Toàn Tỉnh ủy An Giang"][column : column + 2] == (present, expected)

    # One click down to the commune, keeping the period.
    page.get_by_role("link", name="Đảng ủy xã Long Bình", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan Đảng ủy xã Long Bình")
    expect(page.locator(".dash-period")).to_contain_text("Số liệu 6 tháng đầu năm 2026")
    expect(headline(page, "attendance_rate").locator(".headline-ratio")).to_have_text(
        ratio(lb_present, lb_expected)
    )
    assert row_names(page) == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"]  # by name

    # Sorting a column: the best attendance first, then a second click reverses the order.
    table = meetings_table(page)
    table.get_by_role("link", name=ATTENDANCE).click()
    expect(table.get_by_role("columnheader", name=re.compile(ATTENDANCE))).to_have_attribute(
        "aria-sort", "descending"
    )
    assert row_names(page) == ["Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Long Hòa"]  # 100,0% then 66,7%
    screenshot(page, "dashboard-commune-sorted")
    table.get_by_role("link", name=ATTENDANCE).click()
    expect(table.get_by_role("columnheader", name=re.compile(ATTENDANCE))).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert row_names(page) == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"]

    # One more click down to the chi bộ.
    page.get_by_role("link", name="Chi bộ Ấp Long Hòa", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan Chi bộ Ấp Long Hòa")
    cell_studied = raw_studied("LB-01")
    expect(headline(page, "studied_topic").locator(".headline-ratio")).to_have_text(ratio(*cell_studied))
    expect(headline(page, "attendance_rate").locator(".headline-ratio")).to_have_text(
        ratio(*raw_attendance("LB-01"))
    )
    screenshot(page, "dashboard-cell")

    # On a phone the province's page reads without sideways scrolling.
    page.goto(province_url)
    page.set_viewport_size(PHONE)
    expect(headline(page, "studied_topic")).to_be_visible()
    screenshot(page, "dashboard-province-390")
    assert fits_the_screen(page)
    # The "?" beside a figure opens its definition in place.
    studied = headline(page, "studied_topic")
    expect(studied.locator(".definition p")).not_to_be_visible()
    studied.locator(".definition summary").click()
    expect(studied.locator(".definition p")).to_contain_text("cộng dồn")
    studied.screenshot(
        path=str(screenshot(page, "dashboard-definition-390").with_name("dashboard-definition-card.png"))
    )
    assert fits_the_screen(page)
    page.set_viewport_size(DESKTOP)


def _send_report(code: str, actor) -> Report:
    report = report_actions.create_report(
        unit=unit(code), kind=ReportKind.SIX_MONTH, period=HALF, actor=actor
    )
    report.results = "Chi bộ tổ chức sinh hoạt đầy đủ."
    report.document.signer_title, report.document.signer_name = "BÍ THƯ", "Trương Thị Mai"
    report = report_actions.update_report(report, actor=actor, expected_version=report.version)
    report = report_actions.issue_report(report, actor=actor, date=TODAY)
    report_actions.submit_report(report, actor=actor)
    return report


def test_a_chi_bo_writes_issues_and_sends_its_report_and_the_commune_decides(page, records):
    for code in ("LB", "LB-01", "LB-02"):
        Term.objects.create(
            unit=unit(code), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 6, 1)
        )
    studied, active = raw_studied("LB-01")
    sentence = (
        f"Chi bộ có {ratio(studied, active)} người tham gia học tập chuyên đề năm, "
        f"đạt {vn.percent(studied, active)}"
    )

    # The secretary drafts the six-month report: the figures are filled in from the records.
    log_in(page, "secretary")
    page.goto(page.base_url + "/bao-cao/")
    page.get_by_role("link", name="Soạn báo cáo mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soạn báo cáo")
    page.get_by_label("Đơn vị báo cáo:").select_option(label="Chi bộ Ấp Long Hòa")
    page.get_by_label("Loại báo cáo:").select_option(label="Báo cáo sơ kết 6 tháng")
    page.get_by_label("Kỳ báo cáo:").select_option(label="6 tháng")
    page.get_by_label("Năm:", exact=True).fill("2026")
    page.get_by_label("Số tháng / quý / đợt:").fill("1")
    screenshot(page, "reports-create")
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dự thảo báo cáo")
    expect(page.locator(".lead")).to_have_text("Báo cáo sơ kết 6 tháng – 6 tháng đầu năm 2026")
    paper = page.get_by_role("article", name="Nội dung báo cáo")
    expect(paper).to_contain_text(sentence)
    report_url = page.url

    # The narrative: the kết quả, in the app.
    page.get_by_role("link", name="Viết, sửa báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa báo cáo")
    page.get_by_label("Kết quả đạt được:").fill(RESULTS)
    page.get_by_label("Họ tên người ký:").fill("Lê Văn Tám")
    page.get_by_label("Chức vụ người ký:").fill("BÍ THƯ")
    screenshot(page, "reports-edit")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu báo cáo")
    expect(paper).to_contain_text(RESULTS)

    # Issued: numbered, the figures frozen.
    page.get_by_role("link", name="Ban hành", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ban hành báo cáo")
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Báo cáo số 01-BC/"))
    report = Report.objects.get(unit=unit("LB-01"))
    assert report.is_issued and report.frozen_figures is not None
    expect(page.get_by_text("Số liệu đã được chốt khi ban hành")).to_be_visible()
    screenshot(page, "reports-issued")

    # Ánh studies at a make-up session afterwards: the records change, the issued report does not.
    _study(
        "LB-01",
        records,
        datetime.date(2026, 4, 9),
        present=["Trần Thị Ánh"],
        actor=User.objects.get(username="secretary"),
        title="Học bù chuyên đề năm 2026",
    )
    assert raw_studied("LB-01") == (studied + 1, active)
    page.reload()
    expect(paper).to_contain_text(sentence)
    later = f"Chi bộ có {ratio(studied + 1, active)} người có mặt"
    expect(paper).not_to_contain_text(later)

    # The DOCX, as issued.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản Word (DOCX)").click()
    assert download.value.suggested_filename.startswith("01-BC-")
    with open(download.value.path(), "rb") as stream:
        document = open_docx(io.BytesIO(stream.read()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "BÁO CÁO" in text
    assert sentence in text and later not in text
    assert RESULTS in text

    # Sent up to the commune.
    page.get_by_role("button", name="Gửi lên cấp trên").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã gửi báo cáo lên Đảng ủy xã Long Bình.")
    expect(page.get_by_role("region", name="Gửi cấp trên")).to_contain_text("Đã gửi, chờ xem xét")

    # Ấp Long Thạnh's report reaches the commune too (written through the actions).
    other = _send_report("LB-02", User.objects.get(username="commune_leader"))

    # The commune's leader: the reports received for the six months, from the unit's page.
    switch_user(page, "commune_leader")
    page.goto(page.base_url + unit("LB").get_absolute_url())
    page.get_by_role("link", name="Báo cáo đơn vị trực thuộc gửi lên").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo của đơn vị trực thuộc")
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo sơ kết 6 tháng")
    page.get_by_label("Kỳ", exact=True).select_option(label="6 tháng")
    page.get_by_label("Năm", exact=True).fill("2026")
    page.get_by_label("Số", exact=True).fill("1")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".lead")).to_have_text("Đảng ủy xã Long Bình · 6 tháng đầu năm 2026")
    long_hoa = page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Hòa"))
    long_thanh = page.get_by_role("row", name=re.compile("^Chi bộ Ấp Long Thạnh"))
    expect(long_hoa).to_contain_text("Đã gửi, chờ xem xét")
    expect(long_thanh).to_contain_text("Đã gửi, chờ xem xét")
    expect(long_thanh).to_contain_text(other.document.code)
    screenshot(page, "reports-received")

    long_thanh.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã chấp nhận báo cáo của Chi bộ Ấp Long Thạnh.")
    expect(long_thanh).to_contain_text("Đã chấp nhận")
    long_hoa.get_by_label("Ý kiến khi trả lại").fill(REMARK)
    long_hoa.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã trả lại báo cáo của Chi bộ Ấp Long Hòa")
    expect(long_hoa).to_contain_text("Trả lại để bổ sung")
    expect(long_hoa).to_contain_text(REMARK)
    screenshot(page, "reports-decided")
    page.set_viewport_size(PHONE)
    screenshot(page, "reports-decided-390")
    assert fits_the_screen(page)
    page.set_viewport_size(DESKTOP)
    statuses = dict(Submission.objects.values_list("unit__code", "status"))
    assert statuses == {"LB-01": Submission.Status.RETURNED, "LB-02": Submission.Status.ACCEPTED}

    # The secretary reads the remark on the report.
    switch_user(page, "secretary")
    page.goto(report_url)
    upward = page.get_by_role("region", name="Gửi cấp trên")
    expect(upward).to_contain_text("Trả lại để bổ sung")
    expect(upward).to_contain_text(f"Ý kiến của cấp trên: {REMARK}")
    expect(page.get_by_role("button", name="Soạn bản sửa")).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot(page, "reports-returned-390")
    assert fits_the_screen(page)
