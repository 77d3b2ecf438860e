"""Benchmark of the registration pages (not a test) on the full-scale demo province, SQLite or PostgreSQL.

    .venv/bin/python bench/bench_pledges.py [--runs 5] [--rebuild]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_pledges.py

What it does:
1. The province (about 130.000 people, 5.000 chi bộ): bench/data/province.sqlite3, made by bench/make_province.py
   when missing; on PostgreSQL the database must already hold it (make_province.py with that DATABASE_URL).
2. The registrations app is migrated there and the demo's registrations are added once (lamtheo.demo.pledges:
   2025 completed, 2026 in every early state; about 250.000 registrations); `--rebuild` deletes and adds them again.
3. Each page is requested through django.test.Client in this one process, as the demo login that uses it, once
   to warm up and then `--runs` times; the median server time and the number of queries are reported:
   - the cell secretary's page of their chi bộ (target: median under 200 ms), and of the largest chi bộ;
   - the commune's figures page, as the commune's leader (under 200 ms);
   - the province's figures table, as the province's staff (under 1 s).
"""

import argparse
import os
import random
import subprocess
import sys
import time
import warnings
from pathlib import Path

from timing import get_ok, timed

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = BASE_DIR / "bench" / "data"
PROVINCE = DATA / "province.sqlite3"
YEAR = 2026
TARGETS = {"cell": 0.2, "cell_largest": 0.2, "commune": 0.2, "province": 1.0}


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

    # whitenoise warns when the static files are not collected: they are not what is measured
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", "pledges", verbosity=0)
    root = _province()
    _registrations(root, rebuild=args.rebuild)
    _measure(root, args.runs)


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument(
        "--rebuild", action="store_true", help="delete the demo registrations and add them again"
    )
    return parser.parse_args()


def _n(value: float) -> str:
    """`150000` -> `150.000`, as the product writes numbers."""
    return f"{value:,.0f}".replace(",", ".")


def _province():
    from lamtheo.demo import builder
    from lamtheo.units.models import Unit

    root = Unit.objects.filter(code=builder.ROOT_CODE).first()
    if root is None:
        sys.exit(
            "the demo province is not in this database: run bench/make_province.py with the same DATABASE_URL"
        )
    return root


def _registrations(root, *, rebuild: bool) -> None:
    from lamtheo.demo.pledges import build_pledges, delete_pledges
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Pledge

    existing = Pledge.objects.in_subtree(root).filter(year=YEAR)
    if rebuild and existing.exists():
        started = time.perf_counter()
        deleted = delete_pledges(root)
        print(f"deleted {_n(deleted)} registrations in {time.perf_counter() - started:.1f} s")
    if not existing.exists():
        started = time.perf_counter()
        result = build_pledges(root, rng=random.Random(YEAR), year=YEAR, progress=_every_tenth())
        seconds = time.perf_counter() - started
        print(
            f"added the demo registrations in {seconds:.1f} s: {_n(result.pledges)} registrations, "
            f"{_n(result.items)} items, {_n(result.reviews)} review steps, {_n(result.notes)} progress notes, "
            f"{_n(result.deeds)} deeds ({_n(result.pledges / seconds)} registrations/s)"
        )
    people = Person.objects.in_subtree(root).active().count()
    print(
        f"province: {_n(people)} people; registrations {YEAR - 1}: "
        f"{_n(Pledge.objects.in_subtree(root).filter(year=YEAR - 1).count())}, {YEAR}: {_n(existing.count())}"
    )


def _every_tenth():
    """Print one progress line in ten."""
    lines = iter(range(10**9))
    return lambda message: print(message, flush=True) if next(lines) % 10 == 9 else None


def _pages(root):
    """(key, label, user, url) of each page measured."""
    from django.db.models import Count
    from django.urls import reverse

    from lamtheo.accounts.models import Role, User
    from lamtheo.units.models import Unit

    def demo_user(username, role):
        user = User.objects.get(username=username)
        unit = user.role_assignments.get(role=role).unit
        return user, unit

    secretary, cell = demo_user("bithuchibo", Role.CELL_SECRETARY)
    leader, commune = demo_user("bithuxa", Role.COMMITTEE_LEADER)
    staff, _root = demo_user("tinhuy", Role.COMMITTEE_STAFF)
    largest = (
        Unit.objects.subtree_of(root)
        .filter(kind=Unit.Kind.CELL)
        .annotate(n=Count("people"))
        .order_by("-n", "pk")
        .first()
    )

    def url(name, unit):
        return f"{reverse(name, args=[unit.pk])}?nam={YEAR}"

    return [
        ("cell", f"cell secretary's page, {cell.name}", secretary, url("pledges:cell", cell)),
        ("cell_largest", f"cell secretary's page, largest chi bộ ({largest.name}, {largest.n} people)", staff,
         url("pledges:cell", largest)),
        ("commune", f"commune's figures, {commune.name}", leader, url("pledges:figures", commune)),
        ("province", f"province's figures table, {root.name}", staff, url("pledges:figures", root)),
    ]  # fmt: skip


def _measure(root, runs: int) -> None:
    from django.conf import settings
    from django.test import Client

    # The demo logins only log in while DEBUG is on (lamtheo's backend); the pages are what is measured here.
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    print()
    print(f"median of {runs} requests after one warm-up, server time through django.test.Client:")
    results = []
    for key, label, user, url in _pages(root):
        client = Client()
        client.force_login(user)
        median, times, queries, _response = timed(lambda client=client, url=url: get_ok(client, url), runs)
        target = TARGETS[key]
        verdict = "met" if median < target else "NOT met"
        results.append((label, median, queries, target, verdict))
        print(
            f"  {label}: {median * 1000:.0f} ms median ({', '.join(f'{t * 1000:.0f}' for t in times)}), "
            f"{queries} queries; target < {target * 1000:.0f} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
