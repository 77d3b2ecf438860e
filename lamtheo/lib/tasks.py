"""Running a slow job off the request, without a task queue.

Why: an import of 150.000 people takes tens of seconds; the request that starts it must answer at once and the
page then polls the job's progress. A daemon thread in the web process is enough for that: with SQLite in WAL
mode (see settings) the thread can write while other requests keep reading, and PostgreSQL needs nothing special.
What it does not give: if the process stops, the job stops with it (its row stays in a running state).

The thread starts only after the current transaction commits, so it sees the rows the request just wrote (the
job itself), and it closes its own database connections at the end, as Django does for a request.
With `settings.TASKS_INLINE` (tests, or a deployment that prefers it) the function simply runs inline.
"""

import logging
import threading

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)


def run_in_background(func, *args) -> None:
    if settings.TASKS_INLINE:
        func(*args)
        return
    thread = threading.Thread(target=_run, args=(func, *args), name=f"task-{func.__name__}", daemon=True)
    transaction.on_commit(thread.start)


def _run(func, *args) -> None:
    try:
        func(*args)
    except Exception:
        logger.exception("Background task %s failed", func.__name__)
    finally:
        connections.close_all()
