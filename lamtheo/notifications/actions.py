"""Writing notifications. `notify` is the one way in: it skips what a recipient was already told (by key),
writes the rest in one insert with their audit rows, then mails those recipients who have an e-mail address.

Mail goes through Django's mail API (settings EMAIL_*), sent by the worker (the task `send_mails`, queued when the
notifications are committed) so that a slow mail server never holds a request; a mail server that fails leaves
the notification in the inbox with `emailed_at` empty, and the next run does not mail it again (the key is taken).
"""

import datetime
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lamtheo.audit import actions as audit
from lamtheo.notifications.models import CalendarFeed, Notification

logger = logging.getLogger(__name__)
BATCH = 2000
# How long the inbox keeps a notification, counted from when it was sent. Not settings: a reminder's key must
# outlive the time in which the daily run could find its event again (see `reminders.OVERDUE_REMINDED`).
READ_KEPT = datetime.timedelta(days=90)
UNREAD_KEPT = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Message:
    """One thing to tell one user. `key` names the event (e.g. `assignment:12:overdue`); `unit` is where it
    happens, for the audit trail."""

    recipient: object  # a User, with `email` loaded
    text: str
    key: str
    link: str = ""
    kind: str = Notification.Kind.OTHER
    unit: object = None


def _dedup(messages: Iterable[Message]) -> list[Message]:
    """One message per (recipient, key), inactive users left out."""
    seen, out = set(), []
    for message in messages:
        pair = (message.recipient.pk, message.key)
        if pair in seen or not message.recipient.is_active:
            continue
        seen.add(pair)
        out.append(message)
    return out


def _write(messages: list[Message], actor) -> list[Notification]:
    taken = set(
        Notification.objects.filter(
            recipient__in={m.recipient.pk for m in messages}, key__in={m.key for m in messages}
        ).values_list("recipient", "key")
    )
    fresh = [m for m in messages if (m.recipient.pk, m.key) not in taken]
    if not fresh:
        return []
    now = timezone.now()
    rows = [
        Notification(
            recipient=m.recipient,
            kind=m.kind,
            text=m.text[:500],
            link=m.link[:500],
            key=m.key,
            created_at=now,
        )
        for m in fresh
    ]
    Notification.objects.bulk_create(rows)
    audit.record_many(
        [
            audit.build(row, "notification.send", actor=actor, unit=m.unit, note=f"{m.recipient}: {m.text}")
            for row, m in zip(rows, fresh, strict=True)
        ]
    )
    return rows


def notify(messages: Iterable[Message], *, actor=None, email: bool = True) -> list[Notification]:
    """Write the notifications not written before and mail them. Returns those written now.

    A fixed number of queries per BATCH messages: one to find the keys already taken, one insert, one insert of
    audit rows; and one update of `emailed_at` after the mail.
    """
    messages = _dedup(messages)
    if not messages:
        return []
    rows = []
    with transaction.atomic():
        for start in range(0, len(messages), BATCH):
            rows += _write(messages[start : start + BATCH], actor)
    mailed = [row.pk for row in rows if row.recipient.email]
    if email and mailed:
        # After the commit, so no mail announces a notification that a rollback then removes.
        transaction.on_commit(lambda: send_mails.enqueue(mailed))
    return rows


@task()
def send_mails(notification_ids: list[int]) -> int:
    """The task: mail each of these notifications to its recipient, over one connection. Returns how many."""
    outgoing = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at=None)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    if not outgoing:
        return 0
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    messages = [
        mail.EmailMessage(
            subject=_("[Học tập và làm theo] %(text)s") % {"text": row.text[:120]},
            body=row.text + (f"\n\n{base}{row.link}" if row.link else ""),
            to=[row.recipient.email],
        )
        for row in outgoing
    ]
    try:
        mail.get_connection().send_messages(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("Mailing %d notifications failed; they stay in the inbox.", len(messages))
        return 0
    Notification.objects.filter(pk__in=[row.pk for row in outgoing]).update(emailed_at=timezone.now())
    return len(outgoing)


def mark_read(notification: Notification, *, actor) -> None:
    """Reading one's own notification. Personal state: no audit row."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, actor) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())


@dataclass(frozen=True)
class Cleared:
    read: int
    unread: int


def delete_old(now: datetime.datetime, *, actor=None) -> Cleared:
    """Delete the notifications read and sent more than 90 days ago, and the unread ones sent more than 365 days
    ago. Two queries. No audit row of its own: the `notification.send` rows stay, so the history still says who
    was told what and when."""
    with transaction.atomic():
        read, _by_model = Notification.objects.filter(
            read_at__isnull=False, created_at__lt=now - READ_KEPT
        ).delete()
        unread, _by_model = Notification.objects.filter(
            read_at__isnull=True, created_at__lt=now - UNREAD_KEPT
        ).delete()
    return Cleared(read=read, unread=unread)


def renew_calendar_feed(*, actor) -> CalendarFeed:
    """A new secret address for the actor's own calendar feed; the old one, if any, stops answering at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.update_or_create(
            user=actor, defaults={"token": CalendarFeed.new_token(), "created_at": timezone.now()}
        )
        audit.record(feed, "calendar_feed.create" if created else "calendar_feed.renew", actor=actor)
    return feed


def revoke_calendar_feed(*, actor) -> bool:
    """Turn the actor's calendar feed off: its address answers 404 from now on. False when there was none."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_related("user").filter(user=actor).first()
        if feed is None:
            return False
        audit.record(feed, "calendar_feed.revoke", actor=actor)
        feed.delete()
    return True
