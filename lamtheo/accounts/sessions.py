"""Idle sessions: the expiry moves with the person's activity, with one write a minute rather than one a request.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) made every page view a database write: with many
people reading at once, the writes queue behind each other (on SQLite they are serialised). Instead the session
records when it was last refreshed and is saved again (which moves its expiry to SESSION_COOKIE_AGE from then)
only when that is SESSION_TOUCH_SECONDS old. The page's idle warning counts from the expiry actually stored, which
each response states in the X-Session-Expires-In header.
"""

import time

from django.conf import settings

TOUCHED = "_touched"
HEADER = "X-Session-Expires-In"


def seconds_left(session) -> int:
    """Seconds until the session expires if nothing refreshes it."""
    touched = session.get(TOUCHED)
    if touched is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, round(touched + settings.SESSION_COOKIE_AGE - time.time()))


def touch(session) -> None:
    """Refresh now: the session is saved at the end of the request with a new expiry."""
    session[TOUCHED] = time.time()


class SessionTouchMiddleware:
    """After SessionMiddleware: refreshes a live session once its last refresh is SESSION_TOUCH_SECONDS old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        live = not session.is_empty()
        if live and time.time() - session.get(TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
            touch(session)
        response = self.get_response(request)
        if live or not session.is_empty():
            response[HEADER] = str(seconds_left(session))
        return response
