"""The queue itself: `lamtheo worker` runs what the web queued, and a worker killed with SIGKILL in the middle of a
100.000-row import leaves nothing written, the job failed with its reason, and "Nhập lại" runs it again.

The rest of the suite runs tasks on the spot (the immediate backend, lamtheo/pytest_plugin.py); these tests queue
them on the database backend as production does. On SQLite the test database lives in this process's memory, so
the worker runs here (the same command, in this process); on PostgreSQL it is a process of its own, and the kill
test runs there only.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lamtheo import testing
from lamtheo.accounts.models import User
from lamtheo.imports import actions
from lamtheo.imports.models import ImportJob
from lamtheo.imports.tests.helpers import csv_text, person, upload, xlsx
from lamtheo.people.models import Person
from lamtheo.testing import unit
from lamtheo.units.models import Unit

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
Status = ImportJob.Status
ROWS = 100_000
ON_POSTGRES = connection.vendor == "postgresql"
# On PostgreSQL the worker is another process: it sees only what was committed.
pytestmark = pytest.mark.django_db(transaction=ON_POSTGRES)


@pytest.fixture
def queue(settings, monkeypatch):
    settings.TASKS = QUEUE
    settings.WORKER_MEMORY_LIMIT_MB = 0  # the in-process worker must not cap the test run's memory
    monkeypatch.setenv("LAMTHEO_TEST_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    if not Unit.objects.filter(code="TU").exists():  # a transactional test before this one flushed the world
        testing.build_world()
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in handlers.items():  # the worker installs its own
        signal.signal(sig, handler)


def _run_worker():
    """`lamtheo worker --batch`: run every queued task, then stop."""
    if ON_POSTGRES:
        worker = _worker_process("--batch", "--interval", "0")
        assert worker.wait(timeout=900) == 0, worker.stderr.read().decode()
    else:
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def test_the_worker_runs_what_was_queued(queue):
    secretary = User.objects.get(username="secretary")
    job = actions.start_import(
        kind="people",
        unit=unit("LB-01"),
        file=upload(xlsx([person(i) for i in (1, 2, 3)])),
        filename="danh-sach.xlsx",
        actor=secretary,
    )
    assert job.status == Status.QUEUED
    _run_worker()
    job.refresh_from_db()
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (job.status, job.created_count) == (Status.DONE, 3)
    assert (task.status, task.return_value, len(task.worker_ids)) == ("SUCCESSFUL", "done", 1)


def test_the_worker_makes_a_reports_docx(queue):
    from lamtheo.indicators.periods import Period
    from lamtheo.reports import actions as reports
    from lamtheo.reports import printing

    secretary = User.objects.get(username="secretary")
    report = reports.create_report(
        unit=unit("LB-01"), kind="annual", period=Period.year(2026), actor=secretary
    )
    made = printing.request_print(report, "docx", actor=secretary)
    assert made.status == "queued"  # in the request: nothing rendered
    _run_worker()
    made.refresh_from_db()
    assert (made.status, made.step, made.error) == ("done", "", "")
    with made.file.open("rb") as file:
        assert file.read(2) == b"PK"


def test_a_task_that_raises_is_failed_with_its_exception(queue):
    job = actions.start_import(
        kind="people", unit=unit("LB-01"), file=upload(xlsx([person(1)])), filename="a.xlsx", actor=None
    )
    ImportJob.objects.filter(pk=job.pk).delete()  # deleted before the worker took it
    _run_worker()
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (task.status, task.exception_class_path) == (
        "FAILED",
        "lamtheo.imports.models.ImportJob.DoesNotExist",
    )
    assert "DoesNotExist" in task.traceback


# A worker process killed with SIGKILL ------------------------------------------------------------------------------


def _worker_process(*extra):
    env = {key: value for key, value in os.environ.items() if key not in {"TASKS_BACKEND", "REDIS_URL"}}
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    env["DATABASE_URL"] = f"postgres://{login}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env["MEDIA_ROOT"] = str(os.environ.get("LAMTHEO_TEST_MEDIA_ROOT"))
    command = [sys.executable, "-m", "lamtheo.cli", "worker", "--no-reload", "--no-startup-delay", *extra]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def _wait_for(job, statuses, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return
        time.sleep(0.2)
    pytest.fail(f"import {job.pk} still {job.status} after {seconds} s")


@pytest.mark.skipif(
    not ON_POSTGRES, reason="a worker process of its own needs a database another process sees"
)
def test_a_worker_killed_in_the_middle_of_a_large_import_wrote_nothing_and_the_import_runs_again(
    queue, client
):
    secretary = User.objects.get(username="secretary")
    people = Person.objects.count()
    data = csv_text([person(i) for i in range(1, ROWS + 1)]).encode()
    job = actions.start_import(
        kind="people",
        unit=unit("LB-01"),
        file=upload(data, "danh-sach.csv"),
        filename="danh-sach.csv",
        actor=secretary,
    )

    worker = _worker_process("--interval", "0.2")
    try:
        _wait_for(job, {Status.WRITING}, seconds=600)
        time.sleep(2)  # well into the write
    finally:
        worker.kill()  # SIGKILL: no handler, no clean-up
        worker.wait()
    job.refresh_from_db()
    assert job.status == Status.WRITING  # as the dead worker left it
    assert Person.objects.count() == people  # its transaction died with its connection

    # The next worker (systemd restarts it at once) marks the task failed, and the job says why.
    _run_worker()
    job.refresh_from_db()
    assert job.status == Status.INTERRUPTED
    assert DBTaskResult.objects.get(pk=job.task_id).exception_class_path == "lamtheo.lib.jobs.WorkerStopped"
    client.force_login(secretary)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "tiến trình chạy việc nền bị dừng" in html
    assert reverse("imports:retry", args=[job.pk]) in html

    # "Nhập lại" queues the same file again; a worker imports it whole.
    response = client.post(reverse("imports:retry", args=[job.pk]))
    retry = ImportJob.objects.get(retry_of=job)
    assert response["Location"] == retry.get_absolute_url()
    _run_worker()
    retry.refresh_from_db()
    assert (retry.status, retry.created_count) == (Status.DONE, ROWS)
    assert Person.objects.count() == people + ROWS
