"""Backing up and restoring a whole deployment: the database and the uploaded files, in one .tar.gz archive.

The archive holds `manifest.json` (what it is, when it was made, from which database engine), the database
(`database.sqlite3`, a consistent copy made with SQLite's online backup API while the site keeps running; or
`database.pgdump`, `pg_dump`'s custom format) and `media/`, the files under MEDIA_ROOT.

A restore goes into an empty database (a new server, or the same after `dropdb`/`createdb`) and an empty media
folder: it never mixes a backup with newer data. `--replace` overwrites a database that holds data.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
POSTGRES_NAME = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Chỉ sao lưu được cơ sở dữ liệu SQLite hoặc PostgreSQL."))
    return vendor


def _pg_environment() -> dict:
    """libpq's variables for the configured database (the password is not put on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("Không tìm thấy lệnh %(command)s: hãy cài gói postgresql-client.") % {"command": command[0]}
        )
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("Lệnh %(command)s thất bại: %(error)s")
            % {"command": command[0], "error": result.stderr.strip()}
        )


def backup(path: Path) -> dict:
    """Write the archive to `path` (through a temporary file beside it, so a failed backup leaves no half file).
    Returns the manifest."""
    engine = _engine()
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if engine == "sqlite":
            database = work / SQLITE_NAME
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)  # pages copied consistently while others write
            finally:
                target.close()
        else:
            database = work / POSTGRES_NAME
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database)])
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": database.name,
            "created_at": timezone.now().isoformat(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", "manifest.json")
            archive.add(database, database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, "media")
        partial.replace(path)
    return manifest


def _tables_with_rows() -> list[str]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        quote = connection.ops.quote_name
        return [t for t in tables if cursor.execute(f"SELECT 1 FROM {quote(t)} LIMIT 1").fetchone()]  # noqa: S608


def restore(path: Path, *, replace: bool = False) -> dict:
    """Restore the archive at `path` into the configured database and MEDIA_ROOT. Returns its manifest."""
    engine = _engine()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(work, filter="data")  # no absolute path, no "..", no device: only files
            manifest = json.loads((work / "manifest.json").read_text())
        except (OSError, KeyError, ValueError, tarfile.TarError):
            raise BackupError(
                _("Tệp %(path)s không phải là bản sao lưu của lamtheo.") % {"path": path}
            ) from None
        if manifest.get("engine") != engine:
            raise BackupError(
                _("Bản sao lưu này của cơ sở dữ liệu %(theirs)s, không khôi phục được vào %(ours)s.")
                % {"theirs": manifest.get("engine"), "ours": engine}
            )
        if not replace and (_tables_with_rows()):
            raise BackupError(
                _(
                    "Cơ sở dữ liệu đích đã có dữ liệu. Hãy khôi phục vào một cơ sở dữ liệu trống, hoặc thêm --replace "
                    "để ghi đè toàn bộ."
                )
            )
        database = work / manifest["database"]
        if engine == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--dbname",
                  connection.settings_dict["NAME"], str(database)])  # fmt: skip
        _restore_media(work / "media", replace=replace)
    return manifest


def _restore_media(source: Path, *, replace: bool) -> None:
    media = Path(settings.MEDIA_ROOT)
    if not source.is_dir():
        return
    if media.is_dir() and any(media.iterdir()) and not replace:
        raise BackupError(
            _("Thư mục tệp tải lên %(path)s không trống. Hãy dùng thư mục trống, hoặc thêm --replace.")
            % {"path": media}
        )
    if media.is_dir() and replace:
        shutil.rmtree(media)
    shutil.copytree(source, media, dirs_exist_ok=True)
