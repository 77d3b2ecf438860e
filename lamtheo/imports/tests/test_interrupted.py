"""Imports interrupted because their worker stopped (lamtheo/lib/jobs.py, actions.record_failed_task and
retry_import): shown as such with the reason, and imported again whole. An interrupted import wrote nothing.

The jobs here are queued on the database backend (as in production) and taken by a worker that "died": its task
was left RUNNING. The worker that starts next marks it failed (`jobs.fail_abandoned`). The same with a real
worker process killed with SIGKILL is in lamtheo/server/tests/test_worker.py.
"""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lamtheo.imports import actions
from lamtheo.imports.models import ImportJob
from lamtheo.imports.people_import import PeopleImport
from lamtheo.imports.tests.helpers import person, upload, xlsx
from lamtheo.lib import jobs
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _queue(settings):
    cache.clear()
    settings.TASKS = QUEUE
    yield
    cache.clear()


def _job(status=Status.VALIDATING, *, rows=(1, 2), actor=None):
    """A job whose task a worker took, then died with: the job is left in `status`, its task RUNNING."""
    job = actions.start_import(
        kind="people",
        unit=unit("LB-01"),
        file=upload(xlsx([person(i) for i in rows])),
        filename="danh-sach.xlsx",
        actor=actor,
    )
    DBTaskResult.objects.get(pk=job.task_id).claim("worker-that-died")
    ImportJob.objects.filter(pk=job.pk).update(status=status)
    job.refresh_from_db()
    return job


def _abandoned(status=Status.VALIDATING, **kwargs):
    job = _job(status, **kwargs)
    jobs.fail_abandoned("the-next-worker")
    job.refresh_from_db()
    return job


# Telling an interrupted job --------------------------------------------------------------------------------------


def test_an_upload_is_queued_as_a_task_with_its_job():
    job = actions.start_import(
        kind="people", unit=unit("LB-01"), file=upload(xlsx([person(1)])), filename="a.xlsx", actor=None
    )
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (job.status, task.status, task.args_kwargs["args"]) == (Status.QUEUED, "READY", [job.pk])
    assert task.task_path == "lamtheo.imports.actions.process_job"


def test_the_next_worker_marks_the_task_of_a_dead_one_failed_and_its_job_interrupted_with_the_reason():
    job = _job(Status.WRITING)
    assert [str(row.pk) for row in jobs.fail_abandoned("the-next-worker")] == [job.task_id]
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert (task.status, task.exception_class_path) == ("FAILED", "lamtheo.lib.jobs.WorkerStopped")
    job.refresh_from_db()
    assert (job.status, job.finished_at is not None, job.error_count) == (Status.INTERRUPTED, True, 1)
    assert "tiến trình chạy việc nền bị dừng" in job.errors[0]["message"]


def test_a_task_the_starting_worker_runs_itself_is_left_alone():
    job = _job(Status.WRITING)
    assert jobs.fail_abandoned("worker-that-died") == []
    job.refresh_from_db()
    assert job.status == Status.WRITING


def test_a_job_that_finished_meanwhile_keeps_its_outcome():
    job = _job(Status.DONE)
    jobs.fail_abandoned("the-next-worker")
    job.refresh_from_db()
    assert (job.status, job.errors) == (Status.DONE, [])


def test_an_import_out_of_memory_says_the_file_is_too_big(monkeypatch):
    def swell(self, file, name):
        raise MemoryError

    monkeypatch.setattr(PeopleImport, "validate", swell)
    job = _job(Status.QUEUED)
    actions.process_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.errors[0]["message"]) == (Status.FAILED, actions.TOO_BIG_FOR_MEMORY)


def test_a_process_killed_while_writing_wrote_nothing(monkeypatch):
    """The process dies in the middle of the write: the transaction is rolled back, the row says "writing"."""
    people = Person.objects.count()
    job = _job(Status.QUEUED, rows=range(1, 6))

    def write_half_then_die(self):
        Person.objects.create(unit=unit("LB-01"), full_name="Nửa Chừng", party_status="quan_chung")
        raise SystemExit  # what SIGTERM does to the worker: no `except Exception` sees it

    monkeypatch.setattr(PeopleImport, "write", write_half_then_die)
    with pytest.raises(SystemExit):
        actions.run_job(job)
    job.refresh_from_db()
    assert job.status == Status.WRITING
    assert Person.objects.count() == people  # rolled back with the transaction


