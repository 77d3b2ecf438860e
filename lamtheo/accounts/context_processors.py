from django.conf import settings

from lamtheo.accounts.sessions import seconds_left


def session_timeout(request):
    """Idle-session settings for the warning dialog in base.html."""
    return {
        "session_idle_seconds": seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_WARNING_MINUTES * 60,
    }
