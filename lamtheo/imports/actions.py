"""Importing a file of people or units under a unit: check every row, then write everything in one transaction.

    start_import (the upload view)  or  create_job + run_job (the `import` command)
      → VALIDATING: read the file, check every row (people_import / units_import)
      → INVALID: every problem stored on the job as (row, column, message); nothing written
      → or WRITING → DONE: creates, updates and transfers in one transaction, audited, with the counts.
      → INTERRUPTED: the worker running it stopped (killed, out of memory; lib/jobs.py tells it); the transaction
        never committed, so nothing was written, and retry_import imports the same file again as a new job,
        checked whole again.

An upload is a task (`process_job`) queued in the same transaction as its job and run by `lamtheo worker`.

Existing records are matched by party card number, else CCCD (people), and by code (units). Re-importing the
same file finds every row unchanged and writes nothing. Progress goes to `progress(phase, done, total)`: the
cache for the job page, the terminal for the command.
"""

import contextlib
import gc
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from lamtheo.accounts.rules import require
from lamtheo.audit.actions import user_of
from lamtheo.imports.importer import Problems, Progress, StaleData
from lamtheo.imports.models import ImportJob
from lamtheo.imports.people_import import PeopleImport
from lamtheo.imports.readers import ReadError
from lamtheo.imports.units_import import UnitImport
from lamtheo.indicators import freshness
from lamtheo.lib import jobs
from lamtheo.units.models import Unit

logger = logging.getLogger(__name__)
Status = ImportJob.Status
IMPORTERS = {ImportJob.Kind.PEOPLE: PeopleImport, ImportJob.Kind.UNITS: UnitImport}


def create_job(
    *, kind: str, unit: Unit, file, filename: str, actor, retry_of: ImportJob | None = None
) -> ImportJob:
    """Store an upload (already passed by readers.check_upload) as a queued job."""
    require(actor, "imports.import", unit)
    job = ImportJob(
        kind=kind, unit=unit, original_name=filename[:255], created_by=user_of(actor), retry_of=retry_of
    )
    job.file.save(filename, file, save=False)
    job.save()
    return job


def start_import(*, kind: str, unit: Unit, file, filename: str, actor) -> ImportJob:
    """Store the upload and import it off the request; the job page follows its progress."""
    job = create_job(kind=kind, unit=unit, file=file, filename=filename, actor=actor)
    _queue(job)
    return job


def _queue(job: ImportJob) -> None:
    job.task_id = str(process_job.enqueue(job.pk).id)
    job.save(update_fields=["task_id"])


@task()
def process_job(job_id: int) -> str:
    """The task: import one stored upload. Returns how it ended (the job's status)."""
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    run_job(job, progress=job.set_progress)
    return job.status


def run_job(job: ImportJob, *, progress=None) -> ImportJob:
    """Check the whole file, then write it if it is clean. Never raises: the job's status says how it ended."""
    tracker = Progress(progress)
    note = _("Nhập từ tệp «%(name)s»") % {"name": job.original_name}
    importer = IMPORTERS[job.kind](job.unit, actor=job.created_by, note=note, progress=tracker)
    _run(job, importer, tracker)
    return job


def _run(job: ImportJob, importer, tracker: Progress) -> None:
    try:
        _set_status(job, Status.VALIDATING)
        tracker(Status.VALIDATING, 0, None, force=True)
        with without_cyclic_gc(), job.file.open("rb") as file:
            importer.validate(file, job.original_name)
        job.total_rows = importer.row_count
        if importer.problems:
            _finish(job, Status.INVALID, problems=importer.problems)
            return
        _set_status(job, Status.WRITING)
        tracker(Status.WRITING, 0, importer.write_count, force=True)
        with without_cyclic_gc(), transaction.atomic():
            importer.write()
            freshness.changed("people", "units")  # written in bulk: the figures counting people recompute
            _finish(job, Status.DONE, counts=importer.counts)
    except ReadError as error:
        _finish(job, Status.INVALID, problems=Problems.single(error.message))
    except StaleData:
        _finish(
            job,
            Status.FAILED,
            problems=Problems.single(
                _(
                    "Trong lúc kiểm tra tệp, một số hồ sơ trong tệp đã được người khác sửa. Chưa ghi gì; hãy nhập lại tệp."
                )
            ),
        )
    except IntegrityError:
        logger.warning("Import %s: integrity error while writing", job.pk, exc_info=True)
        _finish(
            job,
            Status.FAILED,
            problems=Problems.single(
                _(
                    "Trong lúc nhập, dữ liệu trong hệ thống đã thay đổi (trùng số thẻ đảng viên, số CCCD hoặc mã đơn vị). "
                    "Chưa ghi gì; hãy nhập lại tệp."
                )
            ),
        )
    except MemoryError:
        logger.warning("Import %s: out of memory", job.pk)
        _finish(job, Status.FAILED, problems=Problems.single(TOO_BIG_FOR_MEMORY))
    except Exception:
        logger.exception("Import %s failed", job.pk)
        _finish(
            job,
            Status.FAILED,
            problems=Problems.single(_("Lỗi hệ thống khi nhập tệp. Chưa ghi gì; hãy báo quản trị hệ thống.")),
        )


