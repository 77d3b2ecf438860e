import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document as DocxFile

from lamtheo.audit.models import AuditEvent
from lamtheo.documents.models import Distribution, Document
from lamtheo.indicators.periods import Period
from lamtheo.indicators.values import Value
from lamtheo.lib import vn
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Person, Position
from lamtheo.reports import actions, printing
from lamtheo.reports.figures import build_figures, percent_text
from lamtheo.reports.forms import ReportForm
from lamtheo.reports.models import Report, ReportKind, Submission
from lamtheo.reports.rendering import compose_body
from lamtheo.reports.tests.conftest import HALF, TODAY, draft, issued, sent, stored
from lamtheo.study.models import Attendance
from lamtheo.study.tests.conftest import MAKEUP, person, record
from lamtheo.testing import unit

pytestmark = pytest.mark.usefixtures("frozen", "terms")


def all_sentences(figures: dict) -> str:
    return " ".join(f["sentence"] for section in figures["sections"] for f in section["figures"])


def test_the_sentences_quote_the_counts_of_the_raw_records(studied_world):
    commune = unit("LB")
    people = Person.objects.in_subtree(commune).active()
    studying = people.exclude(status=Person.Status.EXEMPT)
    studied = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            person__in=studying,
            session__date__range=(HALF.start, HALF.end),
        )
        .values("person")
        .distinct()
        .count()
    )
    figures = build_figures(commune, HALF)
    text = all_sentences(figures)
    members = people.members().count()
    assert (
        f"Toàn Đảng bộ có {vn.count(members)} đảng viên (kể cả đảng viên được miễn sinh hoạt) và "
        f"{vn.count(people.count() - members)} cán bộ, công chức, viên chức chưa là đảng viên." in text
    )
    assert (
        f"Toàn Đảng bộ có {studied}/{studying.count()} người tham gia học tập chuyên đề năm, "
        f"đạt {vn.percent(studied, studying.count())}." in text
    )
    members = studying.members()
    studied_members = (
        Attendance.objects.filter(
            status="present", person__in=members, session__date__range=(HALF.start, HALF.end)
        )
        .values("person")
        .distinct()
        .count()
    )
    assert (
        f"Trong đó, đảng viên {studied_members}/{members.count()} "
        f"({percent_text(Value(studied_members, members.count()))})" in text
    )
    table = figures["table"]
    assert [row[0] for row in table["rows"]] == ["Chi bộ Ấp Long Hòa", "Chi bộ Ấp Long Thạnh"]
    assert figures["period"]["label"] == "6 tháng đầu năm 2026"


def test_a_report_is_a_party_document_numbered_on_issue(secretary, studied_world):
    report = draft("LB-01", secretary)
    document = report.document
    assert document.doc_type.code == "BC"
    assert document.summary == "sơ kết 6 tháng đầu năm 2026 việc học tập và làm theo"
    assert not document.code
    report = actions.issue_report(report, actor=secretary, date=TODAY)
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED
    assert document.code == "01-BC/CB"
    assert "I. KẾT QUẢ THỰC HIỆN" in document.body
    assert list(Distribution.objects.filter(document=document).values_list("unit__code", flat=True)) == ["LB"]
    assert AuditEvent.objects.filter(action="report.issue", target_id=report.pk).exists()


def test_a_new_report_is_signed_by_the_units_bi_thu_until_the_drafter_says_otherwise(
    commune_leader, studied_world
):
    hung = person("LB", "Nguyễn Văn Hùng")
    Position.objects.create(person=hung, unit=unit("LB"), kind=Position.Kind.SECRETARY)
    report = actions.create_report(
        unit=unit("LB"), kind=ReportKind.SIX_MONTH, period=HALF, actor=commune_leader
    )
    assert (report.document.signer_title, report.document.signer_name) == ("BÍ THƯ", "Nguyễn Văn Hùng")


