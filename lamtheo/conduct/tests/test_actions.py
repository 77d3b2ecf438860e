import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.audit.models import AuditEvent
from lamtheo.conduct import actions
from lamtheo.conduct.models import ConductCode, ConductRule
from lamtheo.conduct.tests.conftest import (
    COMMUNE_RULES,
    HAMLET_RULES,
    PDF,
    adopt,
    adopted,
    draft,
    minutes_file,
)
from lamtheo.lib.concurrency import ConflictError
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db


def events(code):
    return list(AuditEvent.objects.for_object(code).order_by("pk").values_list("action", flat=True))


def stored_minutes(settings, code):
    return list(Path(settings.MEDIA_ROOT, "conduct", str(unit(code).pk)).glob("*"))


def texts(code):
    return list(ConductRule.objects.filter(code=code).order_by("position").values_list("text", flat=True))


# Drafting


def test_starting_from_the_template_copies_its_rules_and_flags_the_copy(commune_code, secretary):
    code = draft("LB-01", None, template=commune_code, actor=secretary)
    assert texts(code) == COMMUNE_RULES
    assert code.status == ConductCode.Status.DRAFT
    assert (code.similarity, code.is_copied) == (100.0, True)
    assert code.title == "Chuẩn mực đạo đức của Chi bộ Ấp Long Hòa năm 2026"
    rules = list(code.rules.select_related("template_rule"))
    assert [r.template_rule.text for r in rules] == COMMUNE_RULES
    assert code.created_by == secretary
    assert events(code) == ["conduct.create"]
    event = AuditEvent.objects.for_object(code).get()
    assert event.unit == unit("LB-01") and event.actor == secretary
    assert event.changes["rules"][1].startswith("1. Trung thành")


def test_a_draft_in_the_units_own_words_is_not_flagged(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code, actor=secretary, title="Chuẩn mực ấp Long Hòa")
    assert texts(code) == HAMLET_RULES
    assert not code.is_copied
    assert code.similarity < 70
    assert code.title == "Chuẩn mực ấp Long Hòa"


def test_a_draft_without_a_template_has_no_similarity(secretary):
    code = draft("LB-01", HAMLET_RULES, actor=secretary)
    assert code.similarity is None and not code.is_copied
    assert ConductRule.objects.filter(code=code, template_rule__isnull=False).count() == 0


def test_a_term_long_code(province_code):
    assert (province_code.start_year, province_code.end_year, province_code.period) == (
        2025,
        2030,
        "2025–2030",
    )
    assert province_code.period_label == "Giai đoạn 2025 – 2030"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "Bộ chuẩn mực chưa có điều nào: hãy ghi ít nhất một điều, mỗi dòng một điều."),
        (["Đúng hẹn với dân", "x" * 201], "Điều 2 dài 201 ký tự, quá 200 ký tự"),
        (["Đúng hẹn với dân", "Nói đi đôi với làm", "đúng hẹn với dân."], "Điều 3 trùng với điều 1."),
        ([f"Điều số {n}" for n in range(16)], "Bộ chuẩn mực có 16 điều, nhiều hơn mức 15 điều"),
    ],
    ids=["empty", "too-long", "duplicate", "too-many"],
)
def test_bad_rules_are_refused_and_nothing_is_saved(secretary, rules, message):
    with pytest.raises(ValidationError) as error:
        draft("LB-01", rules, actor=secretary)
    assert message in " ".join(error.value.message_dict["rules"])
    assert not ConductCode.objects.filter(unit=unit("LB-01")).exists()
    assert not ConductRule.objects.exists()


def test_an_empty_list_without_a_template_to_copy_is_refused(secretary):
    with pytest.raises(ValidationError) as error:
        draft("LB-01", None, actor=secretary)
    assert "rules" in error.value.message_dict


