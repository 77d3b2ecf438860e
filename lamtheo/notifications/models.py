"""Notifications: what the application tells one user (a meeting coming, documents not yet sent, an assignment
due, a registration not submitted), shown in their inbox and, when they have an e-mail address, sent by mail.

Each carries a `key` that names the event it announces; a (recipient, key) pair exists once, so a reminder that
the daily command finds again is never sent twice.

A user's calendar feed (`CalendarFeed`) is the other way the application reaches a phone: a secret address that
the phone's calendar subscribes to and reads again by itself.
"""

import secrets

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
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"]),
            models.Index(fields=["created_at"], name="notification_created_idx"),  # the daily clean-up
        ]

    def __str__(self):
        return self.text[:100]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class CalendarFeedQuerySet(models.QuerySet):
    def for_token(self, token: str):
        """The feed of an active account with this token (none for a malformed token: no query is wasted)."""
        if not CalendarFeed.is_well_formed(token):
            return self.none()
        return self.filter(token=token, user__is_active=True)


class CalendarFeed(models.Model):
    """The secret address of one user's meetings as iCalendar, for a phone's calendar to subscribe to.

    The token is a long random value (256 bits), kept as it is rather than hashed so that its owner can copy the
    address again from the page on another phone, as calendar services show their "secret address". Nobody can
    guess it; whoever is given it sees the owner's meetings, so making a new one revokes the old at once, and a
    deactivated account's feed answers nothing.
    """

    TOKEN_BYTES = 32
    TOKEN_LENGTH = 43  # len(secrets.token_urlsafe(TOKEN_BYTES))
    TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feed", verbose_name=_("người dùng")
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("lúc tạo"), default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đường dẫn lịch họp")
        verbose_name_plural = _("đường dẫn lịch họp")

    def __str__(self):
        # Never the token: this text goes into the audit trail.
        return str(_("Đường dẫn lịch họp của %(user)s") % {"user": self.user})

    @classmethod
    def new_token(cls) -> str:
        return secrets.token_urlsafe(cls.TOKEN_BYTES)

    @classmethod
    def is_well_formed(cls, token: str) -> bool:
        return len(token) == cls.TOKEN_LENGTH and set(token) <= cls.TOKEN_ALPHABET
