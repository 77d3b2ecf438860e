"""Deeds of a collective: recorded by its unit in the book of good deeds (the same Deed, no person), cited by a
collective exemplar in place of its members' own logs."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from docx import Document

from lamtheo.audit.models import AuditEvent
from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.exemplars.rendering import render_book
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 4, 2)
WOMEN = "Chi hội Phụ nữ ấp Long Hòa"


def _collective_deed(actor=None, at="LB-01"):
    return actions.record_collective_deed(
        unit(at), actor=actor, collective=WOMEN, date=DAY, description="Trồng 2 km đường hoa", today=DAY
    )


def test_a_unit_records_a_collectives_deed_audited_and_checked(secretary, member, outsider):
    deed = _collective_deed(secretary)
    assert deed.person is None and deed.doer == WOMEN and deed.unit == unit("LB-01")
    assert AuditEvent.objects.filter(action="exemplars.collective_deed", actor=secretary).exists()
    with pytest.raises(ValidationError) as refused:
        actions.record_collective_deed(
            unit("LB-01"),
            actor=secretary,
            collective=" ",
            date=DAY + datetime.timedelta(days=1),
            description="",
            today=DAY,
        )
    assert set(refused.value.message_dict) == {"collective", "date", "description"}
    for actor in (member, outsider):
        with pytest.raises(PermissionDenied):
            _collective_deed(actor)
    with pytest.raises(IntegrityError):  # a deed is a person's or a collective's, never neither
        Deed.objects.create(unit=unit("LB-01"), date=DAY, description="Ai làm?")


def test_a_collective_exemplar_cites_the_collectives_deeds_not_its_members(secretary):
    own = _collective_deed()
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    members = Deed.objects.create(person=ngoc, unit=ngoc.unit, date=DAY, description="Hiến đất")
    with pytest.raises(ValidationError, match="việc tốt của tập thể"):
        actions.nominate(
            unit("LB-01"),
            actor=secretary,
            year=2026,
            kind="collective",
            collective=WOMEN,
            summary="x",
            deeds=[members],
        )
    exemplar = actions.nominate(
        unit("LB-01"),
        actor=secretary,
        year=2026,
        kind="collective",
        collective=WOMEN,
        summary="x",
        deeds=[own],
    )
    assert list(exemplar.deeds.all()) == [own] and exemplar.kind == Exemplar.Kind.COLLECTIVE
    with pytest.raises(ValidationError, match="chính người được đề nghị"):  # nor a person's exemplar
        actions.nominate(unit("LB-01"), actor=secretary, year=2026, person=ngoc, summary="x", deeds=[own])


def test_the_book_and_the_picker_show_the_collectives_deeds(login, secretary):
    _collective_deed()
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    Deed.objects.create(person=ngoc, unit=ngoc.unit, date=DAY, description="Hiến đất")
    client = login(secretary)
    book = client.get(reverse("exemplars:book", args=[unit("LB-01").pk]) + "?nam=2026").content.decode()
    assert WOMEN in book and reverse("exemplars:collective_deed", args=[unit("LB-01").pk]) in book
    choices = reverse("exemplars:deed_choices", args=[unit("LB-01").pk])
    fragment = client.get(choices, {"nam": 2026, "kind": "collective"}).content.decode()
    assert "Trồng 2 km đường hoa" in fragment and "Hiến đất" not in fragment
    text = "\n".join(p.text for p in Document(io.BytesIO(render_book(unit("LB-01"), 2026))).paragraphs)
    assert "ghi nhận 02 việc tốt của 01 người và 01 tập thể." in text


def test_the_form_records_a_collectives_deed(login, secretary, member, outsider):
    url = reverse("exemplars:collective_deed", args=[unit("LB-01").pk])
    client = login(secretary)
    refused = client.post(url, {"collective": "", "date": "02/04/2026", "description": ""})
    assert refused.status_code == 200 and not Deed.objects.exists()
    response = client.post(url, {"collective": WOMEN, "date": "02/04/2026", "description": "Trồng hoa"})
    assert response.url == reverse("exemplars:book", args=[unit("LB-01").pk]) + "?nam=2026"
    assert Deed.objects.get().collective == WOMEN
    assert login(member).get(url).status_code == 403
    assert login(outsider).get(url).status_code == 404