def test_a_period_that_ends_before_it_starts_is_refused(secretary):
    with pytest.raises(ValidationError) as error:
        draft("LB-01", HAMLET_RULES, year=2026, end=2025, actor=secretary)
    assert error.value.message_dict == {"end_year": ["«Đến năm» (2025) không thể trước «Từ năm» (2026)."]}


@pytest.mark.parametrize(
    ("year", "end", "field", "message"),
    [
        (1926, None, "start_year", "Năm 1926 không hợp lệ"),
        (2025, 2035, "end_year", "dài hơn một nhiệm kỳ"),
    ],
)
def test_other_bad_periods(secretary, year, end, field, message):
    with pytest.raises(ValidationError) as error:
        draft("LB-01", HAMLET_RULES, year=year, end=end, actor=secretary)
    assert message in error.value.message_dict[field][0]


def test_a_tổ_đảng_has_no_code_of_its_own(secretary):
    from lamtheo.units.models import Unit

    group = Unit(code="LB-01-T1", name="Tổ đảng số 1 Ấp Long Hòa", kind=Unit.Kind.GROUP)
    group.refresh_derived()
    Unit.objects.add_child(unit("LB-01"), instance=group)
    with pytest.raises(ValidationError) as error:
        draft("LB-01-T1", HAMLET_RULES, actor=secretary)
    assert "tổ đảng thực hiện chuẩn mực của chi bộ" in error.value.message_dict["unit"][0]


def test_the_template_must_be_adopted_and_of_another_unit(commune_code, commune_leader):
    unfinished = draft("TU", HAMLET_RULES, year=2026)
    with pytest.raises(ValidationError) as error:
        draft("LB-01", None, template=unfinished)
    assert "còn là dự thảo" in error.value.message_dict["template"][0]
    with pytest.raises(ValidationError) as error:
        draft("LB", None, template=commune_code, actor=commune_leader)
    assert "phiên bản mới" in error.value.message_dict["template"][0]


def test_leading_numbers_and_bullets_are_dropped_when_parsing():
    text = "1. Đúng hẹn với dân\n\n2) Nói đi đôi với làm\n- Gần dân,   hiểu dân\n• Giữ ấp sạch\n  \n"
    assert actions.parse_rules(text) == [
        "Đúng hẹn với dân",
        "Nói đi đôi với làm",
        "Gần dân, hiểu dân",
        "Giữ ấp sạch",
    ]


# Editing


def test_editing_a_draft_recomputes_the_similarity_and_keeps_rule_ids(commune_code, secretary):
    code = draft("LB-01", None, template=commune_code, actor=secretary)
    first_id = code.rules.get(position=1).pk
    rules = [COMMUNE_RULES[0], *HAMLET_RULES[1:]]
    actions.update_code(
        code,
        actor=secretary,
        expected_version=code.version,
        title="",
        start_year=2026,
        end_year=None,
        rules=rules,
    )
    code.refresh_from_db()
    assert texts(code) == rules
    assert code.rules.get(position=1).pk == first_id
    assert not code.is_copied
    assert code.similarity < 90
    assert code.version == 2
    assert events(code) == ["conduct.create", "conduct.update"]
    change = AuditEvent.objects.for_object(code).latest("pk").changes
    assert set(change) == {"rules"}


def test_an_edit_with_nothing_changed_writes_no_history(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code, actor=secretary)
    actions.update_code(
        code,
        actor=secretary,
        expected_version=1,
        title=code.title,
        start_year=2026,
        end_year=2026,
        rules=HAMLET_RULES,
    )
    assert events(code) == ["conduct.create"]


