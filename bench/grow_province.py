"""Make the full-scale province two and four times as large, for the indicators benchmark's growth table.

    .venv/bin/python bench/grow_province.py 2            # bench/data/province.sqlite3 -> province-x2.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/grow_province.py 4
                                                         # database lamtheo_bench -> lamtheo_bench_x4

The province of bench/make_province.py is copied into a new database, then everything below the province's own
unit (every commune and agency committee with its chi bộ, people, memberships, positions, meetings and their
agenda items and assignments, study sessions and attendance, registrations, codes of conduct, plans and
documents, topics, report deadlines) is copied `times - 1` more times under the same province, in SQL: each copy's
ids are the original's plus an offset per table, and each reference to a copied row points to its copy. The
province therefore has `times` as many units, people and records, with the same shape and the same figures per
unit. Left out: the meetings' attendance rows (the figures read the meeting's own counts) and what no figure reads
(audit, notifications, accounts).
"""

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = BASE_DIR / "bench" / "data" / "province.sqlite3"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's path alphabet, 4 characters a step

# (table, the reference that places a row under a unit): the tables copied, in an order where each row's
# references are copied before it. `None`: the units themselves.
COPIED = (
    ("units_unit", None),
    ("units_unitname", "unit_id"),
    ("people_person", "unit_id"),
    ("people_membership", "person_id"),
    ("people_position", "person_id"),
    ("documents_term", "unit_id"),
    ("documents_issuerprofile", "unit_id"),
    ("documents_numberseries", "unit_id"),
    ("topics_topic", "unit_id"),
    ("documents_document", "unit_id"),
    ("documents_distribution", "unit_id"),
    ("conduct_conductcode", "unit_id"),
    ("conduct_conductrule", "code_id"),
    ("meetings_meetingschedule", "unit_id"),
    ("meetings_meeting", "unit_id"),
    ("meetings_agendaitem", "meeting_id"),
    ("meetings_assignment", "meeting_id"),
    ("meetings_memberassessment", "meeting_id"),
    ("pledges_registrationdeadline", "unit_id"),
    ("pledges_pledge", "person_id"),
    ("pledges_pledgeitem", "pledge_id"),
    ("pledges_review", "pledge_id"),
    ("study_studysession", "unit_id"),
    ("study_attendance", "session_id"),
    ("reports_deadline", "unit_id"),
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("times", type=int, choices=(2, 3, 4, 8), help="how many times as large")
    times = parser.parse_args().times
    source = os.environ.get("DATABASE_URL", f"sqlite:///{PROVINCE}")
    target = grown_url(source, times)
    started = time.perf_counter()
    copy_database(source, target)
    os.environ["DATABASE_URL"] = target
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection, transaction

    from lamtheo.demo import builder
    from lamtheo.units.models import Unit

    root = Unit.objects.get(code=builder.ROOT_CODE)
    with transaction.atomic():
        grow(root, times)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    units = Unit.objects.subtree_of(root).count()
    print(f"{target}: {times}× the province, {units} units, in {time.perf_counter() - started:.0f} s")


def grown_url(source: str, times: int) -> str:
    if source.startswith("sqlite"):
        path = Path(source.removeprefix("sqlite:///"))
        return f"sqlite:///{path.with_name(f'{path.stem}-x{times}{path.suffix}')}"
    return f"{source}_x{times}"


def copy_database(source: str, target: str) -> None:
    if source.startswith("sqlite"):
        path = Path(target.removeprefix("sqlite:///"))
        path.unlink(missing_ok=True)
        with sqlite3.connect(source.removeprefix("sqlite:///")) as old, sqlite3.connect(path) as new:
            old.backup(new)
        return
    import psycopg

    server, name = source.rsplit("/", 1)
    grown = target.rsplit("/", 1)[1]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{grown}"')
        connection.execute(f'CREATE DATABASE "{grown}" TEMPLATE "{name}"')


def grow(root, times: int) -> None:
    from django.apps import apps
    from django.db import connection

    models = {model._meta.db_table: model for model in apps.get_models()}
    with connection.cursor() as cursor:
        # What is copied: the rows under a unit below the province, table by table (their ids, once).
        cursor.execute("CREATE TEMPORARY TABLE grow_source (tbl varchar(80), id bigint)")
        cursor.execute(
            "INSERT INTO grow_source SELECT 'units_unit', id FROM units_unit WHERE path LIKE %s AND id <> %s",
            [f"{root.path}%", root.pk],
        )
        for table, anchor in COPIED[1:]:
            target = models[table]._meta.get_field(anchor.removesuffix("_id")).related_model._meta.db_table
            cursor.execute(
                f"INSERT INTO grow_source SELECT %s, id FROM {table} "  # noqa: S608 - tables of this file
                f"WHERE {anchor} IN (SELECT id FROM grow_source WHERE tbl = %s)",
                [table, target],
            )
        offsets = {}
        for table, _anchor in COPIED:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            offsets[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT path FROM units_unit WHERE path LIKE %s AND depth = %s", [f"{root.path}%", root.depth + 1]
        )
        steps = sorted(path[len(root.path) :] for (path,) in cursor.fetchall())
        last = to_number(steps[-1])
        for copy in range(1, times):
            for table, _anchor in COPIED:
                model = models[table]
                columns, values = [], []
                for field in model._meta.concrete_fields:
                    column = connection.ops.quote_name(field.column)
                    columns.append(column)
                    values.append(value_sql(field, column, copy, offsets, root, table))
                if table == "units_unit":  # one statement per unit below the province: its new path
                    for step in steps:
                        new_step = to_step(to_number(step) + copy * (last + 1))
                        prefix = f"{root.path}{step}"
                        cursor.execute(
                            f"INSERT INTO units_unit ({', '.join(columns)}) "  # noqa: S608
                            f"SELECT {', '.join(values)} FROM units_unit WHERE path LIKE %s",
                            [f"{root.path}{new_step}", len(prefix) + 1, f"{prefix}%"],
                        )
                    continue
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                    f"SELECT {', '.join(values)} FROM {table} "
                    f"WHERE id IN (SELECT id FROM grow_source WHERE tbl = %s)",
                    [table],
                )
        cursor.execute("UPDATE units_unit SET numchild = %s WHERE id = %s", [len(steps) * times, root.pk])
        cursor.execute("DROP TABLE grow_source")
        if connection.vendor == "postgresql":  # the sequences continue after the copies' ids
            for table, _anchor in COPIED:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )


def value_sql(field, column: str, copy: int, offsets: dict, root, table: str) -> str:
    """The SQL of a copied row's column: ids offset, references to copied rows offset, unique texts made unique."""
    if field.primary_key:
        return f"{column} + {copy * offsets[table]}"
    if table == "units_unit" and field.name == "path":
        return f"%s || SUBSTR({column}, %s)"  # the new step of the unit below the province, then the rest
    if field.is_relation:
        target = field.related_model._meta.db_table
        if target not in offsets:
            return column
        return (
            f"CASE WHEN {column} IN (SELECT id FROM grow_source WHERE tbl = '{target}') "  # noqa: S608
            f"THEN {column} + {copy * offsets[target]} ELSE {column} END"
        )
    if field.unique and field.get_internal_type() in ("CharField", "SlugField"):
        return "NULL" if field.null else f"{column} || '-{copy}'"
    return column


def to_number(step: str) -> int:
    number = 0
    for character in step:
        number = number * len(ALPHABET) + ALPHABET.index(character)
    return number


def to_step(number: int) -> str:
    characters = []
    for _position in range(4):
        number, digit = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[digit])
    return "".join(reversed(characters))


if __name__ == "__main__":
    main()
