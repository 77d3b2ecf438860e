"""Benchmark of concurrent writers (not a test): what keeping the figures fresh costs twenty secretaries who record
their meetings' attendance at the same moment, on PostgreSQL.

    .venv/bin/python bench/bench_writers.py [--runs 15] [--writers 20] [--people 30]
    BENCH_WRITERS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench_writers .venv/bin/python bench/...

Issue 11: "a test on PostgreSQL with 20 concurrent writers of attendance in different chi bộ shows no writer
waiting on another (measure the time against the same writers with the figures layer switched off: within 10%)".
The test (indicators/tests/test_concurrent_writers.py) shows that none waits; this measures the time.

What it does:
1. A database of its own (BENCH_WRITERS_DATABASE_URL, else DATABASE_URL when it is PostgreSQL, else
   postgres://postgres@127.0.0.1:5432/lamtheo_bench_writers; created when missing, never dropped): the tables, the
   tests' small province, and `--writers` chi bộ of `--people` people each under one commune (once).
2. Each run: a monthly meeting planned in every chi bộ (not timed), then `--writers` threads (kept for the whole
   benchmark, each with its own connection and cache client, as a server's workers), released together, each
   records its meeting as held with everyone present through the action (meetings.actions.hold_meeting: the
   meeting's attendance columns, the rows, the audit row, and the figures' freshness: the generations of the apps
   written, bumped now and again after the commit). Timed: from the release to the last commit.
3. The same with the figures layer switched off: the audit's `recorded` signal no longer reaches the figures'
   freshness (indicators.apps), so no generation is bumped; everything else is the same. Runs alternate (on, off,
   off, on, ...), so that the machine's load weighs on both alike; the medians are printed, and the median of the
   ratios of the pairs (a run on and the run off beside it), the steadier figure on a loaded machine (goal: within
   10%).

The cache is the one the settings name: Redis with REDIS_URL (set BENCH_WRITERS_REDIS_URL, e.g.
redis://127.0.0.1:6379/6, for production's), else the files in CACHE_DIR (a directory of the bench's own).
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lamtheo_bench_writers"
COMMUNE = "LB"
TARGET = 1.10  # on / off


def _database_url() -> str:
    url = os.environ.get("BENCH_WRITERS_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else DEFAULT_URL


def _create_database(url: str) -> bool:
    """Create the database named by `url` when missing; False when PostgreSQL cannot be reached."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = url.replace(parts.path, "/postgres", 1)
    try:
        with psycopg.connect(server, autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not found:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"skipped: PostgreSQL cannot be reached ({error.__class__.__name__})")
        return False
    return True


def main() -> None:
    args = _arguments()
    url = _database_url()
    if not _create_database(url):
        return
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"
    if os.environ.get("BENCH_WRITERS_REDIS_URL"):
        os.environ["REDIS_URL"] = os.environ["BENCH_WRITERS_REDIS_URL"]
    else:
        os.environ.pop("REDIS_URL", None)
        os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="lamtheo-bench-writers-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    cache = "Redis" if settings.REDIS_URL else "files"
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; cache: {cache}")
    cells = _prepare(args.writers, args.people)
    print(
        f"{args.writers} writers, each a meeting of {args.people} people; {args.runs} runs each way, alternating"
    )
    timings: dict[bool, list[float]] = {True: [], False: []}
    secretaries = Secretaries(len(cells))
    try:
        _run(secretaries, cells, figures_on=True)  # warm-up, both ways: connections opened, code loaded
        _run(secretaries, cells, figures_on=False)
        for index in range(args.runs):
            for figures_on in (True, False) if index % 2 == 0 else (False, True):  # neither always first
                timings[figures_on].append(_run(secretaries, cells, figures_on=figures_on))
    finally:
        secretaries.stop()
    on, off = statistics.median(timings[True]), statistics.median(timings[False])
    # Each run on beside its neighbour off (measured one after the other): the machine's load drifts less within a pair.
    ratio = statistics.median(a / b for a, b in zip(timings[True], timings[False], strict=True))
    print(f"  figures layer on : median {on * 1000:7.1f} ms  (runs: {_list(timings[True])})")
    print(f"  figures layer off: median {off * 1000:7.1f} ms  (runs: {_list(timings[False])})")
    bump = _bump_seconds()
    print(
        f"  the freshness's own cost: {bump * 1000:.2f} ms per generation bumped, twice per write (at once and after"
        f" the commit): {2 * bump * 1000:.2f} ms of a writer's {off / len(cells) * 1000:.1f} ms share of the run off".replace(
            ".", ","
        )
    )
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(
        f"  on / off, median of the {args.runs} pairs: {ratio:.3f}; of the medians: {on / off:.3f}".replace(
            ".", ","
        )
    )
    print(f"  goal <= {TARGET:.2f}: {verdict}".replace(".", ","))


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--people", type=int, default=30)
    return parser.parse_args()


