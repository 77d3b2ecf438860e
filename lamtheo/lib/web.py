"""Small pieces every app's views share: the end of an action call, a breadcrumb that is not a model, serving a
stored file, and downloading a print (DOCX, PDF)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from lamtheo.lib import forms
from lamtheo.lib.concurrency import ConflictError
from lamtheo.lib.forms import add_action_error


class Outcome:
    """Whether the action called under `attempt` went through (true) or was refused (false); `messages`, the
    refusal's messages; `aside`, those about a part of the page that is not a form field (an attendance list)."""

    ok = True

    def __init__(self):
        self.messages: list[str] = []
        self.aside: list[str] = []

    def __bool__(self):
        return self.ok


@contextmanager
def attempt(request, form=None, *, done: str = "", aside: str = "", say: bool = True) -> Iterator[Outcome]:
    """The end of an action call in a view, in one place. The block calls the action; when someone else saved the
    record since the page was read (ConflictError) or the action refuses (ValidationError), the reason goes on
    `form` (on the fields it names) or, without a form, into the page's messages, and the outcome is false;
    otherwise `done` is said (a message built from what the action returned is said by the view):

        with attempt(request, form, done=_("Đã lưu cuộc họp.")) as saved:
            actions.update_meeting(meeting, actor=request.user, expected_version=...)
        if saved:
            return redirect(meeting)

    With `aside` (a key of the refusal, such as "attendance"), the messages under that key go to `outcome.aside`,
    for the page to show beside that part. With `say=False` and no form, the refusal is only in
    `outcome.messages`, for a fragment that shows it itself (an htmx row). A refused role (PermissionDenied) is
    not caught: the page answers 403, as when the view asked first."""
    outcome = Outcome()
    try:
        yield outcome
    except ConflictError as error:
        outcome.ok = False
        outcome.messages = [str(error)]
        if form is not None:
            form.add_error(None, str(error))
        elif say:
            messages.error(request, str(error))
    except ValidationError as error:
        outcome.ok = False
        outcome.messages = list(error.messages)
        if aside and hasattr(error, "error_dict") and aside in error.error_dict:
            refusal = error.message_dict
            outcome.aside = refusal.pop(aside)
            if not refusal:
                return
            error = ValidationError(refusal)
        if form is not None:
            add_action_error(form, error)
        elif say:
            for message in error.messages:
                messages.error(request, message)
    else:
        if done:
            messages.success(request, done)


def refuse(request, to, message: str) -> HttpResponse:
    """Back to `to` (a record or an address), saying why the page asked for cannot be used (a code adopted
    already, a page gone stale)."""
    messages.error(request, message)
    return redirect(to)


@dataclass
class Crumb:
    """A breadcrumb to a page that is not a record (base.html reads name and get_absolute_url)."""

    name: str
    url: str

    def get_absolute_url(self):
        return self.url


def add_stored_file(request, record, model, add: Callable, template: str, context: Callable) -> HttpResponse:
    """The end of an upload view: a file attached to `record` as a `model` (a lib.uploads.StoredFile: a document's
    attachment, a topic's or a study session's material). The posted lib.forms.StoredFileForm's file goes to
    `add(record, upload, actor=..., name=...)`, the action that stores it with lib.uploads.store. Stored: said, and
    back to the record's files (`#tai-lieu`). Refused (kind, size, content, the record's state): the record's page
    again (`template` with `context(request, record, upload_form=form)`), the reason on the form."""
    form = forms.StoredFileForm(request.POST, request.FILES, model=model)
    if form.is_valid():
        with attempt(request, form) as outcome:
            stored = add(
                record, form.cleaned_data["file"], actor=request.user, name=form.cleaned_data["name"]
            )
        if outcome:
            messages.success(request, _("Đã tải lên tệp «%(name)s».") % {"name": stored.name})
            return redirect(record.get_absolute_url() + "#tai-lieu")
    return render(request, template, context(request, record, upload_form=form))


def serve_stored(files, pk, *, inline: bool = False) -> FileResponse:
    """The stored file `pk` among `files`: the files of a record fetched through its scope (get_<thing>_for_user,
    404 outside the user's subtree), so one of another record, or of a record the user does not see, answers 404.
    `inline`: shown by the browser (a photo) rather than downloaded."""
    try:
        item = files.get(pk=pk)
    except (files.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return serve_file(item.file, item.download_name, as_attachment=not inline)


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
