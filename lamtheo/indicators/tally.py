"""Attendance counted per meeting and status (models.MeetingTally), kept by database triggers.

The attendance rate of a province's year reads its 50.000 meetings' tallies (a few rows each) instead of the
1,5 million attendance rows. Triggers on the attendance table add 1 to the (meeting, status) row of the new row
and take 1 from that of the old one on every INSERT, UPDATE and DELETE (per row on SQLite; per statement over its
transition tables on PostgreSQL, where TRUNCATE empties the tally),
in the writer's transaction, whoever writes: the tally is never behind the attendance it counts. It is rebuilt
from the attendance after a `migrate` that finds its triggers missing (a first install, or SQLite remade the
attendance table to alter it and dropped them: writes made meanwhile went uncounted).
"""

from django.db import connections

TALLY = "indicators_meetingtally"
TRIGGER = "indicators_tally"


def _source_table() -> str | None:
    from lamtheo.indicators.versioning import table_of

    return table_of("meetings", "MeetingAttendance")


def _sqlite_statements(table: str) -> list[str]:
    take = f"UPDATE {TALLY} SET n = n - 1 WHERE meeting_id = OLD.meeting_id AND status = OLD.status;"  # noqa: S608
    add = (
        f"INSERT INTO {TALLY} (meeting_id, status, n) VALUES (NEW.meeting_id, NEW.status, 1) "  # noqa: S608
        "ON CONFLICT (meeting_id, status) DO UPDATE SET n = n + 1;"
    )
    bodies = {"insert": add, "delete": take, "update": take + " " + add}
    statements = []
    for operation, body in bodies.items():
        name = f"{TRIGGER}_{operation}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} BEGIN {body} END",
        ]
    return statements


def _postgresql_statements(table: str) -> list[str]:
    """Per statement, over its transition tables: a bulk load of a million rows updates the tally once per
    (meeting, status) it touches, not once per row."""
    take = (
        f"UPDATE {TALLY} AS t SET n = t.n - o.c FROM (SELECT meeting_id, status, COUNT(*) AS c "  # noqa: S608
        "FROM old_rows GROUP BY meeting_id, status) AS o WHERE t.meeting_id = o.meeting_id AND t.status = o.status;"
    )
    add = (
        f"INSERT INTO {TALLY} (meeting_id, status, n) SELECT meeting_id, status, COUNT(*) FROM new_rows "  # noqa: S608
        f"GROUP BY meeting_id, status ON CONFLICT (meeting_id, status) DO UPDATE SET n = {TALLY}.n + EXCLUDED.n;"
    )
    bodies = {
        "insert": (add, "NEW TABLE AS new_rows"),
        "update": (take + " " + add, "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        "delete": (take, "OLD TABLE AS old_rows"),
    }
    statements = [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}"]  # the per-row trigger of an earlier version
    for operation, (body, transition) in bodies.items():
        name = f"{TRIGGER}_{operation}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {body} RETURN NULL; END "
            "$$ LANGUAGE plpgsql",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {operation.upper()} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return [
        *statements,
        f"CREATE OR REPLACE FUNCTION {TRIGGER}_truncate() RETURNS trigger AS $$ BEGIN "  # noqa: S608
        f"DELETE FROM {TALLY}; RETURN NULL; END $$ LANGUAGE plpgsql",
        f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {table}",
        f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_truncate()",
    ]


def rebuild_statements(table: str) -> list[str]:
    return [
        f"DELETE FROM {TALLY}",  # noqa: S608 - constant names
        f"INSERT INTO {TALLY} (meeting_id, status, n) "  # noqa: S608
        f"SELECT meeting_id, status, COUNT(*) FROM {table} GROUP BY meeting_id, status",
    ]


def install(using: str = "default") -> bool:
    """The triggers, and the tally rebuilt from the attendance, in one transaction. False when a table is missing."""
    from django.db import transaction

    connection = connections[using]
    table = _source_table()
    existing = set(connection.introspection.table_names())
    if table is None or table not in existing or TALLY not in existing:
        return False
    if connection.vendor == "postgresql":
        triggers = _postgresql_statements(table)
    elif connection.vendor == "sqlite":
        triggers = _sqlite_statements(table)
    else:
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # no attendance write between the rebuild and the triggers
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        # Triggers in place since the tally was last built kept it exact: they are replaced (their body may have
        # changed), the tally is not rebuilt (1–2 s on a province). Missing (a first install, or SQLite remade the
        # attendance table to alter it), writes may have gone uncounted: rebuilt.
        rebuild = not _triggers_present(cursor, connection.vendor, table)
        for statement in [*triggers, *(rebuild_statements(table) if rebuild else [])]:
            cursor.execute(statement)
    return True


def _triggers_present(cursor, vendor: str, table: str) -> bool:
    """Whether the three triggers keeping the tally are on the attendance table."""
    names = [f"{TRIGGER}_{operation}" for operation in ("insert", "update", "delete")]
    if vendor == "postgresql":
        cursor.execute(
            "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = ANY(%s)",
            [table, names],
        )
    else:
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name IN (%s, %s, %s)",
            [table, *names],
        )
    return cursor.fetchone()[0] == len(names)
