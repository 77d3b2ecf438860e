import datetime

import pytest

from lamtheo.audit.models import AuditEvent
from lamtheo.imports import actions
from lamtheo.imports.models import ImportJob
from lamtheo.imports.tests.helpers import csv_text, errors, import_file, person, xlsx
from lamtheo.imports.tests.test_readers import to_cp1258
from lamtheo.people.models import Membership, Person, Position
from lamtheo.testing import unit
from lamtheo.units.models import Unit, UnitName

pytestmark = pytest.mark.django_db
DONE, INVALID, FAILED = ImportJob.Status.DONE, ImportJob.Status.INVALID, ImportJob.Status.FAILED


def _counts(job):
    return job.created_count, job.updated_count, job.unchanged_count


def _totals():
    return (
        Person.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
        Unit.objects.count(),
    )


# People: creating, re-importing, updating -----------------------------------------------------------------------


def test_clean_file_creates_people_with_their_stay_and_history(admin):
    rows = [person(1), person(2, "LB-02"), person(3, **{"Loại đảng viên": "Dự bị", "Ngày chính thức": ""})]
    job = import_file(xlsx(rows, title_rows=2), unit("LB"), actor=admin)

    assert job.status == DONE, job.errors
    assert (job.total_rows, *_counts(job)) == (3, 3, 0, 0)
    first = Person.objects.get(national_id="089161000001")
    assert first.full_name == "Trần Thị Bình"
    assert first.gender == Person.Gender.FEMALE
    assert first.date_of_birth == datetime.date(1961, 2, 2)
    assert first.party_card_number == "70000001"
    assert first.party_status == Person.PartyStatus.FULL
    assert (first.date_joined_party, first.date_official) == (
        datetime.date(1986, 5, 19),
        datetime.date(1987, 5, 19),
    )
    assert first.unit == unit("LB-01")
    assert first.search_text == "tran thi binh 089161000001 70000001 0900000001"
    assert first.sort_key  # derived fields are set although bulk_create skips save()
    assert Person.objects.get(party_card_number="70000002").unit == unit("LB-02")
    assert Person.objects.get(party_card_number="70000003").party_status == Person.PartyStatus.PROBATIONARY
    membership = first.memberships.get()
    assert (membership.unit, membership.reason, membership.end_date) == (unit("LB-01"), "initial", None)
    event = AuditEvent.objects.for_object(first).get()
    assert (event.action, event.actor, event.unit) == ("person.import_create", admin, unit("LB-01"))
    assert event.changes["full_name"] == [None, "Trần Thị Bình"]
    assert event.changes["unit"] == [None, "Chi bộ Ấp Long Hòa"]
    assert event.note == "Nhập từ tệp «danh-sach.xlsx»"


def test_reimporting_the_same_file_changes_nothing(admin):
    data = xlsx([person(i) for i in range(1, 6)])
    import_file(data, unit("LB"), actor=admin)
    before = {p.pk: (p.version, p.updated_at) for p in Person.objects.all()}
    events = AuditEvent.objects.count()

    job = import_file(data, unit("LB"), actor=admin)

    assert job.status == DONE
    assert _counts(job) == (0, 0, 5)
    assert AuditEvent.objects.count() == events
    assert {p.pk: (p.version, p.updated_at) for p in Person.objects.all()} == before


def test_a_changed_row_updates_the_person_with_a_diff_in_the_history(secretary):
    import_file(xlsx([person(1), person(2)]), unit("LB-01"), actor=secretary)
    changed = person(2, **{"Số điện thoại": "0987 654 321", "Chức danh": "Trưởng ấp"})

    job = import_file(xlsx([person(1), changed]), unit("LB-01"), actor=secretary)

    assert _counts(job) == (0, 1, 1)
    updated = Person.objects.get(party_card_number="70000002")
    assert updated.version == 2
    assert (updated.phone, updated.job_title) == ("0987654321", "Trưởng ấp")
    assert "0987654321" in updated.search_text
    event = AuditEvent.objects.for_object(updated).filter(action="person.import_update").get()
    assert event.changes == {"phone": ["0900000002", "0987654321"], "job_title": ["", "Trưởng ấp"]}
    assert event.actor == secretary


