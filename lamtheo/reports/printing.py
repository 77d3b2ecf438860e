"""Making a report's DOCX and PDF off the request: a task of the queue (lamtheo.lib.jobs), run by `lamtheo worker`.

    request_print (the report page's button; issue_report for the issued DOCX)
      → a ReportPrint row QUEUED for the report's version and format, the task `make_print` queued with it
      → RUNNING, its `step` saying what it does (figures, charts, the document, LibreOffice)
      → DONE with the file stored, served by the download URLs without rendering again
      → or FAILED with the reason; the page offers to make it again.

An issued report is rendered from its frozen figures once; its DOCX is its frozen copy. A draft's prints carry the
figures of the moment they were made, and the user makes them again when the record has changed. A PDF is made from
the version's DOCX print (made first when it is missing).
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from lamtheo.audit.actions import user_of
from lamtheo.lib import docx, jobs
from lamtheo.reports.models import Report, ReportPrint

logger = logging.getLogger(__name__)
Status = ReportPrint.Status


def download_name(report: Report, extension: str) -> str:
    """`05-BC-TU-so-ket-6-thang-dau-nam-2026.docx`, named like every document; a draft starts with `du-thao`."""
    from lamtheo.documents.views import download_name as document_download_name

    return document_download_name(report.document, extension)


def current_print(report: Report, fmt: str) -> ReportPrint | None:
    """The print of the report's current version in `fmt`, whatever its state, or None."""
    return ReportPrint.objects.filter(report=report, version=report.version, format=fmt).first()


def current_prints(report: Report) -> dict[str, ReportPrint]:
    """The current version's prints by format (`docx`, `pdf`)."""
    return {p.format: p for p in ReportPrint.objects.filter(report=report, version=report.version)}


@transaction.atomic
def request_print(report: Report, fmt: str, *, actor) -> ReportPrint:
    """Queue the making of the report's `fmt` for its current version; returns its row.

    A print being made is left to finish; a made one is kept for an issued report (its figures never change) and
    made again for a draft (the user asks because the record changed)."""
    if fmt not in ReportPrint.Format.values:
        raise ValidationError(_("Định dạng không hợp lệ."))
    row, created = ReportPrint.objects.select_for_update().get_or_create(
        report=report,
        version=report.version,
        format=fmt,
        defaults={"requested_by": user_of(actor), "requested_at": timezone.now()},
    )
    if not created:
        if row.is_running or (row.status == Status.DONE and report.is_issued):
            return row
        row.status, row.step, row.error, row.finished_at = Status.QUEUED, "", "", None
        row.requested_by, row.requested_at = user_of(actor), timezone.now()
        row.save(update_fields=["status", "step", "error", "finished_at", "requested_by", "requested_at"])
    row.task_id = str(make_print.enqueue(row.pk).id)
    row.save(update_fields=["task_id"])
    row.refresh_from_db()  # the immediate backend (tests) has already run it
    return row


@task()
def make_print(print_id: int) -> str:
    """The task: render one print and store it. Returns how it ended (the row's status)."""
    row = ReportPrint.objects.select_related("report__unit", "report__document__doc_type").filter(pk=print_id)
    row = row.first()
    if (
        row is None or row.status == Status.DONE
    ):  # deleted with its report (the demo rebuilt), or made meanwhile
        return Status.DONE
    try:
        with translation.override("vi"):  # a Party document: Vietnamese whatever the reader's language
            content = _render(row)
    except docx.PdfUnavailable as error:
        _finish(row, Status.FAILED, error=str(error))
    except Exception:
        logger.exception("Report print %s failed", row.pk)
        _finish(
            row, Status.FAILED, error=_("Lỗi hệ thống khi tạo tệp; hãy thử lại hoặc báo quản trị hệ thống.")
        )
    else:
        row.file.save(download_name(row.report, row.format), ContentFile(content), save=False)
        _finish(row, Status.DONE)
    return row.status


def _step(row: ReportPrint, text: str) -> None:
    row.status, row.step = Status.RUNNING, text
    row.save(update_fields=["status", "step"])


def _render(row: ReportPrint) -> bytes:
    """The print's bytes; each step said on the row, which the page polls."""
    if row.format == ReportPrint.Format.DOCX:
        return _render_docx(row.report, shown=row)
    source = ReportPrint.objects.filter(
        report=row.report, version=row.version, format=ReportPrint.Format.DOCX, status=Status.DONE
    ).first()
    if source is None or row.report.is_editable:  # a draft's PDF shows the figures of now
        source = _store_docx(row)
    _step(row, _("Đang chuyển sang PDF (LibreOffice)…"))
    with source.file.open("rb") as file:
        return docx.to_pdf(file.read())


def _render_docx(report: Report, *, shown: ReportPrint) -> bytes:
    from lamtheo.reports.rendering import current_figures, render_report

    _step(shown, _("Đang tính số liệu…") if report.is_editable else _("Đang đọc số liệu đã chốt…"))
    figures = current_figures(report)
    _step(shown, _("Đang vẽ biểu đồ và dựng văn bản…"))
    return render_report(report, figures)


def _store_docx(pdf_row: ReportPrint) -> ReportPrint:
    """The version's DOCX print, made for the PDF and kept (a second DOCX download is not rendered again)."""
    content = _render_docx(pdf_row.report, shown=pdf_row)
    row, _created = ReportPrint.objects.get_or_create(
        report=pdf_row.report,
        version=pdf_row.version,
        format=ReportPrint.Format.DOCX,
        defaults={"requested_by": pdf_row.requested_by, "requested_at": timezone.now()},
    )
    row.file.save(download_name(pdf_row.report, "docx"), ContentFile(content), save=False)
    _finish(row, Status.DONE)
    return row


def _finish(row: ReportPrint, status: str, *, error: str = "") -> None:
    row.status, row.error, row.step, row.finished_at = status, error, "", timezone.now()
    row.save(update_fields=["status", "error", "step", "file", "finished_at"])


def record_failed_task(sender, task_result, **kwargs) -> None:
    """On the framework's `task_finished`: a print whose task failed outside `make_print` (its worker died or ran
    out of memory) shows as failed with the reason, and the page offers to make it again."""
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.module_path != make_print.module_path
    ):
        return
    reason = jobs.failure_reason(task_result)
    if reason.endswith("MemoryError"):
        message = _("Tạo tệp cần nhiều bộ nhớ hơn mức máy chủ cho phép.")
    else:
        message = _("Việc tạo tệp đã dừng giữa chừng vì tiến trình chạy việc nền bị dừng; hãy tạo lại.")
    ReportPrint.objects.filter(pk=task_result.args[0], status__in=ReportPrint.RUNNING).update(
        status=Status.FAILED, error=message, step="", finished_at=timezone.now()
    )
