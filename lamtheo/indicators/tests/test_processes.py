"""Two processes, one cache: a write made by one process (the worker, another gunicorn process) is seen at once by
the figures another process has cached. Without Redis the cache is files in CACHE_DIR, shared by the processes of
the host (settings.py); a cache per process would serve the reader its figure from before the write.

Both processes are `lamtheo` commands on a copy of the test database in a file (SQLite's backup), with the same
CACHE_DIR: the reader computes (and caches) a figure, the writer adds a person through the action, the reader asks
again in the same process.
"""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the processes read a file copy of the SQLite test database"
    ),
]

READER = textwrap.dedent(
    """
    import sys
    from lamtheo.indicators import engine
    from lamtheo.indicators.periods import Period
    from lamtheo.units.models import Unit

    pk = Unit.objects.get(code="LB-01").pk
    def people():
        return engine.figures([pk], Period.year(2026), ["people"])[pk]["people"].numerator
    print(people(), flush=True)
    sys.stdin.readline()  # the writer has written
    print(people(), flush=True)
    """
)

WRITER = textwrap.dedent(
    """
    from lamtheo.people import actions
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    person = Person(unit=Unit.objects.get(code="LB-01"), full_name="Người Mới Chuyển Đến",
                    party_status=Person.PartyStatus.NON_MEMBER)
    actions.create_person(person, actor=None)
    """
)


def command(tmp_path, code: str, **kwargs):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "TASKS_BACKEND"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        INDICATORS_CACHE_SECONDS="600",
    )
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "lamtheo.cli", "shell", "-v", "0", "-c", code],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


@pytest.mark.skipif(
    bool(settings.CACHES["default"]["BACKEND"].endswith("RedisCache")), reason="the Redis cache"
)
def test_a_write_in_another_process_is_seen_at_once_by_a_process_that_cached_the_figure(tmp_path):
    import sqlite3

    # A dump read through the test's own connection (SQLite refuses to back up a database its connection is
    # writing to: the test's transaction).
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "db.sqlite3")
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()

    reader = command(tmp_path, READER, stdin=subprocess.PIPE)
    try:
        before = int(reader.stdout.readline())  # computed, and cached in the shared cache
        writer = command(tmp_path, WRITER)
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
        reader.stdin.write("\n")
        reader.stdin.flush()
        after = int(reader.stdout.readline())
    finally:
        reader.kill()
        reader.wait()
    assert before > 0
    assert after == before + 1