def test_existing_people_are_found_by_card_then_cccd_then_name_without_ids(secretary):
    tam = Person.objects.get(national_id="089075000456")  # Lê Văn Tám: a CCCD, no card yet
    ngoc = Person.objects.get(party_card_number="89012345")
    anh = Person.objects.get(full_name="Trần Thị Ánh")  # no identifier at all
    rows = [
        {
            "Họ và tên": "Lê Văn Tám",
            "Số CCCD": "089075000456",
            "Số thẻ đảng viên": "89.075456",
            "Ngày sinh": "09/01/1975",
            "Ngày vào Đảng": "19/05/2005",
            "Ngày chính thức": "19/05/2006",
        },
        {
            "Họ và tên": "Nguyễn Thị Kim Ngọc",
            "Số CCCD": "",
            "Số thẻ đảng viên": "89012345",
            "Ngày sinh": "02/03/1985",
            "Ngày vào Đảng": "19/05/2005",
            "Ngày chính thức": "19/05/2006",
        },
        {
            "Họ và tên": "Trần Thị Ánh",
            "Số CCCD": "",
            "Số thẻ đảng viên": "",
            "Ngày sinh": "",
            "Ngày vào Đảng": "",
            "Ngày chính thức": "",
        },
    ]
    job = import_file(xlsx(rows), unit("LB-01"), actor=secretary)

    assert job.status == DONE, job.errors
    assert Person.objects.count() == 4
    tam.refresh_from_db()
    assert tam.party_card_number == "89075456"
    ngoc.refresh_from_db()
    assert ngoc.national_id is None  # a blank cell empties the field
    anh.refresh_from_db()
    assert anh.version == 1
    assert _counts(job) == (0, 2, 1)


def test_a_row_naming_another_chi_bo_transfers_the_person(admin):
    import_file(xlsx([person(1)]), unit("LB"), actor=admin)
    moved = Person.objects.get(party_card_number="70000001")
    position = Position.objects.create(person=moved, unit=unit("LB-01"), kind="chi_uy_vien")

    job = import_file(xlsx([person(1, "LB-02")]), unit("LB"), actor=admin)

    assert _counts(job) == (0, 1, 0)
    moved.refresh_from_db()
    assert moved.unit == unit("LB-02")
    stays = list(moved.memberships.order_by("pk").values_list("unit__code", "reason", "end_date"))
    assert stays[0][:2] == ("LB-01", "initial") and stays[0][2] is not None
    assert stays[1] == ("LB-02", "transfer", None)
    position.refresh_from_db()
    assert position.end_date is not None
    event = AuditEvent.objects.for_object(moved).get(action="person.import_update")
    assert event.changes == {"unit": ["Chi bộ Ấp Long Hòa (LB-01)", "Chi bộ Ấp Long Thạnh (LB-02)"]}


def test_a_member_transferred_by_an_import_keeps_seeing_their_own_record(admin, member):
    row = {"Họ và tên": "Nguyễn Thị Kim Ngọc", "Số thẻ đảng viên": "89012345", "Mã chi bộ": "LB-02"}
    job = import_file(xlsx([row]), unit("LB"), actor=admin)

    assert _counts(job) == (0, 1, 0)
    assert member.role_assignments.get(role="member").unit == unit("LB-02")


def test_a_secretary_transferred_by_an_import_loses_the_role_at_the_chi_bo_left(admin, secretary):
    row = {"Họ và tên": "Lê Văn Tám", "Số định danh cá nhân": "089075000456", "Mã chi bộ": "LB-02"}
    job = import_file(xlsx([row]), unit("LB"), actor=admin)

    assert _counts(job) == (0, 1, 0), job.errors
    assert set(secretary.role_assignments.values_list("role", "unit__code")) == {("member", "LB-02")}
    event = AuditEvent.objects.get(action="person.role_end", target_id=secretary.person_id)
    assert (event.unit, event.actor) == (unit("LB-01"), admin)


