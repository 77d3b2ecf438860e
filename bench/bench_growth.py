"""How the figures' time grows with the province (not a test): the full-scale province, twice and four times as large.

    .venv/bin/python bench/bench_growth.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_growth.py

The provinces ×2 and ×4 are made by bench/grow_province.py from the province of bench/make_province.py when
missing (the same communes copied under the same province: `times` as many units, people and records). Each
province is measured in a process of its own, cache off, median of --runs after a warm-up: every indicator of the
province and its units below (what the dashboard computes), and each indicator rolled up to every unit. The table
gives each size's time and its ratio to the ×1 time: linear growth is a ratio of 2 and 4; better is below.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_indicators import END, PROVINCE, START, TODAY
from grow_province import grown_url
from timing import timed

BASE_DIR = Path(__file__).resolve().parent.parent
SIZES = (1, 2, 4)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (default 5)")
    parser.add_argument(
        "--codes", nargs="*", help="only these indicators' rollups (default: every indicator)"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # measure one database (the child process)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs, args.codes)))
        return
    source = os.environ.get("DATABASE_URL", f"sqlite:///{PROVINCE}")
    if source.startswith("sqlite") and not PROVINCE.exists():
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--quiet"], check=True)
    results = {}
    for times in SIZES:
        url = source if times == 1 else grown_url(source, times)
        if times > 1 and not exists(url):
            env = {**os.environ, "DATABASE_URL": source}
            subprocess.run(
                [sys.executable, str(BASE_DIR / "bench" / "grow_province.py"), str(times)],
                env=env,
                check=True,
            )
        print(f"measuring ×{times}: {url}", flush=True)
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                url,
                "--runs",
                str(args.runs),
                "--codes",
                *(args.codes or []),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results[times] = json.loads(child.stdout.strip().splitlines()[-1])
    print_table(results)


def exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres") as connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def measure(url: str, runs: int, codes: list[str] | None) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from lamtheo.demo import builder
    from lamtheo.indicators import engine, registry
    from lamtheo.indicators.periods import Period
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    period = Period.custom(START, END)
    root = Unit.objects.get(code=builder.ROOT_CODE)
    province = [root.pk, *Unit.objects.children_of(root).values_list("pk", flat=True)]

    def median(function) -> float:
        return timed(function, runs)[0]

    rows = {"dashboard": median(lambda: engine.figures(province, period, today=TODAY, cache=False))}
    for code in codes or sorted(registry.INDICATORS):
        rows[code] = median(lambda code=code: engine.rollup(code, period, today=TODAY, cache=False))
    return {
        "units": Unit.objects.subtree_of(root).count(),
        "people": Person.objects.in_subtree(root).count(),
        "rows": rows,
    }


def print_table(results: dict) -> None:
    first = results[1]

    def n(value: int) -> str:
        return f"{value:,}".replace(",", ".")

    sizes = (f"×{times} {n(r['units'])} units, {n(r['people'])} people" for times, r in results.items())
    print("size: " + "; ".join(sizes))
    print(f"  {'median, cache off (ms)':<52}" + "".join(f"{'×' + str(times):>18}" for times in results))
    worst = 0.0
    for name, base in first["rows"].items():
        label = (
            "dashboard: every indicator, province + units below" if name == "dashboard" else f"rollup {name}"
        )
        cells = []
        for times, result in results.items():
            value = result["rows"][name]
            ratio = value / base if base else 0
            if times > 1:
                worst = max(worst, ratio / times)
            cells.append(f"{value * 1000:9.0f}" + (f" ({ratio:4.1f}×)" if times > 1 else " " * 8))
        print(f"  {label:<52}" + "".join(f"{cell:>18}" for cell in cells))
    verdict = "linear or better" if worst <= 1.15 else "worse than linear"
    print(
        f"  growth: the largest time ratio is {worst:.2f} of the size ratio: {verdict} (goal: linear or better)"
    )


if __name__ == "__main__":
    main()
