"""`lamtheo send_reminders`: the daily reminders (run once a day from cron, e.g. `30 6 * * *`).

Invitees of meetings in the next two days; the chair and secretary of a meeting whose documents are not sent;
assignees of assignments due within three days or overdue; people who have not submitted their registration as
the deadline approaches. Safe to run again: nobody is told the same thing twice.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.notifications import reminders
from lamtheo.notifications.actions import notify
from lamtheo.notifications.models import Notification


class Command(BaseCommand):
    help = _(
        "Gửi nhắc việc hằng ngày: mời họp trong hai ngày tới, tài liệu cuộc họp chưa gửi, việc được giao sắp đến "
        "hạn hoặc quá hạn, bản đăng ký chưa nộp khi sắp hết hạn. Chạy lại không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--khong-gui-thu", action="store_true", dest="no_email", help=_("Không gửi thư điện tử.")
        )

    def handle(self, *args, no_email=False, **options):
        by_kind = reminders.daily(timezone.now())
        labels = dict(Notification.Kind.choices)
        total = 0
        for kind, messages in by_kind.items():
            sent = notify(messages, actor=None, email=not no_email)
            total += len(sent)
            self.stdout.write(
                _("%(kind)s: %(sent)s thông báo mới (%(found)s tìm thấy).")
                % {"kind": labels[kind], "sent": vn.number(len(sent)), "found": vn.number(len(messages))}
            )
        self.stdout.write(_("Tổng cộng %(total)s thông báo mới.") % {"total": vn.number(total)})
