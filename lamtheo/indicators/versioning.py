"""The data version that keys cached figures: a token that every write to the tables the figures read changes.

The token lives in one row (models.DataVersion) and database triggers on those tables replace it with a random
one on every INSERT, UPDATE and DELETE (and TRUNCATE on PostgreSQL), whoever writes: actions, bulk_create,
QuerySet.update, the demo loader, raw SQL, another process. So:

- a figure cached under a token is served only while no write has happened since: never stale;
- inside a transaction that wrote, the token read is that transaction's own (random, so never reused after a
  rollback), and other connections keep the committed token until the commit;
- a missing row (a flushed test database) means "do not cache".

Triggers are (re)installed after every `migrate` (post_migrate): SQLite drops a table's triggers when Django
remakes the table to alter it, so installing them once in a migration would not last. They are per row on SQLite
(it has no statement triggers) and per statement on PostgreSQL.
"""

from django.apps import apps
from django.db import connections

# The models whose tables the indicators read.
WATCHED = [
    ("units", "Unit"),
    ("people", "Person"),
    ("people", "Position"),
    ("topics", "Topic"),
    ("study", "StudySession"),
    ("study", "Attendance"),
    ("pledges", "Pledge"),
    ("pledges", "RegistrationDeadline"),
    ("conduct", "ConductCode"),
    ("meetings", "MeetingKind"),
    ("meetings", "Meeting"),
    ("meetings", "MeetingAttendance"),
    ("meetings", "AgendaItem"),
    ("meetings", "Assignment"),
    ("documents", "DocumentType"),
    ("documents", "Document"),
]
VERSION_TABLE = "indicators_dataversion"
TRIGGER = "indicators_bump"


def watched_tables() -> list[str]:
    tables = []
    for app_label, model_name in WATCHED:
        try:
            tables.append(apps.get_model(app_label, model_name)._meta.db_table)
        except LookupError:  # an app not installed
            continue
    return tables


def _sqlite_statements(table: str) -> list[str]:
    bump = f"UPDATE {VERSION_TABLE} SET token = lower(hex(randomblob(16))) WHERE id = 1;"  # noqa: S608
    return [
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{table}_{operation.lower()} AFTER {operation} ON {table} "
        f"BEGIN {bump} END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION " + TRIGGER + "() RETURNS trigger AS $$ BEGIN "  # noqa: S608 - constant names
    "UPDATE " + VERSION_TABLE + " SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1; "
    "RETURN NULL; END $$ LANGUAGE plpgsql"
)


def _postgresql_statements(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {table}",
        f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
    ]


def install(using: str = "default") -> int:
    """Create the version row if missing and the triggers on every watched table there is; returns how many
    tables are watched. Safe to run again."""
    import uuid

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return 0
    tables = [table for table in watched_tables() if table in existing]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608 - constant name
        if not cursor.fetchone()[0]:
            cursor.execute(f"INSERT INTO {VERSION_TABLE} (id, token) VALUES (1, %s)", [uuid.uuid4().hex])  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            statements = [s for table in tables for s in _postgresql_statements(table)]
        elif connection.vendor == "sqlite":
            statements = [s for table in tables for s in _sqlite_statements(table)]
        else:
            return 0
        for statement in statements:
            cursor.execute(statement)
    return len(tables)


_ready: dict[str, bool] = {}  # per database alias: whether the version table exists (asked once per process)


def token(using: str = "default") -> str | None:
    """The current data version (one tiny query), or None when there is none (then nothing is cached)."""
    connection = connections[using]
    if not _ready.get(using):
        if VERSION_TABLE not in connection.introspection.table_names():
            return None
        _ready[using] = True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")  # noqa: S608 - constant name
        row = cursor.fetchone()
    return row[0] if row else None


def on_post_migrate(sender, using="default", **kwargs) -> None:
    install(using)
