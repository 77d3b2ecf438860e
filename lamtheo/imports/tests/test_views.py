import io

import openpyxl
import pytest
from django.urls import reverse

from lamtheo.imports.models import ImportJob
from lamtheo.imports.tests.helpers import person, upload, xlsx
from lamtheo.people.models import Person
from lamtheo.testing import unit

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:upload")


def _job(unit_code="LB-01", **fields):
    return ImportJob.objects.create(kind="people", unit=unit(unit_code), original_name="ds.xlsx", **fields)


def _post(client, data: bytes, *, name="danh-sach.xlsx", unit_code="LB-01", kind="people"):
    return client.post(UPLOAD, {"kind": kind, "unit": unit(unit_code).pk, "file": upload(data, name)})


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("province_staff", 200),
        ("commune_leader", 403),
        ("secretary", 200),
        ("member", 403),
        ("outsider", 200),
    ],
)
def test_upload_page_is_for_people_editors(persona, status, login, request):
    assert login(request.getfixturevalue(persona)).get(UPLOAD).status_code == status


def test_upload_page_needs_a_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_target_units_are_the_users_subtree(login, secretary, outsider, province_staff):
    choices = login(secretary).get(UPLOAD).context["form"].fields["unit"].choices
    assert [label for _value, label in choices] == ["---------", "Chi bộ Ấp Long Hòa (LB-01)"]
    assert login(secretary).get(UPLOAD).context["form"].initial["unit"] == unit("LB-01").pk
    choices = login(outsider).get(UPLOAD).context["form"].fields["unit"].choices
    assert [label for _value, label in choices] == ["---------", "Chi bộ Khóm 1 (CD-01)"]
    choices = login(province_staff).get(UPLOAD).context["form"].fields["unit"].choices
    assert [label for _value, label in choices] == [
        "---------",
        "Tỉnh ủy An Giang (TU)",
        "— Đảng ủy xã Long Bình (LB)",
        "— Đảng ủy phường Châu Đốc (CD)",
    ]


def test_upload_runs_the_import_and_opens_its_page(login, secretary):
    client = login(secretary)
    response = _post(client, xlsx([person(1), person(2)]))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.created_by, job.unit, job.created_count) == ("done", secretary, unit("LB-01"), 2)
    assert Person.objects.filter(party_card_number__in=["70000001", "70000002"]).count() == 2
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "hx-trigger" not in page.content.decode()
    assert "tạo mới" in page.content.decode()
    listed = client.get(UPLOAD)
    assert list(listed.context["jobs"]) == [job]


def test_a_unit_outside_the_subtree_cannot_be_chosen(login, outsider):
    response = _post(login(outsider), xlsx([person(1)]), unit_code="LB-01")
    assert response.status_code == 400
    assert response.context["form"].errors["unit"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", ["member", "commune_leader"])
def test_those_who_may_not_edit_people_cannot_upload(persona, login, request):
    response = _post(login(request.getfixturevalue(persona)), xlsx([person(1)]))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_too_big_upload_is_refused(login, secretary, settings):
    settings.UPLOAD_MAX_MB = 1
    response = _post(login(secretary), b"Ho va ten\n" + b"x" * (1024 * 1024 + 1), name="ds.csv")
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ds.docx", b"PK\x03\x04", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV"),
        ("ds.xlsx", b"Ho va ten\nA\n", "không phải là tệp Excel .xlsx"),
        ("ds.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "không phải là văn bản"),
    ],
)
def test_wrong_type_is_refused(name, data, message, login, secretary):
    response = _post(login(secretary), data, name=name)
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_refused_file_shows_every_problem_with_row_and_column(login, secretary):
    client = login(secretary)
    _post(client, xlsx([person(1), person(2, **{"Ngày sinh": "32/01/1990"}), person(3, "CD-01")]))
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.status == "invalid"
    assert "Chưa ghi gì vào cơ sở dữ liệu" in page
    assert "<td>Ngày sinh</td><td>Ngày «32/01/1990» không có thật.</td>" in page
    assert "Chi bộ mã «CD-01» không thuộc Chi bộ Ấp Long Hòa, đơn vị đang nhập." in page
    errors = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert errors["Content-Disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(errors.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Dòng", "Cột", "Lỗi"],
        [3, "Ngày sinh", "Ngày «32/01/1990» không có thật."],
        [4, "Mã chi bộ", "Chi bộ mã «CD-01» không thuộc Chi bộ Ấp Long Hòa, đơn vị đang nhập."],
    ]


