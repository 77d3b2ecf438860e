import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.audit.models import AuditEvent
from lamtheo.documents.models import Document
from lamtheo.lib.concurrency import ConflictError
from lamtheo.testing import unit
from lamtheo.topics import actions
from lamtheo.topics.models import Topic, TopicAttachment
from lamtheo.topics.tests.conftest import PDF, make_plan, make_topic


def events(topic, action):
    return AuditEvent.objects.for_object(topic).filter(action=action)


def refused(field, **fields) -> str:
    """The message on `field` when creating a topic with `fields`; fails if the topic is accepted."""
    before = Topic.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_topic(**fields)
    assert Topic.objects.count() == before
    return " ".join(caught.value.message_dict[field])


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# Creating and the rules


def test_creating_a_term_topic_is_audited_with_its_author(province_staff, db):
    topic = make_topic(
        "TU", Topic.Kind.TERM, title="Chuyên đề toàn khóa", start=2025, end=2030, actor=province_staff
    )
    assert topic.created_by == province_staff
    event = events(topic, "topic.create").get()
    assert (event.actor, event.unit) == (province_staff, unit("TU"))
    assert event.changes["title"] == [None, "Chuyên đề toàn khóa"]
    assert event.changes["kind"] == [None, "term"]


def test_a_unit_below_may_issue_its_own_yearly_topic_under_the_provinces_term(term, commune_leader):
    topic = make_topic("LB", title="Chuyên đề năm 2026 của xã", start=2026, parent=term, actor=commune_leader)
    assert topic.parent == term


def test_a_yearly_topic_needs_a_term_long_parent(db):
    assert "phải thuộc một chuyên đề toàn khóa" in refused("parent", code="TU", title="Năm 2026", start=2026)


def test_the_parent_must_be_term_long(yearly):
    message = refused("parent", code="TU", title="Năm 2026 bis", start=2026, parent=yearly)
    assert "là chuyên đề năm" in message


def test_the_year_must_lie_in_the_parents_period(term):
    message = refused("start_year", code="TU", title="Năm 2031", start=2031, parent=term)
    assert message == (
        "Năm 2031 nằm ngoài giai đoạn 2025–2030 của chuyên đề toàn khóa "
        "«Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường»."
    )


def test_the_parent_must_be_the_issuers_own_or_from_a_committee_above(db):
    sibling = make_topic("LB", Topic.Kind.TERM, title="Toàn khóa của Long Bình", start=2025, end=2030)
    message = refused("parent", code="CD", title="Năm 2026", start=2026, parent=sibling)
    assert "do Đảng ủy xã Long Bình ban hành" in message
    assert "của chính mình hoặc của cấp ủy cấp trên" in message
    above = refused("parent", code="TU", title="Năm 2026", start=2026, parent=sibling)
    assert "Tỉnh ủy An Giang chỉ ban hành" in above


def test_only_committees_issue_topics(term):
    message = refused("unit", code="LB-01", title="Năm 2026", start=2026, parent=term)
    assert (
        message
        == "Chỉ cấp ủy mới ban hành chuyên đề; Chi bộ Ấp Long Hòa là chi bộ trực thuộc, không ban hành chuyên đề."
    )


def test_the_period_must_run_forwards(db):
    message = refused("end_year", code="TU", kind=Topic.Kind.TERM, title="Ngược", start=2030, end=2025)
    assert message == "«Đến năm» (2025) không thể trước «Từ năm» (2030)."


def test_a_yearly_topic_covers_one_year(term):
    message = refused("end_year", code="TU", title="Hai năm", start=2026, end=2027, parent=term)
    assert "Chuyên đề năm chỉ gồm một năm" in message


def test_a_year_out_of_range_is_a_typing_mistake(db):
    message = refused("start_year", code="TU", kind=Topic.Kind.TERM, title="Gõ nhầm", start=226, end=2030)
    assert "Năm 226 không hợp lệ" in message


def test_a_term_long_topic_has_no_parent(term):
    message = refused(
        "parent", code="TU", kind=Topic.Kind.TERM, title="Lồng", start=2025, end=2030, parent=term
    )
    assert "Chuyên đề toàn khóa không thuộc chuyên đề nào khác" in message


