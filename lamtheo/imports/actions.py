"""Importing a file of people or units under a unit: check every row, then write everything in one transaction.

    start_import (the upload view)  or  create_job + run_job (the `import` command)
      → VALIDATING: read the file, check every row (people_import / units_import)
      → INVALID: every problem stored on the job as (row, column, message); nothing written
      → or WRITING → DONE: creates, updates and transfers in one transaction, audited, with the counts.

Existing records are matched by party card number, else CCCD (people), and by code (units). Re-importing the
same file finds every row unchanged and writes nothing. Progress goes to `progress(phase, done, total)`: the
cache for the job page, the terminal for the command.
"""

import contextlib
import gc
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.imports.importer import Problems, Progress, StaleData
from lamtheo.imports.models import ImportJob
from lamtheo.imports.people_import import PeopleImport
from lamtheo.imports.readers import ReadError
from lamtheo.imports.units_import import UnitImport
from lamtheo.lib.tasks import run_in_background
from lamtheo.units.models import Unit

logger = logging.getLogger(__name__)
Status = ImportJob.Status
IMPORTERS = {ImportJob.Kind.PEOPLE: PeopleImport, ImportJob.Kind.UNITS: UnitImport}


def create_job(*, kind: str, unit: Unit, file, filename: str, actor) -> ImportJob:
    """Store an upload (already passed by readers.check_upload) as a queued job."""
    job = ImportJob(kind=kind, unit=unit, original_name=filename[:255], created_by=_user(actor))
    job.file.save(filename, file, save=False)
    job.save()
    return job


def start_import(*, kind: str, unit: Unit, file, filename: str, actor) -> ImportJob:
    """Store the upload and import it off the request; the job page follows its progress."""
    job = create_job(kind=kind, unit=unit, file=file, filename=filename, actor=actor)
    run_in_background(process_job, job.pk)
    return job


def process_job(job_id: int) -> None:
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    run_job(job, progress=job.set_progress)


def run_job(job: ImportJob, *, progress=None) -> ImportJob:
    """Check the whole file, then write it if it is clean. Never raises: the job's status says how it ended."""
    tracker = Progress(progress)
    note = _("Nhập từ tệp «%(name)s»") % {"name": job.original_name}
    importer = IMPORTERS[job.kind](job.unit, actor=job.created_by, note=note, progress=tracker)
    try:
        _set_status(job, Status.VALIDATING)
        tracker(Status.VALIDATING, 0, None, force=True)
        with without_cyclic_gc(), job.file.open("rb") as file:
            importer.validate(file, job.original_name)
        job.total_rows = importer.row_count
        if importer.problems:
            _finish(job, Status.INVALID, problems=importer.problems)
            return job
        _set_status(job, Status.WRITING)
        tracker(Status.WRITING, 0, importer.write_count, force=True)
        with without_cyclic_gc(), transaction.atomic():
            importer.write()
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
    except Exception:
        logger.exception("Import %s failed", job.pk)
        _finish(
            job,
            Status.FAILED,
            problems=Problems.single(_("Lỗi hệ thống khi nhập tệp. Chưa ghi gì; hãy báo quản trị hệ thống.")),
        )
    return job


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


def _set_status(job: ImportJob, status: str) -> None:
    job.status = status
    job.save(update_fields=["status"])


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


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
