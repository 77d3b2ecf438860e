"""Imports interrupted by a restart (lamtheo/imports/liveness.py, actions.mark_interrupted and retry_import): told
apart from slow ones, shown as such, and imported again whole. An interrupted import wrote nothing."""

import datetime
import os
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lamtheo.imports import actions, liveness
from lamtheo.imports.models import ImportJob
from lamtheo.imports.people_import import PeopleImport
from lamtheo.imports.tests.helpers import person, upload, xlsx
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
STALE = datetime.timedelta(minutes=6)  # over the default 5 minutes


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _job(status=Status.VALIDATING, *, age=datetime.timedelta(0), worker="", rows=(1, 2), **fields):
    job = ImportJob(
        kind="people", unit=unit("LB-01"), original_name="danh-sach.xlsx", status=status, **fields
    )
    job.file.save("danh-sach.xlsx", upload(xlsx([person(i) for i in rows])), save=False)
    job.worker = worker
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    job.refresh_from_db()
    return job


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once, for its id
    process.wait()
    return process.pid


def _worker(pid: int, start: str | None = None) -> str:
    return f"{socket.gethostname()}:{pid}:{start if start is not None else liveness._start_time(pid) or ''}"


@pytest.fixture
def live_process():
    process = subprocess.Popen(["sleep", "60"])  # noqa: S607 - another live process on this host
    yield process
    process.kill()
    process.wait()


# Telling an interrupted job from a running one ---------------------------------------------------------------------


def test_a_job_running_in_this_process_is_not_interrupted_however_old():
    job = _job(age=STALE)
    with liveness.running(job):
        job.worker = liveness.this_worker()
        assert cache.get(liveness.heartbeat_key(job.pk)) is not None
        assert not liveness.is_interrupted(job)
    assert cache.get(liveness.heartbeat_key(job.pk)) is None  # cleared when the import ends


def test_a_heartbeat_that_stopped_moving_means_interrupted():
    job = _job(worker="elsewhere:123:456")
    cache.set(liveness.heartbeat_key(job.pk), time.time() - 60)
    assert not liveness.is_interrupted(job)
    cache.set(liveness.heartbeat_key(job.pk), time.time() - STALE.total_seconds())
    assert liveness.is_interrupted(job)


def test_a_process_that_is_gone_means_interrupted_at_once():
    assert liveness.is_interrupted(_job(worker=_worker(_dead_pid())))


def test_a_process_id_reused_by_a_younger_process_means_interrupted(live_process):
    assert liveness.is_interrupted(_job(worker=_worker(live_process.pid, start="1")))


def test_this_process_restarted_with_the_same_id_means_interrupted():
    job = _job(worker=liveness.this_worker())  # recorded by "this" process, which does not run it
    assert liveness.is_interrupted(job)


def test_another_live_process_on_this_host_is_trusted_with_a_local_cache(live_process, monkeypatch):
    job = _job(worker=_worker(live_process.pid), age=STALE)
    assert not liveness.is_interrupted(job)  # its heartbeat is in its own memory, out of sight
    monkeypatch.setattr(liveness, "cache_is_shared", lambda: True)
    assert liveness.is_interrupted(job)  # with a shared cache its heartbeat would be seen


@pytest.mark.parametrize(("shared", "age", "interrupted"), [(False, STALE, False), (True, STALE, True)])
def test_a_worker_on_another_host(monkeypatch, shared, age, interrupted):
    monkeypatch.setattr(liveness, "cache_is_shared", lambda: shared)
    assert liveness.is_interrupted(_job(worker="another-host:4242:99", age=age)) is interrupted
    assert not liveness.is_interrupted(_job(worker="another-host:4242:99"))  # too recent to tell


def test_a_queued_job_no_process_took():
    assert not liveness.is_interrupted(_job(Status.QUEUED))
    assert liveness.is_interrupted(_job(Status.QUEUED, age=STALE))


@pytest.mark.parametrize("status", [Status.DONE, Status.INVALID, Status.FAILED])
def test_a_finished_job_is_never_interrupted(status):
    assert not liveness.is_interrupted(_job(status, age=STALE, worker=_worker(_dead_pid())))


def test_run_job_records_its_worker(admin):
    job = _job(Status.QUEUED, created_by=admin)
    actions.run_job(job)
    job.refresh_from_db()
    assert (job.status, job.worker) == (Status.DONE, liveness.this_worker())


# Marking, and nothing half-written ---------------------------------------------------------------------------------


