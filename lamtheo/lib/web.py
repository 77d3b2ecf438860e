"""Small pieces every app's views share: a breadcrumb that is not a model, and serving a stored file."""

from dataclasses import dataclass

from django.http import FileResponse, Http404


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
