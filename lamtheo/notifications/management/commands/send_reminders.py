"""`lamtheo send_reminders`: the daily reminders (run once a day from cron, e.g. `30 6 * * *`).

Invitees of meetings in the next two days; the chair and secretary of a meeting whose documents are not sent;
assignees of assignments due within three days or overdue; people who have not submitted their registration as
the deadline approaches (a week before, and on the last day). Safe to run again: nobody is told the same thing
twice. Then the inbox's housekeeping: notifications read and older than 90 days, and unread ones older than 365
days, are deleted (fixed periods, `actions.READ_KEPT` and `actions.UNREAD_KEPT`, not settings: the reminders
rely on them to never send the same thing twice).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.notifications import reminders
from lamtheo.notifications.actions import READ_KEPT, UNREAD_KEPT, delete_old, notify
from lamtheo.notifications.models import Notification


class Command(BaseCommand):
    help = _(
        "Gửi nhắc việc hằng ngày: mời họp trong hai ngày tới, tài liệu cuộc họp chưa gửi, việc được giao sắp đến "
        "hạn hoặc quá hạn, bản đăng ký chưa nộp khi sắp hết hạn (trước một tuần và ngày cuối). Chạy lại không gửi "
        "trùng. Sau đó xóa các thông báo đã đọc quá %(read)s ngày và các thông báo chưa đọc quá %(unread)s ngày."
    ) % {"read": READ_KEPT.days, "unread": UNREAD_KEPT.days}

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
        cleared = delete_old(timezone.now(), actor=None)
        self.stdout.write(
            _(
                "Đã xóa %(read)s thông báo đã đọc quá %(read_days)s ngày và %(unread)s thông báo chưa đọc quá "
                "%(unread_days)s ngày."
            )
            % {
                "read": vn.number(cleared.read),
                "read_days": READ_KEPT.days,
                "unread": vn.number(cleared.unread),
                "unread_days": UNREAD_KEPT.days,
            }
        )
