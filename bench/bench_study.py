"""Benchmark of the study pages (not a test): server time and queries on the full-scale demo province.

    .venv/bin/python bench/bench_study.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_study.py

What it does:
1. The full-scale province (about 130.000 people in about 5.000 chi bộ): on SQLite bench/data/province.sqlite3,
   built with bench/make_province.py when missing; on PostgreSQL the database named by DATABASE_URL must already
   hold it (make_province.py --keep).
2. Once per database (again with --rebuild-study): the study tables (`migrate study`), the 2025 and 2026 yearly
   topics of the Tỉnh ủy if the province has none, and the demo's study sessions for them (lamtheo.demo.study.build_study: a session in most
   chi bộ, make-up sessions, committee conferences, about 270.000 attendance rows). Then three logins of its
   own: the secretary of the largest residential chi bộ, a leader of the largest commune, a staff member of the
   Tỉnh ủy.
3. In one process, each page fetched with django.test.Client (the whole Django stack, no network): one warm-up,
   then `--runs` timed runs; the median is reported with the number of queries (counted on a separate run).
   Targets: the secretary's page and the commune's coverage page under 200 ms median, the province's coverage
   table under 1 s.
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
TARGETS = {"secretary": 0.2, "commune": 0.2, "province": 1.0}


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
        print("building the full-scale province (bench/make_province.py)...")
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--quiet"], check=True)

    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    pages = _prepare(rebuild=args.rebuild_study)
    results = []
    for name, user, url, label in pages:
        median, runs, queries, size = _measure(user, url, args.runs)
        results.append((name, label, median, runs, queries, size))
    print()
    print(f"server time, median of {args.runs} runs (one warm-up first):")
    for name, label, median, runs, queries, size in results:
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else ("  OK" if median < target else f"  OVER the {target * 1000:.0f} ms target")
        )
        spread = ", ".join(f"{r * 1000:.0f}" for r in runs)
        print(
            f"  {label:<58} {median * 1000:7.1f} ms  {queries:3d} queries  {size / 1024:6.0f} KB  ({spread}){verdict}"
        )


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--rebuild-study", action="store_true", help="delete the province's study sessions and add them again"
    )
    return parser.parse_args()


def _prepare(*, rebuild: bool):
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from lamtheo.accounts.models import Role
    from lamtheo.demo.builder import ROOT_CODE
    from lamtheo.demo.study import build_study, delete_study
    from lamtheo.people.models import Person
    from lamtheo.study.models import Attendance, StudySession
    from lamtheo.units.models import Unit

    started = time.perf_counter()
    call_command("migrate", "study", verbosity=0)  # only this app: the others' migrations are theirs to apply
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        sys.exit(f"no demo province ({ROOT_CODE}) in this database: build it with bench/make_province.py")
    topics = _topics(root)
    if rebuild:
        print(f"deleted {delete_study(Unit.objects.subtree_of(root))} study sessions")
    if not StudySession.objects.in_subtree(root).exists():
        print("adding the demo's study sessions...")
        result = build_study(root, topics, random.Random(2026), progress=print)
        print(
            f"  {result.sessions} sessions, {result.attendances} attendance rows in {time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE study_attendance; ANALYZE study_studysession")
    print(
        f"province: {Person.objects.in_subtree(root).count()} people, "
        f"{StudySession.objects.in_subtree(root).count()} sessions, {Attendance.objects.count()} attendance rows"
    )

    cell = (
        Unit.objects.subtree_of(root)
        .filter(kind=Unit.Kind.CELL, name__startswith="Chi bộ Ấp", active_to__isnull=True)
        .annotate(n=Count("people"))
        .order_by("-n", "path")
        .first()
    )
    commune = (
        Unit.objects.children_of(root)
        .filter(kind=Unit.Kind.COMMUNE_COMMITTEE, active_to__isnull=True)
        .order_by("path")
    )
    commune = max(commune, key=lambda c: Person.objects.in_subtree(c).count())
    users = {
        "secretary": _user("bench-study-secretary", Role.CELL_SECRETARY, cell),
        "commune": _user("bench-study-commune", Role.COMMITTEE_LEADER, commune),
        "province": _user("bench-study-province", Role.COMMITTEE_STAFF, root),
    }
    topic = topics[-1]
    people = {unit.pk: Person.objects.in_subtree(unit).active().count() for unit in (cell, commune, root)}
    pages = [
        (
            "secretary",
            users["secretary"],
            f"/hoc-tap/don-vi/{cell.pk}/?topic={topic.pk}",
            f"secretary: {cell.name} ({people[cell.pk]} people), sessions + not studied",
        ),
        (
            "commune",
            users["commune"],
            f"/hoc-tap/don-vi/{commune.pk}/ket-qua/?topic={topic.pk}",
            f"commune coverage: {commune.name} ({people[commune.pk]} people)",
        ),
        (
            "province",
            users["province"],
            f"/hoc-tap/don-vi/{root.pk}/ket-qua/?topic={topic.pk}",
            f"province coverage table ({people[root.pk]} people)",
        ),
        (
            "commune-sessions",
            users["commune"],
            f"/hoc-tap/don-vi/{commune.pk}/?topic={topic.pk}",
            "commune: sessions list + figures (for information)",
        ),
        (
            "province-export",
            users["province"],
            f"/hoc-tap/don-vi/{root.pk}/ket-qua/xuat-excel/?topic={topic.pk}",
            "province coverage XLSX (for information)",
        ),
        (
            "province-not-studied",
            users["province"],
            f"/hoc-tap/don-vi/{root.pk}/chua-hoc/xuat-excel/?topic={topic.pk}",
            "province not-studied XLSX (for information)",
        ),
    ]
    return pages


def _topics(root):
    """The Tỉnh ủy's 2025 and 2026 yearly topics, issued here through the topics' action if missing."""
    from lamtheo.topics import actions
    from lamtheo.topics.models import Topic

    applying = Topic.objects.applying_to(root)
    yearly = {t.start_year: t for t in applying.filter(kind=Topic.Kind.YEAR).order_by("pk")}
    if 2025 in yearly and 2026 in yearly:
        return [yearly[2025], yearly[2026]]
    term = applying.terms().filter(start_year__lte=2025, end_year__gte=2026).first()
    if term is None:
        term = actions.create_topic(
            Topic(
                unit=root,
                kind=Topic.Kind.TERM,
                title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh (nhiệm kỳ 2025 – 2030)",
                start_year=2025,
                end_year=2030,
            ),
            actor=None,
        )
    titles = {
        2025: "Chuyên đề năm 2025: xây dựng đội ngũ cán bộ nêu gương, đổi mới sáng tạo",
        2026: "Chuyên đề năm 2026: học tập và làm theo phong cách nêu gương của người đứng đầu",
    }
    for year, title in titles.items():
        if year not in yearly:
            yearly[year] = actions.create_topic(
                Topic(
                    unit=root, kind=Topic.Kind.YEAR, parent=term, title=title, start_year=year, end_year=year
                ),
                actor=None,
            )
    return [yearly[2025], yearly[2026]]


def _user(username, role, unit):
    from lamtheo.accounts.models import RoleAssignment, User

    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.vn"}
    )
    RoleAssignment.objects.filter(user=user).exclude(role=role, unit=unit).delete()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def _urlconf() -> str:
    """The project's URLs, or while they do not include the study app yet, its test urlconf (which adds it)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("study:mine")
    except NoReverseMatch:
        return "lamtheo.study.tests.urls"
    return settings.ROOT_URLCONF


def _measure(user, url, runs):
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ROOT_URLCONF=_urlconf()):
        client = Client()
        client.force_login(user)
        median, timings, queries, response = timed(lambda: get_ok(client, url), runs)
    return median, timings, queries, len(response.content)


if __name__ == "__main__":
    main()
