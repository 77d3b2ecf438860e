"""`lamtheo backup FILE`: the database and the uploaded files in one archive (lamtheo.server.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lamtheo.server import backups


class Command(BaseCommand):
    help = _(
        "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp .tar.gz (chạy được khi trang web đang chạy)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help=_("Tệp sao lưu sẽ ghi, ví dụ /srv/backup/lamtheo.tar.gz.")
        )

    def handle(self, *args, file, **options):
        try:
            backups.backup(file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(_("Đã sao lưu vào %(path)s.") % {"path": file})