def test_the_docx_reads_back_with_its_figures_table_and_charts(commune_leader, studied_world):
    report = issued("LB", commune_leader)
    opened = DocxFile(io.BytesIO(stored(report)))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "BÁO CÁO" in text
    assert report.frozen_figures["sections"][0]["figures"][0]["sentence"] in text
    assert "Các chi bộ tổ chức học tập nghiêm túc." in text and "HẠN CHẾ" not in text  # not written: left out
    unit_table = opened.tables[-2]  # a short table by unit stays in the body, before the signature
    assert [c.text for c in unit_table.rows[0].cells[:2]] == ["STT", "Đơn vị"]
    assert [[row.cells[0].text, row.cells[1].text] for row in unit_table.rows[1:]] == [
        ["1", "Chi bộ Ấp Long Hòa"],
        ["2", "Chi bộ Ấp Long Thạnh"],
        ["", "Toàn Đảng bộ"],  # the total row
    ]
    assert len(opened.inline_shapes) == 2  # bars per chi bộ and the month trend


def test_an_issued_report_never_changes_when_the_records_change(
    commune_leader, secretary, studied_world, topic
):
    report = issued("LB", commune_leader)
    figures, docx = report.frozen_figures, stored(report)
    person("LB-02", "Nguyễn Văn Mới")
    record("LB-02", topic, MAKEUP, present=["Trương Thị Mai", "Ngô Văn Phúc"], actor=commune_leader)
    assert build_figures(unit("LB"), HALF) != figures  # the records did change
    report = Report.objects.get(pk=report.pk)
    assert report.frozen_figures == figures
    from lamtheo.reports.rendering import current_figures

    assert current_figures(report) == figures
    assert stored(report) == docx
    made = printing.request_print(report, "docx", actor=commune_leader)  # asked again: the same file, kept
    assert made.status == "done" and stored(report) == docx


def test_an_issued_report_cannot_be_edited_or_issued_again(commune_leader, studied_world):
    report = issued("LB", commune_leader)
    report.results = "Sửa sau khi ban hành"
    with pytest.raises(ValidationError, match="đã ban hành không sửa được"):
        actions.update_report(report, actor=commune_leader, expected_version=report.version)
    with pytest.raises(ValidationError, match="đã được ban hành"):
        actions.issue_report(report, actor=commune_leader, date=TODAY)


def test_an_edit_on_a_stale_version_is_refused(commune_leader, studied_world):
    report = draft("LB", commune_leader)
    stale = Report.objects.get(pk=report.pk)
    report.limitations = "Một số chi bộ còn hình thức."
    actions.update_report(report, actor=commune_leader, expected_version=report.version)
    stale.limitations = "Bản cũ"
    with pytest.raises(ConflictError):
        actions.update_report(stale, actor=commune_leader, expected_version=stale.version)
    assert Report.objects.get(pk=report.pk).limitations == "Một số chi bộ còn hình thức."


def test_issuing_needs_the_results_written(commune_leader, studied_world):
    report = draft("LB", commune_leader, results="")
    with pytest.raises(ValidationError) as error:
        actions.issue_report(report, actor=commune_leader, date=TODAY)
    assert error.value.message_dict["results"] == [
        "Hãy viết phần kết quả đạt được trước khi ban hành báo cáo."
    ]
    assert not Report.objects.get(pk=report.pk).is_issued


def test_one_six_month_report_per_unit_and_period(commune_leader, studied_world):
    draft("LB", commune_leader)
    with pytest.raises(ValidationError, match="đã có báo cáo sơ kết 6 tháng 6 tháng đầu năm 2026"):
        actions.create_report(unit=unit("LB"), kind=ReportKind.SIX_MONTH, period=HALF, actor=commune_leader)