def test_a_concurrent_edit_is_refused_and_nothing_is_overwritten(commune_code, secretary, commune_leader):
    code = draft("LB-01", HAMLET_RULES, template=commune_code, actor=secretary)
    stale = ConductCode.objects.get(pk=code.pk)
    actions.update_code(
        code,
        actor=commune_leader,
        expected_version=1,
        title="Bản của lãnh đạo xã",
        start_year=2026,
        end_year=None,
        rules=HAMLET_RULES[:3],
    )
    with pytest.raises(ConflictError):
        actions.update_code(
            stale,
            actor=secretary,
            expected_version=1,
            title="Bản của bí thư chi bộ",
            start_year=2026,
            end_year=None,
            rules=COMMUNE_RULES,
        )
    code.refresh_from_db()
    assert code.title == "Bản của lãnh đạo xã"
    assert texts(code) == HAMLET_RULES[:3]


def test_bad_rules_on_edit_leave_the_draft_as_it_was(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code, actor=secretary)
    with pytest.raises(ValidationError):
        actions.update_code(
            code, actor=secretary, expected_version=1, title="", start_year=2026, end_year=None, rules=[]
        )
    code.refresh_from_db()
    assert texts(code) == HAMLET_RULES and code.version == 1


def test_an_adopted_code_cannot_be_edited(commune_code, commune_leader):
    with pytest.raises(ValidationError) as error:
        actions.update_code(
            commune_code,
            actor=commune_leader,
            expected_version=commune_code.version,
            title="Sửa lại",
            start_year=2026,
            end_year=None,
            rules=HAMLET_RULES,
        )
    assert "đã được thông qua ngày 20/01/2026 nên không sửa được nữa" in error.value.messages[0]
    assert texts(commune_code) == COMMUNE_RULES


# Adopting


def test_adopting_records_the_date_the_minutes_and_who(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code, actor=secretary)
    code = adopt(code, on=datetime.date(2026, 3, 28), actor=secretary)
    assert code.status == ConductCode.Status.ADOPTED
    assert code.adopted_on == datetime.date(2026, 3, 28)
    assert code.adopted_by == secretary
    assert code.minutes_name == "bien-ban-hop-chi-bo.pdf"
    assert Path(code.minutes.path).read_bytes() == PDF
    assert events(code) == ["conduct.create", "conduct.adopt"]
    event = AuditEvent.objects.for_object(code).latest("pk")
    assert event.changes["status"] == ["draft", "adopted"]
    assert event.note == "bien-ban-hop-chi-bo.pdf"


def test_a_copied_code_can_be_adopted_and_stays_flagged(commune_code, secretary):
    code = adopt(draft("LB-01", None, template=commune_code, actor=secretary), actor=secretary)
    assert code.is_copied and code.similarity == 100.0


def test_adopting_without_the_minutes_is_refused(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(
            code, actor=secretary, expected_version=1, adopted_on=datetime.date(2026, 4, 1), minutes=None
        )
    assert "Hãy đính kèm biên bản cuộc họp chi bộ" in error.value.message_dict["minutes"][0]
    code.refresh_from_db()
    assert code.is_draft


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (None, "Hãy nhập ngày cuộc họp chi bộ"),
        (datetime.date(2026, 4, 11), "Ngày thông qua 11/04/2026 còn ở phía trước"),
        (datetime.date(2024, 12, 31), "Ngày thông qua 31/12/2024 quá sớm"),
    ],
)
def test_adopting_with_a_bad_date_is_refused(commune_code, secretary, on, message):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(code, actor=secretary, expected_version=1, adopted_on=on, minutes=minutes_file())
    assert message in error.value.message_dict["adopted_on"][0]


def test_minutes_that_are_not_what_they_say_are_refused(commune_code, secretary, settings):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(
            code, actor=secretary, expected_version=1, adopted_on=datetime.date(2026, 4, 1), minutes=fake
        )
    assert "không phải là PDF" in error.value.message_dict["minutes"][0]
    spreadsheet = SimpleUploadedFile("bien-ban.xlsx", b"PK")
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(
            code,
            actor=secretary,
            expected_version=1,
            adopted_on=datetime.date(2026, 4, 1),
            minutes=spreadsheet,
        )
    assert "không đúng loại" in error.value.message_dict["minutes"][0]
    assert not stored_minutes(settings, "LB-01")