def test_chi_bo_by_exact_name_and_party_status_inferred_when_the_file_has_no_such_column(admin):
    headers = ["Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ"]
    rows = [
        {
            "Họ và tên": "Phạm Văn Một",
            "Giới tính": "nam",
            "Ngày sinh": "1980-01-01",
            "Ngày vào Đảng": "2010-01-01",
            "Ngày chính thức": "2011-01-01",
            "Chi bộ": "chi bộ ấp long thạnh",
        },
        {
            "Họ và tên": "Phạm Thị Hai",
            "Giới tính": "NỮ",
            "Ngày sinh": "1.1.1990",
            "Ngày vào Đảng": "1/1/2025",
            "Chi bộ": "Chi bộ Ấp Long Thạnh",
        },
        {"Họ và tên": "Phạm Văn Ba", "Chi bộ": "Chi bo Ap Long Thanh"},
    ]
    job = import_file(xlsx(rows, headers), unit("LB"), actor=admin)

    assert job.status == DONE, job.errors
    statuses = dict(Person.objects.filter(unit=unit("LB-02")).values_list("full_name", "party_status"))
    assert statuses == {"Phạm Văn Một": "chinh_thuc", "Phạm Thị Hai": "du_bi", "Phạm Văn Ba": "quan_chung"}


def test_windows_1258_csv_imports_with_composed_names(secretary):
    data = to_cp1258(csv_text([person(1, **{"Họ và tên": "Nguyễn Thị Kim Ngọc Ánh"})]))
    job = import_file(data, unit("LB-01"), name="danh-sach.csv", actor=secretary)
    assert job.status == DONE, job.errors
    assert Person.objects.filter(full_name="Nguyễn Thị Kim Ngọc Ánh").exists()


def test_control_characters_in_a_cell_are_dropped(secretary):
    row = person(1, **{"Họ và tên": "Nguyễn\x01 Thị\x1b Kim Ngọc Ánh"})
    job = import_file(csv_text([row]).encode(), unit("LB-01"), name="danh-sach.csv", actor=secretary)
    assert job.status == DONE, job.errors
    assert Person.objects.filter(full_name="Nguyễn Thị Kim Ngọc Ánh").exists()


def test_the_template_sample_row_left_in_place_is_skipped(admin, client):
    client.force_login(admin)
    template = client.get("/nhap-du-lieu/mau/people.xlsx").content
    job = import_file(template, unit("LB"), actor=admin)
    assert job.status == INVALID
    assert errors(job) == [(None, "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")]


# People: a file with problems -----------------------------------------------------------------------------------


def test_a_file_with_problems_writes_nothing_and_lists_each_with_row_and_column(admin):
    outsider = Person.objects.create(
        unit=unit("CD-01"),
        full_name="Võ Văn Xa",
        party_status="chinh_thuc",
        party_card_number="70000099",
        date_joined_party=datetime.date(2000, 1, 1),
        date_official=datetime.date(2001, 1, 1),
    )
    rows = [
        person(1),  # row 2: fine
        person(
            2, **{"Số định danh cá nhân": "089161000001", "Giới tính": "Nữ", "Ngày sinh": "01/01/1961"}
        ),  # 3: CCCD of row 2
        person(3, **{"Số thẻ đảng viên": "70000001"}),  # 4: card of row 2
        person(4, "XX-99"),  # 5: unknown chi bộ
        person(5, "CD-01"),  # 6: outside the subtree
        person(6, **{"Số định danh cá nhân": "12345"}),  # 7: CCCD not 12 digits
        person(7, **{"Ngày vào Đảng": ""}),  # 8: member without date
        person(8, **{"Ngày chính thức": "19/05/1980"}),  # 9: official before joined
        person(9, **{"Giới tính": "Không rõ", "Tình trạng": "Nghỉ"}),  # 10: unknown values
        person(10, **{"Họ và tên": "  "}),  # 11: empty name
        person(11, **{"Số thẻ đảng viên": outsider.party_card_number}),  # 12: card of someone outside
        person(12, **{"Ngày sinh": "31/02/1980"}),  # 13: no such day
    ]
    before = _totals()

    job = import_file(xlsx(rows), unit("LB"), actor=admin)

    assert job.status == INVALID
    assert _totals() == before
    assert not AuditEvent.objects.filter(action__startswith="person.import").exists()
    assert errors(job) == [
        (3, "Số định danh cá nhân", "Số CCCD 089161000001 trùng với dòng 2."),
        (4, "Số thẻ đảng viên", "Số thẻ đảng viên 70000001 trùng với dòng 2."),
        (5, "Mã chi bộ", "Không tìm thấy chi bộ có mã «XX-99»."),
        (6, "Mã chi bộ", "Chi bộ mã «CD-01» không thuộc Đảng ủy xã Long Bình, đơn vị đang nhập."),
        (7, "Số định danh cá nhân", "Số CCCD phải gồm đúng 12 chữ số."),
        (8, "Ngày vào Đảng", "Đảng viên phải có ngày vào Đảng."),
        (9, "Ngày chính thức", "Ngày chính thức không thể trước ngày vào Đảng."),
        (10, "Giới tính", "Giá trị «Không rõ» không hợp lệ; hãy ghi «Nam» hoặc «Nữ»."),
        (
            10,
            "Tình trạng",
            "Giá trị «Nghỉ» không hợp lệ; hãy ghi «Đang sinh hoạt», «Miễn sinh hoạt», «Đã chuyển "
            "đi», «Từ trần» hoặc «Ra khỏi Đảng / thôi việc».",
        ),
        (11, "Họ và tên", "Họ và tên không được để trống."),
        (
            12,
            "Số thẻ đảng viên",
            "Số 70000099 đã thuộc một người đang sinh hoạt ngoài Đảng ủy xã Long Bình. Muốn "
            "đưa người đó về đây, hãy làm thủ tục chuyển sinh hoạt.",
        ),
        (13, "Ngày sinh", "Ngày «31/02/1980» không có thật."),
    ]
    assert job.error_count == 12
    assert (
        ImportJob.format_error(job.errors[-1]) == "Dòng 13, cột «Ngày sinh»: Ngày «31/02/1980» không có thật."
    )