@pytest.mark.parametrize(
    ("deploy_by", "message"),
    [
        (
            datetime.date(2024, 12, 31),
            "Hạn triển khai 31/12/2024 quá sớm: chuyên đề bắt đầu năm 2026, hạn triển khai không thể trước ngày 01/01/2025.",
        ),
        (
            datetime.date(2027, 1, 1),
            "Hạn triển khai 01/01/2027 muộn hơn cả thời gian của chuyên đề (hết năm 2026).",
        ),
    ],
)
def test_the_deadline_must_be_within_reason(term, deploy_by, message):
    assert (
        refused("deploy_by", code="TU", title="Năm 2026", start=2026, parent=term, deploy_by=deploy_by)
        == message
    )


def test_a_deadline_in_the_year_before_is_accepted(term):
    topic = make_topic("TU", title="Năm 2026", start=2026, parent=term, deploy_by=datetime.date(2025, 1, 1))
    assert topic.deploy_by == datetime.date(2025, 1, 1)


def test_the_issuing_document_is_an_issued_one_of_the_issuer(term):
    other = make_plan("LB", term, datetime.date(2026, 1, 5))
    message = refused("document", code="TU", title="Năm 2026", start=2026, parent=term, document=other)
    assert "không phải của Tỉnh ủy An Giang" in message
    draft = make_plan("TU", term, None, status=Document.Status.DRAFT)
    assert "chưa ban hành" in refused(
        "document", code="TU", title="Năm 2026", start=2026, parent=term, document=draft
    )


def test_the_issuing_document_of_the_issuer_is_accepted(term):
    issued = make_plan("TU", term, datetime.date(2026, 1, 5), key="huong_dan")
    topic = make_topic("TU", title="Năm 2026", start=2026, parent=term, document=issued)
    assert topic.document == issued


# Editing


def test_an_edit_is_saved_with_its_changes_in_the_history(yearly, province_staff):
    yearly.title = "Chuyên đề năm 2026 (sửa)"
    yearly.deploy_by = datetime.date(2026, 2, 28)
    actions.update_topic(yearly, actor=province_staff, expected_version=1)
    yearly.refresh_from_db()
    assert (yearly.title, yearly.version, yearly.search_text) == (
        "Chuyên đề năm 2026 (sửa)",
        2,
        "chuyen de nam 2026 (sua)",
    )
    event = events(yearly, "topic.update").get()
    assert event.changes == {
        "title": ["Chuyên đề năm 2026: phong cách nêu gương", "Chuyên đề năm 2026 (sửa)"],
        "deploy_by": ["2026-03-31", "2026-02-28"],
    }


def test_concurrent_edits_conflict_and_the_second_writes_nothing(yearly, province_staff, admin):
    mine, theirs = Topic.objects.get(pk=yearly.pk), Topic.objects.get(pk=yearly.pk)
    mine.title = "Bản của tôi"
    actions.update_topic(mine, actor=province_staff, expected_version=1)
    theirs.title = "Bản của người khác"
    with pytest.raises(ConflictError, match="vừa được người khác sửa"):
        actions.update_topic(theirs, actor=admin, expected_version=1)
    yearly.refresh_from_db()
    assert (yearly.title, yearly.version) == ("Bản của tôi", 2)
    assert events(yearly, "topic.update").count() == 1


def test_an_edit_cannot_move_the_topic_to_another_issuer_or_kind(yearly, province_staff):
    yearly.unit = unit("CD")
    yearly.kind = Topic.Kind.TERM
    yearly.title = "Sửa tên"
    actions.update_topic(yearly, actor=province_staff, expected_version=1)
    yearly.refresh_from_db()
    assert (yearly.unit.code, yearly.kind, yearly.title) == ("TU", Topic.Kind.YEAR, "Sửa tên")


