import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from lamtheo.accounts.models import User
from lamtheo.audit.models import AuditEvent
from lamtheo.notifications import actions
from lamtheo.notifications.actions import Message
from lamtheo.notifications.models import Notification
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


def message(user, key="meeting:1:202603210800", text="Mời họp chi bộ"):
    return Message(recipient=user, text=text, key=key, link="/sinh-hoat/1/", unit=unit("LB-01"))


def test_notify_writes_mails_and_audits(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        written = actions.notify([message(member)], actor=None)
    assert [n.text for n in written] == ["Mời họp chi bộ"]
    notification = Notification.objects.get()
    assert notification.recipient == member and notification.read_at is None
    assert notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["member@example.vn"]]
    assert "Mời họp chi bộ" in mail.outbox[0].subject and "/sinh-hoat/1/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="notification.send")
    assert event.unit == unit("LB-01") and "Mời họp chi bộ" in event.note


def test_the_same_key_is_never_sent_twice(member, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify([message(member), message(member)], actor=None)
        again = actions.notify([message(member, text="Lần nữa"), message(secretary)], actor=None)
    assert [n.recipient for n in again] == [secretary]
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 2


def test_no_mail_without_an_address_and_none_for_inactive_users(
    member, secretary, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email="")
    member.refresh_from_db()
    secretary.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        written = actions.notify([message(member), message(secretary)], actor=None)
    assert [n.recipient for n in written] == [member]
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_failing_mail_server_keeps_the_notification(member, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        1,
    )  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify([message(member)], actor=None)
    notification = Notification.objects.get()
    assert notification.emailed_at is None


def test_notify_takes_a_fixed_number_of_queries(member, secretary, admin, django_assert_num_queries):
    users = [member, secretary, admin]
    few = [message(u, key=f"k:{u.pk}") for u in users[:1]]
    many = [message(u, key=f"k:{u.pk}:{i}") for u in users for i in range(20)]
    ContentType.objects.get_for_model(Notification)  # cached once per process in real runs
    # savepoint, keys already taken, insert, audit insert, release: as many for one as for sixty
    with django_assert_num_queries(5):
        actions.notify(few, actor=None, email=False)
    with django_assert_num_queries(5):
        actions.notify(many, actor=None, email=False)
    assert Notification.objects.count() == 61


def test_mark_read_and_mark_all_read(member, secretary):
    actions.notify(
        [message(member, key="a"), message(member, key="b"), message(secretary)], actor=None, email=False
    )
    first = Notification.objects.filter(recipient=member).first()
    actions.mark_read(first, actor=member)
    assert Notification.objects.for_user(member).unread().count() == 1
    assert actions.mark_all_read(actor=member) == 1
    assert Notification.objects.for_user(member).unread().count() == 0
    assert Notification.objects.for_user(secretary).unread().count() == 1


def test_large_runs_go_in_batches(member, secretary, monkeypatch):
    monkeypatch.setattr(actions, "BATCH", 7)
    many = [message(u, key=f"k:{i}") for u in (member, secretary) for i in range(10)]
    assert len(actions.notify(many, actor=None, email=False)) == 20
    assert actions.notify(many, actor=None, email=False) == []
    assert Notification.objects.count() == 20
