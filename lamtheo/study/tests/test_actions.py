import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.accounts.scoping import get_scope
from lamtheo.audit.models import AuditEvent
from lamtheo.lib.attendance import Mark
from lamtheo.lib.concurrency import ConflictError
from lamtheo.study import actions
from lamtheo.study.models import Attendance, StudyMaterial, StudySession
from lamtheo.study.tests.conftest import FIRST, PDF, TODAY, TRANSFER, named, person, record
from lamtheo.testing import unit
from lamtheo.topics.models import Topic

pytestmark = pytest.mark.usefixtures("frozen")


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages]


def nothing_written(before_events: int) -> bool:
    return (
        not StudySession.objects.exists()
        and not Attendance.objects.exists()
        and AuditEvent.objects.count() == before_events
    )


def test_a_session_is_recorded_with_its_attendance(topic, secretary):
    session = record(
        "LB-01",
        topic,
        FIRST,
        present=["Nguyễn Thị Kim Ngọc", "Trần Thị Ánh"],
        absent=[("Lê Văn Tám", "Ốm")],
        actor=secretary,
        place="Nhà văn hóa ấp",
    )
    rows = {a.person.full_name: a for a in session.attendances.select_related("person", "unit")}
    assert {name: (a.status, a.reason) for name, a in rows.items()} == {
        "Nguyễn Thị Kim Ngọc": ("present", ""),
        "Trần Thị Ánh": ("present", ""),
        "Lê Văn Tám": ("excused", "Ốm"),
    }
    assert {a.topic_id for a in rows.values()} == {topic.pk}
    assert {a.unit.code for a in rows.values()} == {"LB-01"}
    assert session.created_by == secretary
    event = AuditEvent.objects.get(action="study.session_create")
    assert event.actor == secretary
    assert event.unit == unit("LB-01")
    assert event.changes["present_count"] == [None, 2]
    assert event.changes["place"] == [None, "Nhà văn hóa ấp"]
    assert event.changes["date"] == [None, "2026-03-05"]


def test_sixty_attendees_take_the_same_queries_as_six(topic, commune_leader):
    get_scope(commune_leader)  # the actor's roles, read once per request before any write

    def write(count, code):
        names = [f"Học viên {code} {number:02d}" for number in range(count)]
        for name in names:
            person("LB-02", name)
        marks = {named(name).pk: Mark("present") for name in names}
        with CaptureQueriesContext(connection) as queries:
            actions.create_session(
                StudySession(unit=unit("LB-02"), topic=topic, date=FIRST),
                actor=commune_leader,
                attendance=marks,
                today=TODAY,
            )
        return len(queries)

    few = write(6, "A")
    many = write(60, "B")
    assert few == many
    assert Attendance.objects.count() == 66


def test_someone_outside_the_recorders_scope_is_refused_without_a_name_and_nothing_is_saved(topic, secretary):
    events = AuditEvent.objects.count()
    binh = named("Võ Văn Bình")  # of Chi bộ Khóm 1, another commune: the chi bộ's secretary does not see him
    with pytest.raises(ValidationError) as refused:
        record("LB-01", topic, FIRST, present=["Nguyễn Thị Kim Ngọc", "Võ Văn Bình"], actor=secretary)
    assert messages_of(refused.value) == [
        "Không thể điểm danh 1 người ngoài phạm vi của anh/chị: vào ngày 05/03/2026 họ không sinh hoạt tại "
        "Chi bộ Ấp Long Hòa hoặc đơn vị trực thuộc."
    ]
    assert nothing_written(events)
    # An id naming nobody gets the same words: the refusal tells nothing about who an id is.
    with pytest.raises(ValidationError) as nobody:
        actions.create_session(
            StudySession(unit=unit("LB-01"), topic=topic, date=FIRST),
            actor=secretary,
            attendance={binh.pk + 10_000: Mark("present")},
            today=TODAY,
        )
    assert messages_of(nobody.value) == messages_of(refused.value)


