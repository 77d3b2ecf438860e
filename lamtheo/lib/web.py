"""Small pieces every app's views share: a breadcrumb that is not a model, serving a stored file, and downloading
a print (DOCX, PDF)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header


@dataclass
class Crumb:
    """A breadcrumb to a page that is not a record (base.html reads name and get_absolute_url)."""

    name: str
    url: str

    def get_absolute_url(self):
        return self.url


def serve_file(field_file, filename: str, *, as_attachment: bool = True) -> FileResponse:
    """A stored upload, served by a view that has checked access: files never have a public address."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=filename)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": PDF_TYPE}


def attachment(content: bytes, filename: str) -> HttpResponse:
    """`content` to download as `filename`; the content type follows the extension (docx, pdf)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def rendered_download(request, record, render: Callable[[], bytes], filename: str) -> HttpResponse:
    """A print of `record` (a Party-format DOCX or PDF) to download as `filename`: `render()` makes the bytes.
    When the PDF cannot be made (lamtheo.lib.docx.PdfUnavailable: no LibreOffice), back to the record's page with
    the reason; the DOCX is still there to download."""
    from lamtheo.lib.docx import PdfUnavailable

    try:
        content = render()
    except PdfUnavailable as error:
        messages.error(request, str(error))
        return redirect(record)
    return attachment(content, filename)
