"""What every request goes through before a view: the text fields of a form come in without control characters."""

from lamtheo.lib.text import clean


class RequestLimitsMiddleware:
    """Clean the text values of a form (lamtheo.lib.text): names and free texts never hold a control character,
    whatever the form, the admin's included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
