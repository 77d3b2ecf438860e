"""Benchmark of the meetings (not a test): server time and queries on the full-scale demo province with twelve months
of meetings.

    .venv/bin/python bench/bench_meetings.py [--runs 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_meetings.py

What it does:
1. The full-scale province (about 130.000 people in about 5.000 chi bộ): on SQLite bench/data/province.sqlite3,
   built with bench/make_province.py --keep when missing; on PostgreSQL the database named by DATABASE_URL must
   already hold it (bench/make_province.py --keep builds it only if it is not there, so a database shared with
   other benchmarks is never dropped).
2. Once per database (again with --rebuild-meetings): the tables (`migrate`) and the demo's twelve months of
   meetings (lamtheo.demo.meetings.build_meetings: about 50.000 monthly chi bộ meetings, 33.000 chi ủy and 5.000
   thematic meetings, 1,6 million attendance rows; a few minutes). Then logins of its own: the secretary of a
   chi bộ with at least 60 people, a staff member of the Tỉnh ủy.
3. In one process, with django.test.Client (the whole Django stack, no network), one warm-up then `--runs` timed
   runs each; the median is reported with the number of queries (counted on a separate run):
   (i) the secretary records a planned meeting as held with 60 attendees in ONE request (POST to the tick list;
       a few excused with a reason, one late) — target 150 ms median; baseline: the same with 1 attendee;
   (ii) the province's monthly meeting table: month_figures() for the province root and the page — target 1 s;
       baseline: the same for one commune.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from timing import get_ok, timed

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = BASE_DIR / "bench" / "data" / "province.sqlite3"
TARGETS = {"hold-60": 0.15, "province-figures": 1.0, "province-page": 1.0}
ATTENDEES = 60
MONTH = "2026-02"  # the last month of the demo's twelve


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{PROVINCE}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    if os.environ["DATABASE_URL"].startswith("sqlite") and not PROVINCE.exists():
        print("building the full-scale province (bench/make_province.py --keep)...")
        subprocess.run(
            [sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--keep", "--quiet"], check=True
        )

    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    root, cell, commune, users = _prepare(rebuild=args.rebuild_meetings)
    results = [
        (
            "hold-60",
            "secretary records a meeting held, 60 attendees, one POST",
            *_hold(users, cell, ATTENDEES, args.runs),
        ),
        ("hold-1", "baseline: the same with 1 attendee", *_hold(users, cell, 1, args.runs)),
        ("province-figures", "province: month_figures() (the table's data)", *_figures(root, args.runs)),
        ("commune-figures", "baseline: month_figures() for one commune", *_figures(commune, args.runs)),
        (
            "province-page",
            "province: monthly meeting table page",
            *_page(users["province"], f"/sinh-hoat/don-vi/{root.pk}/thang/?thang={MONTH}", args.runs),
        ),
        (
            "commune-page",
            f"baseline: the page for {commune.name}",
            *_page(users["province"], f"/sinh-hoat/don-vi/{commune.pk}/thang/?thang={MONTH}", args.runs),
        ),
    ]
    print()
    print(f"server time, median of {args.runs} runs (one warm-up first):")
    for name, label, median, runs, queries in results:
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else ("  OK" if median < target else f"  OVER the {target * 1000:.0f} ms target")
        )
        spread = ", ".join(f"{r * 1000:.0f}" for r in runs)
        print(f"  {label:<58} {median * 1000:7.1f} ms  {queries:3d} queries  ({spread}){verdict}")


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--rebuild-meetings", action="store_true", help="delete the province's meetings and add them again"
    )
    return parser.parse_args()


def _prepare(*, rebuild: bool):
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q

    from lamtheo.accounts.models import Role
    from lamtheo.demo.builder import ROOT_CODE
    from lamtheo.demo.meetings import build_meetings, delete_meetings
    from lamtheo.meetings.models import Meeting, MeetingAttendance
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    started = time.perf_counter()
    # Every app: the pages render the whole site's frame, whose context processors read their own tables.
    call_command("migrate", verbosity=0)
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        sys.exit(
            f"no demo province ({ROOT_CODE}) in this database: build it with bench/make_province.py --keep"
        )
    units = Unit.objects.subtree_of(root).values("pk")
    if rebuild:
        print(f"deleted {delete_meetings(units)} meetings")
    if not Meeting.objects.filter(unit__in=units).exists():
        print("adding the demo's twelve months of meetings...")
        result = build_meetings(root, random.Random(2026), progress=print)
        print(
            f"  {result.total} meetings, {result.attendances} attendance rows in "
            f"{time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load (its insert threshold): statistics, and the visibility map
        # that lets the attendance counts read the (meeting, status) index alone.
        with connection.cursor() as cursor:
            for table in ("meeting", "meetingattendance", "agendaitem", "assignment"):
                cursor.execute(f"VACUUM ANALYZE meetings_{table}")
    print(
        f"province: {Person.objects.in_subtree(root).count()} people, "
        f"{Meeting.objects.filter(unit__in=units).count()} meetings, "
        f"{MeetingAttendance.objects.filter(meeting__unit__in=units).count()} attendance rows"
    )
    # The chi bộ closest to 60 people (at least 60), else the largest.
    cells = (
        Unit.objects.subtree_of(root)
        .filter(kind=Unit.Kind.CELL, active_to__isnull=True)
        .annotate(n=Count("people", filter=Q(people__status=Person.Status.ACTIVE)))
        .order_by("path")
    )
    sized = sorted(cells.filter(n__gte=ATTENDEES), key=lambda c: (c.n, c.path))
    cell = sized[0] if sized else max(cells, key=lambda c: c.n)
    commune = max(
        Unit.objects.children_of(root).filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=True),
        key=lambda c: Unit.objects.subtree_of(c).filter(kind=Unit.Kind.CELL).count(),
    )
    print(f"secretary's chi bộ: {cell.name} ({cell.n} people); commune: {commune.name}")
    users = {
        "secretary": _user("bench-meetings-secretary", Role.CELL_SECRETARY, cell),
        "province": _user("bench-meetings-province", Role.COMMITTEE_STAFF, root),
    }
    return root, cell, commune, users


def _user(username, role, unit):
    from lamtheo.accounts.models import RoleAssignment, User

    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.vn"}
    )
    RoleAssignment.objects.filter(user=user).exclude(role=role, unit=unit).delete()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def _hold(users, cell, attendees: int, runs: int):
    """A meeting of the chi bộ planned three hours ago for `attendees` of its people (planned once, reused by
    later runs), then the POST recording it as held, timed."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from lamtheo.meetings import actions
    from lamtheo.meetings.models import Meeting, MeetingKind

    title = f"Benchmark: sinh hoạt với {attendees} người dự"
    meeting = Meeting.objects.filter(unit=cell, title=title).first()
    if meeting is None:
        starts = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=3)
        invitees = dict(list(actions.default_invitees(cell, starts.date()).items())[:attendees])
        meeting = actions.plan_meeting(
            Meeting(
                unit=cell,
                kind=MeetingKind.objects.get(code=MeetingKind.MONTHLY),
                title=title,
                starts_at=starts,
            ),
            actor=None,
            invitees=invitees,
        )
    people = list(meeting.attendances.order_by("person_id").values_list("person_id", flat=True))
    starts = timezone.localtime(meeting.starts_at)
    data = {
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + datetime.timedelta(minutes=120)).strftime("%Y-%m-%dT%H:%M"),
    }
    for index, pk in enumerate(people):
        if index % 12 == 5:
            data[f"status-{pk}"], data[f"reason-{pk}"] = "excused", "Đi làm ăn xa"
        elif index % 17 == 3:
            data[f"status-{pk}"] = "late"
        else:
            data[f"status-{pk}"] = "present"
    client = Client()
    client.force_login(users["secretary"])
    url = f"/sinh-hoat/{meeting.pk}/diem-danh/"

    def version():  # the version the form names: the meeting's, as read before each post
        data["version"] = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)

    def post():
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code, response.content[:3000])

    median, timings, queries, _result = timed(post, runs, before=version)
    assert meeting.attendances.count() == len(people) == attendees, (len(people), attendees)
    return median, timings, queries


def _figures(unit, runs: int):
    import datetime

    from lamtheo.meetings.month import month_figures

    month = datetime.datetime.strptime(MONTH, "%Y-%m").date()

    def run():
        figures = month_figures(unit, month)
        # what the page reads
        [(g.held, g.rate, g.with_required, g.with_thematic) for g in figures.groups]
        return figures.rate, len(figures.not_met), figures.assignments.total

    return timed(run, runs)[:3]


def _page(user, url, runs: int):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return timed(lambda: get_ok(client, url), runs)[:3]


if __name__ == "__main__":
    main()