def _bump_seconds(calls: int = 300) -> float:
    """The median time of one generation bump (freshness.changed outside a transaction: one write to the cache)."""
    from lamtheo.indicators import freshness

    times = []
    for _index in range(calls):
        started = time.perf_counter()
        freshness.changed("meetings")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _list(values: list[float]) -> str:
    return " ".join(f"{value * 1000:.0f}" for value in values)


def _prepare(writers: int, people: int):
    """The tables, the small province and `writers` chi bộ of `people` people under its commune (once)."""
    from django.core.management import call_command

    from lamtheo import testing
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code="TU").exists():
        testing.build_world()
    commune = Unit.objects.get(code=COMMUNE)
    cells = []
    for index in range(writers):
        code = f"{COMMUNE}-W{index:02d}"
        cell = Unit.objects.filter(code=code).first()
        if cell is None:
            cell = Unit(code=code, name=f"Chi bộ Ghi {index:02d}", kind=Unit.Kind.CELL)
            cell.refresh_derived()
            cell = Unit.objects.add_child(Unit.objects.get(pk=commune.pk), instance=cell)
        for number in range(cell.people.count(), people):
            person = Person(
                unit=cell,
                full_name=f"Đảng viên {index:02d}-{number:03d}",
                party_status=Person.PartyStatus.FULL,
            )
            person.refresh_derived()
            person.save()
        cells.append(cell)
    return cells


def _plan(cells):
    """A monthly meeting planned in each chi bộ, this month (its list: the chi bộ's people)."""
    import datetime

    from django.utils import timezone

    from lamtheo.meetings import actions
    from lamtheo.meetings.models import Meeting, MeetingKind

    monthly = MeetingKind.objects.get(code=MeetingKind.MONTHLY)
    starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)
    return [
        actions.plan_meeting(Meeting(unit=cell, kind=monthly, starts_at=starts_at), actor=None)
        for cell in cells
    ]


class Secretaries:
    """`count` threads kept for the whole benchmark, each with its own database connection and cache client (as a
    server's worker threads keep theirs); each run gives each of them a meeting to record as held, releases them
    together and waits for the last commit."""

    def __init__(self, count: int):
        self.meetings: list = []
        self.start = threading.Barrier(count + 1)
        self.done = threading.Barrier(count + 1)
        self.finished: list[float] = []
        self.errors: list[BaseException] = []
        self.stopping = False
        self.threads = [
            threading.Thread(target=self._work, args=(index,), daemon=True) for index in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self, index: int) -> None:
        import datetime

        from django.db import connections, transaction

        from lamtheo.meetings import actions

        while True:
            self.start.wait()
            if self.stopping:
                connections.close_all()
                return
            try:
                meeting = self.meetings[index]
                with transaction.atomic():
                    marks = {
                        pk: actions.Mark("present")
                        for pk in meeting.attendances.values_list("person", flat=True)
                    }
                    actions.hold_meeting(
                        meeting,
                        marks,
                        actor=None,
                        expected_version=meeting.version,
                        starts_at=meeting.starts_at,
                        ends_at=meeting.starts_at + datetime.timedelta(hours=1),
                    )
                self.finished.append(time.perf_counter())
            except BaseException as error:
                self.errors.append(error)
            self.done.wait()

    def run(self, meetings) -> float:
        """Seconds from the release to the last commit."""
        self.meetings, self.finished = meetings, []
        self.start.wait()
        began = time.perf_counter()
        self.done.wait()
        if self.errors:
            raise self.errors[0]
        return max(self.finished) - began

    def stop(self) -> None:
        self.stopping = True
        self.start.wait()
        for thread in self.threads:
            thread.join()


def _run(secretaries: Secretaries, cells, *, figures_on: bool) -> float:
    """One run: the meetings planned (not timed), then recorded as held by every secretary at once."""
    from lamtheo.audit.signals import recorded
    from lamtheo.indicators import freshness

    meetings = _plan(cells)
    if not figures_on:
        recorded.disconnect(dispatch_uid="indicators_freshness")
    try:
        return secretaries.run(meetings)
    finally:
        if not figures_on:
            recorded.connect(freshness.on_audit_recorded, dispatch_uid="indicators_freshness")


if __name__ == "__main__":
    main()
