"""An exemplar's way: nominated by a chi bộ with the person's deeds, verified (or returned) and recognised by the
commune, forwarded to the province's selection."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.audit.models import AuditEvent
from lamtheo.exemplars import actions
from lamtheo.exemplars.models import Exemplar
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Person
from lamtheo.pledges.models import Deed
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ngoc():
    return Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")


@pytest.fixture
def deed(ngoc):
    return Deed.objects.create(
        person=ngoc,
        unit=ngoc.unit,
        date=datetime.date(2026, 4, 10),
        description="Hiến 200 m² đất làm đường liên ấp",
    )


def test_the_way_from_a_chi_bo_to_the_provinces_selection(
    secretary, commune_leader, province_staff, ngoc, deed
):
    exemplar = actions.nominate(
        unit("LB-01"),
        actor=secretary,
        year=2026,
        person=ngoc,
        summary="Vận động bà con hiến đất",
        deeds=[deed],
    )
    assert (exemplar.status, exemplar.verifier.code) == (Exemplar.Status.NOMINATED, "LB")
    assert list(exemplar.deeds.all()) == [deed]
    assert list(Exemplar.objects.to_verify_by(commune_leader)) == [exemplar]
    assert not Exemplar.objects.to_verify_by(secretary).exists()

    with pytest.raises(PermissionDenied):  # the chi bộ does not verify its own nomination
        actions.verify(exemplar, actor=secretary, expected_version=exemplar.version, accept=True)
    with pytest.raises(ValidationError, match="Hãy ghi lý do trả lại"):
        actions.verify(exemplar, actor=commune_leader, expected_version=exemplar.version, accept=False)
    actions.verify(
        exemplar,
        actor=commune_leader,
        expected_version=exemplar.version,
        accept=False,
        remark="Bổ sung số hộ",
    )
    assert exemplar.status == Exemplar.Status.RETURNED
    actions.correct(
        exemplar, actor=secretary, expected_version=exemplar.version, summary="Vận động 12 hộ hiến đất"
    )
    assert exemplar.status == Exemplar.Status.NOMINATED
    actions.verify(exemplar, actor=commune_leader, expected_version=exemplar.version, accept=True)
    with pytest.raises(ValidationError, match="đã được xác minh"):
        actions.correct(exemplar, actor=secretary, expected_version=exemplar.version, summary="X")
    actions.recognise(
        exemplar,
        actor=commune_leader,
        expected_version=exemplar.version,
        honour=Exemplar.Honour.CERTIFICATE,
        on=datetime.date(2026, 5, 19),
    )
    assert (exemplar.status, exemplar.get_honour_display()) == (Exemplar.Status.RECOGNISED, "Giấy khen")

    upward = actions.forward(exemplar, actor=commune_leader)
    assert (upward.unit.code, upward.verifier.code, upward.forwarded_from) == ("LB", "TU", exemplar)
    assert list(upward.deeds.all()) == [deed]
    assert list(Exemplar.objects.to_verify_by(province_staff)) == [upward]
    with pytest.raises(ValidationError, match="đã được chuyển lên"):
        actions.forward(exemplar, actor=commune_leader)
    actions.verify(upward, actor=province_staff, expected_version=upward.version, accept=True)
    steps = (
        AuditEvent.objects.filter(action__startswith="exemplars.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert [step.split(".")[1] for step in steps] == [
        "nominate",
        "return",
        "correct",
        "verify",
        "recognise",
        "forward",
        "verify",
    ]


def test_a_stale_verification_is_refused(secretary, commune_leader, ngoc):
    exemplar = actions.nominate(unit("LB-01"), actor=secretary, year=2026, person=ngoc, summary="Việc tốt")
    read_at = exemplar.version
    actions.verify(exemplar, actor=commune_leader, expected_version=read_at, accept=True)
    stale = Exemplar.objects.get(pk=exemplar.pk)
    stale.status = Exemplar.Status.NOMINATED  # as the other page still shows it
    with pytest.raises(ConflictError):
        actions.verify(stale, actor=commune_leader, expected_version=read_at, accept=False, remark="Trả lại")
    assert Exemplar.objects.get(pk=exemplar.pk).status == Exemplar.Status.VERIFIED


def test_a_nomination_names_someone_of_the_unit_with_their_own_deeds(secretary, ngoc, deed):
    outsider = Person.objects.get(full_name="Võ Văn Bình")
    tam = Person.objects.get(full_name="Lê Văn Tám")
    with pytest.raises(ValidationError) as refused:
        actions.nominate(unit("LB-01"), actor=secretary, year=2026, person=outsider, summary="")
    assert refused.value.message_dict == {
        "person": ["Võ Văn Bình không thuộc Chi bộ Ấp Long Hòa."],
        "summary": ["Hãy ghi thành tích, việc tốt của gương điển hình."],
    }
    with pytest.raises(ValidationError, match="nhật ký của chính người được đề nghị"):
        actions.nominate(unit("LB-01"), actor=secretary, year=2026, person=tam, summary="X", deeds=[deed])
    with pytest.raises(ValidationError, match="Hãy ghi tên tập thể"):
        actions.nominate(
            unit("LB-01"), actor=secretary, year=2026, kind=Exemplar.Kind.COLLECTIVE, summary="X"
        )
    women = {"kind": Exemplar.Kind.COLLECTIVE, "collective": "Chi hội Phụ nữ ấp Long Hòa"}
    with pytest.raises(ValidationError, match="việc tốt của tập thể"):  # not a member's own log
        actions.nominate(unit("LB-01"), actor=secretary, year=2026, summary="X", deeds=[deed], **women)
    collective = actions.nominate(
        unit("LB-01"), actor=secretary, year=2026, summary="Giữ đường làng xanh, sạch", **women
    )
    assert collective.name == "Chi hội Phụ nữ ấp Long Hòa"
    with pytest.raises(ValidationError, match="cấp cao nhất"):
        actions.nominate(unit("TU"), actor=None, year=2026, person=ngoc, summary="X")
    assert Exemplar.objects.count() == 1  # nothing half-written


def test_consent_is_the_persons_or_their_units(member, secretary, outsider, ngoc):
    exemplar = actions.nominate(unit("LB-01"), actor=secretary, year=2026, person=ngoc, summary="Việc tốt")
    actions.set_consent(exemplar, actor=member, consents=True)  # the member is Ngọc
    assert exemplar.consents_to_publish
    with pytest.raises(PermissionDenied):
        actions.set_consent(exemplar, actor=outsider, consents=False)
