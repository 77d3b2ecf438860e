import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from lamtheo.imports.models import ImportJob
from lamtheo.imports.tests.helpers import csv_text, person, xlsx
from lamtheo.people.models import Person
from lamtheo.testing import unit
from lamtheo.units.models import Unit

pytestmark = pytest.mark.django_db


def _run(*args, **options):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import", *map(str, args), stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def test_import_people_prints_progress_and_the_counts(tmp_path, secretary):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx([person(1), person(2)]))

    out, err = _run("people", path, unit="LB-01", user="secretary")

    assert out.strip() == "Đã nhập xong 2 dòng: 2 tạo mới, 0 cập nhật, 0 không đổi."
    assert "Đang kiểm tra dòng 3/3" in err
    assert "Đang ghi 2/2 dòng" in err
    job = ImportJob.objects.get()
    assert (job.status, job.created_by, job.unit, job.original_name) == (
        "done",
        secretary,
        unit("LB-01"),
        "danh-sach.xlsx",
    )
    assert Person.objects.filter(party_card_number="70000001").exists()

    out, _err = _run("people", path, unit="LB-01")  # again, as the system: nothing changes
    assert out.strip() == "Đã nhập xong 2 dòng: 0 tạo mới, 0 cập nhật, 2 không đổi."


def test_problems_are_printed_by_row_and_column_and_nothing_is_written(tmp_path):
    path = tmp_path / "danh-sach.csv"
    path.write_text(
        csv_text([person(1), person(2, **{"Ngày sinh": "30/02/1990"}), person(3, "ZZ")]), "utf-8-sig"
    )
    before = Person.objects.count()
    stderr = io.StringIO()

    with pytest.raises(CommandError, match=r"Tệp có 2 lỗi; chưa ghi gì vào cơ sở dữ liệu\."):
        call_command("import", "people", str(path), unit="LB", stdout=io.StringIO(), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert lines[-2:] == [
        "Dòng 3, cột «Ngày sinh»: Ngày «30/02/1990» không có thật.",
        "Dòng 4, cột «Mã chi bộ»: Không tìm thấy chi bộ có mã «ZZ».",
    ]
    assert Person.objects.count() == before
    assert ImportJob.objects.get().status == "invalid"


def test_import_units(tmp_path):
    path = tmp_path / "don-vi.xlsx"
    rows = [
        {
            "Mã đơn vị": "LB-03",
            "Tên đơn vị": "Chi bộ Ấp Long Phú",
            "Loại": "Chi bộ trực thuộc",
            "Mã đơn vị cấp trên": "LB",
        }
    ]
    path.write_bytes(xlsx(rows))
    out, _err = _run("units", path, unit="LB")
    assert "1 tạo mới" in out
    assert unit("LB-03").name == "Chi bộ Ấp Long Phú"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit": "XX"}, "Không có đơn vị mã «XX»."),
        ({"unit": "LB", "user": "nobody"}, "Không có tài khoản «nobody»."),
        ({"unit": "LB", "user": "outsider"}, "không có quyền nhập dữ liệu vào Đảng ủy xã Long Bình"),
        ({"unit": "LB", "user": "commune_leader"}, "không có quyền"),
    ],
)
def test_refusals(tmp_path, options, message):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person(1)]))
    with pytest.raises(CommandError, match=message):
        _run("people", path, **options)
    assert not ImportJob.objects.exists()


def test_a_closed_unit_is_refused(tmp_path):
    Unit.objects.filter(code="LB-02").update(active_to=datetime.date(2025, 7, 1))
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person(1)]))
    with pytest.raises(CommandError, match="đã ngừng hoạt động"):
        _run("people", path, unit="LB-02")


def test_wrong_file(tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_text("Họ và tên\nA\n")
    with pytest.raises(CommandError, match="không phải là tệp Excel"):
        _run("people", path, unit="LB")
    with pytest.raises(CommandError, match="Không có tệp"):
        _run("people", tmp_path / "missing.csv", unit="LB")
