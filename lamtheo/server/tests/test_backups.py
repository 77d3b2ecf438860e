"""`lamtheo backup` and `lamtheo restore`, run as an administrator runs them: a database with data and an uploaded
file is backed up, restored into an empty database and media folder, and every table comes back with the same
rows (count and checksum), the file with the same bytes."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

KEY = "backup-test-secret-key-long-enough-for-settings"
WORLD = (
    "from pathlib import Path; from django.conf import settings; from lamtheo import testing; "
    "testing.build_world(); folder = Path(settings.MEDIA_ROOT) / 'tai-lieu' / '2026'; "
    "folder.mkdir(parents=True); (folder / 'bien-ban.pdf').write_bytes(b'%PDF-1.4 ' + bytes(range(256)))"
)


def lamtheo(*arguments, database_url: str, media: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECRET_KEY", "DEBUG", "DATABASE_URL", "MEDIA_ROOT", "DJANGO_", "TASKS_"))
    }
    env.update(SECRET_KEY=KEY, DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lamtheo.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def table_digests(cursor, tables) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows, in a fixed order."""
    digests = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - a table name from the database itself
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


def sqlite_digests(path: Path) -> dict:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return table_digests(db.cursor(), tables)


def postgres_digests(name: str) -> dict:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(dbname=name, host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None) as pg, pg.cursor() as cursor:  # fmt: skip
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return table_digests(cursor, [row[0] for row in cursor.fetchall()])


def _postgres_url(name: str) -> str:
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    return f"postgres://{login}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def _postgres(command: str, name: str):
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    subprocess.run(  # noqa: S603
        [command, "-h", db["HOST"], "-p", str(db["PORT"] or 5432), "-U", db["USER"], *(["--if-exists"] if command == "dropdb" else []), name],
        env=env, check=True, capture_output=True,
    )  # fmt: skip


ENGINES = ["sqlite", "postgresql"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(engine, tmp_path):
    if engine == "postgresql" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL variant runs when the suite runs on PostgreSQL")
    if engine == "sqlite":
        source_url, target_url = (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'target.sqlite3'}",
        )
        digests = lambda url: sqlite_digests(Path(url.removeprefix("sqlite:///")))  # noqa: E731
    else:
        base = f"{connection.settings_dict['NAME']}_backup"
        names = {"source": f"{base}_source", "target": f"{base}_target"}
        for name in names.values():
            _postgres("dropdb", name)
            _postgres("createdb", name)
        source_url, target_url = _postgres_url(names["source"]), _postgres_url(names["target"])
        digests = lambda url: postgres_digests(url.rsplit("/", 1)[1])  # noqa: E731
    source_media, target_media = tmp_path / "media-source", tmp_path / "media-target"
    archive = tmp_path / "lamtheo.tar.gz"

    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["shell", "-v", "0", "-c", WORLD],
        ["backup", str(archive)],
    ):
        result = lamtheo(*step, database_url=source_url, media=source_media)
        assert result.returncode == 0, result.stderr
    with tarfile.open(archive) as contents:
        assert {"manifest.json", "media/tai-lieu/2026/bien-ban.pdf"} <= set(contents.getnames())

    restored = lamtheo("restore", str(archive), database_url=target_url, media=target_media)
    assert restored.returncode == 0, restored.stderr

    before, after = digests(source_url), digests(target_url)
    assert before["people_person"][0] > 0 and before["accounts_user"][0] > 0
    assert after == before
    pdf = Path("tai-lieu/2026/bien-ban.pdf")
    assert (target_media / pdf).read_bytes() == (source_media / pdf).read_bytes()

    # Restoring again would mix the backup with what is there now: refused, unless told to replace it.
    again = lamtheo("restore", str(archive), database_url=target_url, media=target_media)
    assert again.returncode != 0
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in again.stderr
    replaced = lamtheo("restore", "--replace", str(archive), database_url=target_url, media=target_media)
    assert replaced.returncode == 0, replaced.stderr
    assert digests(target_url) == before
    if engine == "postgresql":
        for name in names.values():
            _postgres("dropdb", name)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    other = tmp_path / "khong-phai.tar.gz"
    other.write_bytes(b"not an archive")
    result = lamtheo(
        "restore", str(other), database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media=tmp_path / "media"
    )
    assert result.returncode != 0
    assert "không phải là bản sao lưu của lamtheo" in result.stderr