# Pages -------------------------------------------------------------------------------------------------------------


def test_the_job_page_shows_an_interrupted_import_with_its_reason_and_offers_to_import_again(
    login, secretary
):
    job = _abandoned(Status.WRITING, actor=secretary)
    client = login(secretary)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Bị gián đoạn" in html
    assert "tiến trình chạy việc nền bị dừng" in html
    assert "Chưa ghi gì vào cơ sở dữ liệu: mọi thay đổi của một lần nhập chỉ được lưu cùng một lúc" in html
    assert reverse("imports:retry", args=[job.pk]) in html
    assert "hx-trigger" not in html  # no more polling


def test_the_status_part_and_the_list_show_it_too(login, secretary):
    job = _abandoned(Status.VALIDATING, actor=secretary)
    client = login(secretary)
    assert "Bị gián đoạn" in client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    response = client.get(reverse("imports:upload"))
    assert [j.get_status_display() for j in response.context["jobs"] if j.pk == job.pk] == ["Bị gián đoạn"]


def test_the_list_stays_a_fixed_number_of_queries(login, secretary, django_assert_max_num_queries):
    for _index in range(3):
        _job(Status.VALIDATING)
    client = login(secretary)
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("imports:upload"))
    for _index in range(5):
        _job(Status.VALIDATING)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("imports:upload"))


def test_importing_again_checks_and_writes_the_whole_file_as_a_new_job(login, secretary):
    job = _abandoned(Status.WRITING, actor=secretary, rows=(1, 2, 3))
    client = login(secretary)
    response = client.post(reverse("imports:retry", args=[job.pk]))
    retry = ImportJob.objects.get(retry_of=job)
    assert response.status_code == 302
    assert response["Location"] == retry.get_absolute_url()
    assert (retry.status, DBTaskResult.objects.get(pk=retry.task_id).status) == (Status.QUEUED, "READY")
    actions.process_job.call(retry.pk)  # what the worker does with the task
    retry.refresh_from_db()
    assert (retry.status, retry.created_count, retry.created_by) == (Status.DONE, 3, secretary)
    assert retry.original_name == job.original_name and retry.file.name != job.file.name
    job.refresh_from_db()
    assert job.status == Status.INTERRUPTED
    html = client.get(job.get_absolute_url()).content.decode()
    assert retry.get_absolute_url() in html  # the interrupted job points to its new run
    assert reverse("imports:retry", args=[job.pk]) not in html


def test_only_an_interrupted_job_is_imported_again(login, secretary):
    job = _job(Status.DONE, actor=secretary)
    response = login(secretary).post(reverse("imports:retry", args=[job.pk]), follow=True)
    assert "Chỉ nhập lại được lần nhập bị gián đoạn." in response.content.decode()
    assert not ImportJob.objects.filter(retry_of=job).exists()


def test_a_missing_file_says_to_upload_it_again(login, secretary):
    job = _abandoned(Status.WRITING, actor=secretary)
    os.remove(job.file.path)
    response = login(secretary).post(reverse("imports:retry", args=[job.pk]), follow=True)
    assert "Tệp của lần nhập này không còn trên máy chủ; hãy tải tệp lên lại." in response.content.decode()
    assert not ImportJob.objects.filter(retry_of=job).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("commune_leader", 403), ("member", 404), ("outsider", 404), ("province_staff", 302)],
)
def test_importing_again_needs_the_right_to_import_there(login, request, persona, status):
    job = _abandoned(Status.INTERRUPTED)
    response = login(request.getfixturevalue(persona)).post(reverse("imports:retry", args=[job.pk]))
    assert response.status_code == status
    assert ImportJob.objects.filter(retry_of=job).exists() is (status == 302)


def test_importing_again_is_a_post(login, secretary):
    job = _abandoned(Status.INTERRUPTED)
    assert login(secretary).get(reverse("imports:retry", args=[job.pk])).status_code == 405
