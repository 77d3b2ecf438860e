"""Person pages (lamtheo/people/views.py): right persona, 404 outside, 403 without the role, safe edits."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheo.audit.models import AuditEvent
from lamtheo.people import actions
from lamtheo.people.actions import PERSON_FIELDS
from lamtheo.people.models import Membership, Person, Position
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db

CONFLICT = "Hồ sơ này vừa được người khác sửa sau khi anh/chị mở nó."


def ngoc():
    return Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")


def form_data(person, **changes):
    """What the edit form posts back: the record as it is, with `changes`, and the version it was read at."""
    data = {}
    for field in PERSON_FIELDS:
        value = getattr(person, field)
        data[field] = (
            value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
        )
    return {**data, "version": person.version, **changes}


def stored(person):
    return Person.objects.filter(pk=person.pk).values(*PERSON_FIELDS, "version", "unit_id").get()


def errors_text(response):
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


class TestDetail:
    @pytest.mark.parametrize("persona", ["admin", "province_staff", "commune_leader", "secretary", "member"])
    def test_visible_in_scope(self, login, request, persona):
        response = login(request.getfixturevalue(persona)).get(reverse("people:detail", args=[ngoc().pk]))
        assert response.status_code == 200
        assert "089185000123" in response.content.decode()

    def test_outside_is_404(self, login, outsider, member):
        assert login(outsider).get(reverse("people:detail", args=[ngoc().pk])).status_code == 404
        tam = Person.objects.get(full_name="Lê Văn Tám")
        assert login(member).get(reverse("people:detail", args=[tam.pk])).status_code == 404

    @pytest.mark.parametrize(
        ("persona", "can_edit"), [("secretary", True), ("commune_leader", False), ("member", False)]
    )
    def test_edit_buttons_by_role(self, login, request, persona, can_edit):
        html = (
            login(request.getfixturevalue(persona))
            .get(reverse("people:detail", args=[ngoc().pk]))
            .content.decode()
        )
        assert (reverse("people:edit", args=[ngoc().pk]) in html) == can_edit

    def test_queries_do_not_grow_with_history(self, login, admin, django_assert_max_num_queries):
        person = ngoc()
        for index in range(5):
            person.job_title = f"Việc {index}"
            actions.update_person(person, actor=admin, expected_version=person.version)
        client = login(admin)
        url = reverse("people:detail", args=[person.pk])
        with CaptureQueriesContext(connection) as five:
            client.get(url)
        for index in range(5, 40):
            person.job_title = f"Việc {index}"
            actions.update_person(person, actor=admin, expected_version=person.version)
            actions.transfer_person(person, unit("LB-02" if index % 2 else "LB-01"), actor=admin,
                                    date=datetime.date(2020, 1, 1) + datetime.timedelta(days=index))  # fmt: skip
        with django_assert_max_num_queries(len(five.captured_queries)):
            response = client.get(url)
        assert len(response.context["history"]) == 50
        assert len(response.context["memberships"]) == 35


class TestEdit:
    def url(self, person=None):
        return reverse("people:edit", args=[(person or ngoc()).pk])

    def test_secretary_edits_and_history_shows_it(self, login, secretary):
        client = login(secretary)
        assert client.get(self.url()).status_code == 200
        response = client.post(self.url(), form_data(ngoc(), phone="+84 987 654 321"))
        assert response.status_code == 302
        assert response["Location"] == reverse("people:detail", args=[ngoc().pk])
        assert (ngoc().phone, ngoc().version) == ("0987654321", 2)
        html = client.get(response["Location"]).content.decode()
        assert "Số điện thoại: — → 0987654321" in html

    @pytest.mark.parametrize(
        ("persona", "status"), [("commune_leader", 403), ("member", 403), ("outsider", 404)]
    )
    def test_refused_without_the_role(self, login, request, persona, status):
        before = stored(ngoc())
        response = login(request.getfixturevalue(persona)).post(
            self.url(), form_data(ngoc(), phone="0987654321")
        )
        assert response.status_code == status
        assert stored(ngoc()) == before
        assert login(request.getfixturevalue(persona)).get(self.url()).status_code == status

    def test_concurrent_edits_the_second_is_refused(self, client, secretary, admin):
        from django.test import Client

        first, second = Client(), Client()
        first.force_login(secretary)
        second.force_login(admin)
        read_by_first = first.get(self.url()).context["form"]["version"].value()
        read_by_second = second.get(self.url()).context["form"]["version"].value()
        assert read_by_first == read_by_second == 1
        person = ngoc()
        response = first.post(self.url(), form_data(person, phone="0911111111", version=read_by_first))
        assert response.status_code == 302
        response = second.post(self.url(), form_data(person, phone="0922222222", version=read_by_second))
        assert response.status_code == 200
        assert CONFLICT in response.content.decode()
        assert (ngoc().phone, ngoc().version) == ("0911111111", 2)
        assert AuditEvent.objects.filter(action="person.update").count() == 1

    def test_bad_input_names_the_field_and_saves_nothing(self, login, secretary):
        before = stored(ngoc())
        response = login(secretary).post(
            self.url(), form_data(ngoc(), national_id="089185000", party_card_number="12")
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["national_id"] == ["Số CCCD phải gồm đúng 12 chữ số."]
        assert errors["party_card_number"] == ["Số thẻ đảng viên phải gồm từ 8 đến 12 chữ số."]
        assert "Số CCCD phải gồm đúng 12 chữ số." in response.content.decode()
        assert stored(ngoc()) == before
        assert not AuditEvent.objects.filter(action="person.update").exists()

    def test_cccd_that_does_not_match_the_birth_year(self, login, secretary):
        response = login(secretary).post(self.url(), form_data(ngoc(), national_id="089186000123"))
        assert response.context["form"].errors["national_id"] == [
            "Số CCCD 089186000123 không khớp với năm sinh 1985."
        ]

    def test_a_card_number_already_used(self, login, secretary):
        tam = Person.objects.get(full_name="Lê Văn Tám")
        response = login(secretary).post(self.url(tam), form_data(tam, party_card_number="89.012.345"))
        assert response.status_code == 200
        assert "party_card_number" in response.context["form"].errors
        assert Person.objects.get(pk=tam.pk).party_card_number is None


class TestCreate:
    def url(self, code="LB-01"):
        return reverse("people:create", args=[unit(code).pk])

    def data(self, **changes):
        return {
            "full_name": "Quách Thị Lụa",
            "gender": "nu",
            "date_of_birth": "1992-08-19",
            "national_id": "089 192 000 888",
            "phone": "",
            "email": "",
            "job_title": "",
            "party_status": Person.PartyStatus.PROBATIONARY,
            "party_card_number": "",
            "date_joined_party": "2025-05-19",
            "date_official": "",
            "status": Person.Status.ACTIVE,
            **changes,
        }

    def test_secretary_adds_a_person(self, login, secretary):
        client = login(secretary)
        assert client.get(self.url()).status_code == 200
        response = client.post(self.url(), self.data())
        person = Person.objects.get(full_name="Quách Thị Lụa")
        assert response["Location"] == reverse("people:detail", args=[person.pk])
        assert (person.unit, person.national_id) == (unit("LB-01"), "089192000888")
        assert Membership.objects.filter(person=person, unit=unit("LB-01"), end_date__isnull=True).exists()
        assert AuditEvent.objects.for_object(person).get().action == "person.create"

    def test_bad_input_names_the_field_and_saves_nothing(self, login, secretary):
        people = Person.objects.count()
        response = login(secretary).post(
            self.url(), self.data(national_id="089192000888", gender="nam", date_joined_party="")
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["national_id"] == ["Số CCCD 089192000888 không khớp với giới tính."]
        assert errors["date_joined_party"] == ["Đảng viên phải có ngày vào Đảng."]
        assert Person.objects.count() == people

    @pytest.mark.parametrize(
        ("persona", "status"), [("commune_leader", 403), ("member", 403), ("outsider", 404)]
    )
    def test_refused_without_the_role(self, login, request, persona, status):
        response = login(request.getfixturevalue(persona)).post(self.url(), self.data())
        assert response.status_code == status
        assert not Person.objects.filter(full_name="Quách Thị Lụa").exists()


class TestTransfer:
    def url(self, person=None):
        return reverse("people:transfer", args=[(person or ngoc()).pk])

    def test_transfer_appears_on_the_person_page(self, login, commune_leader, admin):
        client = login(admin)
        response = client.post(
            self.url(),
            {"to_unit": unit("LB-02").pk, "date": "2026-02-01", "note": "GGT số 7", "confirm": "1"},
        )
        assert response.status_code == 302
        assert ngoc().unit == unit("LB-02")
        html = login(commune_leader).get(reverse("people:detail", args=[ngoc().pk])).content.decode()
        assert "Chuyển sinh hoạt" in html
        assert "Chi bộ / đơn vị sinh hoạt: Chi bộ Ấp Long Hòa → Chi bộ Ấp Long Thạnh" in html
        rows = re.findall(r"<tr><td>([^<]+)</td><td[^>]*>([^<]+)</td>", html)
        assert ("Chi bộ Ấp Long Thạnh", "01/02/2026") in rows
        assert "GGT số 7" in html

    def test_the_confirmation_says_which_roles_end_and_writes_nothing(self, login, admin, secretary):
        tam = Person.objects.get(full_name="Lê Văn Tám")
        Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
        response = login(admin).post(self.url(tam), {"to_unit": unit("CD-01").pk, "date": "2026-02-01"})
        assert response.status_code == 200
        assert response.templates[0].name == "people/transfer_confirm.html"
        html = response.content.decode()
        assert "Ông/bà Lê Văn Tám sẽ thôi vai trò Bí thư / Phó Bí thư chi bộ tại Chi bộ Ấp Long Hòa." in html
        assert "Ông/bà Lê Văn Tám sẽ thôi chức vụ Bí thư tại Chi bộ Ấp Long Hòa." in html
        assert 'name="confirm" value="1"' in html
        assert tam.unit == Person.objects.get(pk=tam.pk).unit == unit("LB-01")
        assert secretary.role_assignments.filter(role="cell_secretary", unit=unit("LB-01")).exists()

    def test_edit_goes_back_to_the_form_with_what_was_typed(self, login, admin):
        data = {"to_unit": unit("LB-02").pk, "date": "2026-02-01", "note": "GGT số 7", "edit": "1"}
        response = login(admin).post(self.url(), data)
        assert response.status_code == 200
        assert response.templates[0].name == "people/transfer.html"
        assert response.context["form"]["note"].value() == "GGT số 7"
        assert ngoc().unit == unit("LB-01")

    def test_a_transferred_secretary_loses_the_old_chi_bo_and_sees_the_new_one(self, login, admin, secretary):
        tam = Person.objects.get(full_name="Lê Văn Tám")
        old_pages = [
            reverse("units:detail", args=[unit("LB-01").pk]),
            reverse("units:people", args=[unit("LB-01").pk]),
            reverse("people:detail", args=[ngoc().pk]),
        ]
        client = login(secretary)
        assert [client.get(url).status_code for url in old_pages] == [200, 200, 200]

        response = login(admin).post(
            self.url(tam), {"to_unit": unit("CD-01").pk, "date": "2026-02-01", "confirm": "1"}, follow=True
        )
        assert "Ông/bà Lê Văn Tám đã thôi vai trò Bí thư / Phó Bí thư chi bộ tại Chi bộ Ấp Long Hòa." in (
            response.content.decode()
        )
        assert AuditEvent.objects.filter(
            action="person.role_end", target_id=tam.pk, unit=unit("LB-01")
        ).exists()
        client = login(type(secretary).objects.get(pk=secretary.pk))
        assert [client.get(url).status_code for url in old_pages] == [404, 404, 404]
        assert client.get(reverse("units:detail", args=[unit("CD-01").pk])).status_code == 200
        assert client.get(reverse("people:detail", args=[tam.pk])).status_code == 200
        assert client.get(reverse("people:transfer", args=[tam.pk])).status_code == 403

    def test_destinations_are_the_active_units_in_scope(self, login, secretary, admin):
        form = login(secretary).get(self.url()).context["form"]
        assert list(form.fields["to_unit"].queryset) == []  # the chi bộ itself is excluded
        form = login(admin).get(self.url()).context["form"]
        codes = set(form.fields["to_unit"].queryset.values_list("code", flat=True))
        assert codes == {"TU", "LB", "LB-02", "CD", "CD-01"}

    def test_a_date_before_the_current_stay_shows_on_the_field(self, login, admin):
        Membership.objects.create(person=ngoc(), unit=unit("LB-01"), start_date=datetime.date(2026, 5, 1))
        response = login(admin).post(self.url(), {"to_unit": unit("LB-02").pk, "date": "2026-02-01"})
        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [
            "Ngày chuyển không thể trước ngày bắt đầu sinh hoạt tại đơn vị hiện tại (01/05/2026)."
        ]
        assert ngoc().unit == unit("LB-01")

    @pytest.mark.parametrize(
        ("persona", "status"), [("commune_leader", 403), ("member", 403), ("outsider", 404)]
    )
    def test_refused_without_the_role(self, login, request, persona, status):
        response = login(request.getfixturevalue(persona)).post(
            self.url(), {"to_unit": unit("LB-02").pk, "date": "2026-02-01"}
        )
        assert response.status_code == status
        assert ngoc().unit == unit("LB-01")
