import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.scoping import ScopedQuerySet, subtree_q
from lamtheo.lib import vn


def editor_paths(user) -> list[str]:
    """Paths of the units where `user` holds a role that may import (lamtheo.imports.rules)."""
    from lamtheo.imports.rules import importer_assignments

    return [a.unit.path for a in importer_assignments(user)]


def editor_q(user, path_field: str) -> models.Q:
    q = models.Q(pk__in=[])
    for path in editor_paths(user):
        q |= subtree_q(path, path_field)
    return q


class ImportJobQuerySet(ScopedQuerySet):
    unit_path_field = "unit__path"

    def importable_by(self, user):
        """The jobs of the subtrees where `user` may import: those they may open."""
        return self.visible_to(user).filter(editor_q(user, self.unit_path_field))


def _upload_to(job, filename):
    # The stored name says nothing of the file (its original name is kept on the job) and cannot be guessed.
    extension = filename[filename.rfind(".") :].lower() if "." in filename else ""
    return f"imports/{timezone.now():%Y/%m}/{job.kind}-{secrets.token_hex(8)}{extension}"


class ImportJob(models.Model):
    """One file imported under a unit: its progress, then what it created and changed, or why it was refused."""

    class Kind(models.TextChoices):
        PEOPLE = "people", gettext_lazy("Danh sách người (đảng viên, cán bộ)")
        UNITS = "units", gettext_lazy("Danh sách tổ chức đảng (đơn vị)")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Đang chờ")
        VALIDATING = "validating", gettext_lazy("Đang kiểm tra")
        INVALID = "invalid", gettext_lazy("Tệp có lỗi, chưa ghi gì")
        WRITING = "writing", gettext_lazy("Đang ghi")
        DONE = "done", gettext_lazy("Đã nhập xong")
        FAILED = "failed", gettext_lazy("Không nhập được")
        INTERRUPTED = "interrupted", gettext_lazy("Bị gián đoạn")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.WRITING)

    kind = models.CharField(gettext_lazy("loại dữ liệu"), max_length=10, choices=Kind.choices)
    file = models.FileField(gettext_lazy("tệp"), upload_to=_upload_to, max_length=200)
    original_name = models.CharField(gettext_lazy("tên tệp"), max_length=255)
    unit = models.ForeignKey(
        "units.Unit", models.PROTECT, related_name="import_jobs", verbose_name=gettext_lazy("nhập vào đơn vị")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("người nhập"),
    )
    status = models.CharField(
        gettext_lazy("trạng thái"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(gettext_lazy("số dòng"), default=0)
    created_count = models.PositiveIntegerField(gettext_lazy("tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(gettext_lazy("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(gettext_lazy("không đổi"), default=0)
    error_count = models.PositiveIntegerField(gettext_lazy("số lỗi"), default=0)
    errors = models.JSONField(gettext_lazy("lỗi"), default=list, blank=True)  # [{row, column, message}]
    created_at = models.DateTimeField(gettext_lazy("lúc tải lên"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(gettext_lazy("lúc xong"), null=True, blank=True)
    # The id of the task that runs the import on the queue (lib/jobs.py); its row says which worker took it.
    task_id = models.CharField(gettext_lazy("mã việc nền"), max_length=64, blank=True, editable=False)
    retry_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="retries",
        verbose_name=gettext_lazy("nhập lại từ lần nhập"),
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("lần nhập dữ liệu")
        verbose_name_plural = gettext_lazy("lần nhập dữ liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    # Progress lives in the cache: the import writes in one transaction that no other connection sees until it
    # commits, and the page polls every second.
    @property
    def progress_key(self) -> str:
        return f"imports:job:{self.pk}:progress"

    def set_progress(self, phase: str, done: int, total: int | None) -> None:
        cache.set(self.progress_key, {"phase": phase, "done": done, "total": total}, timeout=24 * 3600)

    def get_progress(self) -> dict:
        """`{phase, done, total}` while running (total may be None when the file does not say its size)."""
        progress = cache.get(self.progress_key) if self.is_running else None
        return progress or {"phase": self.status, "done": 0, "total": None}

    def progress_text(self, progress: dict | None = None) -> str:
        progress = progress or self.get_progress()
        done, total = vn.number(progress["done"]), progress["total"]
        if progress["phase"] == self.Status.VALIDATING and progress["done"]:
            if total:
                return _("Đang kiểm tra dòng %(done)s/%(total)s") % {"done": done, "total": vn.number(total)}
            return _("Đang kiểm tra dòng %(done)s") % {"done": done}
        if progress["phase"] == "matching":
            if total:
                return _("Đang đối chiếu với dữ liệu đã có: dòng %(done)s/%(total)s") % {
                    "done": done,
                    "total": vn.number(total),
                }
            return _("Đang đối chiếu với dữ liệu đã có")
        if progress["phase"] == self.Status.WRITING:
            if total:
                return _("Đang ghi %(done)s/%(total)s dòng") % {"done": done, "total": vn.number(total)}
            return _("Đang ghi vào cơ sở dữ liệu")
        if progress["phase"] == self.Status.VALIDATING:
            return _("Đang đọc tệp")
        return _("Đang chờ xử lý")

    @staticmethod
    def format_error(error: dict) -> str:
        """`Dòng 12, cột «Ngày sinh»: ...` as the command line prints it."""
        if error.get("row") and error.get("column"):
            return _("Dòng %(row)s, cột «%(column)s»: %(message)s") % error
        if error.get("row"):
            return _("Dòng %(row)s: %(message)s") % error
        return error["message"]
