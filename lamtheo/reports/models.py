"""Reports (báo cáo sơ kết, tổng kết, chuyên đề) and their way up the tree.

A report belongs to a unit and a period and IS a Party document: it links to its documents.Document (type báo cáo),
numbered and issued by the documents app. Its figures come from lamtheo.indicators while it is a draft; when it
is issued they are frozen in `frozen_figures`, and never change afterwards; its DOCX and PDF are ReportPrint rows
made by the worker (lamtheo.reports.printing).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet, get_scope
from lamtheo.indicators.periods import PERIOD_KINDS


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Báo cáo tháng")
    SIX_MONTH = "six_month", _("Báo cáo sơ kết 6 tháng")
    ANNUAL = "annual", _("Báo cáo tổng kết năm")
    THEMATIC = "thematic", _("Báo cáo chuyên đề")
    CAMPAIGN_SECTION = "campaign_section", _("Phần học tập và làm theo trong báo cáo năm")


class PeriodFields(models.Model):
    """A period stored as its kind and inclusive bounds (lamtheo.indicators.periods.Period)."""

    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PERIOD_KINDS)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))

    class Meta:
        abstract = True

    @property
    def period(self):
        from lamtheo.indicators.periods import Period  # the indicators app may load after this one

        return Period(kind=self.period_kind, start=self.period_start, end=self.period_end)

    def set_period(self, period) -> None:
        self.period_kind, self.period_start, self.period_end = period.kind, period.start, period.end


class ReportQuerySet(ScopedQuerySet):
    def drafts(self):
        return self.filter(issued_at__isnull=True)

    def issued(self):
        return self.filter(issued_at__isnull=False)

    def for_period(self, period):
        return self.filter(period_start=period.start, period_end=period.end)


class Report(PeriodFields):
    """A unit's report for a period: figures from the indicators, narrative written by the staff."""

    NARRATIVE_FIELDS = ("results", "limitations", "causes", "lessons", "directions")

    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="reports", verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    document = models.OneToOneField(
        "documents.Document", models.PROTECT, related_name="report", verbose_name=_("văn bản")
    )
    results = models.TextField(_("kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    directions = models.TextField(_("phương hướng, nhiệm vụ thời gian tới"), blank=True)
    revision_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="revisions", verbose_name=_("sửa từ")
    )
    version = models.PositiveIntegerField(default=1)
    frozen_figures = models.JSONField(null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["unit", "kind", "period_start", "period_end"])]

    def __str__(self):
        return str(self.document) if self.document_id else self.get_kind_display()

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def narrative_fields(self) -> tuple[str, ...]:
        """The narrative parts its kind has: a monthly report is shorter (no causes, no lessons)."""
        if self.kind == ReportKind.MONTHLY:
            return ("results", "limitations", "directions")
        return self.NARRATIVE_FIELDS

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def is_editable(self) -> bool:
        return self.issued_at is None


class Deadline(PeriodFields):
    """The day by which a unit wants the reports of the units directly below it for a period."""

    unit = models.ForeignKey("units.Unit", models.CASCADE, related_name="+", verbose_name=_("cấp nhận"))
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    due_date = models.DateField(_("hạn nộp"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn nộp báo cáo")
        verbose_name_plural = _("hạn nộp báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start", "period_end"], name="unique_report_deadline"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period.label}"


class SubmissionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Submissions sent by a unit the user sees, or to one (the level above sees what came in)."""
        scope = get_scope(user)
        return self.filter(scope.subtree_q("unit__path") | scope.subtree_q("to_unit__path"))


class Submission(PeriodFields):
    """A unit's report sent up for a period; the level above accepts it or returns it with a remark.

    One row per unit, kind and period: a revised report, resubmitted, replaces the returned one in it.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        RETURNED = "returned", _("Trả lại để bổ sung")

    unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="+", verbose_name=_("đơn vị gửi"))
    to_unit = models.ForeignKey("units.Unit", models.PROTECT, related_name="+", verbose_name=_("cấp nhận"))
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ReportKind.choices)
    report = models.ForeignKey(Report, models.PROTECT, related_name="submissions", verbose_name=_("báo cáo"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu"))
    submitted_at = models.DateTimeField(_("gửi lần gần nhất"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    rounds = models.PositiveSmallIntegerField(_("số lần gửi"), default=1)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    remark = models.TextField(_("ý kiến của cấp trên"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo gửi cấp trên")
        verbose_name_plural = _("báo cáo gửi cấp trên")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start", "period_end"], name="unique_report_submission"
            )
        ]
        indexes = [models.Index(fields=["to_unit", "kind", "period_start", "period_end"])]

    def __str__(self):
        return f"{self.report} → {self.to_unit}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()

    def is_late(self, due_date) -> bool:
        return due_date is not None and timezone.localdate(self.first_submitted_at) > due_date


QUOTABLE = Q(status__in=(Submission.Status.SUBMITTED, Submission.Status.ACCEPTED))


def _print_path(instance, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportPrint(models.Model):
    """A report's DOCX or PDF for one version, made by the worker (lamtheo.reports.printing) and kept, so that a
    second download is not rendered again. An issued report's prints are its frozen copy; a draft's say when they
    were made (its figures are live) and can be made again."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (DOCX)"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã tạo xong")
        FAILED = "failed", _("Không tạo được")

    RUNNING = (Status.QUEUED, Status.RUNNING)

    report = models.ForeignKey(Report, models.CASCADE, related_name="prints", verbose_name=_("báo cáo"))
    version = models.PositiveIntegerField(_("phiên bản"))
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(_("bước"), max_length=200, blank=True)
    error = models.TextField(_("lý do"), blank=True)
    file = models.FileField(_("tệp"), upload_to=_print_path, max_length=200, blank=True)
    task_id = models.CharField(_("mã việc nền"), max_length=64, blank=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("lúc yêu cầu"))
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản in báo cáo")
        verbose_name_plural = _("bản in báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "version", "format"], name="unique_report_print")
        ]

    def __str__(self):
        return f"{self.report} ({self.format})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING
