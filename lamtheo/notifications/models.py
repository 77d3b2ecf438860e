"""Notifications: what the application tells one user (a meeting coming, documents not yet sent, an assignment
due, a registration not submitted), shown in their inbox and, when they have an e-mail address, sent by mail.

Each carries a `key` that names the event it announces; a (recipient, key) pair exists once, so a reminder that
the daily command finds again is never sent twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A user's own notifications: nobody else's, whatever their roles."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Notification(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Cuộc họp sắp tới")
        DOCUMENTS = "documents", _("Tài liệu cuộc họp")
        ASSIGNMENT = "assignment", _("Việc được giao")
        PLEDGE = "pledge", _("Bản đăng ký học tập và làm theo")
        OTHER = "other", _("Khác")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    text = models.CharField(_("nội dung"), max_length=500)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(
        _("khóa chống gửi trùng"),
        max_length=120,
        help_text=_("Tên sự việc được báo; mỗi người nhận chỉ nhận một lần cho mỗi khóa."),
    )
    created_at = models.DateTimeField(_("lúc tạo"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="unique_notification_key")]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return self.text[:100]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
