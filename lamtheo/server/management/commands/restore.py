"""`lamtheo restore FILE`: put a backup of `lamtheo backup` back, into an empty database and media folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lamtheo.server import backups


class Command(BaseCommand):
    help = _("Khôi phục một bản sao lưu của «lamtheo backup» vào cơ sở dữ liệu trống (dừng trang web trước).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("Tệp sao lưu .tar.gz."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Ghi đè cơ sở dữ liệu và thư mục tệp tải lên dù đã có dữ liệu."),
        )

    def handle(self, *args, file, replace, **options):
        try:
            manifest = backups.restore(file, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"]:
            self.stdout.write(
                _("Đã khôi phục bản sao lưu ngày %(date)s từ %(path)s.")
                % {"date": manifest["created_at"], "path": file}
            )
