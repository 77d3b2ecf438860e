"""Cancelling a planned meeting with a reason; the invitee's own list of meetings."""

import pytest
import time_machine
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.meetings import actions
from lamtheo.meetings.models import Meeting
from lamtheo.meetings.month import month_figures
from lamtheo.meetings.tests.helpers import NOW, at, everyone_present, plan
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_cancel_with_a_reason_the_invitee_sees(login, secretary, member):
    meeting = plan(starts_at=at(27, 19))
    response = login(secretary).post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Trùng lịch bầu cử", "version": 1}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and meeting.cancel_reason == "Trùng lịch bầu cử"
    assert AuditEvent.objects.filter(action="meeting.cancel", target_id=meeting.pk).exists()
    client = login(member)
    mine = client.get(reverse("meetings:mine")).content.decode()
    assert "Đã hủy" in mine and "Trùng lịch bầu cử" in mine
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "Đã hủy" in detail and "Trùng lịch bầu cử" in detail


def test_cancel_needs_a_reason(login, secretary):
    meeting = plan(starts_at=at(27, 19))
    response = login(secretary).post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": " ", "version": 1}
    )
    assert response.status_code == 200 and "Hãy ghi lý do hủy" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_held_meeting_cannot_be_cancelled(login, secretary):
    meeting = plan()
    actions.hold_meeting(
        meeting, everyone_present(meeting), actor=None, expected_version=1, starts_at=at(5), ends_at=at(5, 10)
    )
    response = login(secretary).post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Nhầm", "version": meeting.version}
    )
    assert response.status_code == 200 and "Chỉ hủy được cuộc họp đang lên lịch" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_a_stale_cancel_is_refused():
    meeting = plan(starts_at=at(27, 19))
    actions.update_meeting(meeting, actor=None, expected_version=1)
    with pytest.raises(ConflictError):
        actions.cancel_meeting(meeting, actor=None, reason="x", expected_version=1)


def test_cancel_permissions(login, member, outsider):
    meeting = plan(starts_at=at(27, 19))
    url = reverse("meetings:cancel", args=[meeting.pk])
    assert login(member).post(url, {"reason": "x", "version": 1}).status_code == 403
    assert login(outsider).post(url, {"reason": "x", "version": 1}).status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


def test_a_cancelled_meeting_counts_in_no_figure():
    kept = plan(starts_at=at(5))
    actions.hold_meeting(
        kept, everyone_present(kept), actor=None, expected_version=1, starts_at=at(5), ends_at=at(5, 10)
    )
    cancelled = plan(unit_code="LB-02", starts_at=at(27, 19))
    actions.cancel_meeting(cancelled, actor=None, reason="Mưa bão", expected_version=1)
    figures = month_figures(unit("LB"), at(1).date())
    # The month is in progress: LB-02's meeting is not due yet (it counts once the month has ended), but it is
    # listed as not met so far.
    assert (figures.held, figures.expected) == (1, 1)
    assert [c.unit.code for c in figures.not_met] == ["LB-02"]
    assert Meeting.objects.not_cancelled().count() == 1


def test_my_meetings_lists_upcoming_invitations_only(login, member, django_assert_max_num_queries):
    client = login(member)
    url = reverse("meetings:mine")
    plan(starts_at=at(27, 19))
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    plan(starts_at=at(28, 19))
    plan(starts_at=at(2))  # past
    other = plan(starts_at=at(29, 19))
    other.attendances.filter(person=member.person).delete()
    for day in range(21, 27):
        plan(starts_at=at(day, 19))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("27/03/2026") == 1 and "28/03/2026" in page and "29/03/2026" not in page
    assert "Đã qua" in page and "02/03/2026" in page


def test_my_meetings_without_a_record(login, admin):
    page = login(admin).get(reverse("meetings:mine")).content.decode()
    assert "chưa gắn với hồ sơ" in page
