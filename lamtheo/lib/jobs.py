"""Background jobs: tasks of django-tasks (the backport of Django 6's `django.tasks`) kept as rows by
django-tasks-db and run by `lamtheo worker`, a process of its own.

Why a queue and not a thread of the web process: a job outlives the request and the web server's restarts, a
worker can be given a memory cap of its own, and a job whose worker died is visible as such.

How a dead worker shows: the worker marks a task RUNNING when it takes it and SUCCESSFUL or FAILED when it ends.
A worker killed in between (kill -9, out of memory, power cut) leaves its task RUNNING. The deployment runs one
worker (deploy/lamtheo-worker.service, restarted at once by systemd; `make demo` starts one), so when a worker
starts, a task still RUNNING under another worker's id is one that died with its worker: `fail_abandoned` marks it
FAILED with `WorkerStopped` and sends the framework's `task_finished` signal, on which the app that queued the
task records the outcome on its own record (imports: the job page says what happened and offers "Nhập lại").
Nothing needs undoing in the database: every job writes in one transaction, which the database rolled back when
the connection dropped.

When the project moves to Django 6, `django_tasks` becomes `django.tasks` in the imports below and nothing else.
"""

import logging
import resource

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """The worker running a task stopped before the task ended (killed, out of memory, machine restarted)."""


def fail_abandoned(worker_id: str) -> list[DBTaskResult]:
    """Mark FAILED the tasks left RUNNING by workers other than `worker_id`; returns them.

    Called by `lamtheo worker` as it starts. Each is announced with `task_finished`, as if it had failed in the
    worker, so that the code that queued it records the outcome.
    """
    abandoned = []
    for row in DBTaskResult.objects.running():
        if row.worker_ids and row.worker_ids[-1] == worker_id:
            continue
        error = WorkerStopped(_("Tiến trình chạy việc nền đã dừng khi việc này đang chạy."))
        changed = DBTaskResult.objects.filter(pk=row.pk, status=row.status).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
            traceback=f"{WorkerStopped.__qualname__}: {error}\n",
        )
        if not changed:  # finished meanwhile
            continue
        row.refresh_from_db()
        logger.warning("Task %s (%s) was abandoned by its worker: marked failed", row.pk, row.task_path)
        try:
            task_result = row.task_result
        except ImportError:  # the task's code is gone: nothing to tell
            abandoned.append(row)
            continue
        task_finished.send(sender=DatabaseBackend, task_result=task_result)
        abandoned.append(row)
    return abandoned


def failure_reason(task_result) -> str:
    """The class of the exception that ended a failed task (`lamtheo.lib.jobs.WorkerStopped`, `MemoryError`)."""
    return task_result.errors[-1].exception_class_path if task_result.errors else ""


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: past it an allocation raises MemoryError instead of the machine
    swapping to a halt. 0 leaves it uncapped."""
    if megabytes <= 0:
        return
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def oldest_waiting():
    """The time the oldest task still waiting for a worker was queued, or None (the health check reads it)."""
    row = DBTaskResult.objects.ready().order_by("enqueued_at").only("enqueued_at").first()
    return row.enqueued_at if row else None
