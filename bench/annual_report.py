"""What the benchmarks time for the reports (bench/bench_reports.py, and (d) of bench/bench_indicators.py): a unit's
annual report generated as DOCX with every figure computed from the records, nothing written to the database."""

import datetime

from django.utils import timezone

from lamtheo.documents.models import Document, DocumentType
from lamtheo.reports.actions import REPORT_TYPE_KEY, default_summary
from lamtheo.reports.figures import build_figures
from lamtheo.reports.models import Report, ReportKind
from lamtheo.reports.rendering import render_report

NARRATIVE = "Các cấp ủy đã triển khai chuyên đề, tổ chức học tập và làm theo gắn với nhiệm vụ chính trị."


def annual_report(unit, period, *, today: datetime.date | None = None, cache: bool = True) -> bytes:
    """The DOCX of `unit`'s annual report for `period`, as a draft would render it (figures, table, charts);
    `cache=False` computes every indicator afresh instead of reading the indicators' cache."""
    today = today or timezone.localdate()
    document = Document(
        unit=unit,
        doc_type=DocumentType.objects.get(key=REPORT_TYPE_KEY),
        summary=default_summary(ReportKind.ANNUAL, period),
        date=today,
        signing_form="T/M BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name="Nguyễn Văn An",
    )
    report = Report(unit=unit, kind=ReportKind.ANNUAL, document=document)
    report.set_period(period)
    for field in Report.NARRATIVE_FIELDS:
        setattr(report, field, NARRATIVE)
    return render_report(report, build_figures(unit, period, today=today, cache=cache))
