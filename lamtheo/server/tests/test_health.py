"""/health/: JSON for a monitoring probe, green when the database, the cache, the queue and the disk are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lamtheo.imports import actions
from lamtheo.imports.tests.helpers import person, upload, xlsx
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


def test_green_when_everything_answers(client):
    response = client.get(reverse("server:health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_job_waiting_too_long_for_a_worker_turns_it_red(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    job = actions.start_import(
        kind="people", unit=unit("LB-01"), file=upload(xlsx([person(1)])), filename="a.xlsx", actor=None
    )
    assert client.get(reverse("server:health")).status_code == 200  # just queued
    DBTaskResult.objects.filter(pk=job.task_id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=settings.HEALTH_QUEUE_MAX_WAIT_MINUTES + 1)
    )
    response = client.get(reverse("server:health"))
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert (
        queue["ok"] is False and queue["oldest_waiting_seconds"] > settings.HEALTH_QUEUE_MAX_WAIT_MINUTES * 60
    )


def test_a_full_disk_turns_it_red(client, settings):
    settings.HEALTH_DISK_MIN_FREE_MB = 10**12  # more than any disk has
    response = client.get(reverse("server:health"))
    assert (response.status_code, response.json()["checks"]["disk"]["ok"]) == (503, False)


def test_it_tells_nothing_of_any_unit(client, admin):
    client.force_login(admin)
    text = client.get(reverse("server:health")).content.decode()
    assert unit("LB-01").name not in text and "LB-01" not in text