def test_someone_of_another_unit_the_recorder_sees_is_refused_by_name(topic, commune_leader):
    person("LB-02", "Trương Thị Mai")
    with pytest.raises(ValidationError) as refused:
        record("LB-01", topic, FIRST, present=["Trương Thị Mai", "Võ Văn Bình"], actor=commune_leader)
    assert messages_of(refused.value) == [
        "Không thể điểm danh Trương Thị Mai (hiện sinh hoạt tại Chi bộ Ấp Long Thạnh), và 1 người khác: vào ngày "
        "05/03/2026 họ không sinh hoạt tại Chi bộ Ấp Long Hòa hoặc đơn vị trực thuộc."
    ]


def test_a_transfer_counts_on_the_session_date(topic, secretary):
    hai = person(
        "LB-02",
        "Lý Văn Hải",
        stays=[("LB-01", datetime.date(2015, 6, 1), TRANSFER), ("LB-02", TRANSFER, None)],
    )
    # Before the transfer he belonged to Long Hòa: he may be marked there (though he is in Long Thạnh now).
    before = record("LB-01", topic, TRANSFER - datetime.timedelta(days=1), present=["Lý Văn Hải"])
    assert before.attendances.get().unit == unit("LB-01")
    # From the transfer date he belongs to Long Thạnh, not to Long Hòa.
    with pytest.raises(
        ValidationError,
        match=r"Không thể điểm danh Lý Văn Hải \(hiện sinh hoạt tại Chi bộ Ấp Long Thạnh\): vào ngày 10/03/2026",
    ):
        record("LB-01", topic, TRANSFER, present=["Lý Văn Hải"])
    after = record("LB-02", topic, TRANSFER, present=["Lý Văn Hải"])
    assert after.attendances.get().person == hai
    # A commune's conference takes everyone in its subtree, wherever they were inside it.
    record("LB", topic, datetime.date(2026, 4, 1), present=["Lý Văn Hải", "Nguyễn Thị Kim Ngọc"])
    with pytest.raises(ValidationError, match="Lý Văn Hải"):
        record("LB-02", topic, datetime.date(2026, 3, 1), present=["Lý Văn Hải"])


def test_a_person_who_left_before_the_session_is_refused(topic, secretary):
    person("LB-01", "Mai Văn Lâm", stays=[("LB-01", datetime.date(2010, 1, 1), datetime.date(2026, 1, 15))])
    with pytest.raises(ValidationError, match="Mai Văn Lâm"):
        record("LB-01", topic, FIRST, present=["Mai Văn Lâm"])


def test_a_session_in_the_future_cannot_have_anyone_present(topic, secretary):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        record("LB-01", topic, datetime.date(2026, 4, 11), present=["Lê Văn Tám"], absent=["Trần Thị Ánh"])
    assert messages_of(refused.value) == [
        "Buổi học ngày 11/04/2026 chưa diễn ra nên chưa thể điểm danh có mặt. Hãy lưu buổi học không điểm danh, "
        "rồi điểm danh sau khi học."
    ]
    assert nothing_written(events)
    # Planned without ticks, it is saved with no attendance yet.
    planned = record("LB-01", topic, datetime.date(2026, 4, 11), absent=["Trần Thị Ánh"])
    assert not planned.attendances.exists()


def test_today_may_be_ticked(topic):
    session = record("LB-01", topic, TODAY, present=["Lê Văn Tám"])
    assert session.attendances.present().count() == 1