def test_a_running_import_shows_its_progress_and_polls(login, secretary):
    job = _job(status=ImportJob.Status.VALIDATING)
    job.set_progress(ImportJob.Status.VALIDATING, 1200, 150000)
    client = login(secretary)

    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("imports:job_status", args=[job.pk])}" hx-trigger="every 1s"' in page
    fragment = client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "Đang kiểm tra dòng 1.200/150.000" in fragment
    assert '<progress class="progress" max="150000" value="1200">' in fragment
    assert "<html" not in fragment

    job.status = ImportJob.Status.DONE
    job.save()
    fragment = client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment  # the poll stops with the result


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("province_staff", 200),
        ("commune_leader", 403),
        ("secretary", 200),
        ("member", 404),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("name", ["imports:job", "imports:job_status", "imports:job_errors"])
def test_a_job_is_seen_only_by_editors_of_its_subtree(name, persona, status, login, request):
    job = _job(status=ImportJob.Status.INVALID, errors=[{"row": 2, "column": "Họ và tên", "message": "x"}])
    response = login(request.getfixturevalue(persona)).get(reverse(name, args=[job.pk]))
    assert response.status_code == status


def test_a_job_of_another_subtree_is_404_and_not_listed(login, outsider):
    job = _job("LB-01")
    client = login(outsider)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert list(client.get(UPLOAD).context["jobs"]) == []


def test_template_round_trip(login, secretary):
    """Download the template, fill it in as a user would, upload it: the people are created."""
    client = login(secretary)
    response = client.get(reverse("imports:template", args=["people"]))
    assert response.status_code == 200
    assert "filename*=UTF-8''M%E1%BA%ABu%20nh%E1%BA%ADp" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn", "Danh sách đơn vị"]
    assert [row[0] for row in workbook["Danh sách đơn vị"].iter_rows(min_row=2, values_only=True)] == [
        "LB-01"
    ]
    notes = {row[0]: row for row in workbook["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert notes["Họ và tên"][1] == "Có"
    sheet = workbook["Danh sách"]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)  # the sample row
    for i in (1, 2):
        filled = person(i)
        filled["Số CCCD"] = filled.pop("Số định danh cá nhân")
        filled["Đảng tịch"] = filled.pop("Loại đảng viên")
        sheet.append([filled.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)

    _post(client, buffer.getvalue(), name="mẫu đã điền.xlsx")

    job = ImportJob.objects.get()
    assert job.status == "done", job.errors
    assert job.created_count == 2
    assert job.original_name == "mẫu đã điền.xlsx"


def test_units_template_and_unknown_kind(login, admin, member):
    client = login(admin)
    response = client.get(reverse("imports:template", args=["units"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách"]
    assert [cell.value for cell in sheet[1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Tên viết tắt",
        "Loại",
        "Mã đơn vị cấp trên",
        "Hoạt động từ",
    ]
    assert client.get(reverse("imports:template", args=["other"])).status_code == 404
    assert login(member).get(reverse("imports:template", args=["units"])).status_code == 403


def test_the_list_of_imports_does_not_query_per_job(login, secretary, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(secretary)
    _job(created_by=secretary)
    with CaptureQueriesContext(connection) as one:
        client.get(UPLOAD)
    for _ in range(15):
        _job(created_by=secretary)
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(UPLOAD).context["jobs"]) == 16