def test_missing_columns_are_reported_once_for_the_header_row(admin):
    job = import_file(
        xlsx([{"STT": 1, "Ngày sinh": "01/01/1990", "Giới tính": "Nam"}]), unit("LB"), actor=admin
    )
    assert job.status == INVALID
    assert errors(job) == [(1, "", "Tệp thiếu cột «Họ và tên».")]


def test_a_legacy_encoded_file_is_refused(admin):
    from lamtheo.imports.tests.test_readers import to_tcvn3

    rows = [{"Họ và tên": "Nguyễn Thị Kim Ngọc", "Ngày sinh": "02/03/1985"}]
    job = import_file(to_tcvn3(csv_text(rows)), unit("LB"), name="ds.csv", actor=admin)
    assert job.status == INVALID
    assert "CSV UTF-8" in job.errors[0]["message"]


def test_records_changed_while_the_file_was_checked_are_not_overwritten(admin):
    import_file(xlsx([person(1)]), unit("LB"), actor=admin)
    target = Person.objects.get(party_card_number="70000001")
    job = actions.create_job(
        kind="people",
        unit=unit("LB"),
        file=_upload(xlsx([person(1, **{"Chức danh": "X"})])),
        filename="ds.xlsx",
        actor=admin,
    )

    def someone_edits_meanwhile(phase, done, total):
        if phase == ImportJob.Status.WRITING:
            Person.objects.filter(pk=target.pk).update(version=5, job_title="Y")

    job = actions.run_job(job, progress=someone_edits_meanwhile)

    assert job.status == FAILED
    assert "người khác sửa" in job.errors[0]["message"]
    target.refresh_from_db()
    assert target.job_title == "Y"


def _upload(data, name="ds.xlsx"):
    from lamtheo.imports.tests.helpers import upload

    return upload(data, name)


# People: the number of queries does not grow with the rows ------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_rows(
    admin, django_assert_max_num_queries, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = xlsx([person(i) for i in range(1, 51)])
    with CaptureQueriesContext(connection) as fifty:
        assert import_file(small, unit("LB"), actor=admin).created_count == 50
    # 200 rows: only the batching of the bulk inserts (SQLite binds at most 999 values per statement) may add a
    # few statements; one query per row would add hundreds.
    large = xlsx([person(i) for i in range(101, 301)])
    with django_assert_max_num_queries(len(fifty) + 8):
        assert import_file(large, unit("LB"), actor=admin).created_count == 200
    # Updating and re-reading 200 people stays within the same bound.
    changed = xlsx([person(i, **{"Chức danh": "Tổ trưởng"}) for i in range(101, 301)])
    with django_assert_max_num_queries(len(fifty) + 8):
        assert import_file(changed, unit("LB"), actor=admin).updated_count == 200
    with django_assert_max_num_queries(len(fifty)):
        assert import_file(changed, unit("LB"), actor=admin).unchanged_count == 200


# Units ----------------------------------------------------------------------------------------------------------

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại", "Mã đơn vị cấp trên", "Hoạt động từ"]


def _unit_row(code, name, kind="Chi bộ trực thuộc", parent="", short="", since=""):
    return dict(zip(UNIT_HEADERS, [code, name, short, kind, parent, since], strict=True))