def test_the_topic_must_apply_to_the_unit(topic):
    own = Topic.objects.create(
        unit=unit("LB"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="Dân vận khéo",
        start_year=2026,
        end_year=2026,
    )
    with pytest.raises(ValidationError) as refused:
        record("CD-01", own, FIRST)
    assert refused.value.message_dict["topic"] == [
        "Chuyên đề «Dân vận khéo» do Đảng ủy xã Long Bình ban hành, không áp dụng cho Chi bộ Khóm 1: hãy chọn "
        "chuyên đề của đơn vị mình hoặc của cấp ủy cấp trên."
    ]
    assert record("LB-02", own, FIRST).topic == own


def test_the_date_must_fall_in_the_topics_period(topic):
    with pytest.raises(ValidationError) as refused:
        record("LB-01", topic, datetime.date(2025, 12, 20))
    assert refused.value.message_dict["date"] == [
        "Ngày 20/12/2025 nằm ngoài thời gian của chuyên đề «Chuyên đề năm 2026: phong cách nêu gương» (2026)."
    ]


def test_a_make_up_session_follows_its_main_session(topic):
    first = record("LB-01", topic, FIRST, present=["Lê Văn Tám"], absent=["Trần Thị Ánh"])
    makeup = record("LB-01", topic, datetime.date(2026, 3, 12), present=["Trần Thị Ánh"], makeup_for=first)
    assert makeup.is_makeup  # naming the main session makes it a make-up session
    with pytest.raises(ValidationError) as refused:
        record("LB-01", topic, datetime.date(2026, 3, 1), makeup_for=first)
    assert refused.value.message_dict["date"] == [
        "Buổi học bù không thể diễn ra trước buổi học chính (05/03/2026)."
    ]
    other = Topic.objects.create(
        unit=unit("TU"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="Khác",
        start_year=2026,
        end_year=2026,
    )
    with pytest.raises(ValidationError, match="Buổi học bù phải cùng chuyên đề"):
        record("LB-01", other, datetime.date(2026, 3, 12), makeup_for=first)
    with pytest.raises(ValidationError, match="không phải đơn vị này"):
        record("CD-01", topic, datetime.date(2026, 3, 12), makeup_for=first)


def test_an_edit_replaces_the_list_and_is_audited(topic, secretary):
    session = record("LB-01", topic, FIRST, present=["Lê Văn Tám"], absent=["Trần Thị Ánh"])
    session.place = "Hội trường ấp"
    ngoc, tam = named("Nguyễn Thị Kim Ngọc"), named("Lê Văn Tám")
    actions.update_session(
        session,
        actor=secretary,
        expected_version=1,
        attendance={ngoc.pk: Mark("present"), tam.pk: Mark("excused", "Họp xã")},
        today=TODAY,
    )
    assert dict(session.attendances.values_list("person__full_name", "status")) == {
        "Nguyễn Thị Kim Ngọc": "present",
        "Lê Văn Tám": "excused",
    }
    assert session.version == 2
    event = AuditEvent.objects.get(action="study.session_update")
    assert event.changes == {"place": ["", "Hội trường ấp"]}  # one present before, one after


def test_a_concurrent_edit_is_refused_and_nothing_is_overwritten(topic, secretary, commune_leader):
    session = record("LB-01", topic, FIRST, present=["Lê Văn Tám"])
    mine = StudySession.objects.get(pk=session.pk)
    theirs = StudySession.objects.get(pk=session.pk)
    theirs.place = "Trụ sở Ban nhân dân ấp"
    actions.update_session(theirs, actor=commune_leader, expected_version=1, today=TODAY)
    mine.place = "Nhà văn hóa"
    events = AuditEvent.objects.count()
    with pytest.raises(ConflictError, match="vừa được người khác sửa"):
        actions.update_session(
            mine,
            actor=secretary,
            expected_version=1,
            attendance={named("Trần Thị Ánh").pk: Mark("present")},
            today=TODAY,
        )
    fresh = StudySession.objects.get(pk=session.pk)
    assert (fresh.place, fresh.version) == ("Trụ sở Ban nhân dân ấp", 2)
    assert list(fresh.attendances.values_list("person__full_name", flat=True)) == ["Lê Văn Tám"]
    assert AuditEvent.objects.count() == events


def test_moving_the_date_checks_everyone_already_marked(topic, secretary):
    person("LB-01", "Mai Văn Lâm", stays=[("LB-01", datetime.date(2026, 3, 1), None)])
    session = record("LB-01", topic, FIRST, present=["Mai Văn Lâm", "Lê Văn Tám"])
    session.date = datetime.date(2026, 2, 20)  # before Lâm arrived
    with pytest.raises(ValidationError, match="Mai Văn Lâm"):
        actions.update_session(session, actor=secretary, expected_version=1, today=TODAY)
    assert StudySession.objects.get(pk=session.pk).date == FIRST
    session.date = datetime.date(2026, 5, 1)  # into the future, with people present
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        actions.update_session(session, actor=secretary, expected_version=1, today=TODAY)


def test_changing_the_topic_carries_the_attendance_along(topic, secretary):
    session = record("LB-01", topic, FIRST, present=["Lê Văn Tám"])
    other = Topic.objects.create(
        unit=unit("LB"),
        kind=Topic.Kind.YEAR,
        parent=topic.parent,
        title="Dân vận khéo",
        start_year=2026,
        end_year=2026,
    )
    session.topic = other
    actions.update_session(session, actor=secretary, expected_version=1, today=TODAY)
    assert set(Attendance.objects.values_list("topic", flat=True)) == {other.pk}


def test_ticking_one_list_leaves_the_others(topic, commune_leader):
    person("LB-02", "Trương Thị Mai")
    conference = record("LB", topic, FIRST, present=["Lê Văn Tám"], absent=["Trương Thị Mai"])
    actions.record_attendance(
        conference,
        {named("Trương Thị Mai").pk: Mark("present"), named("Trần Thị Ánh").pk: Mark("excused", "Ốm")},
        actor=commune_leader,
        expected_version=1,
        today=TODAY,
    )
    assert dict(conference.attendances.values_list("person__full_name", "status")) == {
        "Lê Văn Tám": "present",
        "Trương Thị Mai": "present",
        "Trần Thị Ánh": "excused",
    }
    event = AuditEvent.objects.get(action="study.attendance")
    assert event.changes == {"present_count": [1, 2]}
    assert event.note == "Điểm danh 2 người: 1 có mặt, 1 vắng."
    with pytest.raises(ConflictError):
        actions.record_attendance(conference, {}, actor=commune_leader, expected_version=1, today=TODAY)


def test_material_is_checked_and_stored(topic, secretary):
    session = record("LB-01", topic, FIRST)
    material = actions.add_material(
        session, SimpleUploadedFile("bai-giang.pdf", PDF), actor=secretary, name="Bài giảng"
    )
    assert material.download_name == "Bài giảng.pdf"
    with pytest.raises(ValidationError) as refused:
        actions.add_material(session, SimpleUploadedFile("bai-giang.pdf", b"not a pdf"), actor=secretary)
    assert "không phải là PDF" in refused.value.message_dict["file"][0]
    assert StudyMaterial.objects.count() == 1


def test_a_bad_material_keeps_the_session_from_being_recorded(topic, secretary):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.create_session(
            StudySession(unit=unit("LB-01"), topic=topic, date=FIRST),
            actor=secretary,
            attendance={named("Lê Văn Tám").pk: Mark("present")},
            materials=[SimpleUploadedFile("danh-sach.exe", b"MZ")],
            today=TODAY,
        )
    assert "không đúng loại" in refused.value.message_dict["material"][0]
    assert nothing_written(events)


def test_a_list_with_nobody_ticked_is_a_list_not_taken_yet(topic):
    untaken = record("LB-01", topic, FIRST, absent=["Lê Văn Tám", "Trần Thị Ánh"])
    assert not untaken.attendances.exists()
    excused = record("LB-01", topic, FIRST, absent=[("Lê Văn Tám", "Ốm"), "Trần Thị Ánh"])
    assert dict(excused.attendances.values_list("person__full_name", "reason")) == {
        "Lê Văn Tám": "Ốm",
        "Trần Thị Ánh": "",
    }


def test_late_counts_as_present_and_the_old_absent_with_a_reason_becomes_excused(topic, secretary):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lamtheo.study.migrations.0003_attendance_one_vocabulary")
    session = record("LB-01", topic, FIRST, present=["Nguyễn Thị Kim Ngọc"], actor=secretary)
    tam, anh = named("Lê Văn Tám"), named("Trần Thị Ánh")
    actions.record_attendance(
        session,
        {tam.pk: Mark("late", "Kẹt xe"), anh.pk: Mark("absent")},
        actor=secretary,
        expected_version=1,
        today=TODAY,
    )
    assert session.attendances.present().count() == 2
    Attendance.objects.filter(person=anh).update(reason="Ốm")  # as stored before: "absent" with a reason
    migration.absent_with_reason_is_excused(apps, None)
    assert dict(session.attendances.values_list("person__full_name", "status")) == {
        "Nguyễn Thị Kim Ngọc": "present",
        "Lê Văn Tám": "late",
        "Trần Thị Ánh": "excused",
    }
