"""What the people import and the unit import share: reading every cell, collecting problems, reporting progress.

An importer checks the whole file first (`validate`), collecting every problem as (row, column, message) in
`problems`; only when there is none does the caller open a transaction and call `write`.
"""

import time
from dataclasses import dataclass
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from lamtheo.imports import columns as cols
from lamtheo.imports.models import ImportJob
from lamtheo.imports.readers import Table, open_table
from lamtheo.units.models import Unit

CHUNK = 2000  # rows per lookup query and per write batch
MAX_STORED_ERRORS = 5000  # a wrong file can have a problem in every cell; keep the first ones
VALIDATING = ImportJob.Status.VALIDATING
MATCHING = "matching"  # the second part of validation: rows against the records already there
WRITING = ImportJob.Status.WRITING


class StaleData(Exception):
    """Someone changed the records while the file was being checked; nothing was written."""


def chunks(items, size: int = CHUNK):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# Writing many rows ------------------------------------------------------------------------------------------------
#
# Django's bulk_create and bulk_update build the SQL text of every value (and on SQLite split it in statements of
# 999 values): for 150.000 people with their stays and history rows that was most of the import's time. These
# write the same rows with one prepared statement run per row on SQLite (executemany, in-process) and COPY on
# PostgreSQL (its bulk-loading path); values are converted by the model fields, as Django does. Call them inside
# the write transaction.


