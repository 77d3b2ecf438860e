"""A record's history: who changed what, when, in Vietnamese; shown only to those who may see the record."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lamtheo.audit import actions as audit
from lamtheo.audit.history import history_for
from lamtheo.audit.models import AuditEvent
from lamtheo.people import actions
from lamtheo.people.models import Person, Position
from lamtheo.testing import unit
from lamtheo.units import actions as unit_actions

pytestmark = pytest.mark.django_db


def ngoc():
    return Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")


def edit(person, actor, **changes):
    for field, value in changes.items():
        setattr(person, field, value)
    return actions.update_person(person, actor=actor, expected_version=person.version)


def lines(event):
    return [f"{c.field}: {c.old} → {c.new}" for c in event.readable_changes]


def test_the_person_page_says_who_changed_what_in_vietnamese(login, secretary, commune_leader):
    secretary.first_name, secretary.last_name = "Tám", "Lê Văn"
    secretary.save(update_fields=["first_name", "last_name"])
    person = edit(ngoc(), secretary, phone="0912345678")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC), tick=False):
        edit(
            person,
            secretary,
            phone="0987654321",
            party_status=Person.PartyStatus.PROBATIONARY,
            date_official=None,
        )
    html = login(commune_leader).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Sửa hồ sơ" in html
    assert "Số điện thoại: 0912345678 → 0987654321" in html
    assert "Đảng tịch: Đảng viên chính thức → Đảng viên dự bị" in html
    assert "Ngày chính thức: 19/05/2006 → —" in html
    assert "02/03/2026 09:30, Lê Văn Tám" in html  # local time, Asia/Ho_Chi_Minh


def test_labels_for_changes_that_are_not_fields(admin):
    tam = Person.objects.get(full_name="Lê Văn Tám")
    actions.set_position(tam, unit("LB-01"), Position.Kind.SECRETARY, actor=admin)
    (event,) = history_for(tam)
    assert event.label == "Thay đổi chức vụ"
    assert lines(event) == ["chức vụ: None → Bí thư – Chi bộ Ấp Long Hòa"]


def test_a_unit_page_shows_its_merges_and_renames(login, admin):
    unit_actions.merge_units([unit("LB-02")], into=unit("LB-01"), date=datetime.date(2025, 7, 1), actor=admin)
    unit_actions.rename_unit(
        unit("LB-01"),
        name="Chi bộ Ấp Long Hòa Thạnh",
        short_name="",
        date=datetime.date(2025, 7, 2),
        actor=admin,
    )
    html = login(admin).get(reverse("units:detail", args=[unit("LB-01").pk])).content.decode()
    assert "Hợp nhất từ: — → Chi bộ Ấp Long Thạnh" in html
    assert "Tên đơn vị: Chi bộ Ấp Long Hòa → Chi bộ Ấp Long Hòa Thạnh" in html
    assert "Tên viết tắt" not in html  # unchanged, so not in the history
    html = login(admin).get(reverse("units:detail", args=[unit("LB-02").pk])).content.decode()
    assert "Hợp nhất vào: — → Chi bộ Ấp Long Hòa" in html


def test_history_without_an_actor_is_the_systems(login, admin):
    audit.record(
        ngoc(), "person.import_update", actor=None, changes={"job_title": ["", "Giáo viên"]}, note="Tệp 1"
    )
    html = login(admin).get(reverse("people:detail", args=[ngoc().pk])).content.decode()
    assert "Cập nhật khi nhập tệp" in html and "hệ thống" in html and "Tệp 1" in html


def test_newest_first_and_limited(admin):
    person = ngoc()
    for index in range(4):
        person = edit(person, admin, job_title=f"Việc {index}")
    events = history_for(person, limit=3)
    assert [e.changes["job_title"][1] for e in events] == ["Việc 3", "Việc 2", "Việc 1"]


class TestOnlyForThoseWhoMaySeeTheRecord:
    def test_outside_the_subtree_the_page_and_its_history_are_404(self, login, outsider, secretary):
        edit(ngoc(), secretary, phone="0912345678")
        response = login(outsider).get(reverse("people:detail", args=[ngoc().pk]))
        assert response.status_code == 404
        assert "0912345678" not in response.content.decode()

    def test_a_member_sees_their_own_history_only(self, login, member, secretary):
        edit(ngoc(), secretary, phone="0912345678")
        tam = Person.objects.get(full_name="Lê Văn Tám")
        edit(tam, secretary, phone="0977777777")
        client = login(member)
        assert "0912345678" in client.get(reverse("people:detail", args=[ngoc().pk])).content.decode()
        assert client.get(reverse("people:detail", args=[tam.pk])).status_code == 404

    def test_after_a_transfer_the_old_unit_no_longer_sees_it(self, login, secretary, outsider, admin):
        edit(ngoc(), secretary, phone="0912345678")
        actions.transfer_person(ngoc(), unit("CD-01"), actor=admin, date=datetime.date(2026, 2, 1))
        assert login(secretary).get(reverse("people:detail", args=[ngoc().pk])).status_code == 404
        html = login(outsider).get(reverse("people:detail", args=[ngoc().pk])).content.decode()
        assert "Số điện thoại: — → 0912345678" in html  # the record's history goes with it

    def test_the_admin_list_is_scoped_by_unit(self, secretary, outsider, admin):
        edit(ngoc(), secretary, phone="0912345678")
        assert AuditEvent.objects.visible_to(secretary).count() == 1
        assert AuditEvent.objects.visible_to(outsider).count() == 0
        assert AuditEvent.objects.visible_to(admin).count() == 1


def test_snapshot_and_diff():
    person = ngoc()
    before = audit.snapshot(person, ["full_name", "date_of_birth", "unit"])
    assert before == {
        "full_name": "Nguyễn Thị Kim Ngọc",
        "date_of_birth": "1985-03-02",
        "unit": "Chi bộ Ấp Long Hòa",
    }
    after = {**before, "full_name": "Nguyễn Thị Ngọc"}
    assert audit.diff(before, after) == {"full_name": ["Nguyễn Thị Kim Ngọc", "Nguyễn Thị Ngọc"]}
