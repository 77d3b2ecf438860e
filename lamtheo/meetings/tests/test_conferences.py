"""Giao ban and conferences: secretaries of the chosen units below invited, the four discussion topics,
contributions by unit, conclusions given to the units below in one step and seen on their own pages."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.meetings import actions
from lamtheo.meetings.models import Assignment, Contribution, Meeting
from lamtheo.meetings.tests.helpers import NOW, at, everyone_present, kind, plan
from lamtheo.people.models import Person, Position
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lb02_secretary():
    """LB-02's secretary, known by her position (she has no account)."""
    person = Person.objects.create(unit=unit("LB-02"), full_name="Phạm Thị Hoa", party_status="full")
    Position.objects.create(person=person, unit=unit("LB-02"), kind=Position.Kind.SECRETARY)
    return person


@pytest.fixture
def giao_ban(lb02_secretary):
    return plan("giao_ban", unit_code="LB", starts_at=at(18, 14))


def held(meeting):
    return actions.hold_meeting(
        meeting,
        everyone_present(meeting),
        actor=None,
        expected_version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(hours=2),
    )


def test_giao_ban_invites_the_secretaries_of_the_units_below(giao_ban, lb02_secretary):
    names = set(giao_ban.attendances.values_list("person__full_name", flat=True))
    assert names == {"Lê Văn Tám", "Phạm Thị Hoa"}  # by account role, and by position
    assert "Nguyễn Thị Kim Ngọc" not in names  # members are not invited to a giao ban
    assert set(giao_ban.invited_units.values_list("code", flat=True)) == {"LB-01", "LB-02"}
    titles = list(giao_ban.agenda_items.values_list("title", flat=True))
    assert len(titles) == 4 and titles[1].startswith("Những nội dung đột phá")
    assert giao_ban.units_without_secretary == []


def test_a_deputy_is_invited_and_a_past_position_is_not(lb02_secretary):
    deputy = Person.objects.create(unit=unit("LB-02"), full_name="Đỗ Văn Khánh", party_status="full")
    Position.objects.create(person=deputy, unit=unit("LB-02"), kind=Position.Kind.DEPUTY_SECRETARY)
    Position.objects.filter(person=lb02_secretary).update(end_date=datetime.date(2026, 1, 31))
    meeting = plan("giao_ban", unit_code="LB", starts_at=at(18, 14))
    names = set(meeting.attendances.values_list("person__full_name", flat=True))
    assert names == {"Lê Văn Tám", "Đỗ Văn Khánh"}


def test_chosen_units_only_and_units_without_a_secretary_are_reported():
    meeting = Meeting(unit=unit("LB"), kind=kind("so_ket"), starts_at=at(18, 14))
    meeting = actions.plan_meeting(meeting, actor=None, invited_units=[unit("LB-02")])
    assert not meeting.attendances.exists()
    assert [u.code for u in meeting.units_without_secretary] == ["LB-02"]
    assert list(meeting.invited_units.values_list("code", flat=True)) == ["LB-02"]


def test_a_unit_outside_the_hosts_subtree_cannot_be_invited():
    meeting = Meeting(unit=unit("LB"), kind=kind("giao_ban"), starts_at=at(18, 14))
    with pytest.raises(ValidationError) as caught:
        actions.plan_meeting(meeting, actor=None, invited_units=[unit("CD-01")])
    assert "Chi bộ Khóm 1" in str(caught.value.message_dict["invited_units"])
    assert not Meeting.objects.exists()


