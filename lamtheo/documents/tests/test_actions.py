import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lamtheo.documents import actions
from lamtheo.documents.models import ConsultationResponse, Distribution, Document, DocumentType, Term
from lamtheo.lib.concurrency import ConflictError
from lamtheo.testing import unit

TODAY = datetime.date(2026, 3, 2)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def term(db):
    return Term.objects.create(
        unit=unit("LB"), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 7, 1)
    )


def draft(user, key="ke_hoach", summary="triển khai học tập chuyên đề năm 2026", issuer="LB"):
    document = Document(
        unit=unit(issuer),
        doc_type=DocumentType.objects.get(key=key),
        summary=summary,
        body="I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức.",
        signer_title="BÍ THƯ",
        signer_name="Nguyễn Văn Hùng",
    )
    return actions.create_draft(document, actor=user)


def consulted(document, user, asked):
    consultation = actions.open_consultation(
        document, users=[asked], deadline=TODAY + datetime.timedelta(days=5), message="Xin ý kiến", actor=user
    )
    response = consultation.responses.get()
    actions.respond(response, verdict=ConsultationResponse.Verdict.AGREE, comment="", actor=asked)
    actions.close_consultation(consultation, actor=user)
    return document


def test_issuing_numbers_from_01_per_type_per_term_with_the_issuer_code(commune_leader, province_staff, term):
    plan = consulted(draft(commune_leader), commune_leader, province_staff)
    issued = actions.issue_document(plan, actor=commune_leader, date=TODAY)
    assert issued.code == "01-KH/ĐU"
    assert issued.term == term
    second = consulted(draft(commune_leader, summary="tổ chức hội nghị"), commune_leader, province_staff)
    assert actions.issue_document(second, actor=commune_leader, date=TODAY).code == "02-KH/ĐU"
    notice = draft(commune_leader, key="thong_bao", summary="kết luận hội nghị")
    assert actions.issue_document(notice, actor=commune_leader, date=TODAY).code == "01-TB/ĐU"


def test_a_new_term_restarts_the_numbers(commune_leader, term):
    actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY)
    Term.objects.create(unit=unit("LB"), name="Nhiệm kỳ 2030 – 2035", start_date=datetime.date(2026, 3, 1))
    later = actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY)
    assert later.code == "01-TB/ĐU"


def test_a_plan_without_a_consultation_is_refused_and_nothing_is_numbered(commune_leader, term):
    plan = draft(commune_leader)
    with pytest.raises(ValidationError, match="phải được lấy ý kiến tập thể"):
        actions.issue_document(plan, actor=commune_leader, date=TODAY)
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.code) == (Document.Status.DRAFT, None, "")


def test_a_committee_may_drop_the_consultation_rule_for_a_type(commune_leader, term):
    profile = actions.profile_for(unit("LB"))
    profile.consultation_types.remove(DocumentType.objects.get(key="ke_hoach"))
    assert actions.issue_document(draft(commune_leader), actor=commune_leader, date=TODAY).code == "01-KH/ĐU"


def test_an_open_consultation_blocks_issuing(commune_leader, province_staff, term):
    plan = draft(commune_leader)
    actions.open_consultation(plan, users=[province_staff], deadline=TODAY, message="", actor=commune_leader)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        actions.issue_document(plan, actor=commune_leader, date=TODAY)


def test_bad_input_on_issue_names_each_field(commune_leader, term):
    notice = draft(commune_leader, key="thong_bao")
    notice.signer_name = ""
    notice.save()
    with pytest.raises(ValidationError) as error:
        actions.issue_document(notice, actor=commune_leader, date=TODAY + datetime.timedelta(days=1))
    assert set(error.value.message_dict) == {"date", "signer_name"}
    assert "tương lai" in error.value.message_dict["date"][0]


def test_no_term_gives_a_clear_message(commune_leader):
    with pytest.raises(ValidationError, match="chưa khai báo nhiệm kỳ"):
        actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY)


def test_a_typed_number_that_collides_is_refused(commune_leader, term):
    actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY, number=7)
    with pytest.raises(ValidationError, match="Số 07 đã được dùng"):
        actions.issue_document(
            draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY, number=7
        )
    # The series continues after the highest number given, never reusing one.
    assert (
        actions.issue_document(
            draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY
        ).number
        == 8
    )


def test_issued_documents_go_to_the_inbox_of_the_units_below(commune_leader, term):
    notice = actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY)
    assert set(Distribution.objects.filter(document=notice).values_list("unit__code", flat=True)) == {
        "LB-01",
        "LB-02",
    }


def test_drafts_keep_every_version_and_detect_concurrent_edits(commune_leader, province_staff):
    document = draft(commune_leader, key="thong_bao")
    first = Document.objects.get(pk=document.pk)
    second = Document.objects.get(pk=document.pk)
    first.body = "Nội dung sửa lần một."
    actions.update_draft(first, actor=commune_leader, expected_version=1)
    second.body = "Nội dung sửa cùng lúc."
    with pytest.raises(ConflictError):
        actions.update_draft(second, actor=province_staff, expected_version=1)
    document.refresh_from_db()
    assert document.body == "Nội dung sửa lần một."
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]


def test_the_visible_documents_of_each_persona(commune_leader, secretary, outsider, member, term):
    notice = actions.issue_document(draft(commune_leader, key="thong_bao"), actor=commune_leader, date=TODAY)
    a_draft = draft(commune_leader, key="bao_cao")
    assert set(Document.objects.visible_to(secretary)) == {notice}  # received, not the commune's drafts
    assert set(Document.objects.visible_to(member)) == {notice}
    assert set(Document.objects.visible_to(commune_leader)) >= {notice, a_draft}
    assert not Document.objects.visible_to(outsider).filter(pk__in=[notice.pk, a_draft.pk]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent issuing is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_at_the_same_moment_get_consecutive_numbers(django_db_blocker):
    from lamtheo import testing

    if not unit_exists():
        testing.build_world()
    from lamtheo.accounts.models import User

    leader = User.objects.get(username="commune_leader")
    Term.objects.create(unit=unit("LB"), name="Nhiệm kỳ 2025 – 2030", start_date=datetime.date(2025, 7, 1))
    documents = [draft(leader, key="thong_bao", summary=f"thông báo {i}") for i in range(6)]
    barrier = threading.Barrier(len(documents))
    errors = []

    def issue(document):
        try:
            barrier.wait()
            actions.issue_document(document, actor=leader, date=TODAY)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        Document.objects.filter(pk__in=[d.pk for d in documents]).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]


def unit_exists():
    from lamtheo.units.models import Unit

    return Unit.objects.filter(code="LB").exists()


def test_a_unit_without_an_area_takes_the_place_of_the_nearest_unit_above_with_one(db):
    from lamtheo.units.models import Area, Unit

    province = unit("TU")
    province.area = Area.objects.create(code="91", name="Tỉnh An Giang", division_type="tỉnh")
    province.save(update_fields=["area"])
    agency = Unit(code="TU-CQ", name="Đảng ủy các cơ quan Đảng tỉnh", kind=Unit.Kind.AGENCY_COMMITTEE)
    agency.refresh_derived()
    agency = Unit.objects.add_child(province, instance=agency)
    assert actions.profile_for(agency).place == "An Giang"
