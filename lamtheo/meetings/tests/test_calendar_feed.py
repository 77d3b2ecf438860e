"""The secret calendar address a phone subscribes to (`meetings:calendar_feed`) and the buttons that make and
revoke it (`meetings:calendar_subscription`, on the my-calendar page)."""

import logging
import re

import pytest
import time_machine
from django.urls import reverse

from lamtheo.accounts.models import User
from lamtheo.audit.models import AuditEvent
from lamtheo.meetings import actions
from lamtheo.meetings.models import Meeting
from lamtheo.meetings.tests.helpers import NOW, at, kind, plan
from lamtheo.notifications import actions as notification_actions
from lamtheo.notifications.models import CalendarFeed
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db

SUBSCRIPTION = "meetings:calendar_subscription"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):  # Friday 20/03/2026
        yield


def feed_of(user) -> str:
    return reverse("meetings:calendar_feed", args=[CalendarFeed.objects.get(user=user).token])


def uids(body: str) -> set[str]:
    return set(re.findall(r"UID:meeting-(\d+)@", body))


def test_the_address_answers_the_same_calendar_without_a_session(client, login, member, secretary):
    invited = plan(starts_at=at(25, 8))
    elsewhere = plan(unit_code="LB-02", starts_at=at(26, 8))  # the member is not invited
    client = login(member)
    assert client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"}).status_code == 302
    logged_in = client.get(reverse("meetings:my_calendar")).content.decode()
    client.logout()
    response = client.get(feed_of(member))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'inline; filename="lich-hop-cua-toi.ics"'
    assert "private" in response["Cache-Control"]
    assert body == logged_in
    assert str(invited.pk) in uids(body) and str(elsewhere.pk) not in uids(body)
    # Another user's session changes nothing: the address is the owner's calendar, for whoever holds it.
    assert login(secretary).get(feed_of(member)).content.decode() == logged_in


def test_the_calendar_is_worked_out_afresh_at_each_request(client, member):
    feed = notification_actions.renew_calendar_feed(actor=member)
    url = reverse("meetings:calendar_feed", args=[feed.token])
    assert uids(client.get(url).content.decode()) == set()
    later = plan(starts_at=at(27, 8))
    cancelled = plan(starts_at=at(28, 8))
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    body = client.get(url).content.decode()
    assert uids(body) == {str(later.pk), str(cancelled.pk)} and "STATUS:CANCELLED" in body
    User.objects.filter(pk=member.pk).update(person=None)  # unlinked from the record: nothing more to show
    assert uids(client.get(url).content.decode()) == set()


def test_a_new_address_revokes_the_old_one_and_one_feed_per_user(client, member):
    first = notification_actions.renew_calendar_feed(actor=member).token
    second = notification_actions.renew_calendar_feed(actor=member).token
    assert first != second and len(second) == CalendarFeed.TOKEN_LENGTH
    assert CalendarFeed.objects.filter(user=member).count() == 1
    assert client.get(reverse("meetings:calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("meetings:calendar_feed", args=[second])).status_code == 200


def test_wrong_revoked_and_deactivated_answer_404(client, member, django_assert_num_queries):
    token = notification_actions.renew_calendar_feed(actor=member).token
    url = reverse("meetings:calendar_feed", args=[token])
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("meetings:calendar_feed", args=[wrong])).status_code == 404
    with django_assert_num_queries(0):  # malformed: not even looked up
        assert client.get(reverse("meetings:calendar_feed", args=["ngan"])).status_code == 404
        assert client.get(reverse("meetings:calendar_feed", args=["x" * 42 + "!"])).status_code == 404
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert client.get(url).status_code == 404
    User.objects.filter(pk=member.pk).update(is_active=True)
    assert client.get(url).status_code == 200
    assert notification_actions.revoke_calendar_feed(actor=member) is True
    assert client.get(url).status_code == 404
    assert notification_actions.revoke_calendar_feed(actor=member) is False


def test_the_token_is_never_logged(client, member, caplog):
    token = notification_actions.renew_calendar_feed(actor=member).token
    notification_actions.revoke_calendar_feed(actor=member)
    client.handler.enforce_csrf_checks = True
    with caplog.at_level(logging.DEBUG):
        assert client.get(reverse("meetings:calendar_feed", args=[token])).status_code == 404
        assert client.post(reverse("meetings:calendar_feed", args=[token])).status_code == 405
        assert client.put(reverse("meetings:calendar_feed", args=[token])).status_code == 405
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Calendar feed refused (404)",
        "Calendar feed refused (405)",
        "Calendar feed refused (405)",
    ]
    assert token not in caplog.text
    assert not AuditEvent.objects.filter(note__contains=token).exists()
    assert not AuditEvent.objects.filter(target_repr__contains=token).exists()


