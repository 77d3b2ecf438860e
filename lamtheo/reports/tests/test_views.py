import io
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as DocxFile

from lamtheo.audit.models import AuditEvent
from lamtheo.reports import actions, printing
from lamtheo.reports.models import Report, ReportKind, ReportPrint, Submission
from lamtheo.reports.tests.conftest import HALF, draft, issued, sent, stored
from lamtheo.testing import unit

pytestmark = pytest.mark.usefixtures("frozen", "terms", "studied_world")


def received_url(code, period=HALF, kind=ReportKind.SIX_MONTH):
    return reverse("reports:received", args=[unit(code).pk]) + f"?{period.query()}&kind={kind}"


def texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class TestReading:
    def test_the_unit_staff_and_the_levels_above_read_a_report(self, login, secretary):
        report = draft("LB-01", secretary)
        url = report.get_absolute_url()
        for name in ("secretary", "commune_leader", "province_staff", "admin"):
            from lamtheo.accounts.models import User

            response = login(User.objects.get(username=name)).get(url)
            assert response.status_code == 200, name
            assert "Dự thảo báo cáo" in response.content.decode()

    @pytest.mark.parametrize("persona", ["outsider", "member"])
    def test_outside_the_subtree_a_report_is_not_found(self, login, secretary, persona, request):
        report = issued("LB-01", secretary)
        client = login(request.getfixturevalue(persona))
        for name in ("detail", "edit", "issue", "docx", "pdf"):
            assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404, name
        for name in ("submit", "revise", "quote"):
            assert client.post(reverse(f"reports:{name}", args=[report.pk])).status_code == 404, name
        assert not Submission.objects.exists()

    def test_the_preview_shows_the_prefilled_sentences_and_the_table(self, login, commune_leader):
        report = draft("LB", commune_leader)
        response = login(commune_leader).get(report.get_absolute_url())
        page = response.content.decode()
        assert "I. KẾT QUẢ THỰC HIỆN" in page
        assert "người tham gia học tập chuyên đề năm" in page
        assert "Chi bộ Ấp Long Thạnh" in page

    def test_the_list_takes_the_same_queries_for_one_report_or_four(
        self, login, commune_leader, secretary, django_assert_num_queries
    ):
        client = login(commune_leader)
        draft("LB", commune_leader)
        client.get(reverse("reports:index"))  # the session's refresh (once a minute) is not what is counted
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse("reports:index")).status_code == 200
        sent("LB-01", secretary)
        draft("LB", commune_leader, kind=ReportKind.ANNUAL, period=HALF.__class__.year(2026))
        draft("LB", commune_leader, kind=ReportKind.THEMATIC)
        with django_assert_num_queries(len(one.captured_queries)):
            response = client.get(reverse("reports:index"))
        assert len(response.context["rows"]) == 4
        assert "Đã gửi, chờ xem xét" in response.content.decode()

    def test_a_member_sees_an_empty_list(self, login, member):
        response = login(member).get(reverse("reports:index"))
        assert response.status_code == 200
        assert response.context["rows"] == []
        assert not response.context["can_draft"]


