"""Whether a running import is still alive, or was interrupted (the server restarted, the process was killed).

An import runs in a thread of the web process (lamtheo.lib.tasks) or in the `import` command's process; if that
process stops, the job's row stays in a running state for ever. Two signs tell it apart from a slow import:

- the **heartbeat**: while a job runs, a small thread of its process writes the time to the cache every
  HEARTBEAT_SECONDS, whatever the import is doing (a long SQL statement or the final commit report no progress).
  A heartbeat that has not moved for `settings.IMPORT_STALE_MINUTES` (5) means the process is gone.
- the **worker**: the job records the host, process id and process start time of whoever runs it. On the same
  host, a process id that no longer exists (or now belongs to a younger process) means the process is gone, and
  this very process knows which jobs it runs.

The local-memory cache (no REDIS_URL) is per process: another process's heartbeat cannot be seen there, so a
missing heartbeat proves nothing unless the cache is shared; then the worker check decides.
"""

import contextlib
import os
import socket
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

HEARTBEAT_SECONDS = 15
_HEARTBEAT_TIMEOUT = 24 * 3600  # long enough for a stopped heartbeat to be seen as stopped

# Jobs running in this process (web threads or the command), by primary key.
_running_here: set[int] = set()
_lock = threading.Lock()


def stale_after() -> float:
    """Seconds without a heartbeat after which a running job counts as interrupted."""
    return 60 * getattr(settings, "IMPORT_STALE_MINUTES", 5)


def heartbeat_key(job_id: int) -> str:
    return f"imports:job:{job_id}:heartbeat"


def _start_time(pid: int) -> str | None:
    """The process's start time (clock ticks since boot) from /proc, or None when it does not exist there."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return None


def this_worker() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"[:255]


def worker_gone(worker: str) -> bool | None:
    """True if the process named by `worker` no longer runs, False if it does, None if it cannot be told (it ran
    on another host)."""
    host, pid_text, start = [*worker.rsplit(":", 2), "", ""][:3]
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    if os.path.isdir("/proc/self"):
        current = _start_time(pid)
        # None: no such process; another start time: the id was reused by a younger process.
        return current is None or (bool(start) and current != start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def cache_is_shared() -> bool:
    """Whether every process reads the same cache (Redis), so a missing heartbeat means something."""
    from django.core.cache import caches

    return not isinstance(caches["default"], LocMemCache | DummyCache)


def is_interrupted(job) -> bool:
    """Whether `job`, in a running state, is in fact no longer running anywhere."""
    if not job.is_running:
        return False
    stale = stale_after()
    beat = cache.get(heartbeat_key(job.pk))
    if beat is not None:
        return time.time() - beat > stale
    age = (timezone.now() - job.created_at).total_seconds()
    if not job.worker:  # queued, and no process ever took it (the server stopped before its thread started)
        return age > stale
    if job.worker == this_worker():
        with _lock:
            return (
                job.pk not in _running_here
            )  # this process would be running it: it restarted with the same id
    gone = worker_gone(job.worker)
    if gone:
        return True
    return cache_is_shared() and age > stale


@contextlib.contextmanager
def running(job):
    """While the body runs: the job counts as running in this process and its heartbeat beats."""
    key = heartbeat_key(job.pk)
    stop = threading.Event()

    def beat():
        while True:
            with contextlib.suppress(Exception):  # a cache outage must not stop the import
                cache.set(key, time.time(), timeout=_HEARTBEAT_TIMEOUT)
            if stop.wait(HEARTBEAT_SECONDS):
                return

    with _lock:
        _running_here.add(job.pk)
    thread = threading.Thread(target=beat, name=f"import-heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        with _lock:
            _running_here.discard(job.pk)
        with contextlib.suppress(Exception):
            cache.delete(key)
