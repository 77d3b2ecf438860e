"""Build the full-scale demo province (about 130.000 people in about 5.000 chi bộ) for the benchmarks.

    .venv/bin/python bench/make_province.py                  # SQLite, bench/data/province.sqlite3, made afresh
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/make_province.py

On SQLite the file is deleted and made again; on any other database the demo province, if there, is deleted and
built again (the rest of the database is left alone). `--keep` reuses a province already built. Prints the time
of each step and what was built.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = BASE_DIR / "bench" / "data" / "province.sqlite3"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--people-per-cell", type=float, help="average people per chi bộ (default: realistic, ~26)"
    )
    parser.add_argument("--keep", action="store_true", help="reuse the province if it is already built")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DATABASE}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.demo import builder
    from lamtheo.people.models import Person
    from lamtheo.units.models import Unit

    if connection.vendor == "sqlite" and not args.keep:
        connection.close()
        path = Path(connection.settings_dict["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"migrate: {migrated - started:.1f} s")
    if builder.is_loaded():
        if args.keep:
            print("the province is already built (--keep): nothing to do")
            return
        builder.delete_demo()
        print(f"delete the previous province: {time.perf_counter() - migrated:.1f} s")
    scale = builder.Scale(communes=None, full=True, people_per_cell=args.people_per_cell)
    result = builder.build(scale, progress=None if args.quiet else print)
    root = Unit.objects.get(code=builder.ROOT_CODE)
    units = Unit.objects.subtree_of(root)
    print(
        f"built in {result.seconds:.1f} s: {units.count()} units, "
        f"{units.filter(kind=Unit.Kind.CELL).count()} chi bộ, "
        f"{Person.objects.in_subtree(root).count()} people ({result.members} members), "
        f"{result.positions} positions, {result.people / result.seconds:.0f} people/s"
    )
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
