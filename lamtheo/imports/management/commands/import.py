"""`lamtheo import people FILE --unit CODE [--user USERNAME]` (or `units`): the same import as the upload page.

Progress goes to stderr as the rows are checked and written; every problem is printed as
`Dòng 12, cột «Ngày sinh»: ...` and the command exits with an error when the file was refused.
Without --user the import is recorded as made by the system (whoever runs this has the server in hand).
"""

import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import override

from lamtheo.accounts.models import User
from lamtheo.accounts.rules import allows
from lamtheo.imports import actions, readers
from lamtheo.imports.models import ImportJob
from lamtheo.lib import vn
from lamtheo.units.models import Unit


class Command(BaseCommand):
    help = "Import people or units from an XLSX or CSV file under the unit with code --unit."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportJob.Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="code of the unit the import is made under")
        parser.add_argument(
            "--user", help="username the import is recorded under; must be allowed to import there"
        )

    def handle(self, *args, kind, file, unit, user, **options):
        with override("vi"):
            job = self._import(kind, file, unit, user)
            if job.status == ImportJob.Status.DONE:
                self.stdout.write(
                    _(
                        "Đã nhập xong %(rows)s dòng: %(created)s tạo mới, %(updated)s cập nhật, %(unchanged)s không đổi."
                    )
                    % {
                        "rows": vn.number(job.total_rows),
                        "created": vn.number(job.created_count),
                        "updated": vn.number(job.updated_count),
                        "unchanged": vn.number(job.unchanged_count),
                    }
                )
                return
            for error in job.errors:
                self.stderr.write(ImportJob.format_error(error))
            if job.error_count > len(job.errors):
                self.stderr.write(
                    _("… và %(count)s lỗi khác.") % {"count": vn.number(job.error_count - len(job.errors))}
                )
            raise CommandError(
                _("Tệp có %(count)s lỗi; chưa ghi gì vào cơ sở dữ liệu.")
                % {"count": vn.number(job.error_count)}
                if job.status == ImportJob.Status.INVALID
                else _("Không nhập được; chưa ghi gì vào cơ sở dữ liệu.")
            )

    def _import(self, kind, path: Path, code: str, username: str | None) -> ImportJob:
        target = Unit.objects.filter(code=code).first()
        if target is None:
            raise CommandError(_("Không có đơn vị mã «%(code)s».") % {"code": code})
        if not target.is_active:
            raise CommandError(_("Đơn vị %(unit)s đã ngừng hoạt động.") % {"unit": target.name})
        actor = None
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(_("Không có tài khoản «%(username)s».") % {"username": username})
            if not allows(actor, "imports.import", target):
                raise CommandError(
                    _("Tài khoản «%(username)s» không có quyền nhập dữ liệu vào %(unit)s.")
                    % {"username": username, "unit": target.name}
                )
        if not path.is_file():
            raise CommandError(_("Không có tệp %(path)s.") % {"path": path})
        with path.open("rb") as stream:
            try:
                readers.check_upload(stream, path.name, path.stat().st_size)
            except readers.ReadError as error:
                raise CommandError(error.message) from None
            job = actions.create_job(
                kind=kind, unit=target, file=File(stream), filename=path.name, actor=actor
            )
        terminal = _Terminal(self.stderr, job)
        job = actions.run_job(job, progress=terminal)
        terminal.close()
        return job


class _Terminal:
    """Progress on stderr: rewritten in place on a terminal, a line every few seconds in a log."""

    LOG_INTERVAL = 2.0

    def __init__(self, stream, job: ImportJob):
        self.stream = stream
        self.job = job
        self.tty = stream.isatty()
        self.last_text, self.last_phase, self.last_time, self.pending = None, None, 0.0, False

    def __call__(self, phase, done, total):
        text = self.job.progress_text({"phase": phase, "done": done, "total": total})
        if text == self.last_text:
            return
        if self.tty:
            self.stream.write(f"\r{text}\033[K", ending="")
            self.stream.flush()
            self.pending = True
        elif (
            time.monotonic() - self.last_time >= self.LOG_INTERVAL
            or phase != self.last_phase
            or done == total
        ):
            self.stream.write(text)
            self.last_time = time.monotonic()
        self.last_text, self.last_phase = text, phase

    def close(self):
        if self.pending:
            self.stream.write("")
