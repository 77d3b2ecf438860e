"""PersonAdmin writes through the actions, so what a system admin changes there keeps its history."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from lamtheo.accounts.models import User
from lamtheo.audit.models import AuditEvent
from lamtheo.people.actions import PERSON_FIELDS
from lamtheo.people.models import Membership, Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db

NO_INLINES = {
    f"{prefix}-{key}": value
    for prefix in ("positions", "memberships")
    for key, value in {
        "TOTAL_FORMS": 0,
        "INITIAL_FORMS": 0,
        "MIN_NUM_FORMS": 0,
        "MAX_NUM_FORMS": 1000,
    }.items()
}


def admin_form(person=None, **changes):
    data = {field: "" for field in PERSON_FIELDS}
    if person is not None:
        for field in PERSON_FIELDS:
            value = getattr(person, field)
            data[field] = value.isoformat() if isinstance(value, datetime.date) else (value or "")
        data["unit"] = person.unit_id
    return {**data, **NO_INLINES, **changes}


def ngoc():
    return Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")


def test_an_admin_edit_is_audited_and_versioned(login, admin):
    response = login(admin).post(
        reverse("admin:people_person_change", args=[ngoc().pk]), admin_form(ngoc(), phone="0987654321")
    )
    assert response.status_code == 302
    assert (ngoc().phone, ngoc().version) == ("0987654321", 2)
    event = AuditEvent.objects.for_object(ngoc()).get()
    assert (event.action, event.actor) == ("person.update", admin)
    assert event.changes == {"phone": ["", "0987654321"]}


@time_machine.travel(datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_moving_a_person_in_the_admin_is_a_transfer(login, admin):
    response = login(admin).post(
        reverse("admin:people_person_change", args=[ngoc().pk]), admin_form(ngoc(), unit=unit("LB-02").pk)
    )
    assert response.status_code == 302
    assert ngoc().unit == unit("LB-02")
    stay = Membership.objects.get(person=ngoc(), end_date__isnull=True)
    assert (stay.unit, stay.start_date, stay.reason) == (unit("LB-02"), datetime.date(2026, 3, 2), "transfer")
    assert list(AuditEvent.objects.for_object(ngoc()).values_list("action", flat=True)) == ["person.transfer"]


def test_an_admin_addition_is_audited_with_its_stay(login, admin):
    data = admin_form(
        full_name="Kha Văn Mới",
        gender="nam",
        party_status=Person.PartyStatus.NON_MEMBER,
        status=Person.Status.ACTIVE,
        unit=unit("CD-01").pk,
    )
    response = login(admin).post(reverse("admin:people_person_add"), data)
    assert response.status_code == 302
    person = Person.objects.get(full_name="Kha Văn Mới")
    assert Membership.objects.filter(person=person, unit=unit("CD-01")).count() == 1
    assert AuditEvent.objects.for_object(person).get().action == "person.create"


def test_a_superuser_with_no_role_edits_people(login, db):
    """The admin lets a superuser in and shows them everyone: the rule "people.edit" lets them write too."""
    root = User.objects.create_superuser("goc", "", "x")
    response = login(root).post(
        reverse("admin:people_person_change", args=[ngoc().pk]), admin_form(ngoc(), phone="0912345678")
    )
    assert response.status_code == 302
    assert ngoc().phone == "0912345678"
    assert AuditEvent.objects.for_object(ngoc()).get().actor == root
