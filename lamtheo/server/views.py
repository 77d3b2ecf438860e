"""`/health/`: is this server able to serve? Plain JSON for a monitoring probe, about the machine only (no data of
any unit), open to anyone. 200 when every check passes, 503 otherwise, with each check's outcome."""

import shutil

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lamtheo.lib import jobs


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _cache() -> dict:
    cache.set("health:probe", 1, timeout=10)
    return {"ok": cache.get("health:probe") == 1}


def _queue() -> dict:
    """The oldest job still waiting for the worker: older than HEALTH_QUEUE_MAX_WAIT_MINUTES means no worker runs."""
    oldest = jobs.oldest_waiting()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {
        "ok": waited <= settings.HEALTH_QUEUE_MAX_WAIT_MINUTES * 60,
        "oldest_waiting_seconds": round(waited),
    }


def _disk() -> dict:
    """Free space where uploads and backups go."""
    usage = shutil.disk_usage(settings.MEDIA_ROOT if settings.MEDIA_ROOT.exists() else settings.BASE_DIR)
    free_mb = usage.free // (1024 * 1024)
    return {"ok": free_mb >= settings.HEALTH_DISK_MIN_FREE_MB, "free_mb": free_mb}


CHECKS = {"database": _database, "cache": _cache, "queue": _queue, "disk": _disk}


@never_cache
@require_GET
def health(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # a check that cannot run has failed; say how, not where
            results[name] = {"ok": False, "error": type(error).__name__}
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503
    )