def reserve_ids(model, count: int) -> list[int] | None:
    """`count` new primary keys for `model`, so that rows inserted with `insert` can be referred to at once.

    PostgreSQL hands them out from the table's sequence. On SQLite the write transaction holds the database's only
    write lock (settings: transaction_mode IMMEDIATE), so the next ids after the highest ever used are ours.
    None on another database: use bulk_create there.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            used = cursor.fetchone()
            cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")  # noqa: S608 (names, not values)
            top = max(used[0] if used else 0, cursor.fetchone()[0] or 0)
            return list(range(top + 1, top + 1 + count))
    return None


def insert(model, objs: list) -> None:
    """INSERT `objs`; their primary keys must be set (reserve_ids) or left to the database when not needed."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs a lookup per attribute, per value
    with_pk = objs[0].pk is not None
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 (names, not values)
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    row = "({})".format(", ".join(["%s"] * len(fields)))
    rows = _rows(objs, fields, connection, add=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(sql + row, rows)
        elif connection.vendor == "postgresql":
            columns = ", ".join(quote(f.column) for f in fields)
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            size = max(1, 30000 // len(fields))  # many rows a statement, within the usual parameter limits
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                cursor.execute(sql + ", ".join([row] * len(batch)), [v for values in batch for v in values])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def update(model, objs: list, names: list[str]) -> None:
    """UPDATE the fields `names` of `objs`, each by its primary key."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names, not values)
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    rows = [
        [*values, obj.pk]
        for values, obj in zip(_rows(objs, fields, connection, add=False), objs, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Fields whose Python value (a str, an int or None) is what every database driver takes: Django's conversion of
# such a value gives it back unchanged, and skipping it halves the cost of writing.
_PLAIN_TYPES = frozenset(
    [
        "AutoField",
        "BigAutoField",
        "CharField",
        "EmailField",
        "TextField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "ForeignKey",
        "OneToOneField",
    ]
)


def _rows(objs, fields, connection, *, add: bool) -> list[list]:
    plan = [(field, field.attname, field.get_internal_type() in _PLAIN_TYPES) for field in fields]
    rows = []
    for obj in objs:
        values = []
        for field, attname, plain in plan:
            if plain:
                value = getattr(obj, attname)
                if value is None or type(value) in (str, int):
                    values.append(value)
                    continue
            values.append(field.get_db_prep_save(field.pre_save(obj, add), connection))
        rows.append(values)
    return rows


def same(old, new) -> bool:
    """Equal, counting "" and None as the same empty value."""
    return old == new or (old in ("", None) and new in ("", None))


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


class Progress:
    """Passes `(phase, done, total)` on to `report` at most twice a second (a cache write, a line on a terminal)."""

    def __init__(self, report=None, interval: float = 0.5):
        self.report = report
        self.interval = interval
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int | None, *, force: bool = False) -> None:
        if self.report is None:
            return
        now = time.monotonic()
        if force or now - self.last >= self.interval:
            self.last = now
            self.report(phase, done, total if total and total >= done else None)


class Problems:
    """Every problem found, as the user sees it: row, column header, message; listed by row, then column."""

    def __init__(self, headers: dict[str, str] | None = None, order: list[str] | None = None):
        self.headers = headers or {}
        self.order = {key: index for index, key in enumerate(order or [])}
        self.items: list[tuple] = []

    @classmethod
    def single(cls, message: str):
        problems = cls()
        problems.add(None, None, message)
        return problems

    def add(self, row: int | None, key: str | None, message: str) -> None:
        self.items.append((row or 0, self.order.get(key, -1), self.headers.get(key, key or ""), str(message)))

    def __len__(self):
        return len(self.items)

    def as_list(self) -> list[dict]:
        return [
            {"row": row or None, "column": column, "message": message}
            for row, _order, column, message in sorted(self.items)[:MAX_STORED_ERRORS]
        ]


@dataclass(slots=True)
class Row:
    number: int  # as Excel shows it
    values: dict  # column key -> parsed value, for the columns the file has whose cell could be read
    failed: set | None = None  # the keys with a problem ("" for the row as a whole)
    unit: Unit | None = None  # people: the chi bộ the row names


class FileImport:
    """Reads and checks the cells; a subclass adds the rules of its kind (`check`) and the writing (`write`)."""

    columns: tuple = ()

    def __init__(self, target: Unit, *, actor, note: str, progress: Progress | None = None):
        self.target = target
        self.actor = actor if actor is not None and actor.is_authenticated else None
        self.note = note[:300]
        self.progress = progress or Progress()
        self.problems = Problems()
        self.rows: list[Row] = []
        self.creates: list = []
        self.updates: list = []
        self.unchanged = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def write_count(self) -> int:
        return len(self.creates) + len(self.updates)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.creates), len(self.updates), self.unchanged

    def validate(self, file, name: str) -> None:
        """Read and check every row; afterwards `problems` is empty or says everything that is wrong."""
        self.prepare()
        if self.read(file, name):
            self.check()

    def prepare(self) -> None:
        """Load what the checks need before the file is read."""

    def check(self) -> None:
        raise NotImplementedError

    def write(self) -> None:
        raise NotImplementedError

    def read(self, file, name: str) -> bool:
        """Parse every cell; False when the file as a whole cannot be imported (`problems` says why)."""
        table = open_table(file, name, is_header=cols.header_finder(self.columns))
        self.match = cols.match_headers(table.headers, self.columns)
        self.problems = Problems(self.match.header, [c.key for c in self.columns])
        for message in [*self.match.problems, *self.header_problems(table)]:
            self.problems.add(table.header_row, None, message)
        if self.problems:
            return False
        parsers = [(key, index, self.column(key).parse) for key, index in self.match.index.items()]
        for number, cells in table.rows:
            if all(cols.is_blank(cell) for cell in cells):
                continue
            values, failed = {}, None
            for key, index, parse in parsers:
                try:
                    values[key] = parse(cells[index] if index < len(cells) else None)
                except cols.CellError as error:
                    self.problems.add(number, key, error.message)
                    failed = (failed or set()) | {key}
            if not self.is_sample(values):
                self.rows.append(Row(number, values, failed))
            if number % 100 == 0:
                self.progress(VALIDATING, number, table.total)
        if not self.rows:
            self.problems.add(None, None, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
            return False
        self.progress(VALIDATING, self.rows[-1].number, self.rows[-1].number, force=True)
        return True

    def header_problems(self, table: Table) -> list[str]:
        return []

    def is_sample(self, values: dict) -> bool:
        """The template's sample row, left in place: skipped."""
        return False

    def column(self, key: str):
        return next(c for c in self.columns if c.key == key)

    def has_column(self, key: str) -> bool:
        return key in self.match.index

    def fail(self, row: Row, key: str | None, message: str) -> None:
        self.problems.add(row.number, key, message)
        row.failed = (row.failed or set()) | {key or ""}
