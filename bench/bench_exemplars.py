"""Benchmark of the exemplars' and models' pages (not a test) on the full-scale demo province, SQLite or PostgreSQL.

    .venv/bin/python bench/bench_exemplars.py [--runs 5] [--rebuild]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_exemplars.py

What it does:
1. The province (about 130.000 people, 5.000 chi bộ): bench/data/province.sqlite3, made by bench/make_province.py
   when missing; on PostgreSQL the database must already hold it.
2. Adds once (`--rebuild`: again) 20.000 good deeds in the people's logs, 2.000 models (communes' models with three
   teams of two goals and a year of monthly values, each replicated to chi bộ below) and 4.000 exemplars nominated
   by chi bộ (half recognised by their commune, one in ten of those forwarded to the province).
3. Each page is requested through django.test.Client in this one process, once to warm up and then `--runs`
   times; the median server time and the number of queries are printed. Target (issue 14): the committee's
   exemplar list and a model's page under 150 ms.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

from timing import get_ok, timed

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = BASE_DIR / "bench" / "data" / "province.sqlite3"
YEAR = 2025
DEEDS, MODELS, EXEMPLARS = 20_000, 2_000, 4_000
TARGET = 0.150
DEED_TEXTS = (
    "Hiến đất làm đường giao thông nông thôn",
    "Giúp hộ nghèo sửa nhà trước mùa mưa",
    "Trả lại tài sản nhặt được cho người đánh mất",
    "Vận động bà con tham gia dịch vụ công trực tuyến",
    "Hiến máu tình nguyện",
    "Tặng học bổng cho học sinh nghèo vượt khó",
    "Tham gia dọn vệ sinh, trồng cây xanh tuyến đường ấp",
    "Hòa giải thành mâu thuẫn giữa hai hộ dân",
)
TEAMS = (
    ("Tổ 1 - Khối Vận xã", "Vận động nhân dân"),
    ("Tổ 2 - Khối chính quyền", "Giải quyết hồ sơ hành chính đúng hạn"),
    ("Tổ 3 - Cơ sở đảng", "Nâng chất sinh hoạt chi bộ"),
)


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{PROVINCE}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ["SECURE_COOKIES"] = "0"  # django.test.Client speaks plain HTTP: no redirect to HTTPS
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    if os.environ["DATABASE_URL"].startswith("sqlite") and not PROVINCE.exists():
        print("bench/data/province.sqlite3 is missing: building it (a few minutes)")
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--quiet"], check=True)

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.demo import builder
    from lamtheo.units.models import Unit

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    root = Unit.objects.filter(code=builder.ROOT_CODE).first()
    if root is None:
        sys.exit(
            "the demo province is not in this database: run bench/make_province.py with the same DATABASE_URL"
        )
    _records(root, rebuild=args.rebuild)
    _measure(root, args.runs)


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument(
        "--rebuild", action="store_true", help="delete the records added here and add them again"
    )
    return parser.parse_args()


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _records(root, *, rebuild: bool) -> None:
    from django.db import transaction

    from lamtheo.exemplars.models import Exemplar
    from lamtheo.initiatives.models import Initiative
    from lamtheo.pledges.models import Deed

    marker = Deed.objects.filter(description__startswith="[bench] ")
    if rebuild:
        with transaction.atomic():
            Exemplar.objects.filter(summary__startswith="[bench] ").delete()
            Initiative.objects.filter(name__startswith="[bench] ").delete()
            marker.delete()
    if marker.exists():
        print("the records of this benchmark are there (--rebuild to make them again)")
        return
    started = time.perf_counter()
    with transaction.atomic():
        deeds = _deeds(root, random.Random(YEAR))
        models = _models(root, random.Random(YEAR + 1))
        exemplars = _exemplars(root, deeds, random.Random(YEAR + 2))
    print(
        f"added {_n(len(deeds))} deeds, {_n(models)} models with their teams, goals and values, "
        f"{_n(exemplars)} exemplars in {time.perf_counter() - started:.1f} s"
    )


def _deeds(root, rng) -> list:
    from lamtheo.people.models import Person
    from lamtheo.pledges.models import Deed

    people = list(Person.objects.in_subtree(root).active().values_list("pk", "unit_id"))
    chosen = rng.sample(people, min(DEEDS, len(people)))
    rows = [
        Deed(
            person_id=person,
            unit_id=unit,
            date=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
            description=f"[bench] {rng.choice(DEED_TEXTS)}",
        )
        for person, unit in chosen
    ]
    return Deed.objects.bulk_create(rows, batch_size=2000)


def _models(root, rng) -> int:
    """Each commune launches models, each replicated to some of its chi bộ, until there are MODELS in all."""
    from lamtheo.initiatives.models import Goal, GoalValue, Initiative, Team
    from lamtheo.units.models import Unit

    communes = list(Unit.objects.subtree_of(root).filter(kind__in=Unit.COMMITTEE_KINDS, depth=root.depth + 1))
    cells = {}
    for cell in Unit.objects.subtree_of(root).filter(kind__in=Unit.CELL_KINDS).values("pk", "path"):
        cells.setdefault(cell["path"][: (root.depth + 1) * Unit.steplen], []).append(cell["pk"])
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    made = 0
    while made < MODELS:
        commune = communes[made % len(communes)]
        origin = Initiative.objects.create(
            unit=commune,
            name=f"[bench] Mô hình {made + 1}",
            theme="Cải cách hành chính",
            starts_on=start,
            ends_on=end,
        )
        replicas = Initiative.objects.bulk_create(
            Initiative(unit_id=cell, name=origin.name, starts_on=start, ends_on=end, origin=origin)
            for cell in rng.sample(cells.get(commune.path, []), min(8, len(cells.get(commune.path, []))))
        )
        made += 1 + len(replicas)
        for initiative in [origin, *replicas]:
            teams = Team.objects.bulk_create(Team(initiative=initiative, name=n, theme=t) for n, t in TEAMS)
            goals = Goal.objects.bulk_create(
                goal
                for team in teams
                for goal in (
                    Goal(
                        team=team,
                        name="Hồ sơ đúng hạn",
                        measure="%",
                        baseline=Decimal(80),
                        target=Decimal(100),
                    ),
                    Goal(
                        team=team,
                        name="Hồ sơ trễ hạn",
                        measure="hồ sơ",
                        baseline=Decimal(40),
                        target=Decimal(0),
                    ),
                )
            )
            GoalValue.objects.bulk_create(
                GoalValue(
                    goal=goal, month=datetime.date(YEAR, month, 1), value=Decimal(rng.randrange(0, 101))
                )
                for goal in goals
                for month in range(1, 13)
            )
    return made


def _exemplars(root, deeds, rng) -> int:
    from lamtheo.exemplars.models import Exemplar
    from lamtheo.units.models import Unit

    parents = {}
    units = {u.pk: u for u in Unit.objects.subtree_of(root).only("pk", "path", "depth")}
    by_path = {u.path: u for u in units.values()}
    for unit in units.values():
        parents[unit.pk] = by_path.get(unit.path[: (unit.depth - 1) * Unit.steplen])
    rows, forwarded = [], []
    for deed in rng.sample(deeds, min(EXEMPLARS, len(deeds))):
        verifier = parents[deed.unit_id]
        recognised = rng.random() < 0.5
        rows.append(
            Exemplar(
                unit_id=deed.unit_id,
                verifier=verifier,
                year=YEAR,
                person_id=deed.person_id,
                summary=f"[bench] {deed.description[8:]}",
                status=Exemplar.Status.RECOGNISED if recognised else Exemplar.Status.NOMINATED,
                honour=Exemplar.Honour.CERTIFICATE if recognised else "",
                recognised_on=datetime.date(YEAR, 12, 15) if recognised else None,
            )
        )
    made = Exemplar.objects.bulk_create(rows, batch_size=2000)
    through = Exemplar.deeds.through
    through.objects.bulk_create(
        through(exemplar_id=exemplar.pk, deed_id=deed.pk)
        for exemplar, deed in zip(
            made, [d for d in deeds if d.unit_id in {e.unit_id for e in made}], strict=False
        )
    )
    for exemplar in made:
        if (
            exemplar.status == Exemplar.Status.RECOGNISED
            and rng.random() < 0.1
            and parents[exemplar.verifier_id]
        ):
            forwarded.append(
                Exemplar(
                    unit=exemplar.verifier,
                    verifier=parents[exemplar.verifier_id],
                    year=YEAR,
                    person_id=exemplar.person_id,
                    summary=exemplar.summary,
                    forwarded_from=exemplar,
                )
            )
    Exemplar.objects.bulk_create(forwarded, batch_size=2000)
    return len(made) + len(forwarded)


def _pages(root):
    from django.db.models import Count
    from django.urls import reverse

    from lamtheo.accounts.models import Role, User
    from lamtheo.initiatives.models import Initiative

    def demo_user(username, role):
        user = User.objects.get(username=username)
        return user, user.role_assignments.get(role=role).unit

    leader, commune = demo_user("bithuxa", Role.COMMITTEE_LEADER)
    staff, _root = demo_user("tinhuy", Role.COMMITTEE_STAFF)
    model = (
        Initiative.objects.filter(name__startswith="[bench] ", origin=None)
        .annotate(n=Count("replicas"))
        .order_by("-n", "pk")
        .first()
    )
    exemplars = f"{reverse('exemplars:index')}?nam={YEAR}"
    return [
        (f"the province's exemplar list, as {staff}", staff, exemplars),
        (f"a commune's exemplar list, as the leader of {commune.name}", leader, exemplars),
        (
            f"a model's page ({model.unit.name}, 3 teams, 6 goals, {model.n} replicas)",
            staff,
            model.get_absolute_url(),
        ),
        ("the province's list of models", staff, reverse("initiatives:index")),
    ]


def _measure(root, runs: int) -> None:
    from django.conf import settings
    from django.test import Client

    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    print(f"\nmedian of {runs} requests after one warm-up, server time through django.test.Client:")
    for label, user, url in _pages(root):
        client = Client()
        client.force_login(user)
        median, times, queries, _response = timed(lambda client=client, url=url: get_ok(client, url), runs)
        verdict = "met" if median < TARGET else "NOT met"
        print(
            f"  {label}: {median * 1000:.0f} ms median ({', '.join(f'{t * 1000:.0f}' for t in times)}), "
            f"{queries} queries; target < {TARGET * 1000:.0f} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
