"""Benchmark of the indicators engine (not a test) on the full-scale demo province, SQLite or PostgreSQL.

    .venv/bin/python bench/bench_indicators.py [--runs 5] [--sample 60]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_indicators.py

What it does:
1. The province (about 130.000 people, 5.000 chi bộ): bench/data/province.sqlite3, made by bench/make_province.py
   when missing; on PostgreSQL the database must already hold it. Its study sessions, registrations and codes of
   conduct come with the demo; its year of meetings (lamtheo.demo.meetings.build_meetings: about 60.000 meetings,
   1,5 million attendance rows) is added once if the province has none (`--no-meetings` skips that).
2. In one process, each measure once to warm up, then `--runs` times; the median is printed with the queries:
   (a) the province dashboard: every indicator for the province and each unit directly below it (< 500 ms),
       computed, cached, and cached after a write in one app (attendance, registrations: the cache is kept per
       source under the generations of the apps it reads, so only the sources reading that app run again); and
       everything the dashboard page asks of the engine (+ the previous period, the trend, the attention lists);
       computed, the sources run side by side on their own connections (INDICATORS_QUERY_THREADS, as in
       production outside a transaction; the queries column counts the main connection's only), and once more one
       after the other for comparison;
   (b) a commune's dashboard: every indicator for the largest commune and its chi bộ;
   (c) the whole tree's rollup of one indicator (every unit), against
       (1) the floor: the best raw SQL for the same numbers (cursor.execute, no ORM): the per-unit grouped
           aggregate (attendance from the meeting's columns), summed up the tree in one pass over the units —
           target ≤ 2× the floor;
       (2) the naive way: a loop of per-unit ORM queries, timed on a sample of units and extrapolated to every
           unit (said so in the table) — target ≥ 50× faster;
   (d) the province's annual report DOCX, by annual_report(unit, period) of bench/annual_report.py;
   (e) the province's dashboard page through django.test.Client (the whole Django stack, no network), as the
       demo's province staff, on the demo's "today", cache emptied before each request (< 700 ms), and a
       commune's page the same way.
   The numbers of (c) are checked equal to the floor's for every unit, and to the naive loop's on the sample.
The period is the demo's year of records, 01/03/2025 – 28/02/2026, seen on the demo's "today" (01/03/2026).
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from timing import timed

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = BASE_DIR / "bench" / "data" / "province.sqlite3"
TODAY = datetime.date(2026, 3, 1)  # lamtheo.demo.population.AS_OF
START, END = datetime.date(2025, 3, 1), datetime.date(2026, 2, 28)
ROLLUP_CODES = ("attendance_rate", "registered", "studied_topic")
TARGET_DASHBOARD = 0.5
TARGET_FLOOR = 2.0
TARGET_NAIVE = 50.0


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{PROVINCE}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ["SECURE_COOKIES"] = "0"  # django.test.Client speaks plain HTTP: no redirect to HTTPS
    os.environ["ALLOWED_HOSTS"] = "testserver"  # django.test.Client's host
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    if os.environ["DATABASE_URL"].startswith("sqlite") and not PROVINCE.exists():
        print("bench/data/province.sqlite3 is missing: building it (a few minutes)")
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--quiet"], check=True)

    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    root = _prepare(meetings=not args.no_meetings)
    if args.prepare_only:
        return
    print(f"median of {args.runs} runs after a warm-up, in one process (milliseconds; spread in brackets):")
    rows = _measure(root, args.runs, args.sample, args.dashboards_only)
    print("\nsummary:")
    _print(rows, args.runs)


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (default 5)")
    parser.add_argument("--sample", type=int, default=60, help="units timed in the naive loop (default 60)")
    parser.add_argument(
        "--no-meetings", action="store_true", help="do not add the demo's meetings if missing"
    )
    parser.add_argument("--prepare-only", action="store_true", help="add what is missing, measure nothing")
    parser.add_argument(
        "--dashboards-only", action="store_true", help="measure (a), (b) and completeness only"
    )
    return parser.parse_args()


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _prepare(*, meetings: bool):
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.demo import builder
    from lamtheo.meetings.models import Meeting, MeetingAttendance
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    # Only what the figures need: the meetings' tables, and the data version the cache is keyed by (its triggers).
    call_command("migrate", "meetings", verbosity=0)
    call_command("migrate", "indicators", verbosity=0)
    root = Unit.objects.filter(code=builder.ROOT_CODE).first()
    if root is None:
        sys.exit(
            "the demo province is not in this database: run bench/make_province.py with the same DATABASE_URL"
        )
    if meetings and not Meeting.objects.filter(unit__in=Unit.objects.subtree_of(root).values("pk")).exists():
        try:
            from lamtheo.demo.meetings import build_meetings
        except ImportError:
            print("lamtheo.demo.meetings is not there yet: measuring without meetings")
        else:
            print("adding the demo's year of meetings (lamtheo.demo.meetings.build_meetings)...", flush=True)
            started = time.perf_counter()
            build_meetings(root, random.Random(2026), progress=lambda message: None)
            print(f"  done in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE")
    print(
        f"province: {_n(Unit.objects.subtree_of(root).count())} units, "
        f"{_n(Person.objects.in_subtree(root).count())} people, "
        f"{_n(Meeting.objects.count())} meetings, {_n(MeetingAttendance.objects.count())} meeting attendance rows"
    )
    return root


def _measure(root, runs: int, sample: int, dashboards_only: bool = False) -> list[dict]:
    from django.core.cache import cache as django_cache
    from django.test import override_settings

    from lamtheo.indicators import engine, registry
    from lamtheo.indicators.completeness import completeness
    from lamtheo.indicators.periods import Period
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    period = Period.custom(START, END)
    print(f"period: {period.label}, today {TODAY:%d/%m/%Y}")
    rows: list[dict] = []

    def add(row: dict) -> None:
        rows.append(row)
        _print([row], runs)

    def dashboard(label: str, ids: list[int], target: float | None) -> None:
        for cached in (False, True):
            median, timings, queries, _result = timed(
                lambda cached=cached: engine.figures(ids, period, today=TODAY, cache=cached), runs
            )
            row = {
                "label": f"{label}, {'cached (data version unchanged)' if cached else 'computed (cache=False)'}",
                "median": median,
                "timings": timings,
                "queries": queries,
            }
            if target is not None:
                row.update(target=f"< {target * 1000:.0f} ms", ok=median < target)
            add(row)

    children = list(Unit.objects.children_of(root).values_list("pk", flat=True))
    province = [root.pk, *children]
    dashboard(
        f"(a) province: {len(registry.INDICATORS)} indicators × {1 + len(children)} units",
        province,
        TARGET_DASHBOARD,
    )
    # The sources run side by side on their own connections (INDICATORS_QUERY_THREADS); the same one after the other:
    with override_settings(INDICATORS_QUERY_THREADS=1):
        median, timings, queries, _result = timed(
            lambda: engine.figures(province, period, today=TODAY, cache=False), runs
        )
    add(
        {
            "label": "    (a) the same, computed, the sources one after the other (INDICATORS_QUERY_THREADS=1)",
            "median": median,
            "timings": timings,
            "queries": queries,
        }
    )
    # The cache is keyed per source by the generations of the apps it reads: after an action, only the sources that
    # read the app written are computed again. A write that changes nothing still changes the generation.
    for table, what in (
        ("meetings_meeting", "attendance ticked at a meeting"),
        ("pledges_pledge", "a registration saved"),
    ):
        median, timings, queries, _result = timed(
            lambda: engine.figures(province, period, today=TODAY),
            runs,
            before=lambda table=table: _touch(table),
        )
        add(
            {
                "label": f"    (a) the same, cached, after a write ({what}: its sources only computed again)",
                "median": median,
                "timings": timings,
                "queries": queries,
                "target": f"< {TARGET_DASHBOARD * 1000:.0f} ms",
                "ok": median < TARGET_DASHBOARD,
            }
        )
    median, timings, queries, _result = timed(
        lambda: _board(root, province, period), runs, before=lambda: django_cache.clear()
    )
    add(
        {
            "label": "    (a) all the dashboard page asks (+ previous period, trend, attention), cache emptied first",
            "median": median,
            "timings": timings,
            "queries": queries,
        }
    )
    communes = Unit.objects.children_of(root).filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=True)
    commune = max(communes, key=lambda c: Person.objects.in_subtree(c).count())
    cells = list(Unit.objects.children_of(commune).values_list("pk", flat=True))
    dashboard(f"(b) commune: {commune.name} and its {len(cells)} units", [commune.pk, *cells], None)
    median, timings, queries, _result = timed(
        lambda: completeness(root, period, today=TODAY, cache=False), runs
    )
    add(
        {
            "label": "    province completeness (3 requirements, every chi bộ), computed (cache=False)",
            "median": median,
            "timings": timings,
            "queries": queries,
        }
    )

    def figures_first():
        django_cache.clear()
        engine.figures(province, period, today=TODAY)

    median, timings, queries, _result = timed(
        lambda: completeness(root, period, today=TODAY), runs, before=figures_first
    )
    add(
        {
            "label": "    the same after the dashboard's figures (their sources' per-unit counts from the cache)",
            "median": median,
            "timings": timings,
            "queries": queries,
        }
    )
    if dashboards_only:
        _pages(root, commune, period, runs, add)
        return rows
    units = list(Unit.objects.subtree_of(root).order_by("path").values_list("pk", "path"))
    sampled = random.Random(6).sample(units, min(sample, len(units)))
    for code in ROLLUP_CODES:
        median, timings, queries, values = timed(
            lambda code=code: engine.rollup(code, period, today=TODAY, cache=False), runs
        )
        total = values[root.pk]
        add(
            {
                "label": f"(c) rollup {code} to all {_n(len(units))} units, computed "
                f"[province {total.text} = {total.percent_text}]",
                "median": median,
                "timings": timings,
                "queries": queries,
            }
        )
        warm, warm_timings, warm_queries, _values = timed(
            lambda code=code: engine.rollup(code, period, today=TODAY), runs
        )
        add(
            {
                "label": "    the same, cached",
                "median": warm,
                "timings": warm_timings,
                "queries": warm_queries,
            }
        )
        floor, floor_timings, floor_queries, floor_values = timed(
            lambda code=code: FLOORS[code](period), runs
        )
        same = all(
            (values[pk].numerator, values[pk].denominator) == floor_values.get(pk, (0, 0))
            for pk, _path in units
        )
        add(
            {
                "label": f"    (1) floor: raw SQL, same numbers for every unit: {'yes' if same else 'NO'}",
                "median": floor,
                "timings": floor_timings,
                "queries": floor_queries,
                "ratio": f"computed/floor {median / floor:.2f}×",
                "target": f"≤ {TARGET_FLOOR:.0f}×",
                "ok": median <= TARGET_FLOOR * floor and same,
            }
        )
        leaf, leaf_timings, leaf_queries, _rows = timed(
            lambda code=code: FLOORS[code](period, rollup=False), runs
        )
        add(
            {
                "label": "    (1b) the floor's per-unit aggregate alone (no rollup up the tree), for information",
                "median": leaf,
                "timings": leaf_timings,
                "queries": leaf_queries,
                "ratio": f"computed/this {median / leaf:.2f}×",
            }
        )
        naive_seconds, naive_values = _naive(code, period, sampled)
        naive_same = all(
            (values[pk].numerator, values[pk].denominator) == naive_values[pk] for pk, _path in sampled
        )
        naive_total = naive_seconds * len(units) / len(sampled)
        add(
            {
                "label": f"    (2) naive loop, EXTRAPOLATED from {len(sampled)} units ({naive_seconds:.1f} s), "
                f"same numbers: {'yes' if naive_same else 'NO'}",
                "median": naive_total,
                "timings": [],
                "queries": None,
                "ratio": f"naive/computed {naive_total / median:.0f}×",
                "target": f"≥ {TARGET_NAIVE:.0f}×",
                "ok": naive_total >= TARGET_NAIVE * median and naive_same,
            }
        )
    add(_report(root, period, runs))
    _pages(root, commune, period, runs, add)
    return rows


def _pages(root, commune, period, runs: int, add) -> None:
    """(e): the dashboard pages through django.test.Client, cache emptied first, on the demo's "today"."""
    import time_machine
    from django.conf import settings
    from django.core.cache import cache as django_cache
    from django.test import Client
    from django.urls import reverse

    from lamtheo.accounts.models import User

    # The demo logins only log in while DEBUG is on (lamtheo's backend); the pages are what is measured here.
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    client = Client()
    client.force_login(User.objects.get(username="tinhuy"))
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(9)), tick=True):
        for unit, label, target in (
            (root, "(e) the province's dashboard page (HTTP, django.test.Client), cache emptied first", 0.7),
            (commune, f"    a commune's page ({commune.name}), cache emptied first", None),
        ):
            url = reverse("dashboard:unit", args=[unit.pk]) + "?" + period.query()

            def page(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response

            median, timings, _queries, _response = timed(page, runs, before=django_cache.clear)
            # No query count: each request starts by emptying the connection's query log.
            row = {"label": label, "median": median, "timings": timings, "queries": None}
            if target is not None:
                row.update(target=f"< {target * 1000:.0f} ms", ok=median < target)
            add(row)


def _touch(table: str) -> None:
    """A write to one row of `table` that changes nothing, and its app's generation changed as an action's audit
    row changes it (indicators.freshness)."""
    from django.db import connection

    from lamtheo.indicators import freshness

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = status WHERE id = (SELECT MIN(id) FROM {table})")  # noqa: S608
    freshness.changed(table.split("_")[0])


def _board(root, ids, period, *, cache: bool = True):
    """What lamtheo.dashboard.board.build asks of the engine for the province (the page adds only its layout)."""
    from lamtheo.dashboard.board import ATTENTION_BARS, DEFAULT_CHART
    from lamtheo.indicators import engine
    from lamtheo.indicators.completeness import completeness

    engine.figures(ids, period, today=TODAY, cache=cache)
    engine.figures([root.pk], period.previous(), today=TODAY, cache=cache)
    engine.trend(root.pk, period, [DEFAULT_CHART], today=TODAY, cache=cache)
    for code in ATTENTION_BARS:
        engine.rollup(code, period, root.pk, today=TODAY, cache=cache)
    completeness(root, period, today=TODAY, cache=cache)


def _report(root, period, runs: int) -> dict:
    """(d): measured by the reports' own hook when it exists."""
    try:
        from annual_report import annual_report  # bench/annual_report.py, beside this script
    except ImportError:
        return {
            "label": "(d) annual report DOCX: not measured here (bench/annual_report.py is missing)",
            "median": None,
            "timings": [],
            "queries": None,
        }
    median, timings, queries, _result = timed(lambda: annual_report(root, period), runs)
    return {
        "label": "(d) province annual report DOCX",
        "median": median,
        "timings": timings,
        "queries": queries,
        "target": "< 3000 ms",
        "ok": median < 3.0,
    }


def _print(rows: list[dict], runs: int) -> None:
    for row in rows:
        median = "" if row["median"] is None else f"{row['median'] * 1000:10.1f} ms"
        queries = "" if row.get("queries") is None else f"{row['queries']:3d} q"
        spread = ", ".join(f"{t * 1000:.0f}" for t in row["timings"])
        verdict = ""
        if "ok" in row:
            verdict = f"  {row.get('ratio', '')} target {row['target']}: {'OK' if row['ok'] else 'MISSED'}"
        elif row.get("ratio"):
            verdict = f"  {row['ratio']}"
        print(f"  {row['label']:<92} {median:>13} {queries:>5}  ({spread}){verdict}")


# The floor: the same numbers in raw SQL, summed up the tree in SQL ------------------------------------------------


def _month_start_sql(column: str) -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    return f"date({column}, '+7 hours', 'start of month')"


def _run(per_unit_sql: str, params, rollup: bool) -> dict[int, tuple[int, int]]:
    """The per-unit grouped aggregate in raw SQL and, with `rollup`, its sum up the tree: the units read once
    (id, path) and each unit's totals added into its parent, the deepest first (one addition per unit; summing up
    the tree in SQL by path ranges is 3–10 times slower)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(per_unit_sql, params)
        own = {pk: (int(n or 0), int(d or 0)) for pk, n, d in cursor.fetchall()}
        if not rollup:
            return own
        cursor.execute("SELECT id, path FROM units_unit")
        units = cursor.fetchall()
    by_path = {path: pk for pk, path in units}
    totals = {pk: list(own.get(pk, (0, 0))) for pk, _path in units}
    for pk, path in sorted(units, key=lambda row: len(row[1]), reverse=True):
        parent = by_path.get(path[:-4])
        if parent is not None:
            totals[parent][0] += totals[pk][0]
            totals[parent][1] += totals[pk][1]
    return {pk: (n, d) for pk, (n, d) in totals.items() if n or d or pk in own}


def _floor_attendance(period, rollup: bool = True):
    start, end = period.bounds()
    month = _month_start_sql("m.starts_at")
    per_unit = (
        "SELECT m.unit_id AS unit_id, "  # noqa: S608 - constant SQL of this file, no input
        "SUM(m.n_present) AS n, SUM(m.n_listed - m.n_exempt) AS d "  # the meeting's attendance columns
        "FROM meetings_meeting m "
        "JOIN meetings_meetingkind k ON k.id = m.kind_id "
        "JOIN units_unit c ON c.id = m.unit_id "
        "WHERE k.code = 'monthly' AND m.status = 'held' AND m.starts_at >= %s AND m.starts_at < %s "
        "AND c.kind IN ('chi_bo', 'chi_bo_co_so') "
        f"AND (c.active_from IS NULL OR c.active_from <= {month}) "
        f"AND (c.active_to IS NULL OR c.active_to > {month}) "
        "GROUP BY m.unit_id"
    )
    return _run(per_unit, [start, end], rollup)


def _floor_registered(period, rollup: bool = True):
    year = period.end.year
    _start, end = period.bounds()
    per_unit = (
        "SELECT p.unit_id AS unit_id, "
        "SUM(CASE WHEN g.status IN ('submitted', 'returned', 'accepted', 'self_assessed', 'rated', 'locked') "
        "AND (g.first_submitted_at IS NULL OR g.first_submitted_at < %s) THEN 1 ELSE 0 END) AS n, "
        "COUNT(*) AS d "
        "FROM people_person p LEFT JOIN pledges_pledge g ON g.person_id = p.id AND g.year = %s "
        "WHERE p.status = 'dang_sinh_hoat' GROUP BY p.unit_id"  # who must register: the exempt left out
    )
    return _run(per_unit, [end, year], rollup)


def _floor_studied(period, rollup: bool = True):
    per_unit = (
        "SELECT p.unit_id AS unit_id, "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM study_attendance a "
        "JOIN study_studysession s ON s.id = a.session_id JOIN topics_topic t ON t.id = a.topic_id "
        "WHERE a.person_id = p.id AND a.status IN ('present', 'late') AND t.kind = 'year' "
        "AND t.start_year = %s AND s.date <= %s) THEN 1 ELSE 0 END) AS n, "
        "COUNT(*) AS d "
        "FROM people_person p WHERE p.status = 'dang_sinh_hoat' GROUP BY p.unit_id"
    )
    # Cumulative: a yearly topic of the period's year, studied (present or late) by the period's end.
    return _run(per_unit, [period.end.year, min(period.end, TODAY)], rollup)


FLOORS = {
    "attendance_rate": _floor_attendance,
    "registered": _floor_registered,
    "studied_topic": _floor_studied,
}


# The naive way: per-unit ORM queries ----------------------------------------------------------------------------


def _naive(code: str, period, sampled) -> tuple[float, dict[int, tuple[int, int]]]:
    """The figure of each sampled unit, one unit at a time, as a first version would: seconds and values."""
    from django.db.models import Count, Exists, OuterRef, Q

    from lamtheo.meetings.models import ATTENDED, MeetingAttendance
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Pledge
    from lamtheo.study.models import Attendance
    from lamtheo.units.models import Unit

    CELL_KINDS = (Unit.Kind.CELL, Unit.Kind.GRASSROOTS_CELL)
    start, end = period.bounds()
    values = {}
    started = time.perf_counter()
    for pk, _path in sampled:
        unit = Unit.objects.get(pk=pk)
        if code == "attendance_rate":  # month by month, the chi bộ active on the month's first day
            n = d = 0
            for month in period.months():
                if month.start > TODAY:
                    break
                month_start, month_end = month.bounds()
                cells = Unit.objects.subtree_of(unit).filter(kind__in=CELL_KINDS).active(on=month.start)
                counts = MeetingAttendance.objects.filter(
                    meeting__unit__in=cells.values("pk"),
                    meeting__kind__code="monthly",
                    meeting__status="held",
                    meeting__starts_at__gte=max(start, month_start),
                    meeting__starts_at__lt=min(end, month_end),
                ).aggregate(
                    n=Count("pk", filter=Q(status__in=ATTENDED)),
                    d=Count("pk", filter=~Q(status=MeetingAttendance.Status.EXEMPT)),
                )
                n += counts["n"]
                d += counts["d"]
            values[pk] = (n, d)
        elif code == "registered":
            people = Person.objects.in_subtree(unit).filter(status=Person.Status.ACTIVE)
            registered = Pledge.objects.filter(
                person__in=people, year=period.end.year, status__in=Pledge.REGISTERED_STATES
            ).filter(Q(first_submitted_at__isnull=True) | Q(first_submitted_at__lt=end))
            values[pk] = (registered.count(), people.count())
        else:
            people = Person.objects.in_subtree(unit).filter(status=Person.Status.ACTIVE)
            present = Attendance.objects.filter(
                person=OuterRef("pk"),
                status__in=("present", "late"),
                topic__kind="year",
                topic__start_year=period.end.year,
                session__date__lte=min(period.end, TODAY),
            )
            counts = people.aggregate(n=Count("pk", filter=Q(Exists(present))), d=Count("pk"))
            values[pk] = (counts["n"], counts["d"])
    return time.perf_counter() - started, values


if __name__ == "__main__":
    main()
