"""Data versions that key cached figures: one token per watched table, changed by every write to that table.

Each watched table has its row in models.DataVersion (name = the table), and database triggers on the table replace
its token with a random one on every INSERT, UPDATE and DELETE (and TRUNCATE on PostgreSQL), whoever writes:
actions, bulk_create, QuerySet.update, the demo loader, raw SQL, another process. A cached figure is keyed by the
tokens of the tables its data source reads (engine.SOURCE_TABLES), so:

- a figure cached under some tokens is served only while none of those tables was written since: never stale;
- a write to one table recomputes only the sources that read it (ticking attendance at a meeting leaves the
  registrations figures cached), and concurrent writers on PostgreSQL lock the row of their own table, not one
  row for every write of the province;
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


def table_of(app_label: str, model_name: str) -> str | None:
    try:
        return apps.get_model(app_label, model_name)._meta.db_table
    except LookupError:  # an app not installed
        return None


def watched_tables() -> list[str]:
    return [table for table in (table_of(*model) for model in WATCHED) if table is not None]


def _sqlite_statements(table: str) -> list[str]:
    bump = f"UPDATE {VERSION_TABLE} SET token = lower(hex(randomblob(16))) WHERE name = '{table}';"  # noqa: S608
    statements = []
    for operation in ("INSERT", "UPDATE", "DELETE"):
        name = f"{TRIGGER}_{table}_{operation.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",  # an older body (one token for every table) is replaced
            f"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {bump} END",
        ]
    return statements


_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION " + TRIGGER + "() RETURNS trigger AS $$ BEGIN "  # noqa: S608 - constant names
    "UPDATE " + VERSION_TABLE + " SET token = md5(random()::text || clock_timestamp()::text) "
    "WHERE name = TG_TABLE_NAME; "
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
    """Create the version row of every watched table there is, and its triggers; returns how many tables are
    watched. Safe to run again."""
    import uuid

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return 0
    tables = [table for table in watched_tables() if table in existing]
    with connection.cursor() as cursor:
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, VERSION_TABLE)
        }
        if "name" not in columns:  # migrating another app while indicators' 0002 is still to be applied
            return 0
        cursor.execute(f"SELECT name FROM {VERSION_TABLE}")  # noqa: S608 - constant name
        present = {row[0] for row in cursor.fetchall()}
        for table in tables:
            if table not in present:
                cursor.execute(
                    f"INSERT INTO {VERSION_TABLE} (name, token) VALUES (%s, %s)",  # noqa: S608
                    [table, uuid.uuid4().hex],
                )
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


def tokens(using: str = "default") -> dict[str, str]:
    """The current version of every watched table, {table: token} (one tiny query); empty when there is no version
    table (then nothing is cached)."""
    connection = connections[using]
    if not _ready.get(using):
        if VERSION_TABLE not in connection.introspection.table_names():
            return {}
        _ready[using] = True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, token FROM {VERSION_TABLE}")  # noqa: S608 - constant name
        return dict(cursor.fetchall())


def on_post_migrate(sender, using="default", **kwargs) -> None:
    from lamtheo.indicators import tally

    install(using)
    tally.install(using)