def test_an_image_of_the_minutes_is_accepted(commune_code, secretary):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    photo = SimpleUploadedFile("bien-ban.jpg", b"\xff\xd8\xff\xe0 photo")
    code = actions.adopt_code(
        code, actor=secretary, expected_version=1, adopted_on=datetime.date(2026, 4, 1), minutes=photo
    )
    assert code.minutes_extension == ".jpg"


def test_adopting_twice_is_refused(commune_code, secretary):
    code = adopt(draft("LB-01", HAMLET_RULES, template=commune_code), actor=secretary)
    with pytest.raises(ValidationError) as error:
        actions.adopt_code(
            code,
            actor=secretary,
            expected_version=code.version,
            adopted_on=datetime.date(2026, 4, 2),
            minutes=minutes_file(),
        )
    assert "đã được thông qua" in error.value.messages[0]


def test_a_stale_adoption_is_a_conflict_and_leaves_no_file(commune_code, secretary, settings):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)
    actions.update_code(
        code,
        actor=secretary,
        expected_version=1,
        title="Đã sửa",
        start_year=2026,
        end_year=None,
        rules=HAMLET_RULES,
    )
    with pytest.raises(ConflictError):
        actions.adopt_code(
            code,
            actor=secretary,
            expected_version=1,
            adopted_on=datetime.date(2026, 4, 1),
            minutes=minutes_file(),
        )
    code.refresh_from_db()
    assert code.is_draft
    assert not stored_minutes(settings, "LB-01")


def test_a_failure_after_the_file_is_stored_removes_it(commune_code, secretary, settings, monkeypatch):
    code = draft("LB-01", HAMLET_RULES, template=commune_code)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit table is gone")

    monkeypatch.setattr(actions.audit, "record", broken)
    with pytest.raises(RuntimeError):
        adopt(code, actor=secretary)
    code.refresh_from_db()
    assert code.is_draft and not code.minutes
    assert not stored_minutes(settings, "LB-01")


def test_a_new_code_for_the_same_period_retires_the_old_one(commune_code, secretary):
    old = adopted("LB-01", HAMLET_RULES, template=commune_code, on=datetime.date(2026, 2, 1))
    new = adopted("LB-01", [*HAMLET_RULES[:4], "Sống tốt đời, đẹp đạo"], template=commune_code)
    old.refresh_from_db()
    assert old.status == ConductCode.Status.RETIRED
    assert old.retired_on == new.adopted_on == datetime.date(2026, 3, 15)
    assert events(old) == ["conduct.create", "conduct.adopt", "conduct.retire"]
    assert AuditEvent.objects.for_object(old).latest("pk").note == f"Thay bằng «{new.title}»"
    assert list(ConductCode.objects.in_force(2026).filter(unit=unit("LB-01"))) == [new]


def test_a_code_for_another_year_does_not_retire_this_one(commune_code, secretary):
    old = adopted("LB-01", HAMLET_RULES, template=commune_code, year=2025, on=datetime.date(2025, 3, 1))
    adopted("LB-01", HAMLET_RULES, template=commune_code, year=2026)
    old.refresh_from_db()
    assert old.is_adopted


def test_retiring_by_hand(commune_code, commune_leader):
    actions.retire_code(commune_code, actor=commune_leader)
    commune_code.refresh_from_db()
    assert commune_code.status == ConductCode.Status.RETIRED
    assert commune_code.retired_on == datetime.date(2026, 4, 10)
    with pytest.raises(ValidationError):
        actions.retire_code(commune_code, actor=commune_leader)


def test_a_draft_cannot_be_retired(secretary):
    code = draft("LB-01", HAMLET_RULES)
    with pytest.raises(ValidationError) as error:
        actions.retire_code(code, actor=secretary)
    assert "dự thảo" in error.value.messages[0]