def test_units_are_created_parents_first_in_the_tree(admin):
    rows = [
        _unit_row("LB-03", "Chi bộ Ấp Long Phú", parent="LB", since="01/07/2025"),
        _unit_row("LB-03-T1", "Tổ đảng số 1", kind="Tổ đảng", parent="LB-03"),
        _unit_row("LB-04", "Chi bộ Trường học", kind="chi_bo"),  # blank parent: the unit imported into
    ]
    job = import_file(xlsx(rows), unit("LB"), kind="units", actor=admin)

    assert job.status == DONE, job.errors
    assert _counts(job) == (3, 0, 0)
    group = Unit.objects.get(code="LB-03-T1")
    assert Unit.objects.get_parent(group) == unit("LB-03")
    assert group.kind == Unit.Kind.GROUP
    assert unit("LB-03").active_from == datetime.date(2025, 7, 1)
    assert Unit.objects.get_parent(unit("LB-04")) == unit("LB")
    assert Unit.objects.get_children_count(unit("LB")) == 4
    assert group.search_text == "to dang so 1 lb-03-t1"
    assert AuditEvent.objects.filter(action="unit.import_create").count() == 3


def test_units_reimport_changes_nothing_and_a_new_name_is_kept_as_history(admin):
    rows = [_unit_row("LB-01", "Chi bộ Ấp Long Hòa", parent="LB"), _unit_row("LB-02", "Chi bộ Ấp Long Thạnh")]
    assert _counts(import_file(xlsx(rows), unit("LB"), kind="units", actor=admin)) == (0, 0, 2)
    assert not AuditEvent.objects.filter(action__startswith="unit.import").exists()

    rows[1] = _unit_row("LB-02", "Chi bộ Ấp Long Thạnh A", short="LT-A")
    job = import_file(xlsx(rows), unit("LB"), kind="units", actor=admin)

    assert _counts(job) == (0, 1, 1)
    renamed = unit("LB-02")
    assert (renamed.name, renamed.short_name, renamed.version) == ("Chi bộ Ấp Long Thạnh A", "LT-A", 2)
    assert UnitName.objects.get(unit=renamed).name == "Chi bộ Ấp Long Thạnh"
    event = AuditEvent.objects.get(action="unit.import_update")
    assert event.changes == {
        "name": ["Chi bộ Ấp Long Thạnh", "Chi bộ Ấp Long Thạnh A"],
        "short_name": ["", "LT-A"],
    }


def test_units_file_problems(admin):
    rows = [
        _unit_row("LB-05", "Chi bộ A", parent="LB-06"),  # 2: parent only on a later row
        _unit_row("LB-06", "Chi bộ B"),  # 3: fine
        _unit_row("LB-06", "Chi bộ C"),  # 4: duplicate code
        _unit_row("LB-07", "Chi bộ D", parent="CD"),  # 5: parent outside
        _unit_row("CD-01", "Chi bộ Khóm 1"),  # 6: a code used outside
        _unit_row("LB-08", "Chi bộ E", kind=""),  # 7: no kind
        _unit_row("LB-01", "Chi bộ Ấp Long Hòa", parent="LB-02"),  # 8: would move an existing unit
        _unit_row("LB-09", "", kind="Ban chỉ đạo"),  # 9: no name, unknown kind
    ]
    before = _totals()
    job = import_file(xlsx(rows), unit("LB"), kind="units", actor=admin)

    assert job.status == INVALID
    assert _totals() == before
    assert [(row, column) for row, column, _message in errors(job)] == [
        (2, "Mã đơn vị cấp trên"),
        (4, "Mã đơn vị"),
        (5, "Mã đơn vị cấp trên"),
        (6, "Mã đơn vị"),
        (7, "Loại"),
        (8, "Mã đơn vị cấp trên"),
        (9, "Tên đơn vị"),
        (9, "Loại"),
    ]
    assert errors(job)[0][2] == "Đơn vị cấp trên «LB-06» phải được ghi ở một dòng trước dòng này."


def test_a_people_file_imported_as_units_is_refused(admin):
    job = import_file(
        xlsx([person(1, **{"Mã đơn vị": "LB-01", "Tên đơn vị": "x"})]), unit("LB"), kind="units", actor=admin
    )
    assert job.status == INVALID
    assert "danh sách người" in job.errors[0]["message"]