@contextlib.contextmanager
def without_cyclic_gc():
    """Pause Python's cycle collector while an import holds hundreds of thousands of rows in memory.

    Every few thousand new objects the collector walks all the objects still alive: with 150.000 rows held for
    checking, that was a third of the import's time. Reference counting still frees what is dropped; cycles wait
    for the end. Process-wide, so another thread's import may turn it back on early: then it is only slower.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _set_status(job: ImportJob, status: str, *fields: str) -> None:
    job.status = status
    job.save(update_fields=["status", *fields])


def _finish(job: ImportJob, status: str, *, problems: Problems | None = None, counts=None) -> None:
    job.status = status
    job.finished_at = timezone.now()
    if problems is not None:
        job.errors = problems.as_list()
        job.error_count = len(problems)
    if counts is not None:
        job.created_count, job.updated_count, job.unchanged_count = counts
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "total_rows",
            "errors",
            "error_count",
            "created_count",
            "updated_count",
            "unchanged_count",
        ]
    )


# Interrupted imports -------------------------------------------------------------------------------------------

TOO_BIG_FOR_MEMORY = _(
    "Tệp cần nhiều bộ nhớ hơn mức máy chủ cho phép để đọc. Chưa ghi gì; hãy chia tệp thành nhiều tệp nhỏ hơn."
)


def record_failed_task(sender, task_result, **kwargs) -> None:
    """On the framework's `task_finished`: an import task that failed outside run_job (its worker died, or it ran
    out of memory) leaves its job INTERRUPTED with the reason, so the job page says so and offers "Nhập lại".

    Only a job still in a running state is changed, so a job that finished keeps its outcome. Nothing else needs
    undoing: an import writes in one transaction, which the database rolled back when the worker stopped.
    """
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.module_path != process_job.module_path
    ):
        return
    reason = jobs.failure_reason(task_result)
    if reason.endswith("MemoryError"):
        message = TOO_BIG_FOR_MEMORY
    else:
        message = _(
            "Việc nhập đã dừng giữa chừng vì tiến trình chạy việc nền bị dừng (máy chủ khởi động lại, tiến trình "
            "bị tắt hoặc hết bộ nhớ)."
        )
    changed = ImportJob.objects.filter(pk=task_result.args[0], status__in=ImportJob.RUNNING).update(
        status=Status.INTERRUPTED,
        finished_at=timezone.now(),
        errors=Problems.single(message).as_list(),
        error_count=1,
    )
    if changed:
        logger.warning("Import %s was interrupted: %s", task_result.args[0], reason or "-")


def retry_import(job: ImportJob, *, actor) -> ImportJob:
    """Import the file of an interrupted job again, as a new job: checked whole again, then written whole."""
    require(actor, "imports.import", job.unit)
    if job.status != Status.INTERRUPTED:
        raise ValidationError(_("Chỉ nhập lại được lần nhập bị gián đoạn."))
    if not job.unit.is_active:
        raise ValidationError(_("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": job.unit.name})
    try:
        source = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise ValidationError(
            _("Tệp của lần nhập này không còn trên máy chủ; hãy tải tệp lên lại.")
        ) from None
    with source:
        retry = create_job(
            kind=job.kind, unit=job.unit, file=source, filename=job.original_name, actor=actor, retry_of=job
        )
    _queue(retry)
    return retry
