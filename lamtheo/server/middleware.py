"""What every request goes through before a view: a body too large is refused before it is read, and the text
fields of a form come in without control characters."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from lamtheo.lib import vn
from lamtheo.lib.text import clean

# Room for the form's other fields and the multipart framing around the largest file accepted.
BODY_MARGIN = 1024 * 1024


def body_limit() -> int:
    """The largest request body accepted, in bytes: the largest upload and its form."""
    return settings.UPLOAD_MAX_MB * 1024 * 1024 + BODY_MARGIN


class RequestLimitsMiddleware:
    """Refuse a body whose declared length passes `body_limit()` before reading a byte of it (Django would
    otherwise spool a 1 GB upload to disk before the form could say "too large"); then clean the text values of a
    form (lamtheo.lib.text): names and free texts never hold a control character, whatever the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit():
            message = _("Dữ liệu gửi lên quá lớn (%(size)s MB); chỉ nhận tệp đến %(max)s MB.") % {
                "size": vn.number(length / 1024 / 1024, 1),
                "max": vn.number(settings.UPLOAD_MAX_MB),
            }
            response = HttpResponse(f"<p>{escape(message)}</p>", status=413)
            response["Connection"] = "close"  # the body was not read: the connection cannot be reused
            return response
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            _clean_post(request)
        return self.get_response(request)


def _clean_post(request) -> None:
    post = request.POST
    if not any(_dirty(value) for values in post.lists() for value in values[1]):
        return
    cleaned = post.copy()
    for key, values in post.lists():
        cleaned.setlist(key, [clean(value) if isinstance(value, str) else value for value in values])
    cleaned._mutable = False
    request.POST = cleaned


def _dirty(value) -> bool:
    return isinstance(value, str) and clean(value) != value
