"""What every request goes through (lamtheo.server.middleware): a form's text comes in without control characters,
and the exports of the levels above never fail on one."""

import io

import openpyxl
from django.urls import reverse

from lamtheo.people.models import Person
from lamtheo.people.tests.test_views import form_data
from lamtheo.testing import unit


def test_a_control_character_typed_in_a_form_is_not_stored_and_the_export_works(login, secretary):
    client = login(secretary)
    ngoc = Person.objects.get(full_name="Nguyễn Thị Kim Ngọc")
    response = client.post(
        reverse("people:edit", args=[ngoc.pk]), form_data(ngoc, full_name="Nguyễn\x01 Thị Kim\x1b Ngọc")
    )
    assert response.status_code == 302
    ngoc.refresh_from_db()
    assert ngoc.full_name == "Nguyễn Thị Kim Ngọc"

    # A name stored with one before this rule (written directly here) does not break the list's export.
    Person.objects.filter(pk=ngoc.pk).update(full_name="Nguyễn Thị Kim\x01 Ngọc")
    export = client.get(reverse("units:people_export", args=[unit("LB-01").pk]))
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    names = [row[1] for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert "Nguyễn Thị Kim Ngọc" in names


def test_a_body_larger_than_the_upload_limit_is_refused_before_it_is_read(login, secretary, settings):
    settings.UPLOAD_MAX_MB = 1
    client = login(secretary)

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        reverse("imports:upload"),
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn (3,0 MB); chỉ nhận tệp đến 1 MB." in response.content.decode()