class TestDrafting:
    def test_a_commune_leader_drafts_edits_and_issues(self, login, commune_leader):
        client = login(commune_leader)
        response = client.post(
            reverse("reports:create"),
            {"unit": unit("LB").pk, "kind": "six_month", "period_kind": "half", "year": 2026, "number": 1},
        )
        report = Report.objects.get()
        assert response.url == report.get_absolute_url()
        assert report.period == HALF
        edit = reverse("reports:edit", args=[report.pk])
        data = {
            "version": 1,
            "summary": report.document.summary,
            "signing_form": "T/M BAN THƯỜNG VỤ",
            "signer_title": "Bí thư",
            "signer_name": "Nguyễn Văn Hùng",
            "recipients": "Tỉnh ủy An Giang\nLưu Văn phòng",
            "results": "Các chi bộ tổ chức học tập nghiêm túc.",
            "limitations": "Một chi bộ chưa học.",
            "causes": "",
            "lessons": "",
            "directions": "Tổ chức học bù.",
        }
        assert client.post(edit, data).status_code == 302
        stale = client.post(edit, {**data, "results": "Bản cũ"})
        assert "vừa được người khác sửa" in stale.content.decode()
        response = client.post(reverse("reports:issue", args=[report.pk]), {"date": "2026-04-10"})
        report.refresh_from_db()
        assert response.status_code == 302
        assert report.document.code == "01-BC/ĐU"
        assert report.frozen_figures is not None
        download = client.get(reverse("reports:docx", args=[report.pk]))
        assert b"".join(download.streaming_content) == stored(report)
        assert 'filename="01-BC-DU-so-ket-6-thang-dau-nam-2026' in download["Content-Disposition"]
        opened = DocxFile(io.BytesIO(stored(report)))
        assert any("Tổ chức học bù." in p.text for p in opened.paragraphs)
        assert client.get(edit).status_code == 302  # issued: not editable any more

    def test_bad_input_gets_clear_messages(self, login, commune_leader):
        client = login(commune_leader)
        response = client.post(
            reverse("reports:create"),
            {"unit": unit("LB").pk, "kind": "six_month", "period_kind": "quarter", "year": 2026, "number": 7},
        )
        assert response.context["form"].errors["number"] == ["Quý phải từ 1 đến 4."]
        response = client.post(
            reverse("reports:create"),
            {
                "unit": unit("LB").pk,
                "kind": "thematic",
                "period_kind": "custom",
                "start": "2026-05-01",
                "end": "2026-04-01",
            },
        )
        assert "Ngày kết thúc không thể trước ngày bắt đầu." in response.context["form"].non_field_errors()
        report = draft("LB", commune_leader, results="")
        response = client.post(reverse("reports:issue", args=[report.pk]), {"date": "2026-04-10"})
        assert "Hãy viết phần kết quả đạt được trước khi ban hành báo cáo." in response.content.decode()
        report.results = "Đã học."
        actions.update_report(report, actor=commune_leader, expected_version=report.version)
        response = client.post(reverse("reports:issue", args=[report.pk]), {"date": "2026-05-10"})
        assert "Ngày ban hành không thể ở tương lai." in response.content.decode()
        assert not Report.objects.get(pk=report.pk).is_issued

    def test_a_cell_secretary_cannot_draft_for_the_commune(self, login, secretary):
        response = login(secretary).post(
            reverse("reports:create"),
            {"unit": unit("LB").pk, "kind": "six_month", "period_kind": "half", "year": 2026, "number": 1},
        )
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
        assert not Report.objects.exists()

    def test_the_level_above_reads_but_does_not_write_a_chi_bo_report(self, login, secretary, member):
        report = draft("LB-01", secretary)
        assert login(member).get(reverse("reports:create")).status_code == 403
        from lamtheo.accounts.models import User

        # Committee staff at the level above are document editors there and below (the rule "documents.draft").
        leader = login(User.objects.get(username="commune_leader"))
        assert leader.get(reverse("reports:edit", args=[report.pk])).status_code == 200


