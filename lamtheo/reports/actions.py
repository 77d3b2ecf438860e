"""Writes on reports: drafting, narrative edits, issuing (with frozen figures), reporting upward. Each atomic and
audited, each checking its rule first (lamtheo.reports.rules); numbering and issuing go through
lamtheo.documents.actions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lamtheo.accounts.rules import require
from lamtheo.audit import actions as audit
from lamtheo.documents import actions as documents
from lamtheo.documents.models import Document, DocumentType
from lamtheo.lib.concurrency import save_versioned
from lamtheo.lib.docx import party_language
from lamtheo.people.leaders import secretary_name
from lamtheo.people.models import Position
from lamtheo.reports import printing
from lamtheo.reports.figures import build_figures
from lamtheo.reports.models import QUOTABLE, Deadline, Report, ReportKind, ReportPrint, Submission
from lamtheo.reports.rendering import compose_body
from lamtheo.units.models import Unit

REPORT_TYPE_KEY = "bao_cao"
# Kinds of which a unit writes one per period (a revision replaces a returned one); thematic reports may be many.
ONE_PER_PERIOD = (ReportKind.MONTHLY, ReportKind.SIX_MONTH, ReportKind.ANNUAL, ReportKind.CAMPAIGN_SECTION)
QUOTE_MAX = 4000


@party_language
def default_summary(kind: str, period) -> str:
    """The summary line under BÁO CÁO: `sơ kết 6 tháng đầu năm 2026 ...`."""
    texts = {
        ReportKind.MONTHLY: _("kết quả học tập và làm theo %(period)s"),
        ReportKind.SIX_MONTH: _("sơ kết %(period)s việc học tập và làm theo"),
        ReportKind.ANNUAL: _("tổng kết %(period)s việc học tập và làm theo"),
        ReportKind.THEMATIC: _("kết quả thực hiện chuyên đề %(period)s"),
        ReportKind.CAMPAIGN_SECTION: _("kết quả học tập và làm theo %(period)s (phần báo cáo năm)"),
    }
    return texts[kind] % {"period": period.label}


def parent_of(unit: Unit) -> Unit | None:
    return Unit.objects.get_parent(unit)


def _narrative_changes(before: Report, after: Report) -> dict:
    return {
        field: [getattr(before, field)[:300], getattr(after, field)[:300]]
        for field in Report.NARRATIVE_FIELDS
        if getattr(before, field) != getattr(after, field)
    }


@transaction.atomic
def create_report(*, unit: Unit, kind: str, period, actor, summary: str = "", revision_of=None) -> Report:
    """A new draft report with its draft Party document (type báo cáo)."""
    require(actor, "reports.draft", unit)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Hãy chọn loại báo cáo.")})
    if (kind == ReportKind.MONTHLY) != (period.kind == "month"):
        raise ValidationError(
            {
                "period_kind": _(
                    "Báo cáo tháng là báo cáo của một tháng; kỳ một tháng dùng loại báo cáo tháng."
                )
            }
        )
    if kind in ONE_PER_PERIOD and revision_of is None:
        existing = (
            Report.objects.filter(unit=unit, kind=kind, period_start=period.start, period_end=period.end)
            .select_related("document")
            .first()
        )
        if existing is not None:
            raise ValidationError(
                _("%(unit)s đã có %(kind)s %(period)s (%(report)s); hãy mở báo cáo đó để sửa.")
                % {
                    "unit": unit,
                    "kind": ReportKind(kind).label.lower(),
                    "period": period.label,
                    "report": existing.document.code or _("dự thảo"),
                }
            )
    document = Document(
        unit=unit,
        doc_type=DocumentType.objects.get(key=REPORT_TYPE_KEY),
        summary=summary or default_summary(kind, period),
    )
    if revision_of is not None:
        for field in ("signing_form", "signer_title", "signer_name", "recipients"):
            setattr(document, field, getattr(revision_of.document, field))
    elif name := secretary_name(unit):  # signed by the unit's bí thư unless the drafter says otherwise
        with translation.override("vi"):  # a Party document is written in Vietnamese
            document.signer_title, document.signer_name = str(Position.Kind.SECRETARY.label).upper(), name
    # Otherwise create_draft fills the recipients a report goes to (the level above, the committee, the archive).
    documents.create_draft(document, actor=actor)
    report = Report(unit=unit, kind=kind, document=document, created_by=actor, revision_of=revision_of)
    report.set_period(period)
    if revision_of is not None:
        for field in Report.NARRATIVE_FIELDS:
            setattr(report, field, getattr(revision_of, field))
    report.save()
    audit.record(
        report,
        "report.create",
        actor=actor,
        unit=unit,
        changes={"period": [None, period.label]},
        note=_("Sửa lại từ %(code)s") % {"code": revision_of.document.code} if revision_of else "",
    )
    return report


@transaction.atomic
def update_report(report: Report, *, actor, expected_version: int) -> Report:
    """Save the edited narrative (and the document's summary and signature) of a draft; ConflictError if someone
    saved since `expected_version`."""
    require(actor, "reports.draft", report.unit)
    current = Report.objects.select_for_update().select_related("document").get(pk=report.pk)
    if not current.is_editable:
        raise ValidationError(_("Báo cáo đã ban hành không sửa được; số liệu và nội dung đã được chốt."))
    report.updated_at = timezone.now()
    save_versioned(report, expected_version, [*Report.NARRATIVE_FIELDS, "updated_at"])
    document = report.document
    if any(
        getattr(document, f) != getattr(current.document, f)
        for f in ("summary", "signing_form", "signer_title", "signer_name", "recipients")
    ):
        documents.update_draft(document, actor=actor, expected_version=current.document.version)
    audit.record(
        report, "report.update", actor=actor, unit=report.unit, changes=_narrative_changes(current, report)
    )
    return report


@transaction.atomic
def issue_report(report: Report, *, actor, date: datetime.date, number: int | None = None) -> Report:
    """Number and issue the report's document, then freeze its figures and its DOCX for good."""
    require(actor, "reports.draft", report.unit)
    report = Report.objects.select_for_update().select_related("unit", "document__doc_type").get(pk=report.pk)
    if not report.is_editable:
        raise ValidationError(_("Báo cáo này đã được ban hành."))
    if not report.results.strip():
        raise ValidationError({"results": _("Hãy viết phần kết quả đạt được trước khi ban hành báo cáo.")})
    if date < report.period_start:
        raise ValidationError({"date": _("Ngày ban hành không thể trước ngày đầu của kỳ báo cáo.")})
    with translation.override(
        "vi"
    ):  # frozen into a Party document: Vietnamese whatever the reader's language
        figures = build_figures(report.unit, report.period)
        document = report.document
        document.body = compose_body(report, figures)
    document.save(update_fields=["body"])
    parent = parent_of(report.unit)
    document = documents.issue_document(
        document, actor=actor, date=date, number=number, recipients_units=[parent] if parent else []
    )
    report.document = document
    report.frozen_figures = figures
    report.issued_at = timezone.now()
    report.save(update_fields=["frozen_figures", "issued_at", "updated_at"])
    audit.record(
        report, "report.issue", actor=actor, unit=report.unit, changes={"code": [None, document.code]}
    )
    printing.request_print(
        report, ReportPrint.Format.DOCX, actor=actor
    )  # its frozen copy, made by the worker
    return report


@transaction.atomic
def submit_report(report: Report, *, actor) -> Submission:
    """Send the issued report to the level above; a revised report replaces a returned one."""
    require(actor, "reports.draft", report.unit)
    if not report.is_issued:
        raise ValidationError(_("Hãy ban hành báo cáo (cấp số) trước khi gửi lên cấp trên."))
    parent = parent_of(report.unit)
    if parent is None:
        raise ValidationError(_("%(unit)s không có cấp trên để gửi báo cáo.") % {"unit": report.unit})
    now = timezone.now()
    submission = (
        Submission.objects.select_for_update()
        .filter(
            unit=report.unit, kind=report.kind, period_start=report.period_start, period_end=report.period_end
        )
        .first()
    )
    if submission is None:
        submission = Submission(
            unit=report.unit,
            to_unit=parent,
            kind=report.kind,
            report=report,
            status=Submission.Status.SUBMITTED,
            first_submitted_at=now,
            submitted_at=now,
            submitted_by=actor,
        )
        submission.set_period(report.period)
        submission.save()
    elif submission.status == Submission.Status.ACCEPTED:
        raise ValidationError(_("Cấp trên đã chấp nhận báo cáo kỳ này của đơn vị."))
    elif submission.status == Submission.Status.SUBMITTED:
        raise ValidationError(_("Đơn vị đã gửi báo cáo kỳ này; hãy chờ cấp trên xem xét."))
    elif submission.report_id == report.pk:
        raise ValidationError(_("Báo cáo này đã bị trả lại: hãy soạn bản sửa, ban hành rồi gửi lại bản mới."))
    else:
        submission.report = report
        submission.to_unit = parent
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = now
        submission.submitted_by = actor
        submission.rounds += 1
        submission.decided_at = submission.decided_by = None
        submission.save()
    audit.record(
        report,
        "report.submit",
        actor=actor,
        unit=report.unit,
        changes={"to_unit": [None, str(parent)], "rounds": [None, submission.rounds]},
    )
    return submission


def _decide(submission: Submission, status: str, *, actor, remark: str) -> Submission:
    submission = (
        Submission.objects.select_for_update().select_related("report__document").get(pk=submission.pk)
    )
    if submission.status != Submission.Status.SUBMITTED:
        raise ValidationError(
            _("Báo cáo này đang ở trạng thái «%(status)s», không còn chờ xem xét.")
            % {"status": submission.get_status_display()}
        )
    submission.status = status
    submission.remark = remark
    submission.decided_at = timezone.now()
    submission.decided_by = actor
    submission.save(update_fields=["status", "remark", "decided_at", "decided_by"])
    return submission


@transaction.atomic
def accept_submission(submission: Submission, *, actor, remark: str = "") -> Submission:
    require(actor, "reports.decide", submission.to_unit)
    submission = _decide(submission, Submission.Status.ACCEPTED, actor=actor, remark=remark.strip())
    audit.record(
        submission.report, "report.accept", actor=actor, unit=submission.unit, note=submission.remark
    )
    return submission


@transaction.atomic
def return_submission(submission: Submission, *, actor, remark: str) -> Submission:
    require(actor, "reports.decide", submission.to_unit)
    if not remark.strip():
        raise ValidationError({"remark": _("Hãy ghi ý kiến để đơn vị biết cần sửa, bổ sung những gì.")})
    submission = _decide(submission, Submission.Status.RETURNED, actor=actor, remark=remark.strip())
    audit.record(
        submission.report, "report.return", actor=actor, unit=submission.unit, note=submission.remark
    )
    return submission


@transaction.atomic
def revise_report(report: Report, *, actor) -> Report:
    """A new draft from a returned report, with its narrative, to be corrected, issued and sent again."""
    require(actor, "reports.draft", report.unit)
    submission = Submission.objects.filter(report=report).first()
    if submission is None or submission.status != Submission.Status.RETURNED:
        raise ValidationError(_("Chỉ soạn bản sửa được cho báo cáo bị cấp trên trả lại."))
    draft = Report.objects.filter(revision_of=report).first()
    if draft is not None:
        raise ValidationError(_("Đã có bản sửa của báo cáo này."))
    return create_report(
        unit=report.unit,
        kind=report.kind,
        period=report.period,
        actor=actor,
        summary=report.document.summary,
        revision_of=report,
    )


@transaction.atomic
def set_deadline(*, unit: Unit, kind: str, period, due_date: datetime.date, actor) -> Deadline:
    """The day by which `unit` wants its units' reports of `kind` for `period`."""
    require(actor, "reports.decide", unit)
    if due_date < period.start:
        raise ValidationError({"due_date": _("Hạn nộp không thể trước ngày đầu của kỳ báo cáo.")})
    deadline = Deadline.objects.filter(
        unit=unit, kind=kind, period_start=period.start, period_end=period.end
    ).first()
    before = deadline.due_date if deadline else None
    if deadline is None:
        deadline = Deadline(unit=unit, kind=kind)
        deadline.set_period(period)
    deadline.due_date = due_date
    deadline.set_by = actor
    deadline.save()
    audit.record(
        unit,
        "report.deadline",
        actor=actor,
        unit=unit,
        changes={"due_date": [before.isoformat() if before else None, due_date.isoformat()]},
        note=f"{ReportKind(kind).label} {period.label}",
    )
    return deadline


def _plain(line: str) -> str:
    """A line as compared for repetition: without a quoted unit's name before it, case and spaces."""
    line = line.strip()
    head, sep, rest = line.partition(": ")
    if sep and head.startswith(("Đảng ủy", "Đảng bộ", "Chi bộ")):
        line = rest
    return " ".join(line.casefold().split())


def quotable_reports(report: Report):
    """Reports of the units directly below, sent up to `report`'s unit for its period (submitted or accepted)."""
    submissions = Submission.objects.filter(
        QUOTABLE, to_unit=report.unit, period_start=report.period_start, period_end=report.period_end
    )
    return Report.objects.filter(pk__in=submissions.values("report_id"))


@transaction.atomic
def quote(report: Report, *, source: Report, field: str, actor, expected_version: int) -> Report:
    """Append a part of a unit's report below (its kết quả, hạn chế, ...) to the same part of `report`, without the
    lines `report` already says; when it says them all, `report` is returned unchanged."""
    require(actor, "reports.draft", report.unit)
    if field not in Report.NARRATIVE_FIELDS:
        raise ValidationError({"field": _("Hãy chọn phần cần trích.")})
    if not report.is_editable:
        raise ValidationError(_("Báo cáo đã ban hành không sửa được; số liệu và nội dung đã được chốt."))
    if not quotable_reports(report).filter(pk=source.pk).exists():
        raise ValidationError(_("Chỉ trích được báo cáo của đơn vị trực thuộc đã gửi lên cho kỳ này."))
    text = getattr(source, field).strip()
    if not text:
        raise ValidationError({"field": _("Phần này của báo cáo đơn vị trực thuộc chưa có nội dung.")})
    current = getattr(report, field).rstrip()
    # What the report already says (in its own lines or an earlier quote) is not said again.
    said = {_plain(line) for line in current.splitlines()}
    new = [line.strip() for line in text.splitlines() if line.strip() and _plain(line) not in said]
    if not new:
        return report  # nothing to add: unchanged, its version too (the page says so)
    quoted = f"{source.unit.name}: " + "\n".join(new)
    quoted = quoted[:QUOTE_MAX]
    setattr(report, field, f"{current}\n{quoted}" if current else quoted)
    report.updated_at = timezone.now()
    save_versioned(report, expected_version, [field, "updated_at"])
    audit.record(
        report,
        "report.quote",
        actor=actor,
        unit=report.unit,
        note=f"{source.unit.name} – {Report._meta.get_field(field).verbose_name}",
    )
    return report