def test_the_feed_reads_a_fixed_number_of_queries(client, secretary, django_assert_num_queries):
    url = reverse(
        "meetings:calendar_feed", args=[notification_actions.renew_calendar_feed(actor=secretary).token]
    )
    plan(starts_at=at(25, 8))
    with django_assert_num_queries(2):  # the feed with its user, the meetings
        client.get(url)
    for day in range(21, 31):
        plan(starts_at=at(day, 9), chair=secretary.person)
    with django_assert_num_queries(2):
        assert len(uids(client.get(url).content.decode())) == 11


# The buttons on the my-calendar page --------------------------------------------------------------------------


def test_the_page_offers_then_shows_the_address_with_its_warning(login, member, settings):
    settings.SITE_URL = ""
    client = login(member)
    page = client.get(reverse("meetings:mine")).content.decode()
    assert "Tạo đường dẫn đăng ký lịch" in page and 'id="duong-dan-lich"' not in page
    response = client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("meetings:mine") + "#dang-ky-lich"
    assert "Đã tạo đường dẫn mới cho lịch họp." in page
    assert f'value="http://testserver{feed_of(member)}"' in page
    assert "Ai có đường dẫn này đều xem được các cuộc họp của anh/chị" in page
    assert "data-copy=" in page and "Chép đường dẫn" in page
    assert "Tạo đường dẫn mới (đường dẫn cũ sẽ không dùng được nữa)" in page
    settings.SITE_URL = "https://lamtheo.angiang.dcs.vn/"
    page = client.get(reverse("meetings:mine")).content.decode()
    assert f'value="https://lamtheo.angiang.dcs.vn{feed_of(member)}"' in page


def test_the_page_of_a_user_without_a_person_offers_no_address(login, outsider):
    page = login(outsider).get(reverse("meetings:mine")).content.decode()
    assert "dang-ky-lich" not in page


def test_the_page_reads_one_more_query_for_the_address(login, member, django_assert_max_num_queries):
    client = login(member)
    client.get(reverse("meetings:mine"))
    notification_actions.renew_calendar_feed(actor=member)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("meetings:mine"))
    for day in range(21, 31):
        plan(starts_at=at(day, 9))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("meetings:mine"))


def test_renew_and_revoke_are_audited_without_the_token(login, member):
    client = login(member)
    client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"})
    first = CalendarFeed.objects.get(user=member).token
    client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"})
    second = CalendarFeed.objects.get(user=member).token
    response = client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tat"}, follow=True)
    assert "Đã tắt đường dẫn lịch họp." in response.content.decode()
    assert not CalendarFeed.objects.filter(user=member).exists()
    events = AuditEvent.objects.filter(action__startswith="calendar_feed.").order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        ("calendar_feed.create", member),
        ("calendar_feed.renew", member),
        ("calendar_feed.revoke", member),
    ]
    for event in events:
        assert first not in f"{event.note}{event.target_repr}{event.changes}"
        assert second not in f"{event.note}{event.target_repr}{event.changes}"


def test_the_buttons_are_post_only_need_an_action_and_touch_only_ones_own(client, login, member, secretary):
    notification_actions.renew_calendar_feed(actor=member)
    token = CalendarFeed.objects.get(user=member).token
    assert client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"}).status_code == 302  # to the login
    assert not CalendarFeed.objects.filter(user=secretary).exists()
    client = login(secretary)
    assert client.get(reverse(SUBSCRIPTION)).status_code == 405
    events = AuditEvent.objects.count()
    assert client.post(reverse(SUBSCRIPTION), {}).status_code == 400
    assert client.post(reverse(SUBSCRIPTION), {"hanh-dong": "xoa-het"}).status_code == 400
    assert AuditEvent.objects.count() == events and not CalendarFeed.objects.filter(user=secretary).exists()
    client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tat"})  # the secretary has none: nothing happens
    client.post(reverse(SUBSCRIPTION), {"hanh-dong": "tao-moi"})
    assert CalendarFeed.objects.get(user=member).token == token  # the member's is untouched
    assert CalendarFeed.objects.filter(user=secretary).exists()


# Who gets what ----------------------------------------------------------------------------------------------------

PERSONAS = ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_status_by_persona(persona, client, request, member):
    """The address answers 200 to anybody who holds it (that is what it is for); the buttons are for a logged-in
    user, POST only, and act on that user's own address."""
    plan(starts_at=at(25, 8))
    actions.plan_meeting(
        Meeting(unit=unit("CD-01"), kind=kind("monthly"), starts_at=at(26, 8)), actor=None, invitees={}
    )
    feed = reverse(
        "meetings:calendar_feed", args=[notification_actions.renew_calendar_feed(actor=member).token]
    )
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    statuses = [
        client.get(feed).status_code,
        client.get(reverse(SUBSCRIPTION)).status_code,
        client.post(reverse(SUBSCRIPTION), {}).status_code,
    ]
    if persona == "anonymous":
        assert statuses == [200, 302, 302]
    else:
        assert statuses == [200, 405, 400]