class TestUpward:
    def test_the_chi_bo_submits_and_the_commune_returns_then_accepts(self, login, secretary, commune_leader):
        report = issued("LB-01", secretary)
        client = login(secretary)
        assert client.post(reverse("reports:submit", args=[report.pk])).status_code == 302
        submission = Submission.objects.get()
        # the secretary cannot decide on their own report
        assert client.post(reverse("reports:accept", args=[submission.pk])).status_code == 403
        leader = login(commune_leader)
        response = leader.post(
            reverse("reports:send_back", args=[submission.pk]), {"remark": ""}, follow=True
        )
        assert "Hãy ghi ý kiến để đơn vị biết cần sửa, bổ sung những gì." in texts(response)
        leader.post(reverse("reports:send_back", args=[submission.pk]), {"remark": "Bổ sung phần hạn chế."})
        assert Submission.objects.get().status == "returned"
        client = login(secretary)
        page = client.get(report.get_absolute_url()).content.decode()
        assert "Bổ sung phần hạn chế." in page
        response = client.post(reverse("reports:revise", args=[report.pk]))
        revised = Report.objects.get(revision_of=report)
        assert response.url == revised.get_absolute_url()
        revised.limitations = "Một số đảng viên chưa học bù."
        actions.update_report(revised, actor=secretary, expected_version=revised.version)
        actions.issue_report(revised, actor=secretary, date=HALF.start.replace(month=4, day=10))
        client.post(reverse("reports:submit", args=[revised.pk]))
        assert Submission.objects.get().rounds == 2
        login(commune_leader).post(reverse("reports:accept", args=[submission.pk]))
        assert Submission.objects.get().status == "accepted"
        assert AuditEvent.objects.filter(action="report.accept").count() == 1

    def test_the_received_table_in_three_queries_whatever_the_units(
        self, login, province_staff, commune_leader, outsider, django_assert_num_queries
    ):
        client = login(province_staff)
        client.get(received_url("TU"))  # the session, the user, the scope
        with CaptureQueriesContext(connection) as empty:
            client.get(received_url("TU"))
        sent("LB", commune_leader)
        from lamtheo.reports.tests.conftest import HALF as half

        report = draft("CD", province_staff)
        report = actions.issue_report(report, actor=province_staff, date=half.start.replace(month=4, day=10))
        actions.submit_report(report, actor=province_staff)
        with django_assert_num_queries(len(empty.captured_queries)):
            response = client.get(received_url("TU"))
        assert [(row.unit.code, row.state) for row in response.context["rows"]] == [
            ("CD", "received"),
            ("LB", "received"),
        ]

    def test_the_received_page_is_for_the_staff_of_the_unit_or_above(
        self, login, commune_leader, secretary, member, outsider
    ):
        assert login(commune_leader).get(received_url("LB")).status_code == 200
        assert login(commune_leader).get(received_url("TU")).status_code == 404
        assert login(outsider).get(received_url("LB")).status_code == 404
        assert login(member).get(received_url("LB-01")).status_code == 403
        assert login(secretary).get(received_url("LB-01")).status_code == 200

    def test_a_commune_cannot_decide_on_what_is_sent_to_the_province(
        self, login, commune_leader, province_staff
    ):
        _report, submission = sent("LB", commune_leader)
        assert login(commune_leader).post(reverse("reports:accept", args=[submission.pk])).status_code == 403
        assert (
            login(commune_leader).post(reverse("reports:deadline", args=[unit("TU").pk])).status_code == 404
        )
        response = login(province_staff).post(
            reverse("reports:deadline", args=[unit("TU").pk]) + f"?{HALF.query()}&kind=six_month",
            {"due_date": "2026-07-15"},
            follow=True,
        )
        assert "Đã đặt hạn nộp báo cáo 6 tháng đầu năm 2026: 15/07/2026." in texts(response)
        assert [row.state for row in response.context["rows"]] == ["not_yet", "on_time"]

    def test_writes_need_post(self, login, secretary):
        report = issued("LB-01", secretary)
        client = login(secretary)
        for name in ("submit", "revise", "quote"):
            assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 405


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice missing"
)
def test_the_pdf_is_made_by_a_task_then_downloaded_without_rendering_again(
    login, commune_leader, monkeypatch
):
    report = issued("LB", commune_leader)
    client = login(commune_leader)
    pdf = reverse("reports:pdf", args=[report.pk])
    assert client.get(pdf).status_code == 302  # not made yet: the page offers to make it
    page = client.get(report.get_absolute_url())
    assert reverse("reports:make_print", args=[report.pk, "pdf"]) in page.content.decode()
    # The immediate backend runs the task at once; on the queue the panel polls until it is done.
    panel = client.post(
        reverse("reports:make_print", args=[report.pk, "pdf"]), headers={"HX-Request": "true"}
    )
    assert 'id="ban-in"' in panel.content.decode() and "every 1s" not in panel.content.decode()
    assert stored(report, "pdf").startswith(b"%PDF")
    monkeypatch.setattr("lamtheo.lib.docx.to_pdf", fail_if_called)
    monkeypatch.setattr("lamtheo.reports.rendering.render_report", fail_if_called)
    response = client.get(pdf)
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored(report, "pdf")
    assert client.get(reverse("reports:docx", args=[report.pk])).status_code == 200


def fail_if_called(*args, **kwargs):
    raise AssertionError("rendered again")


def test_a_print_being_made_shows_its_step_and_the_panel_polls(login, commune_leader):
    report = draft("LB", commune_leader)
    ReportPrint.objects.create(
        report=report,
        version=report.version,
        format="pdf",
        status="running",
        step="Đang chuyển sang PDF (LibreOffice)…",
        requested_at=report.created_at,
    )
    panel = login(commune_leader).get(reverse("reports:prints", args=[report.pk])).content.decode()
    assert "Đang tạo báo cáo PDF…" in panel and "Đang chuyển sang PDF (LibreOffice)…" in panel
    assert 'hx-trigger="every 1s"' in panel