def test_submit_return_revise_resubmit_accept(secretary, commune_leader, studied_world):
    report, submission = sent("LB-01", secretary)
    assert (submission.to_unit, submission.status, submission.rounds) == (unit("LB"), "submitted", 1)
    with pytest.raises(ValidationError, match="hãy chờ cấp trên xem xét"):
        actions.submit_report(report, actor=secretary)
    with pytest.raises(ValidationError, match="Hãy ghi ý kiến"):
        actions.return_submission(submission, actor=commune_leader, remark="  ")
    actions.return_submission(submission, actor=commune_leader, remark="Bổ sung số liệu học bù.")
    with pytest.raises(ValidationError, match="soạn bản sửa"):
        actions.submit_report(report, actor=secretary)
    revised = actions.revise_report(report, actor=secretary)
    assert revised.revision_of == report
    assert revised.results == report.results
    with pytest.raises(ValidationError, match="Đã có bản sửa"):
        actions.revise_report(report, actor=secretary)
    revised.results += "\nĐã tổ chức học bù cho đảng viên vắng."
    actions.update_report(revised, actor=secretary, expected_version=revised.version)
    revised = actions.issue_report(revised, actor=secretary, date=TODAY)
    assert revised.document.code == "02-BC/CB"
    again = actions.submit_report(revised, actor=secretary)
    assert (again.pk, again.report, again.status, again.rounds) == (submission.pk, revised, "submitted", 2)
    actions.accept_submission(again, actor=commune_leader)
    assert Submission.objects.get(pk=submission.pk).status == "accepted"
    with pytest.raises(ValidationError, match="không còn chờ xem xét"):
        actions.return_submission(again, actor=commune_leader, remark="Muộn")
    assert list(
        AuditEvent.objects.filter(action__startswith="report.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "report.create",
        "report.update",
        "report.issue",
        "report.submit",
        "report.return",
        "report.create",
        "report.update",
        "report.issue",
        "report.submit",
        "report.accept",
    ]


def test_a_draft_cannot_be_sent_and_the_top_has_no_one_to_send_to(province_staff, studied_world):
    report = draft("TU", province_staff)
    with pytest.raises(ValidationError, match="Hãy ban hành báo cáo"):
        actions.submit_report(report, actor=province_staff)
    report = actions.issue_report(report, actor=province_staff, date=TODAY)
    with pytest.raises(ValidationError, match="không có cấp trên"):
        actions.submit_report(report, actor=province_staff)


def test_the_level_above_quotes_a_unit_below(secretary, commune_leader, province_staff, studied_world):
    below, _submission = sent("LB-01", secretary, results="Chi bộ học tập đủ 100% đảng viên.")
    report = draft("LB", commune_leader, results="Đảng bộ tổ chức tốt.")
    actions.quote(
        report, source=below, field="results", actor=commune_leader, expected_version=report.version
    )
    assert Report.objects.get(pk=report.pk).results == (
        "Đảng bộ tổ chức tốt.\nChi bộ Ấp Long Hòa: Chi bộ học tập đủ 100% đảng viên."
    )
    # The same part quoted again, or a unit saying what the report already says, adds nothing.
    again = Report.objects.get(pk=report.pk)
    actions.quote(again, source=below, field="results", actor=commune_leader, expected_version=again.version)
    assert Report.objects.get(pk=report.pk).version == again.version
    assert Report.objects.get(pk=report.pk).results.count("học tập đủ 100%") == 1
    stranger = draft("CD", province_staff, results="Phường")
    with pytest.raises(ValidationError, match="Chỉ trích được"):
        actions.quote(
            report, source=stranger, field="results", actor=commune_leader, expected_version=report.version
        )


def test_deadlines_tell_on_time_late_and_missing(
    secretary, outsider, commune_leader, province_staff, studied_world
):
    import datetime

    from lamtheo.reports.received import received

    actions.set_deadline(
        unit=unit("TU"),
        kind=ReportKind.SIX_MONTH,
        period=HALF,
        due_date=datetime.date(2026, 4, 9),
        actor=province_staff,
    )
    sent("LB", commune_leader)
    rows, deadline = received(unit("TU"), ReportKind.SIX_MONTH, HALF, today=TODAY)
    assert deadline.due_date == datetime.date(2026, 4, 9)
    assert [(row.unit.code, row.state) for row in rows] == [("CD", "missing"), ("LB", "late")]
    actions.set_deadline(
        unit=unit("TU"),
        kind=ReportKind.SIX_MONTH,
        period=HALF,
        due_date=datetime.date(2026, 4, 30),
        actor=province_staff,
    )
    rows, _deadline = received(unit("TU"), ReportKind.SIX_MONTH, HALF, today=TODAY)
    assert [(row.unit.code, row.state) for row in rows] == [("CD", "not_yet"), ("LB", "on_time")]
    with pytest.raises(ValidationError, match="Hạn nộp không thể trước"):
        actions.set_deadline(
            unit=unit("TU"),
            kind=ReportKind.SIX_MONTH,
            period=HALF,
            due_date=datetime.date(2025, 1, 1),
            actor=province_staff,
        )


def test_past_so_many_units_the_bars_show_those_that_lag_most(studied_world, monkeypatch):
    from lamtheo.reports import figures as module

    assert [row[0] for row in build_figures(unit("LB"), HALF)["charts"]["bars"]["rows"]] == [
        "Chi bộ Ấp Long Hòa",
        "Chi bộ Ấp Long Thạnh",
    ]
    monkeypatch.setattr(module, "CHART_UNITS", 1)
    bars = build_figures(unit("LB"), HALF)["charts"]["bars"]
    # Only Lý Văn Hải of its three has studied (in Long Hòa, before he moved).
    assert bars["rows"] == [["Chi bộ Ấp Long Thạnh", pytest.approx(100 / 3)]]
    assert bars["title"] == "Học tập chuyên đề năm: 1 đơn vị thấp nhất trong 2"


def test_a_report_issued_by_an_english_reader_is_frozen_in_vietnamese(secretary):
    from django.utils import translation

    with translation.override("en"):
        report = issued("LB-01", secretary)
    assert report.document.summary.startswith("sơ kết")
    assert "Chi bộ có" in report.document.body and "Cell" not in report.document.body


def test_a_part_not_written_is_left_out_and_the_parts_are_numbered_in_order(commune_leader, studied_world):
    report = draft("LB", commune_leader, results="")
    report.directions = "Tổ chức học bù."
    body = compose_body(report, build_figures(unit("LB"), HALF))
    assert "Chưa có nội dung" not in body and "Đánh giá chung" not in body
    assert "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI\nTổ chức học bù." in body
    assert "HẠN CHẾ" not in body and "NGUYÊN NHÂN" not in body


def test_a_monthly_report_is_of_one_month_and_shorter(secretary, studied_world):
    month = Period.month(2026, 3)
    with pytest.raises(ValidationError):
        actions.create_report(unit=unit("LB-01"), kind=ReportKind.MONTHLY, period=HALF, actor=secretary)
    with pytest.raises(ValidationError):
        actions.create_report(unit=unit("LB-01"), kind=ReportKind.SIX_MONTH, period=month, actor=secretary)
    report = actions.create_report(unit=unit("LB-01"), kind=ReportKind.MONTHLY, period=month, actor=secretary)
    assert report.document.summary == "kết quả học tập và làm theo tháng 3/2026"
    report.results, report.limitations, report.directions = (
        "Chi bộ học tập đầy đủ.",
        "Một đảng viên vắng.",
        "Học bù.",
    )
    report.causes = "không in"  # a monthly report has no causes part
    body = compose_body(report, build_figures(unit("LB-01"), month))
    assert "II. HẠN CHẾ, NGUYÊN NHÂN\nMột đảng viên vắng.\nIII. NHIỆM VỤ TRỌNG TÂM THÁNG TỚI\nHọc bù." in body
    assert "không in" not in body and "lượt chi bộ" not in body and "1/1 tháng" not in body
    assert set(ReportForm(instance=report).fields) >= {"results", "limitations", "directions"}
    assert not {"causes", "lessons"} & set(ReportForm(instance=report).fields)