def test_an_edit_breaking_a_rule_is_refused_and_nothing_is_written(yearly, province_staff):
    yearly.start_year = yearly.end_year = 2031
    with pytest.raises(ValidationError) as caught:
        actions.update_topic(yearly, actor=province_staff, expected_version=1)
    assert "nằm ngoài giai đoạn 2025–2030" in caught.value.message_dict["start_year"][0]
    yearly.refresh_from_db()
    assert (yearly.start_year, yearly.version) == (2026, 1)
    assert not events(yearly, "topic.update").exists()


def test_a_term_topic_cannot_shrink_away_from_its_yearly_topics(term, yearly, province_staff):
    term.end_year = 2025
    with pytest.raises(ValidationError) as caught:
        actions.update_topic(term, actor=province_staff, expected_version=1)
    assert caught.value.message_dict["start_year"] == [
        "Giai đoạn 2025 không còn chứa các chuyên đề năm 2026 đã ban hành dưới chuyên đề này."
    ]


def test_a_failure_while_creating_leaves_nothing(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(actions.audit, "record", broken)
    with pytest.raises(RuntimeError):
        make_topic("TU", Topic.Kind.TERM, title="Nửa chừng", start=2025, end=2030)
    assert not Topic.objects.filter(title="Nửa chừng").exists()


# Attachments


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_is_attached_stored_and_audited(yearly, province_staff, settings):
    upload = SimpleUploadedFile("tai-lieu-2026.pdf", PDF, content_type="application/pdf")
    attachment = actions.add_attachment(yearly, upload, actor=province_staff, name="Tài liệu học tập 2026")
    assert (attachment.name, attachment.size, attachment.uploaded_by) == (
        "Tài liệu học tập 2026",
        len(PDF),
        province_staff,
    )
    assert attachment.file.name.startswith(f"topics/{yearly.pk}/")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert events(yearly, "topic.attachment").get().note == "Tài liệu học tập 2026"


def test_a_docx_is_attached_under_its_file_name(yearly, province_staff):
    upload = SimpleUploadedFile("Hướng dẫn.docx", docx_bytes())
    assert actions.add_attachment(yearly, upload, actor=province_staff).name == "Hướng dẫn.docx"


def test_a_pdf_that_is_really_text_is_refused_and_nothing_is_saved(yearly, province_staff, settings):
    upload = SimpleUploadedFile("tai-lieu.pdf", b"Day chi la van ban thuong, khong phai PDF.")
    with pytest.raises(ValidationError) as caught:
        actions.add_attachment(yearly, upload, actor=province_staff)
    assert caught.value.message_dict["file"] == [
        "Nội dung tệp «tai-lieu.pdf» không phải là PDF như đuôi tệp ghi; tệp có thể bị hỏng hoặc đã bị đổi tên."
    ]
    assert not TopicAttachment.objects.exists()
    assert stored_files(settings) == []
    assert not events(yearly, "topic.attachment").exists()


def test_other_types_are_refused(yearly, province_staff):
    upload = SimpleUploadedFile("tai-lieu.xlsx", b"PK\x03\x04")
    with pytest.raises(ValidationError) as caught:
        actions.add_attachment(yearly, upload, actor=province_staff)
    assert caught.value.message_dict["file"] == [
        "Tệp «tai-lieu.xlsx» không đúng loại: chỉ nhận PDF, Word (.docx)."
    ]


def test_a_file_too_big_is_refused(yearly, province_staff, settings):
    settings.UPLOAD_MAX_MB = 1
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * (3 * 512 * 1024))
    with pytest.raises(ValidationError) as caught:
        actions.add_attachment(yearly, upload, actor=province_staff)
    assert caught.value.message_dict["file"] == ["Tệp «lon.pdf» nặng 1,5 MB, vượt mức cho phép 1 MB."]
    assert not TopicAttachment.objects.exists()


def test_a_failure_after_the_file_is_written_removes_it(yearly, province_staff, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(actions.audit, "record", broken)
    with pytest.raises(RuntimeError):
        actions.add_attachment(yearly, SimpleUploadedFile("a.pdf", PDF), actor=province_staff)
    assert not TopicAttachment.objects.exists()
    assert stored_files(settings) == []
