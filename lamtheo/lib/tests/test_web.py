"""Downloading a print: the file with its type and name, or back to the record when the PDF cannot be made."""

from django.contrib.messages.storage.cookie import CookieStorage

from lamtheo.lib.docx import PdfUnavailable
from lamtheo.lib.web import DOCX_TYPE, attachment, rendered_download


class Record:
    def get_absolute_url(self):
        return "/van-ban/1/"


def test_an_attachment_has_the_type_of_its_extension_and_its_name():
    response = attachment(b"%PDF", "01-KH-DU-trien-khai.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="01-KH-DU-trien-khai.pdf"'
    assert attachment(b"PK", "du-thao.docx")["Content-Type"] == DOCX_TYPE


def test_a_rendered_download(rf):
    request = rf.get("/")
    response = rendered_download(request, Record(), lambda: b"PK", "du-thao.docx")
    assert response.status_code == 200 and response.content == b"PK"
    assert response["Content-Disposition"] == 'attachment; filename="du-thao.docx"'


def test_a_pdf_that_cannot_be_made_goes_back_to_the_record_with_the_reason(rf):
    request = rf.get("/")
    request._messages = CookieStorage(request)

    def render():
        raise PdfUnavailable("Máy chủ chưa cài LibreOffice.")

    response = rendered_download(request, Record(), render, "du-thao.pdf")
    assert response.status_code == 302 and response.url == "/van-ban/1/"
    assert [str(message) for message in request._messages] == ["Máy chủ chưa cài LibreOffice."]


def test_an_attempt_puts_the_attendance_refusal_beside_the_list_and_the_rest_on_the_form(rf):
    from django import forms
    from django.core.exceptions import ValidationError

    from lamtheo.lib.web import attempt

    class Form(forms.Form):
        date = forms.DateField()

    form = Form({"date": "2026-04-08"})
    assert form.is_valid()
    with attempt(rf.post("/"), form, aside="attendance") as outcome:
        raise ValidationError({"attendance": "Không thể điểm danh Lê Văn Tám.", "date": "Ngày chưa đến."})
    assert not outcome
    assert outcome.aside == ["Không thể điểm danh Lê Văn Tám."]
    assert form.errors == {"date": ["Ngày chưa đến."]}
    with attempt(rf.post("/"), Form({"date": "2026-04-08"}), aside="attendance") as alone:
        raise ValidationError({"attendance": "Không thể điểm danh Lê Văn Tám."})
    assert (bool(alone), alone.aside) == (False, ["Không thể điểm danh Lê Văn Tám."])


def test_an_attempt_told_not_to_say_leaves_the_refusal_to_the_fragment(rf):
    from django.core.exceptions import ValidationError

    from lamtheo.lib.concurrency import ConflictError
    from lamtheo.lib.web import attempt

    request = rf.post("/")
    request._messages = CookieStorage(request)
    with attempt(request, say=False) as quiet:
        raise ValidationError("Bản đăng ký chưa nộp.")
    with attempt(request, say=False) as stale:
        raise ConflictError("Vừa được người khác sửa.")
    assert (quiet.messages, stale.messages) == (["Bản đăng ký chưa nộp."], ["Vừa được người khác sửa."])
    assert not list(request._messages)
    with attempt(request) as said:
        raise ValidationError("Bản đăng ký chưa nộp.")
    assert not said and [str(m) for m in request._messages] == ["Bản đăng ký chưa nộp."]