def test_without_libreoffice_the_pdf_fails_with_its_reason_and_can_be_made_again(
    login, commune_leader, monkeypatch
):
    monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: None)
    report = draft("LB", commune_leader)
    client = login(commune_leader)
    response = client.post(reverse("reports:make_print", args=[report.pk, "pdf"]), follow=True)
    page = response.content.decode()
    assert "Chưa tạo được bản PDF: Máy chủ chưa cài LibreOffice" in page
    assert "Tạo lại bản PDF" in page
    made = ReportPrint.objects.get(report=report, format="pdf")
    assert made.status == "failed" and not made.file
    assert stored(report, "docx").startswith(b"PK")  # the DOCX was made on the way, and kept
    monkeypatch.setattr("lamtheo.lib.docx.soffice_path", lambda: "/bin/true")  # "converts" but writes nothing
    client.post(reverse("reports:make_print", args=[report.pk, "pdf"]))
    made.refresh_from_db()
    assert made.status == "failed" and "LibreOffice không chuyển được" in made.error


def test_a_print_whose_worker_died_shows_as_failed(commune_leader, db):
    from django_tasks import TaskResultStatus
    from django_tasks.base import TaskError, TaskResult

    report = draft("LB", commune_leader)
    made = ReportPrint.objects.create(
        report=report, version=report.version, format="pdf", status="running", requested_at=report.created_at
    )
    result = TaskResult(
        task=printing.make_print,
        id="1",
        status=TaskResultStatus.FAILED,
        enqueued_at=None,
        started_at=None,
        last_attempted_at=None,
        finished_at=None,
        args=[made.pk],
        kwargs={},
        backend="default",
        errors=[TaskError(exception_class_path="lamtheo.lib.jobs.WorkerStopped", traceback="")],
        worker_ids=[],
    )
    printing.record_failed_task(None, task_result=result)
    made.refresh_from_db()
    assert made.status == "failed" and "tiến trình chạy việc nền bị dừng" in made.error


def test_the_list_from_a_units_page_shows_its_subtree_only(login, commune_leader, db):
    from lamtheo.indicators.periods import Period
    from lamtheo.reports import actions as report_actions

    lb01 = report_actions.create_report(
        unit=unit("LB-01"), kind="annual", period=Period.year(2026), actor=commune_leader
    )
    lb = report_actions.create_report(
        unit=unit("LB"), kind="annual", period=Period.year(2026), actor=commune_leader
    )
    client = login(commune_leader)
    page = client.get(reverse("reports:index"), {"unit": unit("LB-01").pk}).content.decode()
    assert lb01.get_absolute_url() in page and lb.get_absolute_url() not in page
    assert client.get(reverse("reports:index"), {"unit": unit("CD").pk}).status_code == 404


def test_the_received_page_opens_on_the_latest_period_that_has_ended(login, commune_leader):
    """On 10/04/2026 the six-month reports coming in are those of the second half of 2025; the annual ones, 2025."""
    from lamtheo.indicators.periods import Period

    url = reverse("reports:received", args=[unit("LB").pk])
    client = login(commune_leader)
    assert client.get(url).context["period"] == Period.half(2025, 2)
    assert client.get(url, {"kind": ReportKind.ANNUAL}).context["period"] == Period.year(2025)
    assert client.get(url, {"ky": "quy", "nam": 2026, "so": 1}).context["period"] == Period.quarter(2026, 1)


def test_quoting_what_the_report_already_says_adds_nothing_and_says_so(login, secretary, commune_leader):
    below, _submission = sent("LB-01", secretary, results="Chi bộ học tập đủ 100% đảng viên.")
    report = draft("LB", commune_leader, results="Chi bộ học tập đủ 100% đảng viên.")
    response = login(commune_leader).post(
        reverse("reports:quote", args=[report.pk]),
        {"source": below.pk, "field": "results", "version": report.version},
        follow=True,
    )
    assert texts(response) == ["Báo cáo đã có đủ nội dung này của Chi bộ Ấp Long Hòa; không trích thêm."]
    assert Report.objects.get(pk=report.pk).results == "Chi bộ học tập đủ 100% đảng viên."
