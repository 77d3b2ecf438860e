import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from lamtheo.meetings import actions as meeting_actions
from lamtheo.meetings.models import Assignment, Meeting
from lamtheo.meetings.tests.helpers import NOW, at, plan
from lamtheo.notifications import actions
from lamtheo.notifications.actions import Message
from lamtheo.notifications.context_processors import unread
from lamtheo.notifications.models import Notification
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(member, secretary):
    actions.notify(
        [
            Message(recipient=member, text="Mời họp chi bộ ngày 05/03", key="a", link="/sinh-hoat/cua-toi/"),
            Message(recipient=member, text="Việc được giao đến hạn", key="b"),
            Message(recipient=secretary, text="Thư của bí thư", key="c"),
        ],
        actor=None,
        email=False,
    )
    return {n.key: n for n in Notification.objects.all()}


def test_the_inbox_shows_ones_own_notifications_only(login, member, notes, django_assert_max_num_queries):
    client = login(member)
    with django_assert_max_num_queries(9):  # incl. the bell's unread count
        response = client.get(reverse("notifications:inbox"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Mời họp chi bộ ngày 05/03" in text and "Việc được giao đến hạn" in text
    assert "Thư của bí thư" not in text
    assert "2 thông báo chưa đọc" in text


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_opening_a_notification_marks_it_read_and_follows_its_link(login, member, notes):
    url = reverse("notifications:mark_read", args=[notes["a"].pk])
    response = login(member).post(url, {"mo": "1"})
    assert response.status_code == 302 and response["Location"] == "/sinh-hoat/cua-toi/"
    notes["a"].refresh_from_db()
    assert notes["a"].read_at is not None


def test_an_outside_link_is_never_followed(login, member):
    actions.notify(
        [Message(recipient=member, text="x", key="evil", link="https://example.com/")],
        actor=None,
        email=False,
    )
    note = Notification.objects.get(key="evil")
    response = login(member).post(reverse("notifications:mark_read", args=[note.pk]), {"mo": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_a_404_and_stays_unread(login, secretary, notes):
    url = reverse("notifications:mark_read", args=[notes["a"].pk])
    assert login(secretary).post(url).status_code == 404
    notes["a"].refresh_from_db()
    assert notes["a"].read_at is None


def test_writes_refuse_get(login, member, notes):
    client = login(member)
    assert client.get(reverse("notifications:mark_read", args=[notes["a"].pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_mark_all_read(login, member, secretary, notes):
    response = login(member).post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.for_user(member).unread().exists()
    assert Notification.objects.for_user(secretary).unread().count() == 1


def test_the_bell_count_is_queried_only_when_shown(member, notes, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = member
    with django_assert_num_queries(0):
        context = unread(request)
    with django_assert_num_queries(1):
        html = Template("{{ notifications_unread }}/{{ notifications_unread }}").render(Context(context))
    assert html == "2/2"


PERSONAS = ["admin", "province_staff", "commune_leader", "secretary", "member", "outsider"]


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_status_by_persona(persona, client, request, notes):
    """The inbox is everyone's own; the writes are POST only; a notification is its recipient's alone."""
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    read_url = reverse("notifications:mark_read", args=[notes["a"].pk])  # the member's
    urls = [reverse("notifications:inbox"), read_url, reverse("notifications:mark_all_read")]
    gets = [client.get(u).status_code for u in urls]
    posts = [client.post(u).status_code for u in urls[1:]]
    if persona == "anonymous":
        assert gets == [302, 302, 302] and posts == [302, 302]
    else:
        assert gets == [200, 405, 405]
        assert posts == [302 if persona == "member" else 404, 302]


def test_the_bell_snippet(member, notes):
    request = RequestFactory().get("/")
    request.user = member
    html = Template('{% include "notifications/_bell.html" %}').render(Context(unread(request)))
    assert 'href="/thong-bao/"' in html and '<span class="badge">2</span>' in html


# Việc được giao cho tôi -----------------------------------------------------------------------------------------


@pytest.fixture
def given():
    """Two tasks given to the secretary's person (one overdue, one done) and one to the chi bộ LB-01."""
    tam = Person.objects.get(full_name="Lê Văn Tám")
    meeting = plan(unit_code="LB", starts_at=at(5, 8))
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    rows = {}
    for what, fields in {
        "Việc đã xong": {"assignee_person": tam, "deadline": datetime.date(2026, 3, 1)},
        "Việc quá hạn": {"assignee_person": tam, "deadline": datetime.date(2026, 3, 10)},
        "Việc của chi bộ": {"assignee_unit": unit("LB-01"), "deadline": datetime.date(2026, 3, 10)},
    }.items():
        rows[what] = meeting_actions.create_assignment(
            Assignment(meeting=meeting, what=what, **fields), actor=None
        )
    meeting_actions.mark_done(rows["Việc đã xong"], actor=None, evidence="Đã nộp báo cáo")
    return rows


def test_my_assignments_lists_those_given_to_my_person_overdue_first(login, secretary, given):
    with time_machine.travel(NOW, tick=False):
        response = login(secretary).get(reverse("notifications:assignments"))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Việc quá hạn") < text.index("Việc đã xong")
    assert "quá hạn</span>" in text and "Đã nộp báo cáo" in text
    assert "Việc của chi bộ" not in text  # the unit's, on the unit's list
    # The commune's meeting: the secretary was invited (a member of its subtree), so it is linked.
    assert f'href="{given["Việc quá hạn"].meeting.get_absolute_url()}"' in text


def test_my_assignments_is_ones_own_only(login, member, outsider, given):
    for user in (member, outsider):
        text = login(user).get(reverse("notifications:assignments")).content.decode()
        assert "Việc quá hạn" not in text and "Việc đã xong" not in text
    assert "chưa gắn với hồ sơ" in login(outsider).get(reverse("notifications:assignments")).content.decode()


def test_my_assignments_reads_a_fixed_number_of_queries(
    login, secretary, given, django_assert_max_num_queries
):
    client = login(secretary)
    client.get(reverse("notifications:assignments"))
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("notifications:assignments"))
    meeting = given["Việc quá hạn"].meeting
    for n in range(5):
        meeting_actions.create_assignment(
            Assignment(
                meeting=meeting,
                what=f"Việc {n}",
                assignee_person=given["Việc quá hạn"].assignee_person,
                deadline=datetime.date(2026, 4, 1 + n),
            ),
            actor=None,
        )
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("notifications:assignments"))


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_my_assignments_status_by_persona(persona, client, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("notifications:assignments"))
    assert response.status_code == (302 if persona == "anonymous" else 200)