def test_plan_view_with_a_subset_of_units(login, commune_leader, lb02_secretary):
    response = login(commune_leader).post(
        reverse("meetings:plan", args=[unit("LB").pk]),
        {"kind": kind("giao_ban").pk, "starts_at": "2026-03-25T14:00", "invited_units": [unit("LB-02").pk]},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert list(meeting.attendances.values_list("person__full_name", flat=True)) == ["Phạm Thị Hoa"]


def test_plan_view_warns_when_a_unit_has_no_secretary(login, commune_leader):
    response = login(commune_leader).post(
        reverse("meetings:plan", args=[unit("LB").pk]),
        {"kind": kind("giao_ban").pk, "starts_at": "2026-03-25T14:00", "invited_units": [unit("LB-02").pk]},
        follow=True,
    )
    assert "Chưa ghi nhận bí thư, phó bí thư của: Chi bộ Ấp Long Thạnh" in response.content.decode()


def test_the_invited_secretary_sees_the_giao_ban(login, secretary, giao_ban):
    page = login(secretary).get(giao_ban.get_absolute_url())
    assert page.status_code == 200 and "Giao ban" in page.content.decode()


def test_contributions_by_unit_on_the_minutes_page(login, commune_leader, giao_ban):
    held(giao_ban)
    first, second = giao_ban.agenda_items.all()[:2]
    client = login(commune_leader)
    page = client.get(reverse("meetings:minutes", args=[giao_ban.pk])).content.decode()
    assert f'name="contrib-{first.pk}-0-unit"' in page and "Chi bộ Ấp Long Thạnh" in page
    response = client.post(
        reverse("meetings:minutes", args=[giao_ban.pk]),
        {
            "version": giao_ban.version,
            f"contrib-{first.pk}-0-unit": unit("LB-01").pk,
            f"contrib-{first.pk}-0-speaker": "Lê Văn Tám",
            f"contrib-{first.pk}-0-content": "Chi bộ đưa việc đăng ký vào sinh hoạt thường kỳ.",
            f"contrib-{second.pk}-1-unit": unit("LB-02").pk,
            f"contrib-{second.pk}-1-content": "Mô hình tổ tự quản đường hoa.",
            f"conclusion-{second.pk}": "Nhân rộng mô hình tổ tự quản.",
        },
    )
    assert response.status_code == 302
    rows = list(
        Contribution.objects.order_by("agenda_item__position").values_list("unit__code", "agenda_item")
    )
    assert rows == [("LB-01", first.pk), ("LB-02", second.pk)]
    detail = client.get(giao_ban.get_absolute_url()).content.decode()
    assert "Mô hình tổ tự quản đường hoa." in detail and "Chi bộ Ấp Long Thạnh" in detail


def test_a_contribution_without_a_unit_is_refused_and_kept(login, commune_leader, giao_ban):
    item = giao_ban.agenda_items.first()
    response = login(commune_leader).post(
        reverse("meetings:minutes", args=[giao_ban.pk]),
        {"version": giao_ban.version, f"contrib-{item.pk}-0-content": "Ý kiến chưa chọn đơn vị"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "hãy chọn đơn vị phát biểu" in page
    assert "Ý kiến chưa chọn đơn vị" in page and not Contribution.objects.exists()


def test_a_contribution_from_outside_the_subtree_is_refused(giao_ban):
    item = giao_ban.agenda_items.first()
    data = actions.MinutesInput(contributions={item.pk: [actions.Said(unit("CD-01").pk, "x")]})
    with pytest.raises(ValidationError):
        actions.save_minutes(giao_ban, data, actor=None, expected_version=giao_ban.version)
    assert not Contribution.objects.exists()


def test_conclusion_becomes_assignments_to_the_units_below(login, commune_leader, secretary, giao_ban):
    item = giao_ban.agenda_items.last()
    actions.save_minutes(
        giao_ban, {item.pk: ("", "Kiến nghị cấp trên sửa hướng dẫn")}, actor=None, expected_version=1
    )
    client = login(commune_leader)
    form = client.get(reverse("meetings:conclude", args=[giao_ban.pk]) + f"?muc={item.pk}").content.decode()
    assert "Kiến nghị cấp trên sửa hướng dẫn" in form
    response = client.post(
        reverse("meetings:conclude", args=[giao_ban.pk]),
        {
            "what": "Báo cáo cách làm mới về đăng ký học tập",
            "deadline": "2026-03-31",
            "units": [unit("LB-01").pk, unit("LB-02").pk],
        },
    )
    assert response.status_code == 302
    given = Assignment.objects.filter(meeting=giao_ban)
    assert set(given.values_list("assignee_unit__code", flat=True)) == {"LB-01", "LB-02"}
    assert AuditEvent.objects.filter(action="assignment.create", target_id=giao_ban.pk).count() == 1

    # The chi bộ sees its own on its assignments page (not LB-02's), highlighted once overdue, and reports it.
    own = given.get(assignee_unit__code="LB-01")
    with time_machine.travel(NOW + datetime.timedelta(days=20), tick=False):
        client = login(secretary)
        page = client.get(reverse("meetings:assignments", args=[unit("LB-01").pk])).content.decode()
    assert "Báo cáo cách làm mới" in page and 'class="overdue"' in page and "quá hạn" in page
    assert page.count("Báo cáo cách làm mới") == 1
    response = client.post(
        reverse("meetings:assignment_done", args=[own.pk]),
        {"evidence": "Đã gửi báo cáo số 12-BC/CB", "unit": unit("LB-01").pk},
    )
    assert response.status_code == 302 and response.url == reverse(
        "meetings:assignments", args=[unit("LB-01").pk]
    )
    own.refresh_from_db()
    assert own.done_at is not None
    other = given.get(assignee_unit__code="LB-02")
    assert (
        client.post(reverse("meetings:assignment_done", args=[other.pk]), {"evidence": "x"}).status_code
        == 404
    )


def test_conclude_refuses_a_past_deadline_and_no_unit(login, commune_leader, giao_ban):
    response = login(commune_leader).post(
        reverse("meetings:conclude", args=[giao_ban.pk]), {"what": "Việc", "deadline": "2026-03-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Hãy chọn ít nhất một đơn vị thực hiện" in page
    response = login(commune_leader).post(
        reverse("meetings:conclude", args=[giao_ban.pk]),
        {"what": "Việc", "deadline": "2026-03-01", "units": [unit("LB-01").pk]},
    )
    assert "Thời hạn 01/03/2026 đã qua" in response.content.decode()
    assert not Assignment.objects.exists()


def test_assign_to_units_refuses_the_host_and_other_subtrees(giao_ban):
    for wrong in ("LB", "CD-01"):
        with pytest.raises(ValidationError):
            actions.assign_to_units(
                giao_ban, actor=None, what="x", deadline=datetime.date(2026, 4, 1), units=[unit(wrong)]
            )
    assert not Assignment.objects.exists()


def test_a_unit_outside_cannot_be_posted_to_conclude(login, commune_leader, giao_ban):
    response = login(commune_leader).post(
        reverse("meetings:conclude", args=[giao_ban.pk]),
        {"what": "x", "deadline": "2026-04-01", "units": [unit("CD-01").pk]},
    )
    assert response.status_code == 200 and not Assignment.objects.exists()


def test_conclude_is_for_the_host_only(login, secretary, outsider, giao_ban):
    url = reverse("meetings:conclude", args=[giao_ban.pk])
    assert login(secretary).get(url).status_code == 403  # invited, but LB is not theirs to manage
    assert login(outsider).get(url).status_code == 404


def test_docx_names_the_units_and_their_contributions(login, commune_leader, giao_ban):
    from docx import Document

    item = giao_ban.agenda_items.first()
    data = actions.MinutesInput(
        contributions={item.pk: [actions.Said(unit("LB-02").pk, "Tham luận về tổ tự quản", "Phạm Thị Hoa")]}
    )
    actions.save_minutes(giao_ban, data, actor=None, expected_version=1)
    response = login(commune_leader).get(reverse("meetings:minutes_docx", args=[giao_ban.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Đơn vị được mời: Chi bộ Ấp Long Hòa, Chi bộ Ấp Long Thạnh." in text
    assert "Chi bộ Ấp Long Thạnh (Phạm Thị Hoa): Tham luận về tổ tự quản" in text


def test_assignments_page_queries_do_not_grow(login, secretary, giao_ban, django_assert_max_num_queries):
    client = login(secretary)
    url = reverse("meetings:assignments", args=[unit("LB-01").pk])
    actions.assign_to_units(
        giao_ban, actor=None, what="Việc 1", deadline=datetime.date(2026, 4, 1), units=[unit("LB-01")]
    )
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(2, 22):
        actions.assign_to_units(
            giao_ban,
            actor=None,
            what=f"Việc {number}",
            deadline=datetime.date(2026, 4, 1),
            units=[unit("LB-01")],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Việc 21" in page


def test_editing_the_invited_units_of_a_planned_giao_ban_reinvites(login, commune_leader, giao_ban):
    response = login(commune_leader).post(
        reverse("meetings:edit", args=[giao_ban.pk]),
        {
            "kind": giao_ban.kind_id,
            "starts_at": "2026-03-18T14:00",
            "agenda": "\n".join(giao_ban.agenda_items.values_list("title", flat=True)),
            "invited_units": [unit("LB-02").pk],
            "version": giao_ban.version,
        },
    )
    assert response.status_code == 302
    assert list(giao_ban.invited_units.values_list("code", flat=True)) == ["LB-02"]
    assert list(giao_ban.attendances.values_list("person__full_name", flat=True)) == ["Phạm Thị Hoa"]


def test_editing_the_agenda_keeps_votes_and_contributions_of_items_that_stay(giao_ban):
    first, second = giao_ban.agenda_items.all()[:2]
    data = actions.MinutesInput(
        items={first.pk: ("Ghi chép", "Kết luận")},
        contributions={first.pk: [actions.Said(unit("LB-01").pk, "Tham luận")]},
    )
    actions.save_minutes(giao_ban, data, actor=None, expected_version=1)
    first.refresh_from_db()
    actions.update_meeting(
        giao_ban, actor=None, expected_version=2, agenda=["Nội dung mới", first.title, second.title]
    )
    kept = giao_ban.agenda_items.get(title=first.title)
    assert kept.pk == first.pk and kept.position == 2 and kept.conclusion == "Kết luận"
    assert Contribution.objects.get().agenda_item_id == first.pk
    assert list(giao_ban.agenda_items.values_list("position", flat=True)) == [1, 2, 3]
