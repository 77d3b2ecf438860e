"""The registration's whole life through the actions, and every refusal: role, state, bad input, conflicts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.accounts.models import User
from lamtheo.audit.models import AuditEvent
from lamtheo.lib.concurrency import ConflictError
from lamtheo.people.models import Person, Position
from lamtheo.pledges import actions
from lamtheo.pledges.actions import ItemData
from lamtheo.pledges.models import Deed, Pledge, PledgeItem, RegistrationDeadline, Reminder, Review
from lamtheo.pledges.tests.conftest import (
    YEAR,
    make_accepted,
    make_draft,
    make_locked,
    make_submitted,
    sample_items,
)
from lamtheo.testing import unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def audit_actions(pledge):
    return list(AuditEvent.objects.for_object(pledge).order_by("at", "pk").values_list("action", flat=True))


def messages_of(error) -> str:
    return " ".join(error.value.messages)


# The whole life -----------------------------------------------------------------------------------------------


def test_the_whole_life_of_a_registration(ngoc, member, secretary):
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    assert (pledge.status, pledge.unit, pledge.year) == (Pledge.Status.DRAFT, ngoc.unit, YEAR)
    actions.update_items(pledge, sample_items(), actor=member, expected_version=pledge.version)
    assert [item.position for item in pledge.items.all()] == [1, 2]

    actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)
    assert pledge.status == Pledge.Status.SUBMITTED
    assert pledge.first_submitted_at is not None and pledge.submitted_by == member

    actions.return_pledge(
        pledge, actor=secretary, expected_version=pledge.version, remark="Nội dung 2 cần ghi rõ số hộ."
    )
    assert pledge.status == Pledge.Status.RETURNED and pledge.reviewed_by == secretary

    items = sample_items()
    items[1].measure = "Vận động được 7 hộ hiến đất, có biên bản ký"
    for data, item in zip(items, pledge.items.all(), strict=True):
        data.id = item.pk
    actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)
    actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version, remark="Cụ thể, khả thi.")
    assert pledge.status == Pledge.Status.ACCEPTED

    first, second = pledge.items.all()
    note = actions.add_progress(pledge, actor=member, text="Đã vận động được 3 hộ.", item=second)
    assert note.date == datetime.date(2026, 3, 10) and note.item == second
    deed = actions.add_deed(
        pledge,
        actor=member,
        date=datetime.date(2026, 3, 8),
        description="Giúp bà Tư sửa lại mái nhà sau giông",
        items=[second],
        upload=SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
    )
    assert list(deed.items.all()) == [second] and deed.evidence.file and deed.pledge == pledge
    assert deed.evidence.file.name.startswith(f"pledges/{deed.pk}/") and deed.evidence.is_image

    actions.self_assess(
        pledge,
        {first.pk: ("done", "Không trễ hồ sơ nào"), second.pk: ("partly", "Được 5/7 hộ")},
        actor=member,
        expected_version=pledge.version,
        summary="Cơ bản hoàn thành",
    )
    assert pledge.status == Pledge.Status.SELF_ASSESSED
    assert list(pledge.items.values_list("self_result", flat=True)) == ["done", "partly"]

    actions.rate_pledge(
        pledge, actor=secretary, expected_version=pledge.version, level=Pledge.Level.GOOD, remark="Tích cực."
    )
    actions.lock_pledge(pledge, actor=secretary, expected_version=pledge.version)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.LOCKED
    assert (pledge.result_level, pledge.result_remark, pledge.locked_by) == ("tot", "Tích cực.", secretary)

    steps = list(pledge.reviews.values_list("kind", "actor_name", "remark", "level"))
    assert [kind for kind, *_ in steps] == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "accepted",
        "self_assessed",
        "rated",
        "locked",
    ]
    assert steps[2][2] == "Nội dung 2 cần ghi rõ số hộ." and steps[6][3] == "tot"
    assert audit_actions(pledge) == [
        "pledge.create",
        "pledge.update",
        "pledge.submit",
        "pledge.return",
        "pledge.update",
        "pledge.submit",
        "pledge.accept",
        "pledge.progress",
        "pledge.deed",
        "pledge.self_assess",
        "pledge.rate",
        "pledge.lock",
    ]


def test_the_topic_is_the_yearly_topic_of_the_nearest_committee(ngoc, member):
    from lamtheo.topics import actions as topic_actions
    from lamtheo.topics.models import Topic

    term = topic_actions.create_topic(
        Topic(unit=unit("TU"), kind=Topic.Kind.TERM, title="Toàn khóa", start_year=2025, end_year=2030),
        actor=None,
    )
    for code, title in (("TU", "Của tỉnh"), ("LB", "Dân vận khéo")):
        topic_actions.create_topic(
            Topic(
                unit=unit(code),
                kind=Topic.Kind.YEAR,
                parent=term,
                title=title,
                start_year=YEAR,
                end_year=YEAR,
            ),
            actor=None,
        )
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    assert pledge.topic.title == "Dân vận khéo"


# Refused roles ------------------------------------------------------------------------------------------------


def test_a_member_writes_only_their_own(member, tam):
    with pytest.raises(PermissionDenied):
        actions.create_pledge(tam, YEAR, actor=member)


def test_the_secretary_may_type_in_a_paper_registration(secretary, anh):
    pledge = make_draft(anh, secretary)
    assert pledge.created_by == secretary and pledge.person == anh


def test_the_outsider_may_not_type_in_one(outsider, anh):
    with pytest.raises(PermissionDenied):
        actions.create_pledge(anh, YEAR, actor=outsider)


def test_a_member_may_not_review(ngoc, member, anh, secretary):
    pledge = make_submitted(anh, secretary)
    with pytest.raises(PermissionDenied, match="Chỉ bí thư, phó bí thư Chi bộ Ấp Long Hòa"):
        actions.accept_pledge(pledge, actor=member, expected_version=pledge.version)


def test_the_commune_leader_does_not_review_an_ordinary_member(ngoc, member, commune_leader):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(PermissionDenied):
        actions.accept_pledge(pledge, actor=commune_leader, expected_version=pledge.version)


def test_nobody_reviews_their_own(tam, secretary):
    pledge = make_submitted(tam, secretary)
    with pytest.raises(PermissionDenied, match="chính mình"):
        actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version)


def test_a_secretarys_registration_is_reviewed_by_the_committee_above(tam, secretary, deputy, commune_leader):
    pledge = make_submitted(tam, secretary)
    with pytest.raises(PermissionDenied, match="cấp ủy cấp trên"):
        actions.accept_pledge(pledge, actor=deputy, expected_version=pledge.version)
    actions.accept_pledge(pledge, actor=commune_leader, expected_version=pledge.version)
    assert pledge.status == Pledge.Status.ACCEPTED


def test_a_bi_thu_by_position_is_reviewed_by_the_committee_too(anh, secretary, commune_leader):
    Position.objects.create(person=anh, unit=anh.unit, kind=Position.Kind.DEPUTY_SECRETARY)
    pledge = make_submitted(anh, secretary)
    with pytest.raises(PermissionDenied):
        actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version)
    actions.return_pledge(pledge, actor=commune_leader, expected_version=pledge.version, remark="Ghi rõ hơn.")


def test_the_outsider_may_not_review(ngoc, member, outsider):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(PermissionDenied):
        actions.accept_pledge(pledge, actor=outsider, expected_version=pledge.version)


# Refused states and input -------------------------------------------------------------------------------------


def test_one_registration_per_person_per_year(ngoc, member):
    actions.create_pledge(ngoc, YEAR, actor=member)
    with pytest.raises(ValidationError, match="đã có bản đăng ký năm 2026"):
        actions.create_pledge(ngoc, YEAR, actor=member)


def test_a_year_far_ahead_is_refused(ngoc, member):
    with pytest.raises(ValidationError, match="Năm 2030 không hợp lệ"):
        actions.create_pledge(ngoc, 2030, actor=member)


def test_empty_items_are_refused_naming_the_item(ngoc, member):
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    items = sample_items(count=3)
    items[1].commitment = "   "
    items[2].measure = ""
    with pytest.raises(ValidationError) as error:
        actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    assert error.value.messages == [
        "Nội dung thứ 2: chưa ghi việc sẽ làm.",
        "Nội dung thứ 3: chưa ghi cách đo kết quả.",
    ]
    assert not pledge.items.exists()


def test_a_due_date_outside_the_year_is_refused_naming_the_item(ngoc, member):
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    items = sample_items()
    items[1].due_date = datetime.date(2027, 1, 15)
    with pytest.raises(ValidationError) as error:
        actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    assert error.value.messages == ["Nội dung thứ 2: thời hạn 15/01/2027 nằm ngoài năm 2026."]


def test_submitting_without_items_is_refused(ngoc, member):
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    with pytest.raises(ValidationError, match="chưa có nội dung nào"):
        actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)


def test_submitting_twice_is_refused(ngoc, member):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(
        ValidationError, match="Không thể nộp: bản đăng ký đang ở tình trạng «Chờ chi bộ xem xét»"
    ):
        actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)


def test_editing_a_submitted_registration_is_refused(ngoc, member):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(ValidationError, match="Không thể sửa nội dung"):
        actions.update_items(pledge, sample_items(), actor=member, expected_version=pledge.version)


def test_editing_a_locked_registration_is_refused(ngoc, member, secretary):
    pledge = make_locked(ngoc, member, secretary)
    with pytest.raises(ValidationError, match="Bản đăng ký đã khóa"):
        actions.update_items(pledge, sample_items(), actor=member, expected_version=pledge.version)
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.add_deed(pledge, actor=member, date=datetime.date(2026, 3, 1), description="Việc tốt")
    with pytest.raises(ValidationError, match="đã khóa"):
        actions.rate_pledge(
            pledge, actor=secretary, expected_version=pledge.version, level="xuat_sac", remark="Sửa lại"
        )


def test_returning_needs_a_remark(ngoc, member, secretary):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(ValidationError, match="Hãy ghi lý do trả lại"):
        actions.return_pledge(pledge, actor=secretary, expected_version=pledge.version, remark=" ")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED


def test_accepting_a_draft_is_refused(ngoc, member, secretary):
    pledge = make_draft(ngoc, member)
    with pytest.raises(
        ValidationError, match="Không thể chấp nhận: bản đăng ký đang ở tình trạng «Đang soạn»"
    ):
        actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version)


def test_progress_only_once_accepted(ngoc, member, secretary):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(ValidationError, match="chỉ ghi khi bản đăng ký đã được chấp nhận"):
        actions.add_progress(pledge, actor=member, text="Đã làm")
    actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version)
    with pytest.raises(ValidationError, match="Hãy ghi tiến độ"):
        actions.add_progress(pledge, actor=member, text="")
    with pytest.raises(ValidationError, match="không sau hôm nay"):
        actions.add_progress(pledge, actor=member, text="Đã làm", date=datetime.date(2026, 4, 1))


def test_a_deed_file_must_be_a_photo_or_a_document(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    fake = SimpleUploadedFile("anh.png", b"not a png at all", content_type="image/png")
    with pytest.raises(ValidationError, match="không phải là ảnh PNG"):
        actions.add_deed(
            pledge, actor=member, date=datetime.date(2026, 3, 1), description="Việc tốt", upload=fake
        )
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="không đúng loại"):
        actions.add_deed(
            pledge, actor=member, date=datetime.date(2026, 3, 1), description="Việc tốt", upload=exe
        )
    assert not Deed.objects.exists()


def test_self_assessment_names_the_item_without_a_result(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    first, _second = pledge.items.all()
    with pytest.raises(ValidationError) as error:
        actions.self_assess(pledge, {first.pk: ("done", "")}, actor=member, expected_version=pledge.version)
    assert error.value.messages == ["Nội dung thứ 2: chưa chọn mức tự đánh giá."]


def test_rating_waits_for_the_self_assessment_and_needs_a_level_and_a_remark(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    with pytest.raises(ValidationError, match="người đăng ký chưa tự đánh giá"):
        actions.rate_pledge(
            pledge, actor=secretary, expected_version=pledge.version, level="tot", remark="Tốt"
        )
    results = {item.pk: ("done", "") for item in pledge.items.all()}
    actions.self_assess(pledge, results, actor=member, expected_version=pledge.version)
    with pytest.raises(ValidationError) as error:
        actions.rate_pledge(pledge, actor=secretary, expected_version=pledge.version, level="", remark="")
    assert error.value.message_dict == {
        "level": ["Hãy chọn mức xếp loại."],
        "remark": ["Hãy ghi nhận xét của chi bộ."],
    }
    with pytest.raises(ValidationError, match="chi bộ chưa nhận xét, xếp loại"):
        actions.lock_pledge(pledge, actor=secretary, expected_version=pledge.version)


# Conflicts ----------------------------------------------------------------------------------------------------


def test_two_secretaries_reviewing_at_once(ngoc, member, secretary, deputy):
    pledge = make_submitted(ngoc, member)
    seen_by_deputy = Pledge.objects.get(pk=pledge.pk)  # both opened the page at this version
    actions.accept_pledge(pledge, actor=secretary, expected_version=pledge.version - 0)
    with pytest.raises(ConflictError) as error:
        actions.return_pledge(
            seen_by_deputy, actor=deputy, expected_version=seen_by_deputy.version, remark="Chưa cụ thể."
        )
    assert "vừa được secretary chấp nhận lúc 09:00 10/03/2026" in str(error.value)
    assert "không ghi đè" in str(error.value)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACCEPTED and pledge.reviewed_by == secretary
    assert list(pledge.reviews.values_list("kind", flat=True)) == ["created", "submitted", "accepted"]
    assert "pledge.return" not in audit_actions(pledge)


def test_a_stale_edit_is_refused(ngoc, member, secretary):
    pledge = make_draft(ngoc, member)
    old_version = pledge.version
    actions.update_items(pledge, sample_items(count=3), actor=secretary, expected_version=old_version)
    with pytest.raises(ConflictError, match="vừa được người khác sửa"):
        actions.update_items(pledge, sample_items(count=1), actor=member, expected_version=old_version)
    assert pledge.items.count() == 3


# Copying last year --------------------------------------------------------------------------------------------


def test_copying_last_year_flags_an_unchanged_submission(ngoc, member, secretary):
    last_year = make_locked(ngoc, member, secretary, year=2025)
    pledge = actions.create_pledge(ngoc, YEAR, actor=member, copy_from=last_year)
    assert [(i.commitment, i.due_date.year) for i in pledge.items.all()] == [
        (i.commitment, YEAR) for i in last_year.items.all()
    ]
    actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)
    assert pledge.unchanged_from_copy
    assert (
        AuditEvent.objects.for_object(pledge).get(action="pledge.submit").note
        == "chưa thay đổi so với năm trước"
    )


def test_a_copy_that_was_changed_is_not_flagged(ngoc, member, secretary):
    last_year = make_locked(ngoc, member, secretary, year=2025)
    pledge = actions.create_pledge(ngoc, YEAR, actor=member, copy_from=last_year)
    items = [ItemData(i.area, i.commitment, i.measure, i.due_date, id=i.pk) for i in pledge.items.all()]
    items[0].measure = "Không hồ sơ nào trễ hạn; 100% hồ sơ trả đúng hẹn"
    actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    actions.submit_pledge(pledge, actor=member, expected_version=pledge.version)
    assert not pledge.unchanged_from_copy


def test_copying_from_someone_else_is_refused(ngoc, tam, member, secretary):
    other = make_locked(tam, secretary, User.objects.get(username="commune_leader"), year=2025)
    with pytest.raises(ValidationError, match="chính người này"):
        actions.create_pledge(ngoc, YEAR, actor=member, copy_from=other)


# Publishing ---------------------------------------------------------------------------------------------------


def test_a_leader_publishes_to_the_unit_they_lead(tam, secretary, commune_leader):
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    pledge = make_submitted(tam, secretary)
    actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version)
    assert pledge.published and pledge.published_to == unit("LB-01")
    actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version, publish=False)
    assert not pledge.published and pledge.published_to is None
    assert audit_actions(pledge).count("pledge.publish") == 2


def test_publishing_needs_a_position_and_ones_own_registration(ngoc, member, secretary):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(PermissionDenied, match="đang giữ chức vụ"):
        actions.publish_pledge(pledge, actor=member, expected_version=pledge.version)
    with pytest.raises(PermissionDenied, match="Chỉ người đăng ký"):
        actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version)


def test_publishing_elsewhere_is_refused(tam, secretary):
    Position.objects.create(person=tam, unit=unit("LB-01"), kind=Position.Kind.SECRETARY)
    pledge = make_submitted(tam, secretary)
    with pytest.raises(ValidationError, match="Chỉ công khai được tại đơn vị mình giữ chức vụ"):
        actions.publish_pledge(pledge, actor=secretary, expected_version=pledge.version, to_unit=unit("CD"))


# Deadlines and reminders --------------------------------------------------------------------------------------


def test_a_deadline_outside_the_year_is_refused(commune_leader):
    with pytest.raises(ValidationError, match="Hạn nộp 31/03/2027 nằm ngoài năm 2026"):
        actions.set_deadline(unit("LB"), YEAR, datetime.date(2027, 3, 31), actor=commune_leader)
    assert not RegistrationDeadline.objects.exists()


def test_a_deadline_is_set_and_changed_with_history(commune_leader):
    actions.set_deadline(unit("LB"), YEAR, datetime.date(2026, 3, 31), actor=commune_leader)
    deadline = actions.set_deadline(unit("LB"), YEAR, datetime.date(2026, 4, 15), actor=commune_leader)
    assert RegistrationDeadline.objects.get().due_date == datetime.date(2026, 4, 15)
    assert AuditEvent.objects.for_object(deadline).count() == 2


def test_a_member_may_not_set_deadlines_or_remind(member):
    with pytest.raises(PermissionDenied):
        actions.set_deadline(unit("LB-01"), YEAR, datetime.date(2026, 3, 31), actor=member)
    with pytest.raises(PermissionDenied):
        actions.remind_missing(unit("LB-01"), YEAR, actor=member)


def test_reminders_are_recorded_for_those_not_submitted(ngoc, tam, anh, member, secretary):
    Person.objects.filter(pk=tam.pk).update(email="tam@example.vn")
    Person.objects.filter(pk=anh.pk).update(phone="0912345678")
    make_draft(tam, secretary)  # a draft is not submitted
    make_submitted(ngoc, member)
    result = actions.remind_missing(unit("LB-01"), YEAR, actor=secretary)
    assert sorted(p.full_name for p in result.missing) == ["Lê Văn Tám", "Trần Thị Ánh"]
    assert sorted(Reminder.objects.values_list("channel", "address")) == [
        ("email", "tam@example.vn"),
        ("sms", "0912345678"),
    ]
    assert result.unreachable == []
    assert AuditEvent.objects.filter(action="pledge.remind").count() == 1


def test_item_rules_must_belong_to_the_code_in_force(ngoc, member):
    from lamtheo.conduct.models import ConductCode, ConductRule

    code = ConductCode.objects.create(
        unit=unit("LB"),
        title="Chuẩn mực xã",
        start_year=2025,
        end_year=2030,
        status=ConductCode.Status.ADOPTED,
    )
    rule = ConductRule.objects.create(code=code, position=1, text="Đúng hẹn với dân")
    elsewhere = ConductCode.objects.create(
        unit=unit("CD"),
        title="Chuẩn mực phường",
        start_year=2025,
        end_year=2030,
        status=ConductCode.Status.ADOPTED,
    )
    foreign = ConductRule.objects.create(code=elsewhere, position=1, text="Lắng nghe dân")
    assert list(actions.allowed_rules(unit("LB-01"), YEAR)) == [rule]
    pledge = actions.create_pledge(ngoc, YEAR, actor=member)
    items = sample_items(count=1)
    items[0].rules = [foreign]
    with pytest.raises(ValidationError, match="Nội dung thứ 1: chuẩn mực đã chọn không thuộc"):
        actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    items[0].rules = [rule]
    actions.update_items(pledge, items, actor=member, expected_version=pledge.version)
    assert list(PledgeItem.objects.get(pledge=pledge).rules.all()) == [rule]


def test_review_rows_keep_who_acted(ngoc, member, secretary):
    pledge = make_accepted(ngoc, member, secretary)
    accepted = Review.objects.get(pledge=pledge, kind="accepted")
    assert accepted.actor == secretary and accepted.actor_name == "secretary"


def test_deeds_wait_for_acceptance(ngoc, member):
    pledge = make_submitted(ngoc, member)
    with pytest.raises(ValidationError, match="chỉ ghi khi bản đăng ký đã được chấp nhận"):
        actions.add_deed(pledge, actor=member, date=datetime.date(2026, 3, 1), description="Việc tốt")


def test_a_deeds_file_gets_the_checks_of_every_attached_file(ngoc, member, secretary, settings, tmp_path):
    """A photo named as a PDF is refused by its content: neither the deed nor a file is left behind."""
    settings.MEDIA_ROOT = tmp_path
    pledge = make_accepted(ngoc, member, secretary)
    with pytest.raises(ValidationError) as error:
        actions.add_deed(
            pledge,
            actor=member,
            date=datetime.date(2026, 3, 8),
            description="Dọn vệ sinh đường ấp",
            upload=SimpleUploadedFile("bien-ban.pdf", PNG, content_type="application/pdf"),
        )
    assert "bien-ban.pdf" in error.value.message_dict["file"][0]
    assert not Deed.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