def test_a_process_killed_while_writing_wrote_nothing_and_the_job_shows_interrupted(admin, monkeypatch):
    """The process dies in the middle of the write: the transaction is rolled back, the row says "writing"."""
    people = Person.objects.count()
    job = _job(Status.QUEUED, created_by=admin, rows=range(1, 6))

    def write_half_then_die(self):
        Person.objects.create(unit=unit("LB-01"), full_name="Nửa Chừng", party_status="quan_chung")
        raise SystemExit  # what stopping the server does to the thread: no `except Exception` sees it

    monkeypatch.setattr(PeopleImport, "write", write_half_then_die)
    with pytest.raises(SystemExit):
        actions.run_job(job)
    job.refresh_from_db()
    assert job.status == Status.WRITING
    assert Person.objects.count() == people  # rolled back with the transaction

    ImportJob.objects.filter(pk=job.pk).update(worker=_worker(_dead_pid()))  # the server restarted
    job.refresh_from_db()
    assert actions.mark_interrupted([job]) == [job]
    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == (Status.INTERRUPTED, True)
    assert Person.objects.count() == people


def test_a_job_that_finished_meanwhile_keeps_its_outcome():
    job = _job(worker=_worker(_dead_pid()))
    ImportJob.objects.filter(pk=job.pk).update(status=Status.DONE)  # finished after the page read it
    assert actions.mark_interrupted([job]) == []
    job.refresh_from_db()
    assert job.status == Status.DONE


# Pages -------------------------------------------------------------------------------------------------------------


def test_the_job_page_shows_an_interrupted_import_and_offers_to_import_again(login, secretary):
    job = _job(Status.WRITING, worker=_worker(_dead_pid()), created_by=secretary)
    client = login(secretary)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Bị gián đoạn" in html
    assert "Chưa ghi gì vào cơ sở dữ liệu: mọi thay đổi của một lần nhập chỉ được lưu cùng một lúc" in html
    assert reverse("imports:retry", args=[job.pk]) in html
    assert "hx-trigger" not in html  # no more polling
    job.refresh_from_db()
    assert job.status == Status.INTERRUPTED


def test_the_status_part_and_the_list_show_it_too(login, secretary):
    job = _job(Status.VALIDATING, worker=_worker(_dead_pid()), created_by=secretary)
    client = login(secretary)
    assert "Bị gián đoạn" in client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    other = _job(Status.VALIDATING, worker=_worker(_dead_pid()), created_by=secretary)
    response = client.get(reverse("imports:upload"))
    assert [j.get_status_display() for j in response.context["jobs"] if j.pk == other.pk] == ["Bị gián đoạn"]


def test_the_list_stays_a_fixed_number_of_queries(login, secretary, django_assert_max_num_queries):
    for _index in range(3):
        _job(Status.VALIDATING, worker="another-host:1:1")  # cannot be told: left running, no query
    client = login(secretary)
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("imports:upload"))
    for _index in range(5):
        _job(Status.VALIDATING, worker="another-host:1:1")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("imports:upload"))


def test_importing_again_checks_and_writes_the_whole_file_as_a_new_job(login, secretary):
    job = _job(Status.WRITING, worker=_worker(_dead_pid()), created_by=secretary, rows=(1, 2, 3))
    client = login(secretary)
    response = client.post(reverse("imports:retry", args=[job.pk]))
    retry = ImportJob.objects.get(retry_of=job)
    assert response.status_code == 302
    assert response["Location"] == retry.get_absolute_url()
    assert (retry.status, retry.created_count, retry.created_by) == (Status.DONE, 3, secretary)
    assert retry.original_name == job.original_name and retry.file.name != job.file.name
    job.refresh_from_db()
    assert job.status == Status.INTERRUPTED
    html = client.get(job.get_absolute_url()).content.decode()
    assert retry.get_absolute_url() in html  # the interrupted job points to its new run
    assert reverse("imports:retry", args=[job.pk]) not in html


def test_only_an_interrupted_job_is_imported_again(login, secretary):
    job = _job(Status.DONE, created_by=secretary)
    response = login(secretary).post(reverse("imports:retry", args=[job.pk]), follow=True)
    assert "Chỉ nhập lại được lần nhập bị gián đoạn." in response.content.decode()
    assert not ImportJob.objects.filter(retry_of=job).exists()


def test_a_missing_file_says_to_upload_it_again(login, secretary):
    job = _job(Status.WRITING, worker=_worker(_dead_pid()), created_by=secretary)
    os.remove(job.file.path)
    response = login(secretary).post(reverse("imports:retry", args=[job.pk]), follow=True)
    assert "Tệp của lần nhập này không còn trên máy chủ; hãy tải tệp lên lại." in response.content.decode()
    assert not ImportJob.objects.filter(retry_of=job).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("commune_leader", 403), ("member", 404), ("outsider", 404), ("province_staff", 302)],
)
def test_importing_again_needs_the_right_to_import_there(login, request, persona, status):
    job = _job(Status.INTERRUPTED)
    response = login(request.getfixturevalue(persona)).post(reverse("imports:retry", args=[job.pk]))
    assert response.status_code == status
    assert ImportJob.objects.filter(retry_of=job).exists() is (status == 302)


def test_importing_again_is_a_post(login, secretary):
    job = _job(Status.INTERRUPTED)
    assert login(secretary).get(reverse("imports:retry", args=[job.pk])).status_code == 405
